"""A centre that receives requests but where nobody works is a coverage gap, and says so."""
import pytest
import sqlalchemy as sa

from helpbutton.models import Centre, User
from helpbutton.routing_admin import store

TEAM = "Domestic Violence Team (example)"


@pytest.fixture
def english(db, demo_users):
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


def team(db) -> Centre:
    return db.session.scalar(sa.select(Centre).where(
        Centre.notification_email == "perhekeskus.safety@example.invalid"))


def nobody_at_the_violence_team(db):
    worker = db.session.scalar(sa.select(User).where(User.email == "safety.staff@example.invalid"))
    worker.active = False
    db.session.commit()


def test_in_the_demo_every_centre_that_receives_requests_has_a_worker(db, demo):
    assert store.unstaffed_targets(db.session, demo) == []


def test_the_coverage_report_shows_a_centre_without_staff_as_a_gap(
        app, db, demo, english, fast_sign_in):
    client = fast_sign_in("region_admin")
    html = client.get("/admin/m/734/coverage").get_data(as_text=True)
    cell_says = "<strong>Gap: nobody works there</strong>"  # in the cell; the legend names it
    assert TEAM in html and cell_says not in html
    nobody_at_the_violence_team(db)
    html = client.get("/admin/m/734/coverage").get_data(as_text=True)
    assert "Nobody works at these centres" in html
    assert cell_says in html


def test_the_centre_page_and_the_administrators_home_say_so(
        app, db, demo, english, fast_sign_in):
    client = fast_sign_in("region_admin")
    page = f"/admin/m/853/centres/{team(db).id}"
    assert "Nobody works at this centre" not in client.get(page).get_data(as_text=True)
    assert "Centres where nobody works" not in client.get("/admin/").get_data(as_text=True)
    nobody_at_the_violence_team(db)
    assert "Nobody works at this centre" in client.get(page).get_data(as_text=True)
    home = client.get("/admin/").get_data(as_text=True)
    assert "Centres where nobody works" in home and TEAM in home
    # Turku's administrator too: region-wide rules send Turku's violence requests there.
    turku = fast_sign_in("municipality_admin")
    assert TEAM in turku.get("/admin/").get_data(as_text=True)
