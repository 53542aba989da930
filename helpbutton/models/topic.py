"""The region's catalogue of what a family may ask help with."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.content_languages.rules import HasTexts
from helpbutton.dbtypes import intpk
from helpbutton.extensions import Model


class Topic(HasTexts, Model):
    __tablename__ = "topic"
    __table_args__ = (sa.UniqueConstraint("region_id", "code", name="uq_topic_region_code"),)

    id: so.Mapped[intpk]
    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"), index=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(32))
    position: so.Mapped[int] = so.mapped_column(default=0)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    label_fi: so.Mapped[str] = so.mapped_column(sa.String(120))
    label_sv: so.Mapped[str] = so.mapped_column(sa.String(120))
    label_en: so.Mapped[str] = so.mapped_column(sa.String(120))
    help_fi: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    help_sv: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    help_en: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    # Shown when the topic is chosen, e.g. safety guidance for violence at home.
    notice_fi: so.Mapped[str | None] = so.mapped_column(sa.Text)
    notice_sv: so.Mapped[str | None] = so.mapped_column(sa.Text)
    notice_en: so.Mapped[str | None] = so.mapped_column(sa.Text)

    # The other public languages: {field: {language: text}} (helpbutton/content_languages).
    texts: so.Mapped[dict | None] = so.mapped_column(sa.JSON)

    TEXT_FIELDS = ("label", "help", "notice")

    def label(self, lang: str, sv_first: bool = False) -> str:
        return self.text("label", lang, sv_first).text or self.label_fi

    def help(self, lang: str, sv_first: bool = False) -> str:
        return self.text("help", lang, sv_first).text or ""

    def notice(self, lang: str, sv_first: bool = False) -> str | None:
        return self.text("notice", lang, sv_first).text
