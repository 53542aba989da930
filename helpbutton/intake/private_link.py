"""The family's private link after the confirmation: sent again, replaced, closed.

* A lost link (`/<lang>/link`): the family gives its reference and the email address or phone
  number it gave. If they match a request that is open, or closed less than
  LOST_LINK_DAYS_AFTER_CLOSING days ago (default 30: long enough to see how it ended and how
  to ask again; older ones are for the family centre's phone), a new random link is made (the
  request keeps only its hash, so the old link stops working at once) and sent to that
  contact. The page answers the same whether or not anything matched. A link a worker closed
  is not sent again from this page (its contact may be in the same wrong hands).
* A worker sends a new link to the contact on the request (`triage.send_link`).
* A worker closes the link at once (`triage.close_link`), when the family says it may be in
  the wrong hands, and may send a new one to a contact the family names. That contact
  *replaces* the request's contact details (the other kind is cleared): the old ones may be
  in the same wrong hands, so the centre's calls and every later notice go only to the new one.

Operations flush and never commit. Timeline events say who asked and by which channel the
link went, never the address.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from helpbutton.contact_details import normalize_email, normalize_phone
from helpbutton.dbtypes import DbSession
from helpbutton.intake import follow_up
from helpbutton.mail.family_notices import FAMILY_NEW_LINK, SMS, notify_family
from helpbutton.models import ContactMethod, EventKind, HelpRequest, RequestEvent

DEFAULT_DAYS_AFTER_CLOSING = 30
REFERENCE_MAX = 32
CONTACT_MAX = 254
EMAIL, PHONE = "email", "phone"


@dataclass(frozen=True)
class Contact:
    """An email address or a phone number, in normal form (email as checked, phone E.164)."""

    kind: str  # EMAIL | PHONE
    value: str


def normalize_reference(value: str | None) -> str:
    """A reference as typed or read aloud: without spaces and dashes, in capitals."""
    return "".join(ch for ch in (value or "") if ch not in " -\t").upper()


def parse_contact(value: str | None) -> Contact | None:
    """An email address (anything with an @) or a phone number; None when it is neither."""
    value = (value or "").strip()
    if not value or len(value) > CONTACT_MAX:
        return None
    if "@" in value:
        email = normalize_email(value)
        return Contact(EMAIL, email) if email else None
    phone = normalize_phone(value)
    return Contact(PHONE, phone) if phone else None


def _days_after_closing() -> int:
    return int(current_app.config.get("LOST_LINK_DAYS_AFTER_CLOSING",
                                      DEFAULT_DAYS_AFTER_CLOSING))


def _matches(request: HelpRequest, contact: Contact) -> bool:
    if contact.kind == EMAIL:
        return bool(request.email) and request.email.casefold() == contact.value.casefold()
    return bool(request.phone) and normalize_phone(request.phone) == contact.value


def find_for_lost_link(session: DbSession, reference: str, contact: Contact,
                       now: datetime | None = None) -> HelpRequest | None:
    """The request whose reference and contact these are, if its link may be sent again."""
    now = now or datetime.now(UTC)
    reference = normalize_reference(reference)
    if not reference or len(reference) > REFERENCE_MAX:
        return None
    request = session.scalar(sa.select(HelpRequest).where(HelpRequest.reference == reference))
    if request is None or request.erased_at is not None or not _matches(request, contact):
        return None
    if request.follow_up_token_hash is None:
        # Closed by a worker (it may be in the wrong hands, and so may this contact): only a
        # worker sends a new one, to a contact the family names.
        return None
    if not request.is_open:
        closed_at = request.closed_at
        if closed_at is None or closed_at < now - timedelta(days=_days_after_closing()):
            return None
    return request


def send_new_link(session: DbSession, request: HelpRequest, *, lang: str, by: str,
                  actor_id: int | None = None, new_contact: bool = False,
                  to: Contact | None = None, now: datetime | None = None) -> list[str]:
    """Make a new private link and queue it to the request's contact; the old link stops
    working. The channels it went by; when none can carry it, nothing changes and the list
    is empty. `by`: "family" (the lost-link page) or "staff"; `to`: only the contact the family
    typed (the lost-link page), else every contact on the request. Flushes."""
    now = now or datetime.now(UTC)
    token = follow_up.new_token(None)
    queued = notify_family(session, request, FAMILY_NEW_LINK,
                           follow_up_url=follow_up.follow_up_url(token, lang), lang=lang,
                           to=None if to is None else (EMAIL if to.kind == EMAIL else SMS))
    channels = sorted({message.channel.value for message in queued})
    if not channels:
        return []
    request.follow_up_token_hash = follow_up.hash_token(token)
    # The confirmation page could otherwise still be found by the first browser's session.
    request.confirmation_handle_hash = None
    session.add(RequestEvent(request_id=request.id, kind=EventKind.LINK_SENT, created_at=now,
                             actor_id=actor_id,
                             data={"by": by, "channels": channels,
                                   "new_contact": new_contact}))
    session.flush()
    return channels


def close_link(session: DbSession, request: HelpRequest, *, actor_id: int,
               new_contact: Contact | None = None,
               now: datetime | None = None) -> list[str] | None:
    """Close the private link at once (and the confirmation page's handle). With the contact
    the family named: it replaces the request's contact details and a new link goes there
    only. The channels of the new link (empty: none could carry it), or None when no new
    contact was named. Flushes."""
    now = now or datetime.now(UTC)
    request.follow_up_token_hash = None
    request.confirmation_handle_hash = None
    session.add(RequestEvent(request_id=request.id, kind=EventKind.LINK_CLOSED, created_at=now,
                             actor_id=actor_id,
                             data={"new_contact": new_contact.kind if new_contact else None}))
    if new_contact is None:
        session.flush()
        return None
    if new_contact.kind == EMAIL:
        request.email, request.phone = new_contact.value, None
        request.contact_method = ContactMethod.EMAIL
    else:
        request.phone, request.email = new_contact.value, None
        request.contact_method = ContactMethod.PHONE
        request.wants_email_confirmation = False
    session.flush()
    return send_new_link(session, request, lang=request.ui_language, by="staff",
                         actor_id=actor_id, new_contact=True, to=new_contact, now=now)
