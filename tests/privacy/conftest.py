"""Requests with personal data, old and new, for the privacy lifecycle tests."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from helpbutton.models import OutboxMessage, Outcome, RequestStatus, User
from tests.factories import make_request, utc

NOW = utc(2026, 11, 20, 12, 0)


@pytest.fixture
def region_admin(db, demo):
    return db.session.scalar(sa.select(User).where(User.email == "region.admin@example.invalid"))


@pytest.fixture
def lifecycle(db, demo):
    """expired: closed 1 Oct 2025 (over 365 days before NOW); recent: closed 1 Jun 2026;
    open_old: created 2024 and still open; each with a note and mail."""
    closed = dict(status=RequestStatus.CLOSED, outcome=Outcome.SUPPORT_STARTED)
    r = {
        "expired": make_request(db.session, personal=True, note=True,
                                created_at=utc(2025, 9, 20, 8),
                                first_contact_after=timedelta(hours=20),
                                closed_at=utc(2025, 10, 1, 8), **closed),
        "recent": make_request(db.session, personal=True, note=True,
                               created_at=utc(2026, 5, 20, 8),
                               first_contact_after=timedelta(hours=30),
                               closed_at=utc(2026, 6, 1, 8), **closed),
        "open_old": make_request(db.session, personal=True, note=True,
                                 created_at=utc(2024, 1, 10, 8),
                                 status=RequestStatus.IN_PROGRESS),
    }
    for request in r.values():
        db.session.add_all([
            OutboxMessage(kind="family_confirmation", recipient=request.email, language="fi",
                          subject="Pyyntösi on vastaanotettu", body_text="…",
                          request_id=request.id),
            OutboxMessage(kind="centre_new_request", recipient="perhekeskus.turku@example.invalid",
                          language="fi", subject="Uusi pyyntö", body_text="…",
                          request_id=request.id),
        ])
    db.session.commit()
    return r

