"""Family centres (and other service units) that receive requests."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.content_languages.rules import HasTexts
from helpbutton.dbtypes import intpk, utcnow
from helpbutton.extensions import Model, db
from helpbutton.models.region import Municipality, Region

# A centre may serve several (small) municipalities; a municipality may have several centres.
centre_municipality = sa.Table(
    "centre_municipality",
    db.metadata,
    sa.Column("centre_id", sa.ForeignKey("centre.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("municipality_code", sa.ForeignKey("municipality.code"), primary_key=True),
)


class Centre(HasTexts, Model):
    __tablename__ = "centre"

    id: so.Mapped[intpk]
    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"), index=True)
    host_municipality_code: so.Mapped[str] = so.mapped_column(sa.ForeignKey("municipality.code"))
    name_fi: so.Mapped[str] = so.mapped_column(sa.String(160))
    name_sv: so.Mapped[str] = so.mapped_column(sa.String(160))
    name_en: so.Mapped[str] = so.mapped_column(sa.String(160))
    # Service languages, e.g. ["fi", "sv"].
    languages: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=lambda: ["fi"])
    notification_email: so.Mapped[str] = so.mapped_column(sa.String(254))
    phone: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    hours_fi: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    hours_sv: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    hours_en: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # The other public languages: {field: {language: text}} (helpbutton/content_languages).
    texts: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    # Opt-in: a morning email with the counts of new, open and overdue requests.
    daily_digest: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    is_example: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    region: so.Mapped[Region] = so.relationship(foreign_keys=[region_id])
    host_municipality: so.Mapped[Municipality] = so.relationship(
        foreign_keys=[host_municipality_code]
    )
    municipalities: so.Mapped[list[Municipality]] = so.relationship(
        secondary=centre_municipality, order_by=Municipality.name_fi
    )

    def name(self, lang: str) -> str:
        return getattr(self, f"name_{lang}", None) or self.name_fi

    # Its names are proper names, kept in Finnish, Swedish and English only.
    TEXT_FIELDS = ("hours",)

    def hours(self, lang: str, sv_first: bool = False) -> str | None:
        return self.text("hours", lang, sv_first).text

    def serves(self, municipality_code: str) -> bool:
        return any(m.code == municipality_code for m in self.municipalities)
