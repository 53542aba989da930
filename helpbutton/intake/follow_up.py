"""The family's follow-up without an account: a private link to see the status or withdraw.

The token is shown once and only its SHA-256 is stored (HelpRequest.follow_up_token_hash).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app

from helpbutton.dbtypes import DbSession
from helpbutton.mail import notifications
from helpbutton.mail.links import absolute_url
from helpbutton.models import EventKind, HelpRequest, Outcome, RequestEvent, RequestStatus


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(submission_key: str | None) -> str:
    """A long random token; with a (stored, channel-namespaced) submission key, derived from it
    with the app's secret.

    Derived, so that a resubmitted page (a double click whose first answer the browser threw
    away) can show the family the same link again: only the browser that holds the one-time
    key can get it, and only its hash is stored.
    """
    if not submission_key:
        return secrets.token_urlsafe(32)
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, b"follow-up:" + submission_key.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def follow_up_token_again(request: HelpRequest, submission_key: str | None) -> str | None:
    """The follow-up token of a request whose stored submission key this is, or None."""
    if not submission_key or request.submission_key != submission_key:
        return None
    token = new_token(submission_key)
    return token if hash_token(token) == request.follow_up_token_hash else None


def new_confirmation_handle(request: HelpRequest) -> str:
    """A handle for the session to find the request's confirmation by (neither the request's
    id nor its follow-up token rides in the cookie). Only its hash is stored. Derived from the
    stored submission key with the app's secret, so that the same page sent twice at once (two
    tabs, a double click) gets the same handle and neither confirmation is lost; random for a
    request without a key. The caller flushes."""
    if request.submission_key:
        secret = current_app.config["SECRET_KEY"].encode()
        digest = hmac.new(secret, b"confirmation:" + request.submission_key.encode(),
                          hashlib.sha256).digest()
        handle = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    else:
        handle = secrets.token_urlsafe(24)
    hashed = hash_token(handle)
    # The form's handle was derived and stored with the request already: assigning the same
    # value again would mark the request changed, and its commit flush the request again.
    if request.confirmation_handle_hash != hashed:
        request.confirmation_handle_hash = hashed
    return handle


def by_confirmation_handle(session: DbSession,
                           handle: str | None) -> tuple[HelpRequest, str | None] | None:
    """The request a confirmation handle names, and its follow-up token (derived again from the
    stored submission key; None if it cannot be); None for an unknown handle."""
    if not isinstance(handle, str) or not handle or len(handle) > 100:
        return None
    request = session.scalar(sa.select(HelpRequest).where(
        HelpRequest.confirmation_handle_hash == hash_token(handle)))
    if request is None:
        return None
    return request, follow_up_token_again(request, request.submission_key)


def follow_up_url(token: str, lang: str) -> str:
    """The family's private follow-up link (absolute; emails have no request to build it from)."""
    return absolute_url("intake.follow_up", lang=lang, token=token)


PUBLIC_STATUSES = ("received", "in_progress", "contacted", "forwarded", "closed")


def find_by_follow_up_token(session: DbSession, token: str) -> HelpRequest | None:
    if not token or len(token) > 100:
        return None
    return session.scalar(
        sa.select(HelpRequest).where(HelpRequest.follow_up_token_hash == hash_token(token))
    )


def _last_forward(request: HelpRequest) -> datetime | None:
    times = [e.created_at for e in request.events if e.kind is EventKind.FORWARDED]
    return max(times) if times else None


def public_status(request: HelpRequest) -> str:
    """What the family sees: received, in_progress (a worker is on it), contacted, forwarded
    (to the centre it is with now, which nobody there has taken up yet) or closed."""
    if request.status is RequestStatus.CLOSED:
        return "closed"
    forwarded_at = _last_forward(request)
    if request.first_contact_at is not None and (
            forwarded_at is None or request.first_contact_at >= forwarded_at):
        return "contacted"
    if request.status is not RequestStatus.NEW or request.assignee_id is not None:
        return "in_progress"
    if forwarded_at is not None:
        return "forwarded"
    return "received"


def withdraw(session: DbSession, request: HelpRequest, now: datetime | None = None) -> bool:
    """The family withdraws its request; False when it was already closed. The centre, and
    the worker who held the request, get a link-only notice. Flushes."""
    if request.status is RequestStatus.CLOSED:
        return False
    now = now or datetime.now(UTC)
    previous = request.status.value
    request.status = RequestStatus.CLOSED
    request.outcome = Outcome.WITHDRAWN
    request.closed_at = now
    request.events.append(RequestEvent(
        kind=EventKind.WITHDRAWN, created_at=now,
        data={"from": previous, "by": "family"},
    ))
    session.flush()
    notifications.notify_withdrawn(session, request)
    return True
