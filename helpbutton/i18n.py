"""Language: by URL prefix on the public side, by the browser's languages elsewhere."""
from functools import lru_cache

from babel import support
from flask import Flask, current_app, g, redirect, request, url_for
from flask_babel import get_locale
from wtforms.i18n import messages_path

from helpbutton.extensions import babel


def languages() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def best_browser_language() -> str:
    return request.accept_languages.best_match(
        languages(), default=current_app.config["DEFAULT_LANGUAGE"]
    )


def path_language() -> str | None:
    """The public language the URL starts with (`/sv/…` → "sv"), whether or not a route matched."""
    first = request.path.lstrip("/").split("/", 1)[0]
    return first if first in languages() else None


def select_locale() -> str:
    # The URL's language first, even on a page that does not exist (`/sv/no-such-page`).
    lang = g.get("lang") or path_language()
    if lang:
        return lang
    user_lang = g.get("user_language")
    if user_lang:
        return user_lang
    return best_browser_language()


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LANGUAGE"])


def _root():
    return redirect(url_for("intake.index", lang=best_browser_language()))


@lru_cache(maxsize=8)
def _wtforms_catalogue(locale: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WtformsTranslations:
    """WTForms' own messages in the request's language, each catalogue read once per process.

    Flask-WTF reads the catalogue file again for every request that builds a form (about a
    millisecond each); it uses whatever it finds in `request.wtforms_translations` instead.
    The locale is asked for only when a message is needed, after the request chose it.
    """

    def ugettext(self, string):
        return _wtforms_catalogue(current_language()).ugettext(string)

    def ungettext(self, singular, plural, n):
        return _wtforms_catalogue(current_language()).ungettext(singular, plural, n)


_WTFORMS_TRANSLATIONS = _WtformsTranslations()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.add_url_rule("/", "root", _root)

    @app.before_request
    def cached_wtforms_translations():
        request.wtforms_translations = _WTFORMS_TRANSLATIONS

    @app.context_processor
    def language_context():
        return {"current_language": current_language(), "languages": languages()}
