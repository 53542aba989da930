"""The message catalogues as the app reads them.

A language variant (plain-language Finnish, `fi@selko`) falls back to its base language's
catalogue rather than to English. With `I18N_RECORD_MISSING` (the tests), every lookup in a
language other than English that finds no translation is recorded in
`app.extensions["untranslated"]` as (locale, msgid), so that a test rendering a page can say
which of its strings are not translated, wherever in the code they come from.
"""
from babel import support
from flask import Flask, current_app
from flask_babel import Domain, get_locale


class _Recording:
    """A catalogue that notes the msgids it has no translation for."""

    def __init__(self, inner: support.Translations, locale: str, sink: set) -> None:
        self._inner, self._locale, self._sink = inner, locale, sink

    def _known(self, msgid: str) -> bool:
        found = self._inner
        while found is not None:
            if msgid in getattr(found, "_catalog", {}) or (msgid, 0) in getattr(
                    found, "_catalog", {}):
                return True
            found = getattr(found, "_fallback", None)
        return False

    def _note(self, msgid: str) -> None:
        if not self._known(msgid):
            self._sink.add((self._locale, msgid))

    def ugettext(self, message):
        self._note(message)
        return self._inner.ugettext(message)

    def ungettext(self, singular, plural, n):
        self._note(singular)
        return self._inner.ungettext(singular, plural, n)

    def upgettext(self, context, message):
        return self._inner.upgettext(context, message)

    def unpgettext(self, context, singular, plural, n):
        return self._inner.unpgettext(context, singular, plural, n)

    def __getattr__(self, name):
        return getattr(self._inner, name)


class AppDomain(Domain):
    def get_translations(self):
        translations = super().get_translations()
        locale = get_locale()
        if locale is None or isinstance(translations, support.NullTranslations) and not \
                isinstance(translations, support.Translations):
            return translations
        if locale.modifier and not getattr(translations, "_base_fallback", False):
            base = support.Translations.load(
                self.translation_directories[0], [locale.language], self.domain[0])
            translations.add_fallback(base)
            translations._base_fallback = True
        sink = current_app.extensions.get("untranslated")
        if sink is not None and locale.language != "en":
            return _Recording(translations, str(locale), sink)
        return translations


def init_app(app: Flask, babel) -> None:
    if app.config.get("I18N_RECORD_MISSING"):
        app.extensions["untranslated"] = set()
    babel.domain_instance = AppDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
