"""Test requests made directly as rows, in the demo centres (no routing, no mail)."""
import itertools
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from helpbutton.models import (
    Centre,
    ContactMethod,
    EventKind,
    HelpRequest,
    RequestEvent,
    RequestStatus,
    Topic,
    User,
)

_counter = itertools.count(1)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, noon in Helsinki


def centre(db, key: str) -> Centre:
    """A demo centre by its key in demo_data (e.g. "turku", "kaarina", "loimaa-area")."""
    return db.session.scalar(sa.select(Centre).where(
        Centre.notification_email == f"perhekeskus.{key}@example.invalid"))


def user(db, email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def topic(db, code: str | None = None) -> Topic:
    query = sa.select(Topic).order_by(Topic.position, Topic.id)
    if code:
        query = query.where(Topic.code == code)
    return db.session.scalars(query).first()


def make_request(db, at: Centre, *, created_at: datetime | None = None,
                 due_at: datetime | None = None, status: RequestStatus = RequestStatus.NEW,
                 urgent: bool = False, topic_code: str | None = None,
                 age_band: str | None = "3-6", assignee: User | None = None,
                 reference: str | None = None, phone: str = "+358401234567",
                 name: str | None = "Maija Meikäläinen", trace: list | None = None,
                 commit: bool = True) -> HelpRequest:
    n = next(_counter)
    created_at = created_at or NOW - timedelta(minutes=n)
    req = HelpRequest(
        reference=reference or "T" + secrets.token_hex(4).upper()[:7] + f"{n % 100:02d}",
        created_at=created_at,
        region_id=at.region_id,
        municipality_code=at.host_municipality_code,
        topic_id=topic(db, topic_code).id,
        child_ages=[4],
        age_band=age_band,
        description="Tarvitsemme apua arkeen.",
        urgent=urgent,
        service_language="fi",
        contact_method=ContactMethod.PHONE,
        contact_name=name,
        phone=phone,
        consent_at=created_at,
        status=status,
        centre_id=at.id,
        assignee_id=assignee.id if assignee else None,
        routing_via="default",
        routing_trace=trace if trace is not None else [
            {"rule": None, "outcome": "default_centre", "condition": None,
             "detail": {"municipality": at.host_municipality_code, "centre": at.id}}],
        due_at=due_at or created_at + timedelta(days=3),
    )
    db.session.add(req)
    db.session.flush()
    db.session.add(RequestEvent(request_id=req.id, kind=EventKind.CREATED, created_at=created_at,
                                data={"channel": "web"}))
    if commit:
        db.session.commit()
    return req


def matrix_request_id(db) -> int:
    """For the access matrix: one open request of the Turku centre (made once per test)."""
    turku = centre(db, "turku")
    existing = db.session.scalar(sa.select(HelpRequest.id).where(
        HelpRequest.centre_id == turku.id, HelpRequest.reference == "MATRIX0001"))
    return existing or make_request(db, turku, reference="MATRIX0001").id
