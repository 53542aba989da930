"""The catalogues follow translations/GLOSSARY.md: one term per thing, per language.

The glossary's table names the words not to use ("anställd" for a worker, "förfrågningar" beside
"begäran"); a few terms are also required wherever the English names the thing, so that the
form, the confirmation and the mail call it the same ("arbetsdagar", never "vardagar").
"""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "translations" / "GLOSSARY.md"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Where the English names the thing, the translation has the term (a stem, for inflection).
REQUIRED = {
    r"\bworking days?\b": {"fi": "arkipäiv", "sv": "arbetsdag"},
    r"\breference\b": {"fi": "viitetunnu", "sv": "referensnum"},
    r"\bdefault centres?\b": {"fi": "oletuskesku", "sv": "standardcent"},
    r"\bfallback centres?\b": {"fi": "varakesku", "sv": "reservcent"},
    r"\bworkers?\b": {"fi": "työntekij", "sv": "medarbetar"},
    r"\bteam leads?\b": {"fi": "tiiminvetäj", "sv": "teamledar"},
    r"\brouting rules?\b": {"fi": "ohjaussä", "sv": "styrningsreg"},
}


def catalogue(lang: str) -> list[tuple[str, str]]:
    """(English, translation) of every entry in use; a plural entry once per form."""
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=lang)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[-1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        entries.extend((english, s) for s in strings if s)
    return entries


def avoided_words() -> dict[str, list[str]]:
    """The "not in Finnish" and "not in Swedish" columns of the glossary's table."""
    avoided: dict[str, list[str]] = {"fi": [], "sv": []}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("thing", "---"):
            continue
        for lang, cell in (("fi", cells[4]), ("sv", cells[5])):
            avoided[lang] += [w.strip() for w in cell.split(",") if w.strip()]
    return avoided


def test_the_glossary_names_words_to_avoid():
    avoided = avoided_words()
    assert "anställd" in avoided["sv"] and "förfrågningar" in avoided["sv"]
    assert "avunpyyntö" in avoided["fi"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_translation_uses_a_word_the_glossary_avoids(lang):
    words = avoided_words()[lang]
    found = [f"{word!r} in {text!r}" for english, text in catalogue(lang) for word in words
             if re.search(rf"\b{re.escape(word)}", text, re.I)]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_where_the_english_names_a_term_the_translation_uses_the_glossary_term(lang):
    wrong = []
    for english, text in catalogue(lang):
        for term, stems in REQUIRED.items():
            if re.search(term, PLACEHOLDER.sub("", english), re.I) \
                    and stems[lang] not in text.lower():
                wrong.append(f"{english!r} → {text!r} (needs {stems[lang]!r})")
    assert not wrong, "\n".join(wrong[:20])


def test_working_days_are_arbetsdagar_everywhere_in_swedish():
    """The form promised "vardagar", the confirmation "arbetsdagar": one word for one promise."""
    mixed = [text for english, text in catalogue("sv")
             if re.search(r"working day", english, re.I) and "vardag" in text.lower()]
    assert not mixed, mixed


def test_a_finnish_sentence_does_not_inflect_around_a_municipality_name():
    """"meni kunnan Turku oletuskeskukseen": the name cannot follow "kunnan" uninflected."""
    wrong = [text for _english, text in catalogue("fi")
             if re.search(r"\bkunna(n|lla|ssa|sta)\s+%\(\w+\)s", text, re.I)]
    assert not wrong, wrong

