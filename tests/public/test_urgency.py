"""An urgent request has the region's shorter promise: on the form, in its due time and on the
confirmation page, in Finnish and Swedish."""
import pytest
import sqlalchemy as sa

from helpbutton import due, formatting, local_time
from helpbutton.models import HelpRequest, Region


def page(response) -> str:
    return response.get_data(as_text=True)


def only_request(db) -> HelpRequest:
    [req] = db.session.scalars(sa.select(HelpRequest)).all()
    return req


@pytest.mark.parametrize("lang, promise", [
    ("fi", "Kiireelliseen yhteydenottopyyntöön vastataan seuraavan arkipäivän loppuun mennessä."),
    ("sv", "En brådskande begäran besvaras före slutet av följande arbetsdag."),
])
def test_the_urgency_question_says_when_an_urgent_request_is_answered(client, demo, lang,
                                                                       promise):
    html = page(client.get(f"/{lang}/"))
    assert 'name="urgent"' in html
    assert promise in html


def _set_urgent_promise(app, db, region, days: int) -> None:
    region.urgent_promise_working_days = days
    db.session.commit()
    app.extensions.get("public_form_choices", {}).clear()  # the form's choices are cached


def test_the_form_follows_the_regions_urgent_promise(app, client, db, demo):
    _set_urgent_promise(app, db, demo, 0)
    html = page(client.get("/fi/"))
    assert "vastataan saman arkipäivän loppuun mennessä" in html
    _set_urgent_promise(app, db, demo, 2)
    assert "Kiireelliseen yhteydenottopyyntöön vastataan 2 arkipäivän kuluessa." in \
        page(client.get("/fi/"))


@pytest.mark.parametrize("lang, said", [
    ("fi", "Merkitsit pyyntösi kiireelliseksi: työntekijä ottaa sinuun yhteyttä viimeistään "),
    ("sv", "Du markerade din begäran som brådskande: en medarbetare kontaktar dig senast "),
])
def test_an_urgent_request_gets_the_urgent_due_time_and_the_confirmation_says_so(
        app, client, db, demo, form, lang, said):
    region = db.session.get(Region, demo.id)
    assert (region.promise_working_days, region.urgent_promise_working_days) == (3, 1)
    assert form.send(lang=lang, urgent="y").status_code == 302

    req = only_request(db)
    assert req.urgent
    zone = app.config["DISPLAY_TIMEZONE"]
    assert req.due_at == due.due_at(req.created_at, 1, zone)
    assert req.due_at < due.due_at(req.created_at, 3, zone)

    html = page(client.get(f"/{lang}/confirmation"))
    assert req.reference in html
    with app.app_context():
        day = formatting.long_day(req.due_at, lang)
    assert f"{said}{day}." in html
    assert "(within" not in html and "(inom 1 arbetsdagar)" not in html


def test_a_request_that_is_not_urgent_keeps_the_normal_promise(app, client, db, demo, form):
    assert form.send().status_code == 302
    req = only_request(db)
    assert not req.urgent
    assert req.due_at == due.due_at(req.created_at, 3, app.config["DISPLAY_TIMEZONE"])
    html = page(client.get("/fi/confirmation"))
    assert "(3 arkipäivän kuluessa)" in html and "Merkitsit pyyntösi kiireelliseksi" not in html


def test_a_same_day_urgent_promise_is_due_by_the_end_of_the_day_or_the_next(
        app, client, db, demo, form):
    _set_urgent_promise(app, db, demo, 0)
    assert form.send(urgent="y").status_code == 302
    req = only_request(db)
    with app.app_context():
        assert req.due_at == due.due_at(req.created_at, 0, local_time.zone_name())
