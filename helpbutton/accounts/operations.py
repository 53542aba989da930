"""Creating, changing and deactivating staff accounts. Each flushes; the caller commits."""
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton import policy
from helpbutton.accounts import tokens
from helpbutton.accounts.principals import assignment_for, grant_of, grants_of
from helpbutton.accounts.session import end_everywhere
from helpbutton.dbtypes import DbSession
from helpbutton.models import TokenPurpose, User


class EmailTaken(Exception):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_taken(session: DbSession, email: str, except_id: int | None = None) -> bool:
    query = sa.select(User.id).where(sa.func.lower(User.email) == normalise_email(email))
    if except_id is not None:
        query = query.where(User.id != except_id)
    return session.scalar(query) is not None


def home_region_id(grants: Iterable[policy.Grant]) -> int | None:
    """The county an account belongs to: that of its roles (the lowest id, should they span
    several)."""
    return min((g.region_id for g in grants), default=None)


def create_account(session: DbSession, *, email: str, display_name: str, language: str,
                   grants: Iterable[policy.Grant],
                   created_by: User | None = None) -> tuple[User, str]:
    """A new account without a password, and the one-time token for its set-password link.
    It belongs to the county of its roles (`home_region_id`)."""
    if email_taken(session, email):
        raise EmailTaken(email)
    grants = list(grants)
    user = User(email=normalise_email(email), display_name=display_name.strip(),
                language=language, password_hash=None, region_id=home_region_id(grants),
                created_by_id=created_by.id if created_by is not None else None)
    user.roles = [assignment_for(g) for g in grants]
    session.add(user)
    session.flush()
    raw = tokens.issue(session, user, TokenPurpose.NEW_ACCOUNT)
    return user, raw


def set_grants(session: DbSession, user: User, grants: Iterable[policy.Grant]) -> None:
    """Replace the account's roles (rows of unchanged roles are kept). An account of no
    county yet becomes that of its new roles."""
    wanted = set(grants)
    if user.region_id is None:  # an older account: of its new roles' county, else its old ones'
        user.region_id = home_region_id(wanted) or home_region_id(grants_of(user))
    for assignment in list(user.roles):
        grant = grant_of(assignment)
        if grant in wanted:
            wanted.discard(grant)
        else:
            user.roles.remove(assignment)
    for grant in wanted:
        user.roles.append(assignment_for(grant))
    session.flush()


def deactivate(session: DbSession, user: User) -> None:
    """The account can no longer sign in, and its open sessions end now."""
    user.active = False
    end_everywhere(user)
    tokens.spend_all(session, user)
    session.flush()


def reactivate(session: DbSession, user: User) -> None:
    user.active = True
    session.flush()


def reset_two_factor(session: DbSession, user: User) -> None:
    """For a lost phone: the person sets up two-factor sign-in again at their next sign-in."""
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_step = None
    end_everywhere(user)
    session.flush()


def manageable_users(session: DbSession, principal: policy.Principal) -> list[User]:
    users = session.scalars(sa.select(User).options(so.selectinload(User.roles))
                            .order_by(User.display_name, User.id))
    return [u for u in users if policy.can_manage_user(principal, grants_of(u), u.region_id)]
