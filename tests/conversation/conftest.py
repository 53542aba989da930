"""Conversation fixtures: a family that sent the public form and holds its private link, the
Turku centre's workers signed in (their pages in Finnish: the tests' requests share one
app context, so the family's language stays in `g`), and the mail fixtures (a real SMTP
server) of tests/mail."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.extensions import limiter
from helpbutton.models import HelpRequest
from tests.factories import user
from tests.mail.conftest import mail_app, smtp  # noqa: F401  (fixtures)
from tests.public.conftest import FormDriver, hidden_fields
from tests.signin import signed_in_client

STAFF = "turku.staff@example.invalid"
LEAD = "turku.lead@example.invalid"
OTHER_STAFF = "loimaa.staff@example.invalid"
FAMILY_EMAIL = "perhe.keskustelu@example.com"
FAMILY_NAME = "Maija Keskustelija"


class Family:
    """A family with its private link, driving its follow-up page as a browser would."""

    def __init__(self, client, link: str):
        self.client = client
        self.link = link

    def page(self):
        return self.client.get(self.link)

    def html(self) -> str:
        response = self.page()
        assert response.status_code == 200
        return response.get_data(as_text=True)

    def write(self, body: str, what: str = "message", **kwargs):
        prefix = "reply" if what == "message" else "addition"
        fields = hidden_fields(self.html())
        return self.client.post(f"{self.link}/{what}", data={
            f"{prefix}-csrf_token": fields[f"{prefix}-csrf_token"], f"{prefix}-body": body},
            **kwargs)


@pytest.fixture
def family_in(client, db, demo):
    """`family_in("sv", email=True)` → a Family that sent the form in that language."""
    def make(lang: str = "fi", *, email: bool = True) -> Family:
        limiter.reset()
        changes = {"contact_method": "either", "email": FAMILY_EMAIL,
                   "contact_name": FAMILY_NAME} if email else {"contact_name": FAMILY_NAME}
        assert FormDriver(client).send(lang, **changes).status_code == 302
        html = client.get(f"/{lang}/confirmation").get_data(as_text=True)
        link = re.search(rf'href="http://localhost(/{lang}/follow-up/[\w-]+)"', html).group(1)
        return Family(client, link)
    return make


@pytest.fixture
def the_request(db):
    return lambda: db.session.scalars(sa.select(HelpRequest)).one()


@pytest.fixture
def worker(app, db, demo):
    """`worker(email)` → a test client signed in as that demo account."""
    return lambda email=STAFF: signed_in_client(app, user(db.session, email))
