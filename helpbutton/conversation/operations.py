"""Writing and reading the conversation. Operations flush, never commit.

* The family writes (a reply or an addition to its request) only while the request is open;
  the centre then gets a link-only notification, once per run of unread messages (the first
  unread one) so that five lines in a row do not make five mails.
* A worker writes while the request is open (the caller asked `policy` first); the family
  gets a content-free notice (mail/family_notices.py).
* Reading: a worker who may work the request marks the family's messages read by opening the
  request page (who and when); the family's follow-up page marks the staff messages it shows.

Each message is on the timeline as an event saying who wrote and what kind, never the text
(the conversation shows it once). Message text is never logged.
"""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.mail import notifications
from helpbutton.mail.family_notices import NEW_MESSAGE, notify_family
from helpbutton.models import (
    MESSAGE_MAX,
    EventKind,
    HelpRequest,
    MessageAuthor,
    MessageKind,
    RequestEvent,
    RequestMessage,
    RequestStatus,
    User,
)


class ConversationClosed(Exception):
    """The request is closed (or its personal data erased): nobody writes to it any more."""


class MessageInvalid(ValueError):
    """Empty, or longer than MESSAGE_MAX characters."""


def clean(body: str | None) -> str:
    """The message as stored: trimmed, with Windows line ends made plain; MessageInvalid when
    empty or too long."""
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise MessageInvalid("empty")
    if len(text) > MESSAGE_MAX:
        raise MessageInvalid("too long")
    return text


def may_write(req: HelpRequest) -> bool:
    return req.status is not RequestStatus.CLOSED and req.erased_at is None


def _unread_from_family(session: DbSession, req: HelpRequest) -> int:
    return session.scalar(sa.select(sa.func.count(RequestMessage.id)).where(
        RequestMessage.request_id == req.id, RequestMessage.author == MessageAuthor.FAMILY,
        RequestMessage.read_at.is_(None))) or 0


def family_writes(session: DbSession, req: HelpRequest, body: str | None,
                  kind: MessageKind = MessageKind.MESSAGE,
                  now: datetime | None = None) -> RequestMessage:
    if not may_write(req):
        raise ConversationClosed()
    text = clean(body)
    now = now or datetime.now(UTC)
    first_unread = _unread_from_family(session, req) == 0
    message = RequestMessage(request_id=req.id, author=MessageAuthor.FAMILY, kind=kind,
                             centre_id=req.centre_id, body=text, created_at=now)
    session.add(message)
    session.add(RequestEvent(request_id=req.id, kind=EventKind.FAMILY_MESSAGE, created_at=now,
                             data={"kind": kind.value}))
    session.flush()
    if first_unread:
        notifications.notify_centre_family_message(session, req, message.id)
        session.flush()
    return message


def staff_writes(session: DbSession, actor: User, req: HelpRequest, body: str | None,
                 now: datetime | None = None) -> RequestMessage:
    if not may_write(req):
        raise ConversationClosed()
    text = clean(body)
    now = now or datetime.now(UTC)
    message = RequestMessage(request_id=req.id, author=MessageAuthor.STAFF,
                             kind=MessageKind.MESSAGE, centre_id=req.centre_id,
                             staff_author_id=actor.id, body=text, created_at=now)
    session.add(message)
    session.add(RequestEvent(request_id=req.id, kind=EventKind.STAFF_MESSAGE, actor_id=actor.id,
                             created_at=now, data={}))
    session.flush()
    notify_family(session, req, NEW_MESSAGE, now=now)
    session.flush()
    return message


def mark_read_by_staff(session: DbSession, actor: User, req: HelpRequest,
                       now: datetime | None = None) -> int:
    """The family's unread messages are read by this worker now; how many there were."""
    result = session.execute(
        sa.update(RequestMessage).where(
            RequestMessage.request_id == req.id, RequestMessage.author == MessageAuthor.FAMILY,
            RequestMessage.read_at.is_(None))
        .values(read_at=now or datetime.now(UTC), read_by_id=actor.id)
        .execution_options(synchronize_session="fetch"))
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult


def mark_read_by_family(session: DbSession, req: HelpRequest,
                        now: datetime | None = None) -> int:
    """The staff messages the family's page shows are read by the family now."""
    result = session.execute(
        sa.update(RequestMessage).where(
            RequestMessage.request_id == req.id, RequestMessage.author == MessageAuthor.STAFF,
            RequestMessage.read_at.is_(None))
        .values(read_at=now or datetime.now(UTC))
        .execution_options(synchronize_session="fetch"))
    return result.rowcount or 0  # type: ignore[attr-defined]  # a CursorResult
