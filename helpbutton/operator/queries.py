"""What the operator's pages show: counts per county, never a person of a county's staff
beyond the administrators an operator invited."""
from dataclasses import dataclass

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Region, Role, RoleAssignment, User


@dataclass(frozen=True)
class CountyStatus:
    region: Region
    administrators: int  # active accounts with the county's region administrator role
    administrators_signed_in: int  # of them, those who have signed in at least once
    centres: int  # active centres


def _administrators(region_id: int):
    return (sa.select(User.id).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.role == Role.REGION_ADMIN,
                   RoleAssignment.region_id == region_id, User.active.is_(True)))


def county_status(session: DbSession, region: Region) -> CountyStatus:
    admins = _administrators(region.id)
    return CountyStatus(
        region,
        session.scalar(sa.select(sa.func.count()).select_from(admins.subquery())) or 0,
        session.scalar(sa.select(sa.func.count()).select_from(
            admins.where(User.last_login_at.is_not(None)).subquery())) or 0,
        session.scalar(sa.select(sa.func.count(Centre.id)).where(
            Centre.region_id == region.id, Centre.active.is_(True))) or 0)


def counties(session: DbSession) -> list[CountyStatus]:
    """Every county loaded, by its code."""
    return [county_status(session, r)
            for r in session.scalars(sa.select(Region).order_by(Region.code))]


def county_by_slug(session: DbSession, slug: str) -> Region | None:
    return session.scalar(sa.select(Region).where(Region.slug == slug))


def invited_administrators(session: DbSession, operator_id: int) -> list[User]:
    """The administrators this operator invited (the only staff an operator sees)."""
    return list(session.scalars(sa.select(User).where(User.created_by_id == operator_id)
                                .order_by(User.created_at, User.id)))
