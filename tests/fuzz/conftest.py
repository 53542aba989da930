"""Fuzzing fixtures: limits raised so that fuzzing tests the app rather than the rate limiter."""
import pytest
import sqlalchemy as sa

from helpbutton.extensions import limiter
from helpbutton.models import Channel, Region
from helpbutton.partners import operations as partners

# Far above anything a bounded fuzzing run sends, so no answer is a 429 from volume alone.
UNLIMITED = "100000 per minute"


@pytest.fixture
def fuzz_app(app, demo):
    app.config.update(API_RATELIMIT_PER_KEY=UNLIMITED, API_RATELIMIT_PER_ADDRESS=UNLIMITED,
                      PUBLIC_FORM_RATE_LIMIT=UNLIMITED, PUBLIC_FORM_ATTEMPT_LIMIT=UNLIMITED)
    limiter.reset()  # process-wide counters: start from zero
    yield app
    limiter.reset()


@pytest.fixture
def api_key(fuzz_app, db):
    """A partner API key of a (non-demo) library in Loimaa."""
    region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    _partner, key = partners.create_partner(
        db.session, region,
        partners.PartnerDetails(name="Fuzz library", channel=Channel.LIBRARY,
                                municipality_code="430"),
        with_api_key=True,
    )
    db.session.commit()
    return key
