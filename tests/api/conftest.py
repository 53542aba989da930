"""API fixtures: partners with keys on the demo configuration, and a JSON poster."""
import pytest
import sqlalchemy as sa

from helpbutton.models import Centre, Channel, Region
from helpbutton.partners import operations as partners


def valid_body(**changes) -> dict:
    body = {
        "municipality_code": "430",
        "topic_code": "parenting",
        "child_ages": [4, 7],
        "description": "Arki on raskasta, toivoisimme keskusteluapua.",
        "contact_method": "phone",
        "phone": "040 123 4567",
        "contact_times": "arkisin klo 9-12",
        "service_language": "fi",
        "consent": True,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


@pytest.fixture
def new_partner(db):
    """Makes a partner in Varsinais-Suomi, which must be loaded by then."""
    def make(name="Loimaan kirjasto", channel=Channel.LIBRARY, municipality="430",
             with_api_key=True, active=True):
        region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
        partner, key = partners.create_partner(
            db.session, region,
            partners.PartnerDetails(name=name, channel=channel, municipality_code=municipality),
            with_api_key=with_api_key,
        )
        partner.active = active
        db.session.commit()
        return partner, key
    return make


@pytest.fixture
def make_partner(demo, new_partner):
    return new_partner


@pytest.fixture
def partner_key(make_partner):
    return make_partner()


@pytest.fixture
def post_request(client):
    def post(key, body, headers=None, **kw):
        all_headers = {"Authorization": f"Bearer {key}"} if key else {}
        all_headers.update(headers or {})
        return client.post("/api/v1/requests", json=body, headers=all_headers, **kw)
    return post


@pytest.fixture
def centre_named(db):
    def find(key: str) -> Centre:
        return db.session.scalar(sa.select(Centre).where(
            Centre.notification_email == f"perhekeskus.{key}@example.invalid"))
    return find
