"""The conversation on a request: messages between the family and its centre.

Personal data like the rest of the request: exported with it, erased with it (on request and
by retention). `read_at` is the other side's reading: for a family's message, when a worker of
the centre first opened the request page after it (`read_by_id` that worker); for a staff
message, when the family's follow-up page first showed it.
"""
import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import enum_column, intpk, utcnow
from helpbutton.extensions import Model

if TYPE_CHECKING:
    from helpbutton.models.centre import Centre
    from helpbutton.models.user import User

MESSAGE_MAX = 2000


class MessageAuthor(enum.Enum):
    FAMILY = "family"
    STAFF = "staff"


class MessageKind(enum.Enum):
    MESSAGE = "message"
    ADDITION = "addition"  # the family adds information to its request


class RequestMessage(Model):
    __tablename__ = "request_message"
    __table_args__ = (
        sa.Index("ix_request_message_request", "request_id", "id"),
        # The unread family messages of a request (queue marker, counts).
        sa.Index("ix_request_message_unread", "request_id", "author", "read_at"),
    )

    id: so.Mapped[intpk]
    request_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("help_request.id", ondelete="CASCADE"))
    author: so.Mapped[MessageAuthor] = so.mapped_column(enum_column(MessageAuthor))
    kind: so.Mapped[MessageKind] = so.mapped_column(enum_column(MessageKind),
                                                    default=MessageKind.MESSAGE)
    # The centre the request was with when the message was written: a forwarded request's
    # earlier messages stay signed by the centre that wrote them.
    centre_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("centre.id", ondelete="SET NULL"))
    # The worker who wrote a staff message (kept out of the family's view).
    staff_author_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    read_at: so.Mapped[datetime | None]
    read_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))

    centre: so.Mapped[Optional["Centre"]] = so.relationship()
    staff_author: so.Mapped[Optional["User"]] = so.relationship(foreign_keys=[staff_author_id])
    read_by: so.Mapped[Optional["User"]] = so.relationship(foreign_keys=[read_by_id])
