"""Sign-in records: one-time password tokens and the attempt log used for lockout.

Neither stores a secret or an address in the clear: tokens are kept as SHA-256 hashes, and
the attempt log keeps keyed hashes (HMAC) of the client address and of the email typed, so
that lockouts work across processes without the log becoming a record of who tried what.
"""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import enum_column, intpk, utcnow
from helpbutton.extensions import Model


class TokenPurpose(enum.Enum):
    RESET = "reset"  # "forgot my password"
    NEW_ACCOUNT = "new_account"  # the first password of a new account


class PasswordToken(Model):
    __tablename__ = "password_token"

    id: so.Mapped[intpk]
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: so.Mapped[TokenPurpose] = so.mapped_column(enum_column(TokenPurpose))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    expires_at: so.Mapped[datetime]
    used_at: so.Mapped[datetime | None]


class SignInAttempt(Model):
    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        sa.Index("ix_sign_in_attempt_address", "address_hash", "at"),
        sa.Index("ix_sign_in_attempt_account", "account_hash", "at"),
    )

    id: so.Mapped[intpk]
    at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    address_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    account_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    user_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    succeeded: so.Mapped[bool] = so.mapped_column(default=False)
