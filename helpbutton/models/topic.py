"""The region's catalogue of what a family may ask help with."""

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import intpk
from helpbutton.extensions import Model


class Topic(Model):
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

    def label(self, lang: str) -> str:
        return getattr(self, f"label_{lang}", None) or self.label_fi

    def help(self, lang: str) -> str:
        return getattr(self, f"help_{lang}", None) or self.help_fi

    def notice(self, lang: str) -> str | None:
        return getattr(self, f"notice_{lang}", None) or self.notice_fi
