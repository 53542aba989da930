"""Ready-made texts staff start a message to the family from ("we tried to call you…").

A template belongs to a region (region-wide, kept by the region's administrator) or to one of
its municipalities (kept by that municipality's administrator and by the region's). It holds
no family data: a name and a text in Finnish, Swedish and English. Finnish is always there
(the fallback of every other language); Swedish too wherever Swedish is an official language of
the owner (a bilingual or Swedish-speaking municipality, or a region with one); English is
optional. What each language needs is decided in `helpbutton.message_templates.operations`.
The family's other public languages (Arabic, Somali, …) are kept in `texts`
(helpbutton/content_languages): a family is written to in its own language when the template
has it, else in Finnish (Swedish first in a Swedish-majority municipality).
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.content_languages.rules import HasTexts, fallback_order
from helpbutton.dbtypes import intpk, utcnow
from helpbutton.extensions import Model

TEMPLATE_LANGUAGES = ("fi", "sv", "en")


class MessageTemplate(HasTexts, Model):
    __tablename__ = "message_template"

    id: so.Mapped[intpk]
    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"), index=True)
    # None: region-wide. Otherwise the municipality whose staff are offered it.
    municipality_code: so.Mapped[str | None] = so.mapped_column(
        sa.ForeignKey("municipality.code"), index=True)
    name_fi: so.Mapped[str] = so.mapped_column(sa.String(80))
    name_sv: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    name_en: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    body_fi: so.Mapped[str] = so.mapped_column(sa.Text)
    body_sv: so.Mapped[str | None] = so.mapped_column(sa.Text)
    body_en: so.Mapped[str | None] = so.mapped_column(sa.Text)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # The other public languages: {"name": {lang: …}, "body": {lang: …}}.
    texts: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    is_example: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    TEXT_FIELDS = ("name", "body")

    def has_language(self, lang: str) -> bool:
        return bool(self.texts_in("name").get(lang) and self.texts_in("body").get(lang))

    def languages(self) -> tuple[str, ...]:
        """Its Finnish, Swedish and English (the others: its "Texts in other languages")."""
        return tuple(lang for lang in TEMPLATE_LANGUAGES if self.has_language(lang))

    def text_language(self, lang: str, sv_first: bool = False) -> str:
        """The language the template is shown in when `lang` is asked for: that one if the
        template has it (name and text), else Finnish — Swedish first in a Swedish-majority
        municipality (`sv_first`); plain-language Finnish falls back to Finnish."""
        return next((code for code in fallback_order(lang, sv_first)
                     if self.has_language(code)), "fi")

    def name(self, lang: str) -> str:
        return self.texts_in("name").get(self.text_language(lang), self.name_fi)

    def body(self, lang: str) -> str:
        return self.texts_in("body").get(self.text_language(lang), self.body_fi)
