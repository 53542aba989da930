"""The history of configuration changes: who changed what in routing, centres, topics, when."""
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import intpk, utcnow
from helpbutton.extensions import Model, db

if TYPE_CHECKING:
    from helpbutton.models.user import User

# The other municipalities a change affects (its requests would go elsewhere, or its families
# see the changed centre): the change shows in their histories too.
config_change_municipality = sa.Table(
    "config_change_municipality",
    db.metadata,
    sa.Column("change_id", sa.ForeignKey("config_change.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("municipality_code", sa.ForeignKey("municipality.code"), primary_key=True,
              index=True),
)


class ConfigChange(Model):
    """One saved change. `changes` is {field: [old, new]} with JSON-safe values only; an
    import records a summary (counts) instead of every field."""

    __tablename__ = "config_change"
    __table_args__ = (
        sa.Index("ix_config_change_scope", "region_id", "municipality_code", "created_at"),
    )

    id: so.Mapped[intpk]
    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"))
    # None: a region-wide change (topics, region settings).
    municipality_code: so.Mapped[str | None] = so.mapped_column(
        sa.ForeignKey("municipality.code"))
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    entity: so.Mapped[str] = so.mapped_column(sa.String(20))  # rule, centre, municipality, ...
    entity_id: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    action: so.Mapped[str] = so.mapped_column(sa.String(20))  # created, changed, moved, ...
    changes: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)
    # Why the region's administrator made a change that loses service in an official language.
    reason: so.Mapped[str | None] = so.mapped_column(sa.Text)

    actor: so.Mapped[Optional["User"]] = so.relationship()
