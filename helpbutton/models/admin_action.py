"""Administrators' actions that concern no single request, e.g. using the audit view.

Actions on one request (views, changes, exports, erasures) are RequestEvents on its timeline;
this table records the rest, so that looking at the audit trail is itself on record.
"""
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import intpk, utcnow
from helpbutton.extensions import Model
from helpbutton.models.user import User

AUDIT_VIEWED = "audit_viewed"
RETENTION_PURGED = "retention_purged"


class AdminAction(Model):
    __tablename__ = "admin_action"
    __table_args__ = (sa.Index("ix_admin_action_action_created", "action", "created_at"),)

    id: so.Mapped[intpk]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # None for the scheduled jobs (e.g. the retention purge run by cron).
    actor_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    region_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("region.id"))
    action: so.Mapped[str] = so.mapped_column(sa.String(40))
    # Facts only: filters used, counts; never a family's personal data.
    data: so.Mapped[dict[str, Any]] = so.mapped_column(sa.JSON, default=dict)

    actor: so.Mapped[User | None] = so.relationship()
