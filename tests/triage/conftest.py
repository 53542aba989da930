"""Triage fixtures: the staff sign-in fixtures of tests/staff, and demo people and centres."""
import pytest

from tests.staff.conftest import (  # noqa: F401  (fixtures shared with the staff tests)
    demo_users,
    enrol_totp,
    fast_sign_in,
    sign_in,
    sign_in_as,
)
from tests.triage import factories

STAFF = "turku.staff@example.invalid"
LEAD = "turku.lead@example.invalid"
OTHER_STAFF = "loimaa.staff@example.invalid"  # works at the Loimaa area centre


@pytest.fixture
def turku(db, demo):
    return factories.centre(db, "turku")


@pytest.fixture
def loimaa(db, demo):
    return factories.centre(db, "loimaa-area")


@pytest.fixture
def people(db, demo):
    return {"staff": factories.user(db, STAFF), "lead": factories.user(db, LEAD),
            "other": factories.user(db, OTHER_STAFF)}


@pytest.fixture
def client_for(app, db, demo):
    """`client_for(email)` → a test client with a full staff session for that account (as
    `fast_sign_in`, for any demo account)."""
    import time

    from helpbutton.accounts import session as staff_session

    def make(email: str):
        person = factories.user(db, email)
        client = app.test_client()
        now = time.time()
        with client.session_transaction() as sess:
            sess[staff_session.KEY] = {"uid": person.id, "sv": person.session_version,
                                       "sid": "test", "start": now, "seen": now,
                                       "stage": staff_session.FULL, "next": None}
        return client
    return make
