"""What an administrator's text shows in a language, and what is missing: plain rules.

A text is shown in the public language asked for when it has one; otherwise in Finnish — or
in Swedish first where the municipality in question is Swedish-majority — and such a text is a
fallback, which the public page marks with its own `lang` and the administrator's pages name.
Plain-language Finnish falls back to Finnish. No Flask and no database here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from helpbutton.public_languages import FAMILY_ONLY_CODES, PUBLIC_CODES, STAFF_CODES

# Kept in columns of their own (`label_fi`, …); every other public language in `texts`.
COLUMN_LANGUAGES = STAFF_CODES
JSON_LANGUAGES = FAMILY_ONLY_CODES


class Shown(NamedTuple):
    """What a page shows for a text: `text` (None when there is none in any language),
    `language` the language it is written in, `fallback` whether that is not the one asked."""

    text: str | None
    language: str
    fallback: bool


def swedish_first(language_status: Any) -> bool:
    """A Swedish-majority (or Swedish-speaking) municipality: its official languages put
    Swedish first (models.region.LanguageStatus)."""
    languages: tuple[str, ...] = tuple(getattr(language_status, "languages", None) or ())
    return languages[:1] == ("sv",)


def fallback_order(lang: str, sv_first: bool = False) -> tuple[str, ...]:
    """The languages tried, in order, for a page in `lang`."""
    national = ("sv", "fi") if sv_first else ("fi", "sv")
    order = [lang] + (["fi"] if lang == "selko" else []) + list(national)
    return tuple(dict.fromkeys(order))


def _present(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def pick(texts: Mapping[str, str | None], lang: str, sv_first: bool = False) -> Shown:
    for code in fallback_order(lang, sv_first):
        if _present(texts.get(code)):
            return Shown(texts[code], code, code != lang)
    return Shown(None, lang, False)


def texts_of(obj: Any, field: str) -> dict[str, str]:
    """{language: text} of one field of a model with `<field>_<fi|sv|en>` columns and a
    `texts` JSON column; empty texts are left out."""
    found = {lang: getattr(obj, f"{field}_{lang}", None) for lang in COLUMN_LANGUAGES}
    stored = (getattr(obj, "texts", None) or {}).get(field) or {}
    found.update({lang: stored.get(lang) for lang in JSON_LANGUAGES})
    return {lang: value for lang, value in found.items() if _present(value)}


def missing(texts: Mapping[str, str | None],
            languages: Iterable[str] = PUBLIC_CODES) -> tuple[str, ...]:
    """The languages without a text of their own."""
    return tuple(lang for lang in languages if not _present(texts.get(lang)))


def with_texts(stored: Mapping | None, field: str, entered: Mapping[str, str | None]) -> dict:
    """A new `texts` value: `stored` with `field`'s other-language texts replaced by
    `entered` (stripped; an empty one removed). Column languages are ignored here."""
    result = {name: dict(values) for name, values in (stored or {}).items()
              if isinstance(values, Mapping)}
    own = {lang: text.strip() for lang, text in entered.items()
           if lang in JSON_LANGUAGES and _present(text)}
    if own:
        result[field] = own
    else:
        result.pop(field, None)
    return result


class HasTexts:
    """For a model with a `texts` JSON column: one accessor for every field and language."""

    TEXT_FIELDS: tuple[str, ...] = ()

    def texts_in(self, field: str) -> dict[str, str]:
        return texts_of(self, field)

    def text(self, field: str, lang: str, sv_first: bool = False) -> Shown:
        return pick(self.texts_in(field), lang, sv_first)


# --- what the administrators are shown ------------------------------------------------------

# Where Swedish comes first for an object: in none of its municipalities, in all of them (a
# centre of a Swedish-majority municipality), or in some (a county-wide text).
SV_NONE, SV_ALL, SV_SOME = "none", "all", "some"


class TextStatus(NamedTuple):
    """One language of one text, for the administrator: its own text, or what is shown
    instead (`instead`; `instead_sv_first` where Swedish-majority municipalities differ)."""

    language: str
    own: bool
    instead: str | None = None
    instead_sv_first: str | None = None


def status(texts: Mapping[str, str | None], lang: str, swedish: str = SV_NONE) -> TextStatus:
    if _present(texts.get(lang)):
        return TextStatus(lang, True)
    if swedish == SV_ALL:
        return TextStatus(lang, False, pick(texts, lang, True).language
                          if pick(texts, lang, True).text else None)
    plain = pick(texts, lang, False)
    instead = plain.language if plain.text else None
    sv = pick(texts, lang, True)
    other = sv.language if sv.text else None
    return TextStatus(lang, False, instead,
                      other if swedish == SV_SOME and other != instead else None)


def relevant(texts: Mapping[str, str | None]) -> bool:
    """A text the administrators have written in some language: only then can one be
    missing (a topic without a notice lacks none)."""
    return any(_present(value) for value in texts.values())


class Missing(NamedTuple):
    """One object's text and the languages it lacks (for the overview)."""

    key: Any
    field: str
    languages: tuple[str, ...]


def missing_texts(items: Iterable[tuple[Any, Mapping[str, Mapping[str, str | None]]]],
                  languages: Iterable[str] = PUBLIC_CODES
                  ) -> tuple[list[Missing], dict[str, int]]:
    """Every (object, field) lacking a language, and how many texts each language lacks.
    `items`: (key, {field: {language: text}}) per object."""
    languages = tuple(languages)
    rows: list[Missing] = []
    counts = dict.fromkeys(languages, 0)
    for key, fields in items:
        for field, texts in fields.items():
            if not relevant(texts):
                continue
            lacking = missing(texts, languages)
            if lacking:
                rows.append(Missing(key, field, lacking))
                for lang in lacking:
                    counts[lang] += 1
    return rows, counts
