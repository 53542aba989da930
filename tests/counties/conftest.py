"""Counties beside Varsinais-Suomi, each serving with its own centres."""
import pytest

from helpbutton.extensions import limiter
from tests.factories import serving_county
from tests.public.conftest import FormDriver


@pytest.fixture
def fresh_entry(app):
    # The public form's choices are cached for a minute: every test sees its own counties.
    app.extensions.get("public_form_choices", {}).clear()
    yield
    app.extensions.get("public_form_choices", {}).clear()


@pytest.fixture
def counties(db, demo, fresh_entry):
    """Keski-Suomi (centre in Jyväskylä) and Päijät-Häme (centre in Lahti), in service."""
    made = {"keski-suomi": serving_county(db.session, "Keski-Suomi", "179"),
            "paijat-hame": serving_county(db.session, "Päijät-Häme", "398")}
    db.session.commit()
    return made


@pytest.fixture
def form(client):
    limiter.reset()
    return FormDriver(client)
