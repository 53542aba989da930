"""The languages a family can ask an interpreter for, and their names (from Babel's data).

A family is served in Finnish or Swedish, or in its own language with an interpreter: then the
request stores the code here (ISO 639) as its interpreter language. The public languages come
first (besides Finnish, Swedish and plain-language Finnish), then other languages common in
Finland, roughly by how many speak them here. No Flask: names are asked for in a locale.
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError

# The public languages a family may read the form in, then other languages common in Finland.
INTERPRETER_LANGUAGES = (
    "en", "ru", "uk", "et", "ar", "so", "fa",
    "ku", "ckb", "prs", "ps", "zh", "sq", "th", "vi", "tr", "es", "fr", "de", "pl", "ro",
    "ti", "am", "bn", "ne", "fil", "lt", "lv", "hu", "pt", "it", "sw", "ur", "hi",
)
INTERPRETER_CODES = frozenset(INTERPRETER_LANGUAGES)
# Where Babel's key is not the code itself: Dari is Babel's Persian of Afghanistan.
_BABEL_KEYS = {"prs": "fa_AF"}
# The public side's own names (helpbutton/public_languages.py), which the language list uses.
_OWN = {"en": "English", "ru": "Русский", "uk": "Українська", "et": "Eesti", "ar": "العربية",
        "so": "Soomaali", "fa": "فارسی"}
# Every other language's name in itself, as Babel's data names it (`babel_own_name`; the
# test of this module checks that they agree). Kept here because reading a language's own
# name from Babel loads that whole locale's data: the 27 of them were 23 MiB in every app
# process that showed the form once.
_OWN_FROM_BABEL = {
    "ku": "Kurdî (kurmancî)", "ckb": "کوردیی ناوەندی", "prs": "دری", "ps": "پښتو", "zh": "中文",
    "sq": "Shqip", "th": "ไทย", "vi": "Tiếng Việt", "tr": "Türkçe", "es": "Español",
    "fr": "Français", "de": "Deutsch", "pl": "Polski", "ro": "Română", "ti": "ትግርኛ",
    "am": "አማርኛ", "bn": "বাংলা", "ne": "नेपाली", "fil": "Filipino", "lt": "Lietuvių",
    "lv": "Latviešu", "hu": "Magyar", "pt": "Português", "it": "Italiano", "sw": "Kiswahili",
    "ur": "اردو", "hi": "हिन्दी",
}
# A public page's or a staff member's language as Babel's locale.
_LOCALES = {"selko": "fi", "fi@selko": "fi"}


def is_known(code: str | None) -> bool:
    return code in INTERPRETER_CODES


def _locale(lang: str | None) -> Locale:
    name = _LOCALES.get(lang or "", lang or "fi").split("@")[0]
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("fi")


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=64)
def own_name(code: str) -> str:
    """The language named in itself ("العربية", "Kurdî (kurmancî)"); the code when unknown."""
    if code in _OWN:
        return _OWN[code]
    return _OWN_FROM_BABEL.get(code) or babel_own_name(code)


def babel_own_name(code: str) -> str:
    """The language's own name from Babel's data for it (loads that locale's data)."""
    key = _BABEL_KEYS.get(code, code)
    try:
        locale = Locale.parse(key)
    except (UnknownLocaleError, ValueError):
        return code
    if code in _BABEL_KEYS:  # "فارسی (افغانستان)": the language's own name for itself
        name = locale.languages.get(key) or locale.get_display_name(locale)
    else:
        name = locale.get_display_name(locale)
    return _capitalised(name or code)


@lru_cache(maxsize=1024)
def name_in(code: str | None, lang: str | None) -> str:
    """The language's name in `lang` (a public page's or a staff member's language): "arabia"
    in Finnish, "Arabic" in English; the code itself when Babel does not know it."""
    if not code:
        return ""
    key = _BABEL_KEYS.get(code, code)
    return _locale(lang).languages.get(key) or code


def choice_label(code: str, lang: str | None) -> str:
    """How the form lists a language: named in itself, then in the page's language
    ("العربية – arabia"); once only where the two are the same."""
    own, local = own_name(code), name_in(code, lang)
    if own.casefold() == local.casefold():
        return own
    return f"{own} – {local}"


def choices(lang: str | None) -> list[tuple[str, str]]:
    """(code, label) of every language, in the list's order."""
    return [(code, choice_label(code, lang)) for code in INTERPRETER_LANGUAGES]


def default_for_page(page_lang: str | None) -> str | None:
    """The language the list starts at on a page in `page_lang`: that language, when a family
    reading it may need an interpreter for it (never Finnish or Swedish)."""
    return page_lang if page_lang in INTERPRETER_CODES else None
