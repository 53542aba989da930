"""What the pages and counts read of the conversation. Plain SQLAlchemy, no Flask."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import DbSession
from helpbutton.models import HelpRequest, MessageAuthor, RequestMessage


def messages(session: DbSession, request_id: int) -> list[RequestMessage]:
    """The request's messages, oldest first, with their centres, staff authors and readers
    loaded (one query)."""
    return list(session.scalars(
        sa.select(RequestMessage).where(RequestMessage.request_id == request_id)
        .options(so.joinedload(RequestMessage.staff_author), so.joinedload(RequestMessage.read_by),
                 so.joinedload(RequestMessage.centre))
        .order_by(RequestMessage.created_at, RequestMessage.id)))


def has_unread_from_family() -> sa.ColumnElement[bool]:
    """A condition on HelpRequest: the family wrote something no worker has read yet."""
    return sa.exists(sa.select(RequestMessage.id).where(
        RequestMessage.request_id == HelpRequest.id,
        RequestMessage.author == MessageAuthor.FAMILY,
        RequestMessage.read_at.is_(None)))


def unread_request_ids(session: DbSession, request_ids: list[int]) -> set[int]:
    """Of these requests, those with unread family messages (one query)."""
    if not request_ids:
        return set()
    return set(session.scalars(
        sa.select(RequestMessage.request_id).where(
            RequestMessage.request_id.in_(sorted(set(request_ids))),
            RequestMessage.author == MessageAuthor.FAMILY,
            RequestMessage.read_at.is_(None)).distinct()))
