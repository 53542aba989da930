"""Mail waiting to be sent: written in the same transaction as the change that causes it."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import enum_column, intpk, utcnow
from helpbutton.extensions import Model


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the attempt limit


class OutboxChannel(enum.Enum):
    EMAIL = "email"
    SMS = "sms"  # recipient: a phone number in E.164; subject unused; body_text the SMS


class OutboxMessage(Model):
    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: so.Mapped[intpk]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    channel: so.Mapped[OutboxChannel] = so.mapped_column(
        enum_column(OutboxChannel), default=OutboxChannel.EMAIL,
        server_default=OutboxChannel.EMAIL.value,
    )
    recipient: so.Mapped[str] = so.mapped_column(sa.String(254))
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="fi")
    subject: so.Mapped[str] = so.mapped_column(sa.String(200))
    body_text: so.Mapped[str] = so.mapped_column(sa.Text)
    body_html: so.Mapped[str | None] = so.mapped_column(sa.Text)
    status: so.Mapped[OutboxStatus] = so.mapped_column(
        enum_column(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    next_attempt_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # A worker's claim on the message; expires so that a crashed worker does not hold it.
    locked_until: so.Mapped[datetime | None]
    last_error: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    sent_at: so.Mapped[datetime | None]
    request_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("help_request.id", ondelete="SET NULL"), index=True
    )
    # Set for messages that must go at most once (e.g. "digest:<centre id>:<local date>"):
    # the unique constraint stops a second cron run or worker from queueing a copy.
    dedup_key: so.Mapped[str | None] = so.mapped_column(sa.String(120), unique=True)
