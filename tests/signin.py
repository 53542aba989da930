"""Staff sign-in for tests: through the real forms, once per account per backend.

Roles used across the tests (and the access matrix):
  staff               turku.staff@example.invalid   (staff of the Turku centre)
  lead                turku.lead@example.invalid    (lead of the Turku centre)
  municipality_admin  turku.admin@example.invalid   (administrator of Turku, 853)
  region_admin        region.admin@example.invalid  (administrator of Varsinais-Suomi)
Demo administrators have no two-factor yet: `enrol_totp` gives them a secret, as if they had
done the enrolment, and `sign_in` then answers the code step.

`SignedIn` posts the sign-in form (and the code) for every demo account once, when the demo
database of a backend is built, in a transaction it rolls back; tests reuse the session
cookies. They stay good because the session only checks the account's `session_version`,
which every test's rollback puts back.
"""
import re
import time
from datetime import UTC, datetime

import pyotp
import sqlalchemy as sa
from flask import Flask

from helpbutton.extensions import db as _db
from helpbutton.models import User
from helpbutton.refdata.demo_data import DEMO_PASSWORD, VS_ACCOUNTS

ROLE_EMAILS = {
    "staff": "turku.staff@example.invalid",
    "lead": "turku.lead@example.invalid",
    "municipality_admin": "turku.admin@example.invalid",
    "region_admin": "region.admin@example.invalid",
}
ROLES = ["anonymous", *ROLE_EMAILS]
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Well inside the 30-minute idle limit: an older cookie is made again by signing in again.
REUSE_SECONDS = 20 * 60


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """Post like a browser: take the CSRF token from the page first."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_from(html)}, **kwargs)


def post_confirmed(client, url: str, data: dict, *, page: str | None = None):
    """A destructive action: posted, its confirmation page read, then confirmed."""
    shown = post_form(client, url, data, page=page)
    html = shown.get_data(as_text=True)
    found = re.search(r'name="confirm" value="([0-9a-f]+)"', html)
    assert shown.status_code == 200 and found, html
    return client.post(url, data={**data, "confirm": found.group(1),
                                  "csrf_token": csrf_from(html)})


def user_by_email(db, email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def fresh_code(secret: str, *, step_offset: int = 0) -> str:
    """A code for the current 30 s step (or a neighbour, which the server also accepts)."""
    totp = pyotp.TOTP(secret)
    return totp.at(datetime.now(UTC).timestamp() + 30 * step_offset)


def enrol(session, user: User) -> str:
    """Two-factor sign-in for the account, straight into the database; returns the secret."""
    secret = pyotp.random_base32()
    user.totp_secret = secret
    user.totp_enabled = True
    user.totp_last_step = None  # a new secret starts with no code used, as enrolment does
    session.commit()
    return secret


def sign_in(client, email: str, password: str = DEMO_PASSWORD, secret: str | None = None,
            step_offset: int = 0):
    """The sign-in form, then the code form if asked for. Returns the last step's response."""
    response = post_form(client, "/staff/sign-in", {"email": email, "password": password})
    if secret and response.status_code == 302 and \
            response.headers["Location"].endswith("/staff/sign-in/code"):
        response = post_form(client, "/staff/sign-in/code",
                             {"code": fresh_code(secret, step_offset=step_offset)})
    return response


def signed_in_by_form(app: Flask, user: User):
    """A new client, signed in as `user` through the forms (two-factor given if it asks)."""
    csrf = app.config.get("WTF_CSRF_ENABLED", True)
    app.config["WTF_CSRF_ENABLED"] = True  # the forms as a browser gets them, whatever the test
    try:
        return _signed_in_by_form(app, user)
    finally:
        app.config["WTF_CSRF_ENABLED"] = csrf


def _signed_in_by_form(app: Flask, user: User):
    client = app.test_client()
    response = sign_in(client, user.email)
    if response.status_code == 302 and not response.headers["Location"].endswith("/staff/"):
        # Two-factor asked for or to be set up: a fresh secret (a code is taken only once,
        # and a test may sign the same account in again within 30 s).
        client = app.test_client()
        response = sign_in(client, user.email, secret=enrol(_db.session, user))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/staff/"), response.headers["Location"]
    return client


class SignedIn:
    """Session cookies of the demo accounts, made by signing in through the forms."""

    def __init__(self):
        self._cookies: dict[str, tuple[float, int, list]] = {}

    def sign_in_everyone(self, app: Flask) -> None:
        """Inside a transaction the caller rolls back: the cookies outlive what sign-in wrote."""
        for account in VS_ACCOUNTS:
            self._keep(app, account.email)

    def _keep(self, app: Flask, email: str) -> None:
        user = user_by_email(_db, email)
        self._remember(user, signed_in_by_form(app, user))

    def _remember(self, user: User, client) -> None:
        cookies = [(c.key, c.value, c.domain, c.origin_only, c.path)
                   for c in client._cookies.values()]
        self._cookies[user.email] = (time.monotonic(), user.session_version, cookies)

    def client(self, app: Flask, user: User):
        """A client with `user`'s session: the kept cookie, or a sign-in now (for accounts
        the test made itself, when the test has ended the account's sessions, or when the
        kept one has grown old)."""
        kept = self._cookies.get(user.email)
        if kept is None or time.monotonic() - kept[0] > REUSE_SECONDS \
                or kept[1] != user.session_version:
            client = signed_in_by_form(app, user)
            if kept is not None:
                # A demo account's new session is kept too: a test that signs it out once
                # (the access matrix does) would otherwise use the forms for every request.
                self._remember(user, client)
            return client
        client = app.test_client()
        for key, value, domain, origin_only, path in kept[2]:
            client.set_cookie(key, value, domain=domain, origin_only=origin_only, path=path)
        return client


KEPT: dict[Flask, SignedIn] = {}  # each backend's shared app → its accounts' cookies


def signed_in_client(app: Flask, user: User):
    """A client fully signed in as `user`: the kept cookie of the shared app, else the forms."""
    kept = KEPT.get(app)
    return kept.client(app, user) if kept else signed_in_by_form(app, user)
