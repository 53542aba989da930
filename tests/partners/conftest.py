"""Partner tests reuse the staff sign-in fixtures and the public form driver."""
import pytest

from helpbutton.extensions import limiter
from tests.public.conftest import FormDriver
from tests.staff.conftest import (  # noqa: F401  (fixtures)
    csrf_from,
    demo_users,
    enrol_totp,
    fast_sign_in,
    post_form,
    sign_in,
    sign_in_as,
)


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
