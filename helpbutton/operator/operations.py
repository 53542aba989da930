"""Starting a county's service and inviting its first administrator. Each flushes; the caller
commits."""
from helpbutton import policy
from helpbutton.accounts import operations as accounts
from helpbutton.dbtypes import DbSession
from helpbutton.models import AdminAction, Region, User
from helpbutton.models.admin_action import COUNTY_ADMINISTRATOR_INVITED, COUNTY_SERVICE_SET

WHERE_TO_TURN = ("where_to_turn_fi", "where_to_turn_sv", "where_to_turn_en",
                 "where_to_turn_phone")


def may_serve(region: Region) -> bool:
    """Åland has no wellbeing services county: it never uses the service."""
    return region.may_serve


def set_service(session: DbSession, operator: User, region: Region, *, in_service: bool,
                where_to_turn: dict[str, str | None]) -> None:
    """Whether the county uses the service, and what its families are told when it does not
    (entered here, never invented: empty means the national guidance). On the county's record
    (AdminAction): who, and what changed (names of the fields only)."""
    changed = ["in_service"] if region.in_service != in_service else []
    if in_service and not may_serve(region):
        raise ValueError("Åland never uses the service")
    region.in_service = in_service
    for name in WHERE_TO_TURN:
        value = (where_to_turn.get(name) or "").strip() or None
        if getattr(region, name) != value:
            changed.append(name)
        setattr(region, name, value)
    session.add(AdminAction(actor_id=operator.id, region_id=region.id, action=COUNTY_SERVICE_SET,
                            data={"in_service": in_service, "changed": changed}))
    session.flush()


def invite_administrator(session: DbSession, operator: User, region: Region, *, email: str,
                         display_name: str, language: str) -> tuple[User, str]:
    """A region administrator account of the county, made by the operator, with its one-time
    set-password token (sent as new accounts get theirs)."""
    user, raw = accounts.create_account(
        session, email=email, display_name=display_name, language=language,
        grants=[policy.Grant(policy.REGION_ADMIN, region.id)], created_by=operator)
    session.add(AdminAction(actor_id=operator.id, region_id=region.id,
                            action=COUNTY_ADMINISTRATOR_INVITED, data={"user": user.id}))
    session.flush()
    return user, raw
