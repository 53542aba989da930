"""Texts the administrators write, in every public language.

Topic names, help texts and notices, centre opening hours, a county's texts (where to turn, the
name of its social emergency service), message templates and the county's legal names are kept
in Finnish, Swedish and English columns as before; the other public languages (plain-language
Finnish, Russian, Ukrainian, Estonian, Arabic, Somali, Persian) in one JSON column per model,
`texts`: {field: {language: text}}. `rules` decides what is shown and what is missing (no
Flask); `kinds` names what each kind of object has; the views are the administrators' pages
"Texts in other languages" and the overview "Texts by language".
"""
