"""From the database to the policy's `Principal`: each role resolved to its full scope."""
import sqlalchemy as sa

from helpbutton import policy
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Municipality, Region, Role, RoleAssignment, User


def grant_of(assignment: RoleAssignment) -> policy.Grant:
    role = assignment.role.value
    if assignment.role in (Role.STAFF, Role.LEAD):
        centre = assignment.centre
        return policy.Grant(role, centre.region_id, centre.host_municipality_code, centre.id)
    if assignment.role is Role.MUNICIPALITY_ADMIN:
        return policy.Grant(role, assignment.municipality.region_id,
                            assignment.municipality_code)
    return policy.Grant(role, assignment.region_id)


def grants_of(user: User) -> frozenset[policy.Grant]:
    """The county roles (the national operator's role is no county's: `is_operator`)."""
    return frozenset(grant_of(a) for a in user.roles if a.role is not Role.OPERATOR)


def is_operator(user: User) -> bool:
    return any(a.role is Role.OPERATOR for a in user.roles)


def principal_for(user: User) -> policy.Principal:
    return policy.Principal(user.id, grants_of(user), operator=is_operator(user))


def assignment_for(grant: policy.Grant) -> RoleAssignment:
    """The row that stores a grant (the inverse of `grant_of`)."""
    role = Role(grant.role)
    if role in (Role.STAFF, Role.LEAD):
        return RoleAssignment(role=role, centre_id=grant.centre_id)
    if role is Role.MUNICIPALITY_ADMIN:
        return RoleAssignment(role=role, municipality_code=grant.municipality_code)
    return RoleAssignment(role=role, region_id=grant.region_id)


def centre_grant(session: DbSession, role: str, centre_id: int) -> policy.Grant | None:
    centre = session.get(Centre, centre_id)
    if centre is None:
        return None
    return policy.Grant(role, centre.region_id, centre.host_municipality_code, centre.id)


def municipality_grant(session: DbSession, code: str) -> policy.Grant | None:
    municipality = session.get(Municipality, code)
    if municipality is None:
        return None
    return policy.Grant(policy.MUNICIPALITY_ADMIN, municipality.region_id, municipality.code)


def region_grant(session: DbSession, region_id: int) -> policy.Grant | None:
    if session.get(Region, region_id) is None:
        return None
    return policy.Grant(policy.REGION_ADMIN, region_id)


def regions_requiring_staff_totp(session: DbSession) -> set[int]:
    return set(session.scalars(sa.select(Region.id).where(Region.require_totp_for_staff)))


def totp_required(session: DbSession, user: User) -> bool:
    return policy.requires_totp(principal_for(user), regions_requiring_staff_totp(session))
