"""The languages a family can use, each named in itself, and how each is written.

A language's `code` is what its public URLs start with and what a request stores; `locale` is
Babel's (its catalogue and its date and number formats); `tag` is the BCP 47 tag for `lang=`.
Plain-language Finnish (selkosuomi) is Finnish with a catalogue of its own: `fi@selko` reads
Finnish formats and falls back to the Finnish catalogue.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class PublicLanguage:
    code: str
    locale: str
    tag: str
    name: str  # in the language itself
    direction: str = "ltr"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


# In the order the language list shows them: the national languages first.
PUBLIC_LANGUAGES = (
    PublicLanguage("fi", "fi", "fi", "Suomi"),
    PublicLanguage("sv", "sv", "sv", "Svenska"),
    PublicLanguage("selko", "fi@selko", "fi-x-selko", "Selkosuomi"),
    PublicLanguage("en", "en", "en", "English"),
    PublicLanguage("ru", "ru", "ru", "Русский"),
    PublicLanguage("uk", "uk", "uk", "Українська"),
    PublicLanguage("et", "et", "et", "Eesti"),
    PublicLanguage("ar", "ar", "ar", "العربية", "rtl"),
    PublicLanguage("so", "so", "so", "Soomaali"),
    PublicLanguage("fa", "fa", "fa", "فارسی", "rtl"),
)
BY_CODE = {lang.code: lang for lang in PUBLIC_LANGUAGES}
BY_LOCALE = {lang.locale: lang for lang in PUBLIC_LANGUAGES}
PUBLIC_CODES = tuple(BY_CODE)
# The staff side, and what staff are addressed in.
STAFF_CODES = ("fi", "sv", "en")
# The languages besides Finnish, Swedish and English, in which only the public side is written.
FAMILY_ONLY_CODES = tuple(code for code in PUBLIC_CODES if code not in STAFF_CODES)

# "Plain-language Finnish" for staff, who see a family's language in their own.
OWN_NAMES = {"selko": _l("Plain-language Finnish")}


def language(code: str | None) -> PublicLanguage:
    return BY_CODE.get(code or "", BY_CODE["fi"])


def locale_of(code: str | None) -> str:
    """Babel's locale for a language code (`selko` → `fi@selko`); Finnish for an unknown one."""
    return language(code).locale


def code_of_locale(locale: str) -> str:
    found = BY_LOCALE.get(locale)
    return found.code if found else locale.split("@")[0].split("_")[0]

