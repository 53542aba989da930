"""Partner tests: the public form driver, fresh rate limits, a signed-in region admin."""
import pytest

from helpbutton.extensions import limiter
from tests.public.conftest import FormDriver
from tests.signin import csrf_from, post_form  # noqa: F401  (imported from here)


@pytest.fixture
def form(client):
    return FormDriver(client)


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    limiter.reset()
    yield


@pytest.fixture
def admin(fast_sign_in):
    return fast_sign_in("region_admin")
