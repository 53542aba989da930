"""Actions that concern no single request, e.g. using the audit view or a worker's search for
a family.

Actions on one request (views, changes, exports, erasures) are RequestEvents on its timeline;
this table records the rest, so that looking at the audit trail, or looking for a family, is
itself on record.
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
# A worker searched for a family (by reference, phone or email): how, and how many were found;
# never what was typed.
FAMILY_SEARCHED = "family_searched"
# The national operator set a county's service (in service or not, where to turn) or invited
# its first administrator: the county's record of what was done to it from outside.
COUNTY_SERVICE_SET = "county_service_set"
COUNTY_ADMINISTRATOR_INVITED = "county_admin_invited"


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
