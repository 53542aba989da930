"""One-time password links: a random token for the mail, only its hash in the database."""
import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession, utcnow
from helpbutton.models import PasswordToken, TokenPurpose, User

LIFETIME = {
    TokenPurpose.RESET: timedelta(hours=1),
    # A new colleague may not read their mail the same day.
    TokenPurpose.NEW_ACCOUNT: timedelta(days=3),
}


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_raw_token() -> str:
    return secrets.token_urlsafe(32)


def issue(session: DbSession, user: User, purpose: TokenPurpose,
          now: datetime | None = None) -> str:
    """Create a token and return it in the clear (the only time it exists so)."""
    now = now or utcnow()
    raw = new_raw_token()
    session.add(PasswordToken(user_id=user.id, purpose=purpose, token_hash=hash_token(raw),
                              created_at=now, expires_at=now + LIFETIME[purpose]))
    session.flush()
    return raw


def find_valid(session: DbSession, raw: str, now: datetime | None = None) -> PasswordToken | None:
    """The unused, unexpired token of an active account, or None."""
    if not raw or len(raw) > 128:
        return None
    now = now or utcnow()
    token = session.scalar(sa.select(PasswordToken).where(
        PasswordToken.token_hash == hash_token(raw)))
    if token is None or token.used_at is not None or token.expires_at <= now:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        return None
    return token


def spend_all(session: DbSession, user: User, now: datetime | None = None) -> None:
    """Use up every open token of the account: a link works once, and a new password makes
    the older links worthless too."""
    now = now or utcnow()
    session.execute(sa.update(PasswordToken)
                    .where(PasswordToken.user_id == user.id, PasswordToken.used_at.is_(None))
                    .values(used_at=now))


def issued_since(session: DbSession, user: User, purpose: TokenPurpose, since: datetime) -> int:
    return session.scalar(sa.select(sa.func.count(PasswordToken.id)).where(
        PasswordToken.user_id == user.id, PasswordToken.purpose == purpose,
        PasswordToken.created_at >= since)) or 0
