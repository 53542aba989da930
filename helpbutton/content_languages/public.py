"""How a public page marks an administrator's text shown in a fallback language: the element
gets the text's own `lang` (and `dir="ltr"` on a right-to-left page), so that a screen reader
reads Finnish as Finnish on an Arabic page."""
from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

from helpbutton.content_languages.rules import Shown
from helpbutton.i18n import current_public_language
from helpbutton.public_languages import language


def lang_attrs(shown: Shown | None) -> Markup:
    """` lang="fi"` (and ` dir="ltr"`) for an element holding a fallback text; nothing for a
    text in the page's own language."""
    if shown is None or not shown.fallback or not shown.text:
        return Markup("")
    own = language(shown.language)
    attrs = f' lang="{escape(own.tag)}"'
    if current_public_language().rtl and not own.rtl:
        attrs += ' dir="ltr"'
    return Markup(attrs)


def in_own_language(shown: Shown | None) -> Markup:
    """The text, in a `<span>` with its own language when it is a fallback."""
    if shown is None or not shown.text:
        return Markup("")
    attrs = lang_attrs(shown)
    return Markup(f"<span{attrs}>{escape(shown.text)}</span>") if attrs else escape(shown.text)


def init_app(app: Flask) -> None:
    app.add_template_global(lang_attrs, "lang_attrs")
    app.add_template_global(in_own_language, "in_own_language")
