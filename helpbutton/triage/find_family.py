"""Find a family that lost its reference: by reference, phone number or email address, in the
worker's own centres only.

Plain SQLAlchemy, no Flask. What was typed is read as one of the three (`read_term`); the
search starts from `policy.visible_centre_ids`, so another centre's request is never found.
Phone numbers are stored in E.164 (intake normalises them on every write path through
`contact_details.normalize_phone`), so "040 765 4321", "0407654321" and "+358 40 765 4321" are
one number; email addresses are compared without regard to case. The terms never leave this
module: the audit record says only how the search was made and how many were found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton import policy
from helpbutton.contact_details import normalize_email, normalize_phone
from helpbutton.dbtypes import DbSession
from helpbutton.models import HelpRequest

BY_REFERENCE = "reference"
BY_PHONE = "phone"
BY_EMAIL = "email"
TERM_MAX = 254
# More than this many is not one family: the list says so instead of growing.
RESULTS_MAX = 50
_REFERENCE = re.compile(r"[A-Z0-9]{6,16}")


@dataclass(frozen=True)
class Term:
    by: str  # BY_REFERENCE, BY_PHONE or BY_EMAIL
    value: str  # normalised: upper-case reference, E.164 number, lower-case address


@dataclass(frozen=True)
class NotATerm:
    """Why the text is none of the three: "email" (looks like one, is not valid), "phone"
    (digits that are no valid number) or "unknown"."""

    problem: str


def read_term(text: str | None) -> Term | NotATerm:
    """What the worker typed, read as an email address (it has an @), a phone number (it
    parses as a Finnish or international number) or a reference (letters and digits)."""
    text = (text or "").strip()[:TERM_MAX]
    if not text:
        return NotATerm("unknown")
    if "@" in text:
        # Staff may look up the reserved demo and test names too (`.invalid`, `.test`).
        email = normalize_email(text, allow_reserved=True)
        return Term(BY_EMAIL, email.lower()) if email else NotATerm("email")
    phone = normalize_phone(text)
    if phone:
        return Term(BY_PHONE, phone)
    reference = re.sub(r"[\s-]", "", text).upper()
    if _REFERENCE.fullmatch(reference) and re.search(r"[A-Z]", reference):
        return Term(BY_REFERENCE, reference)
    if re.fullmatch(r"[\d\s()+./-]+", text):
        return NotATerm("phone")
    return NotATerm("unknown")


def search(session: DbSession, principal: policy.Principal | None, term: Term,
           limit: int = RESULTS_MAX) -> list[HelpRequest]:
    """The requests of the person's centres that match, newest first, at most `limit`+1 (the
    caller tells "more than `limit`" by the extra one)."""
    centres = policy.visible_centre_ids(principal)
    if not centres:
        return []
    if term.by == BY_PHONE:
        condition = HelpRequest.phone == term.value
    elif term.by == BY_EMAIL:
        condition = sa.func.lower(HelpRequest.email) == term.value
    else:
        condition = HelpRequest.reference == term.value
    return list(session.scalars(
        sa.select(HelpRequest)
        .where(HelpRequest.centre_id.in_(sorted(centres)), condition)
        .order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
        .limit(limit + 1)
        .options(so.joinedload(HelpRequest.centre))))
