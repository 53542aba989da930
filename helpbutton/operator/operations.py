"""Starting a county's service and inviting its first administrator. Each flushes; the caller
commits."""
from helpbutton import policy
from helpbutton.accounts import operations as accounts
from helpbutton.dbtypes import DbSession
from helpbutton.models import Region, User

WHERE_TO_TURN = ("where_to_turn_fi", "where_to_turn_sv", "where_to_turn_en",
                 "where_to_turn_phone")


def set_service(session: DbSession, region: Region, *, in_service: bool,
                where_to_turn: dict[str, str | None]) -> None:
    """Whether the county uses the service, and what its families are told when it does not
    (entered here, never invented: empty means the national guidance)."""
    region.in_service = in_service
    for name in WHERE_TO_TURN:
        value = (where_to_turn.get(name) or "").strip()
        setattr(region, name, value or None)
    session.flush()


def invite_administrator(session: DbSession, operator: User, region: Region, *, email: str,
                         display_name: str, language: str) -> tuple[User, str]:
    """A region administrator account of the county, made by the operator, with its one-time
    set-password token (sent as new accounts get theirs)."""
    return accounts.create_account(
        session, email=email, display_name=display_name, language=language,
        grants=[policy.Grant(policy.REGION_ADMIN, region.id)], created_by=operator)
