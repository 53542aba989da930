"""Triage fixtures: demo people and centres, and clients signed in as them."""
import pytest

from tests.factories import centre, user
from tests.signin import signed_in_client

STAFF = "turku.staff@example.invalid"
LEAD = "turku.lead@example.invalid"
OTHER_STAFF = "loimaa.staff@example.invalid"  # works at the Loimaa area centre


@pytest.fixture
def turku(db, demo):
    return centre(db.session, "turku")


@pytest.fixture
def loimaa(db, demo):
    return centre(db.session, "loimaa-area")


@pytest.fixture
def people(db, demo):
    return {"staff": user(db.session, STAFF), "lead": user(db.session, LEAD),
            "other": user(db.session, OTHER_STAFF)}


@pytest.fixture
def client_for(app, db, demo):
    """`client_for(email)` → a test client signed in as that demo account (as `fast_sign_in`:
    the session cookie of a real sign-in, made once per backend)."""
    return lambda email: signed_in_client(app, user(db.session, email))
