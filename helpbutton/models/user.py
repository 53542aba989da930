"""Staff accounts and their roles, each scoped to centres, a municipality or the region."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import enum_column, intpk, utcnow
from helpbutton.extensions import Model
from helpbutton.models.centre import Centre
from helpbutton.models.region import Municipality, Region


class Role(enum.Enum):
    STAFF = "staff"  # scope: a centre
    LEAD = "lead"  # scope: a centre
    MUNICIPALITY_ADMIN = "municipality_admin"  # scope: a municipality
    REGION_ADMIN = "region_admin"  # scope: a region
    OPERATOR = "operator"  # national: starts counties, invites their first administrator


class User(Model):
    __tablename__ = "user"

    id: so.Mapped[intpk]
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(256))
    totp_secret: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    totp_enabled: so.Mapped[bool] = so.mapped_column(default=False)
    # The last accepted 30-second TOTP step: a code is accepted once only (no replay).
    totp_last_step: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    language: so.Mapped[str] = so.mapped_column(sa.String(2), default="fi")
    active: so.Mapped[bool] = so.mapped_column(default=True)
    is_example: so.Mapped[bool] = so.mapped_column(default=False)
    failed_logins: so.Mapped[int] = so.mapped_column(default=0)
    locked_until: so.Mapped[datetime | None]
    # Bumped to end every session of the account (sign-out everywhere, password change).
    session_version: so.Mapped[int] = so.mapped_column(default=1)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_login_at: so.Mapped[datetime | None]
    # The county whose account this is (its administrators manage it also when it has no
    # role left); None: a national operator's, or an account older than counties apart.
    region_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("region.id", ondelete="SET NULL"), index=True)
    # Who made the account (the national operator lists the administrators it invited).
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))

    roles: so.Mapped[list["RoleAssignment"]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    region: so.Mapped[Region | None] = so.relationship(foreign_keys=[region_id])


class RoleAssignment(Model):
    __tablename__ = "role_assignment"
    __table_args__ = (
        sa.CheckConstraint(
            "(role IN ('staff', 'lead') AND centre_id IS NOT NULL)"
            " OR (role = 'municipality_admin' AND municipality_code IS NOT NULL)"
            " OR (role = 'region_admin' AND region_id IS NOT NULL)"
            " OR (role = 'operator' AND centre_id IS NULL AND municipality_code IS NULL"
            " AND region_id IS NULL)",
            name="scope_matches_role",
        ),
    )

    id: so.Mapped[intpk]
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                               index=True)
    role: so.Mapped[Role] = so.mapped_column(enum_column(Role))
    centre_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("centre.id", ondelete="CASCADE"), index=True
    )
    municipality_code: so.Mapped[str | None] = so.mapped_column(
        sa.ForeignKey("municipality.code")
    )
    region_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("region.id"))

    user: so.Mapped[User] = so.relationship(back_populates="roles")
    centre: so.Mapped[Centre | None] = so.relationship()
    municipality: so.Mapped[Municipality | None] = so.relationship()
    region: so.Mapped[Region | None] = so.relationship()
