"""Fixtures: the staff area's sign-in helpers, and the demo region as an operations actor."""
import pytest

from helpbutton.routing_admin.operations import Actor


@pytest.fixture
def actor(db, demo, demo_users):
    return Actor(region=demo, user_id=demo_users["municipality_admin"].id)
