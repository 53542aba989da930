"""Staff-area fixtures: demo accounts by role, real sign-in (with two-factor), fast sign-in.

Roles used across the staff tests (and the access matrix):
  staff               turku.staff@example.invalid   (staff of the Turku centre)
  lead                turku.lead@example.invalid    (lead of the Turku centre)
  municipality_admin  turku.admin@example.invalid   (administrator of Turku, 853)
  region_admin        region.admin@example.invalid  (administrator of Varsinais-Suomi)
Demo administrators have no two-factor yet: `enrol_totp` gives them a secret, as if they had
done the enrolment, and `sign_in` then answers the code step.
"""
import re
import time
from datetime import UTC, datetime

import pyotp
import pytest
import sqlalchemy as sa

from helpbutton.accounts import session as staff_session
from helpbutton.models import User
from helpbutton.refdata.demo_data import DEMO_PASSWORD

ROLE_EMAILS = {
    "staff": "turku.staff@example.invalid",
    "lead": "turku.lead@example.invalid",
    "municipality_admin": "turku.admin@example.invalid",
    "region_admin": "region.admin@example.invalid",
}
ROLES = ["anonymous", *ROLE_EMAILS]
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """Post like a browser: take the CSRF token from the page first."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_from(html)}, **kwargs)


def user_by_email(db, email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def fresh_code(secret: str, *, step_offset: int = 0) -> str:
    """A code for the current 30 s step (or a neighbour, which the server also accepts)."""
    totp = pyotp.TOTP(secret)
    return totp.at(datetime.now(UTC).timestamp() + 30 * step_offset)


@pytest.fixture
def demo_users(db, demo):
    return {role: user_by_email(db, email) for role, email in ROLE_EMAILS.items()}


@pytest.fixture
def enrol_totp(db):
    """Give an account two-factor sign-in directly in the database; returns the secret."""
    def enrol(user: User) -> str:
        secret = pyotp.random_base32()
        user.totp_secret = secret
        user.totp_enabled = True
        db.session.commit()
        return secret
    return enrol


@pytest.fixture
def sign_in(app, db):
    """Sign in through the real forms. Returns the response of the last step."""
    def do(client, email: str, password: str = DEMO_PASSWORD, secret: str | None = None,
           step_offset: int = 0):
        response = post_form(client, "/staff/sign-in",
                             {"email": email, "password": password})
        if secret and response.status_code == 302 and \
                response.headers["Location"].endswith("/staff/sign-in/code"):
            response = post_form(client, "/staff/sign-in/code",
                                 {"code": fresh_code(secret, step_offset=step_offset)})
        return response
    return do


@pytest.fixture
def sign_in_as(app, db, demo_users, enrol_totp, sign_in):
    """`sign_in_as("lead")` → a test client fully signed in as that demo role (two-factor
    included for administrators)."""
    def do(role: str):
        client = app.test_client()
        if role == "anonymous":
            return client
        user = demo_users[role]
        secret = enrol_totp(user) if role.endswith("admin") else None
        response = sign_in(client, user.email, secret=secret)
        assert response.status_code == 302, response.get_data(as_text=True)
        assert response.headers["Location"].endswith("/staff/"), response.headers["Location"]
        return client
    return do


@pytest.fixture
def fast_sign_in(app, db, demo_users):
    """A full session written straight into the cookie, as `session.start` would: for tests
    that are about what a signed-in person may do, not about signing in (no Argon2, no code)."""
    def do(role: str):
        if role == "anonymous":
            return app.test_client()
        return signed_in_client(app, demo_users[role])
    return do


def signed_in_client(app, user):
    """A test client with `user`'s full staff session written into its cookie."""
    client = app.test_client()
    now = time.time()
    with client.session_transaction() as sess:
        sess[staff_session.KEY] = {"uid": user.id, "sv": user.session_version,
                                   "sid": "test", "start": now, "seen": now,
                                   "stage": staff_session.FULL, "next": None}
    return client
