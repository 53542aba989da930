"""Sign-in lockout, kept in the database so that it holds across processes.

Per account: 5 failures (wrong password or wrong two-factor code) lock the account for
15 minutes; for an email that has no account the same count is kept in the attempt log,
so that the answer does not tell which addresses have accounts. Per address: 20 failures
within 15 minutes, whatever accounts they tried, block the address for the rest of the window.
Addresses and typed emails are stored only as keyed hashes.
"""
import hashlib
import hmac
from datetime import datetime, timedelta

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.models import SignInAttempt, User

ACCOUNT_LIMIT = 5
ACCOUNT_LOCK = timedelta(minutes=15)
ADDRESS_LIMIT = 20
WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)


def keyed_hash(secret: str, value: str) -> str:
    return hmac.new(secret.encode("utf-8"), value.strip().lower().encode("utf-8"),
                    hashlib.sha256).hexdigest()


def _failures(session: DbSession, column, value: str, since: datetime) -> int:
    return session.scalar(sa.select(sa.func.count(SignInAttempt.id)).where(
        column == value, SignInAttempt.at >= since, SignInAttempt.succeeded.is_(False))) or 0


def address_blocked(session: DbSession, address_hash: str, now: datetime) -> bool:
    return _failures(session, SignInAttempt.address_hash, address_hash,
                     now - WINDOW) >= ADDRESS_LIMIT


def account_locked(session: DbSession, user: User | None, account_hash: str,
                   now: datetime) -> bool:
    if user is not None:
        return user.locked_until is not None and user.locked_until > now
    return _failures(session, SignInAttempt.account_hash, account_hash,
                     now - ACCOUNT_LOCK) >= ACCOUNT_LIMIT


def record_failure(session: DbSession, *, user: User | None, address_hash: str,
                   account_hash: str, now: datetime) -> None:
    session.add(SignInAttempt(at=now, address_hash=address_hash, account_hash=account_hash,
                              user_id=user.id if user else None, succeeded=False))
    if user is not None:
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= ACCOUNT_LIMIT:
            user.locked_until = now + ACCOUNT_LOCK
            user.failed_logins = 0
    session.flush()


def record_success(session: DbSession, *, user: User, address_hash: str, account_hash: str,
                   now: datetime) -> None:
    session.add(SignInAttempt(at=now, address_hash=address_hash, account_hash=account_hash,
                              user_id=user.id, succeeded=True))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.execute(sa.delete(SignInAttempt).where(SignInAttempt.at < now - KEEP))
    session.flush()


def unlock(user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
