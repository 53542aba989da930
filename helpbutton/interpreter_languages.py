"""The languages a family can ask an interpreter for, by ISO 639 code, and their names.

One list for the whole service: the request form offers these, routing rules' language
condition offers them besides Finnish, Swedish and English, and staff read their names in
their own language (Babel's, so no catalogue entry is needed per language).

The order is the order lists show: the public side's languages other than Finnish, Swedish and
plain-language Finnish first (the family can read the service in them), then other languages
common in Finland.
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

CODES: tuple[str, ...] = (
    # The public side's languages besides fi, sv and selko (see public_languages).
    "en", "ru", "uk", "et", "ar", "so", "fa",
    # Other languages common in Finland.
    "ku", "zh", "sq", "th", "vi", "tr", "es", "fr", "de", "pl", "ro", "ps", "ti", "am", "bn",
    "ne", "fil", "lt", "lv", "hu", "pt", "it", "sw", "ur", "hi",
)
CODE_SET = frozenset(CODES)


@lru_cache(maxsize=16)
def _locale(locale: str) -> Locale:
    try:
        return Locale.parse(str(locale).split("@")[0])  # "fi@selko" reads Finnish names
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def name(code: str, locale: object = "fi") -> str:
    """Babel's name of a language in a locale ("ar", "fi" → "arabia"; "ar", "sv" →
    "arabiska"); an unknown code shows as given. `locale` is a code, Babel's string or a
    Babel Locale."""
    found = (locale if isinstance(locale, Locale) else _locale(str(locale))).languages.get(code)
    return found or code
