"""Language: by URL prefix on the public side, by the browser's languages elsewhere."""
from functools import lru_cache

from babel import support
from flask import Flask, current_app, g, redirect, request, url_for
from flask_babel import force_locale, get_locale
from markupsafe import Markup, escape
from wtforms.i18n import messages_path

from helpbutton import catalogue, public_languages
from helpbutton.extensions import babel


def languages() -> tuple[str, ...]:
    """The public side's languages (config LANGUAGES, a subset of public_languages')."""
    return current_app.config["LANGUAGES"]


def staff_languages() -> tuple[str, ...]:
    return current_app.config["STAFF_LANGUAGES"]


def best_browser_language(choices: tuple[str, ...] | None = None) -> str:
    # Browsers send BCP 47 tags ("fi-x-selko" is no browser's); `ar-SA` matches `ar`.
    return request.accept_languages.best_match(
        choices or languages(), default=current_app.config["DEFAULT_LANGUAGE"]
    )


def in_language(code: str):
    """Flask-Babel's force_locale for a language code (`selko` reads fi@selko)."""
    return force_locale(public_languages.locale_of(code))


# The staff side's pages: in a staff language, chosen by the account or the browser.
STAFF_PATHS = ("/staff/", "/admin/")


def staff_page() -> bool:
    return request.path.startswith(STAFF_PATHS)


def page_languages() -> tuple[str, ...]:
    return staff_languages() if staff_page() else languages()


def path_language() -> str | None:
    """The public language the URL starts with (`/sv/…` → "sv"), whether or not a route matched."""
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in languages() else None


def select_locale() -> str:
    # The URL's language first, even on a page that does not exist (`/sv/no-such-page`).
    lang = g.get("lang") or path_language()
    if lang:
        return public_languages.locale_of(lang)
    user_lang = g.get("user_language")
    if user_lang:
        return user_lang
    return best_browser_language(page_languages())


def current_language() -> str:
    """The language code of the page being made (`selko`, not Babel's `fi@selko`)."""
    locale = get_locale()
    if locale is None:
        return current_app.config["DEFAULT_LANGUAGE"]
    return public_languages.code_of_locale(str(locale))


def current_public_language() -> public_languages.PublicLanguage:
    return public_languages.language(current_language())


def marked_language(text, code: str) -> Markup:
    """`text` in language `code` inside a page in another: marked with its own lang (and dir),
    so that a screen reader reads a Finnish name on an Arabic page as Finnish."""
    shown = public_languages.language(code)
    if shown.code == current_language():
        return escape(text)
    return Markup('<span lang="%s" dir="%s">%s</span>') % (shown.tag, shown.direction, text)


def _root():
    return redirect(url_for("intake.index", lang=best_browser_language()))


@lru_cache(maxsize=16)
def _wtforms_catalogue(locale: str) -> support.NullTranslations:
    # `fi@selko` finds WTForms' Finnish; a language WTForms lacks (Somali) reads English.
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WtformsTranslations:
    """WTForms' own messages in the request's language, each catalogue read once per process.

    Flask-WTF reads the catalogue file again for every request that builds a form (about a
    millisecond each); it uses whatever it finds in `request.wtforms_translations` instead.
    The locale is asked for only when a message is needed, after the request chose it.
    """

    def ugettext(self, string):
        return _wtforms_catalogue(str(get_locale())).ugettext(string)

    def ungettext(self, singular, plural, n):
        return _wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n)


_WTFORMS_TRANSLATIONS = _WtformsTranslations()


def init_app(app: Flask) -> None:
    app.config.setdefault("LANGUAGES", public_languages.PUBLIC_CODES)
    app.config.setdefault("STAFF_LANGUAGES", public_languages.STAFF_CODES)
    babel.init_app(app, locale_selector=select_locale)
    catalogue.init_app(app, babel)
    app.add_url_rule("/", "root", _root)
    app.add_template_filter(marked_language)

    @app.url_value_preprocessor
    def forget_the_last_page_language(_endpoint, _values):
        # A request's language is its own, also where one app context outlives several
        # requests (tests): the app's preprocessor runs before the public blueprint's sets it.
        g.pop("lang", None)

    @app.before_request
    def cached_wtforms_translations():
        request.wtforms_translations = _WTFORMS_TRANSLATIONS

    @app.context_processor
    def language_context():
        shown = current_public_language()
        return {"current_language": shown.code, "language_tag": shown.tag,
                "text_direction": shown.direction, "languages": languages(),
                "language_choices": [public_languages.BY_CODE[c] for c in page_languages()]}
