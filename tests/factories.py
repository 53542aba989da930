"""Help requests and other rows written straight into the database, with the facts a test names.

One `make_request` for every test: by default a phone-only request in a demo centre, committed,
with its "created" event. `personal=True` gives it the personal data the privacy and statistics
tests search for (and retention must erase); `contact=FAMILY` the family of the mail tests.
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
    Municipality,
    Partner,
    Region,
    RequestEvent,
    Role,
    RoleAssignment,
    Topic,
    User,
)
from helpbutton.refdata import reference_data

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, noon in Helsinki
# In the future, so that mail queued "now" (real time) is due at MAIL_NOW. A Monday, 11:00.
MAIL_NOW = datetime(2030, 11, 25, 9, 0, tzinfo=UTC)

# The default request's caller: a phone number, no email address.
CALLER = {
    "contact_name": "Maija Meikäläinen",
    "phone": "+358401234567",
    "description": "Tarvitsemme apua arkeen.",
}
# The mail tests' family: none of it may reach staff mail.
FAMILY = {
    "contact_name": "Maija Meikäläinen",
    "phone": "+358401234567",
    "email": "maija.perhe@example.invalid",
    "description": "Unettomia öitä ja riitoja kotona",
    "contact_times": "iltaisin kuuden jälkeen",
}
# `personal=True`: never in statistics (searched for in the outputs), erased by retention.
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


def centre(session, key: str = "turku") -> Centre:
    """A demo centre by its key in demo_data (e.g. "turku", "kaarina", "loimaa-area")."""
    return session.scalar(sa.select(Centre).where(
        Centre.notification_email == f"perhekeskus.{key}@example.invalid"))


def user(session, email: str) -> User:
    return session.scalar(sa.select(User).where(User.email == email))


def topic(session, code: str | None = None) -> Topic:
    """The topic with this code, or the first one."""
    query = sa.select(Topic).order_by(Topic.position, Topic.id)
    if code:
        query = query.where(Topic.code == code)
    return session.scalars(query).first()


def topic_id(session, code: str) -> int:
    return topic(session, code).id


def partner_id(session, slug: str) -> int:
    return session.scalar(sa.select(Partner.id).where(Partner.slug == slug))


def make_request(session, at: Centre | str = "turku", *, created_at: datetime | None = None,
                 due_at: datetime | None = None, first_contact_after: timedelta | None = None,
                 reference: str | None = None, topic_code: str | None = None,
                 contact: dict = CALLER, personal: bool = False, wants_email: bool = False,
                 events: bool = True, note: bool = False, commit: bool = True,
                 **fields) -> HelpRequest:
    """`at`: a centre or a demo centre's key. `fields`: any other column (they win over the
    contact's). Made `NOW` less a minute per request unless `created_at` is given."""
    at = centre(session, at) if isinstance(at, str) else at
    n = next(_serial)
    created_at = created_at or NOW - timedelta(minutes=n)
    values = {
        "region_id": at.region_id, "municipality_code": at.host_municipality_code,
        "child_ages": [4], "age_band": "3-6", "service_language": "fi",
        "routing_via": "default",
        "routing_trace": [{"rule": None, "outcome": "default_centre", "condition": None,
                           "detail": {"municipality": at.host_municipality_code,
                                      "centre": at.id}}],
        **(PERSONAL if personal else contact),
    }
    if personal:  # the postal code is in the trace too, and the request has a follow-up link
        values.update(
            routing_via="municipality_default", follow_up_token_hash=secrets.token_hex(32),
            routing_trace=[{"rule": 1, "outcome": "condition_failed", "condition": "postal_code",
                            "detail": {"expected": ["20100"], "got": PERSONAL["postal_code"]}}])
    values.update(fields)
    values.setdefault("contact_method", ContactMethod.EITHER if personal or "email" in contact
                      else ContactMethod.PHONE)
    request = HelpRequest(
        reference=reference or f"T{n:05d}{secrets.token_hex(2).upper()}",
        created_at=created_at, consent_at=created_at, centre_id=at.id,
        topic_id=topic(session, topic_code).id, wants_email_confirmation=wants_email,
        due_at=due_at or created_at + timedelta(days=3),
        first_contact_at=created_at + first_contact_after if first_contact_after else None,
        **values,
    )
    if events:
        channel = values.get("channel", Channel.WEB)
        request.events.append(RequestEvent(kind=EventKind.CREATED, created_at=created_at,
                                           data={"channel": channel.value}))
    if note:
        request.events.append(RequestEvent(kind=EventKind.NOTE, created_at=created_at,
                                           text=NOTE_TEXT))
    session.add(request)
    session.flush()
    if commit:
        session.commit()
    return request


def make_lead(session, at: Centre, email_address: str, language: str = "fi",
              active: bool = True) -> User:
    lead = User(email=email_address, display_name="Lead", language=language, active=active)
    lead.roles.append(RoleAssignment(role=Role.LEAD, centre_id=at.id))
    session.add(lead)
    session.flush()
    return lead


def matrix_request_id(session) -> int:
    """For the access matrix: one open request of the Turku centre (made once per test)."""
    turku = centre(session, "turku")
    existing = session.scalar(sa.select(HelpRequest.id).where(
        HelpRequest.centre_id == turku.id, HelpRequest.reference == "MATRIX0001"))
    return existing or make_request(session, turku, reference="MATRIX0001").id


def serving_county(session, name: str, host_code: str) -> tuple[Region, Centre, Centre]:
    """Another county beside Varsinais-Suomi, in service: its reference data, a family centre
    in `host_code` (the default centre of that municipality) and a fallback centre."""
    reference_data.load_region(session, name)
    region = session.scalar(sa.select(Region).where(Region.name_fi == name))
    host = session.get(Municipality, host_code)
    made = []
    for label in ("Perhekeskus", "Neuvonta"):
        key = f"{region.slug}-{label.lower()}"
        made.append(Centre(
            region_id=region.id, host_municipality_code=host_code,
            name_fi=f"{label} {host.name_fi}", name_sv=f"{label} {host.name_sv}",
            name_en=f"{label} {host.name_fi}", languages=["fi", "sv"],
            notification_email=f"perhekeskus.{key}@example.invalid",
            municipalities=[host]))
    session.add_all(made)
    session.flush()
    own, fallback = made
    host.default_centre_id = own.id
    region.fallback_centre_id = fallback.id
    region.in_service = True
    session.flush()
    return region, own, fallback
