"""A county's legal texts: who answers for its privacy notice (the data-protection officer) and
for its accessibility statement (the feedback contact), entered by the county's administrator.

Nothing here is invented: an empty field is shown as missing (helpbutton/legal/queries.py),
never filled with a guess. The supervising authority of the accessibility statement has a
default (helpbutton/legal/queries.py, docs/legal.md) that a county may correct.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.content_languages.rules import HasTexts
from helpbutton.dbtypes import intpk, utcnow
from helpbutton.extensions import Model

LEGAL_LANGUAGES = ("fi", "sv", "en")


class LegalTexts(HasTexts, Model):
    __tablename__ = "legal_texts"

    id: so.Mapped[intpk]
    region_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("region.id", ondelete="CASCADE"), unique=True)
    # The data-protection officer: a name or a title ("Tietosuojavastaava"), per language.
    dpo_name_fi: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    dpo_name_sv: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    dpo_name_en: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    dpo_email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    dpo_phone: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    dpo_address: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    # Where accessibility feedback goes.
    feedback_email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    feedback_phone: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    feedback_url: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    # The supervising authority of the Act on the Provision of Digital Services, if the county
    # corrects the default (empty: the default is shown).
    authority_name_fi: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    authority_name_sv: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    authority_name_en: so.Mapped[str] = so.mapped_column(sa.String(160), default="")
    authority_url: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    # Demo data: the texts are examples (helpbutton/refdata/demo_data.py).
    is_example: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    # The other public languages: {field: {language: text}} (helpbutton/content_languages).
    texts: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    TEXT_FIELDS = ("dpo_name", "authority_name")

    def dpo_name(self, lang: str) -> str:
        return self.text("dpo_name", lang).text or ""

    def authority_name(self, lang: str) -> str:
        return self.text("authority_name", lang).text or ""
