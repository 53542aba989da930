"""Help requests written straight into the database, with exactly the facts a test names.

Every request gets personal data that must never show in statistics (the names and strings
below are searched for in the outputs) and that retention must erase.
"""
import itertools
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from helpbutton.models import (
    Centre,
    Channel,
    ContactMethod,
    EventKind,
    HelpRequest,
    Partner,
    RequestEvent,
    RequestStatus,
    Topic,
)

PERSONAL = {
    "contact_name": "Maija Meikäläinen-Erityinen",
    "phone": "+358401234567",
    "email": "maija.meikalainen@example.invalid",
    "contact_times": "Arkisin kello 16 jälkeen",
    "description": "Lapsi ei nuku ja minä uuvun, salainen kuvaus",
    "postal_code": "20810",
}
NOTE_TEXT = "Soitin äidille, puhuttiin unikoulusta (salainen muistiinpano)"
_serial = itertools.count(1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def topic_id(db, code: str) -> int:
    return db.session.scalar(sa.select(Topic.id).where(Topic.code == code))


def centre_id(db, key: str = "turku") -> int:
    return db.session.scalar(sa.select(Centre.id).where(
        Centre.notification_email == f"perhekeskus.{key}@example.invalid"))


def partner_id(db, slug: str) -> int:
    return db.session.scalar(sa.select(Partner.id).where(Partner.slug == slug))


def make_request(db, region, *, created_at: datetime, municipality: str = "853",
                 topic: str | None = None, age_band: str | None = "3-6",
                 channel: Channel = Channel.WEB, partner: int | None = None,
                 service_language: str = "fi", first_contact_after: timedelta | None = None,
                 due_after: timedelta = timedelta(days=3),
                 status: RequestStatus = RequestStatus.NEW,
                 outcome=None, closed_at: datetime | None = None, with_note: bool = False,
                 centre: str = "turku") -> HelpRequest:
    topic_code = topic or db.session.scalar(
        sa.select(Topic.code).where(Topic.region_id == region.id).order_by(Topic.position))
    request = HelpRequest(
        reference=f"T{next(_serial):05d}{secrets.token_hex(2).upper()}",
        created_at=created_at, region_id=region.id, municipality_code=municipality,
        topic_id=topic_id(db, topic_code), child_ages=[4], age_band=age_band,
        service_language=service_language, contact_method=ContactMethod.EITHER,
        consent_at=created_at, channel=channel, partner_id=partner, status=status,
        centre_id=centre_id(db, centre), due_at=created_at + due_after,
        first_contact_at=created_at + first_contact_after if first_contact_after else None,
        outcome=outcome, closed_at=closed_at, follow_up_token_hash=secrets.token_hex(32),
        routing_via="municipality_default",
        routing_trace=[{"rule": 1, "outcome": "condition_failed", "condition": "postal_code",
                        "detail": {"expected": ["20100"], "got": PERSONAL["postal_code"]}}],
        **PERSONAL,
    )
    request.events.append(RequestEvent(kind=EventKind.CREATED, created_at=created_at,
                                       data={"channel": channel.value}))
    if with_note:
        request.events.append(RequestEvent(kind=EventKind.NOTE, created_at=created_at,
                                           text=NOTE_TEXT))
    db.session.add(request)
    db.session.flush()
    return request
