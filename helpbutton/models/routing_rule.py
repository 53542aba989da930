"""A municipality's (or the region's) rule: conditions → target centre."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import intpk, utcnow
from helpbutton.extensions import Model
from helpbutton.models.centre import Centre


class RoutingRule(Model):
    """Every empty condition matches everything; lists are stored as JSON arrays."""

    __tablename__ = "routing_rule"
    __table_args__ = (
        sa.Index("ix_routing_rule_owner_position", "region_id", "municipality_code", "position"),
        sa.CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_range"
        ),
    )

    id: so.Mapped[intpk]
    region_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("region.id"))
    # None: a region-wide rule, tried after the municipality's own rules.
    municipality_code: so.Mapped[str | None] = so.mapped_column(
        sa.ForeignKey("municipality.code")
    )
    position: so.Mapped[int] = so.mapped_column(default=0)
    name: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    topics: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # Inclusive, in years; -1 means "expecting a baby".
    min_age: so.Mapped[int | None]
    max_age: so.Mapped[int | None]
    languages: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    postal_codes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    channels: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    urgent: so.Mapped[bool | None]  # None: either
    interpreter: so.Mapped[bool | None]  # None: either; True: an interpreter is needed
    target_centre_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("centre.id"), index=True)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    valid_from: so.Mapped[date | None]
    valid_until: so.Mapped[date | None]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    target_centre: so.Mapped[Centre] = so.relationship()
