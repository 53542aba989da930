"""Language: by URL prefix on the public side, by the browser's languages elsewhere."""
from flask import Flask, current_app, g, redirect, request, url_for
from flask_babel import get_locale

from helpbutton.extensions import babel


def languages() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def best_browser_language() -> str:
    return request.accept_languages.best_match(
        languages(), default=current_app.config["DEFAULT_LANGUAGE"]
    )


def select_locale() -> str:
    lang = g.get("lang")
    if lang:
        return lang
    user_lang = g.get("user_language")
    if user_lang:
        return user_lang
    return best_browser_language()


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LANGUAGE"])


def _root():
    return redirect(url_for("public.index", lang=best_browser_language()))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.add_url_rule("/", "root", _root)

    @app.context_processor
    def language_context():
        return {"current_language": current_language(), "languages": languages()}
