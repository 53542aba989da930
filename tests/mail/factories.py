"""Test data for the mail tests: requests with personal data that must never reach staff."""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from helpbutton.models import Centre, ContactMethod, HelpRequest, Role, RoleAssignment, Topic, User

# In the future, so that mail queued "now" (real time) is due at NOW. A Monday, 11:00 in Helsinki.
NOW = datetime(2030, 11, 25, 9, 0, tzinfo=UTC)

# --- data ------------------------------------------------------------------------------

FAMILY = {
    "contact_name": "Maija Meikäläinen",
    "phone": "+358401234567",
    "email": "maija.perhe@example.invalid",
    "description": "Unettomia öitä ja riitoja kotona",
    "contact_times": "iltaisin kuuden jälkeen",
}


def centre_by_key(session, key: str) -> Centre:
    return session.scalar(
        sa.select(Centre).where(Centre.notification_email == f"perhekeskus.{key}@example.invalid")
    )


def topic_by_code(session, code: str = "parenting") -> Topic:
    topic = session.scalar(sa.select(Topic).where(Topic.code == code))
    return topic or session.scalar(sa.select(Topic).order_by(Topic.position))


def make_request(session, centre: Centre, *, reference: str = "ACDEF34679", now=NOW,
                 due_at=None, ui_language="fi", wants_email=True, topic=None, **fields):
    topic = topic or topic_by_code(session)
    values = dict(FAMILY)
    values.update(fields)
    request = HelpRequest(
        reference=reference, region_id=centre.region_id,
        municipality_code=centre.host_municipality_code, topic_id=topic.id,
        service_language="fi", ui_language=ui_language, contact_method=ContactMethod.EITHER,
        consent_at=now, created_at=now, centre_id=centre.id,
        due_at=due_at or now + timedelta(days=3), wants_email_confirmation=wants_email,
        **values,
    )
    session.add(request)
    session.flush()
    return request


def make_lead(session, centre: Centre, email_address: str, language: str = "fi",
              active: bool = True) -> User:
    user = User(email=email_address, display_name="Lead", language=language, active=active)
    user.roles.append(RoleAssignment(role=Role.LEAD, centre_id=centre.id))
    session.add(user)
    session.flush()
    return user
