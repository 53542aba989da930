"""A family-centre worker's day in Chromium, at a desktop's 1280 px and a phone's 390 px.

Tero of Turku's family centre signs in, reads the counts on the front page (they match the
requests seeded for the day), finds a family by the phone number it gave however it is typed,
records a request taken by phone and finds it in the queue, claims it, records a contact
attempt and a note, and forwards it to the youth guidance ("choose a centre": nothing chosen
for him). Nelli of the youth guidance then finds it in her queue, claims it and closes it with
an outcome. Every page on the way is no wider than the window (what must be wider scrolls in
its own box) and axe-core finds nothing on it.

A real server on loopback (werkzeug in a thread) and real sign-in through the forms, with the
two-factor step answered if the account asks for one; a fresh database for each width, so the
counts are the seeded ones. One Chromium for the module.
"""
import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from playwright.sync_api import expect

from helpbutton.extensions import db
from helpbutton.models import HelpRequest, Region, RequestStatus, User
from helpbutton.models.partner import CHANNEL_LABELS
from helpbutton.models.request import STATUS_LABELS
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from helpbutton.routing_admin.router import bump_routing_version
from tests.browser import axe
from tests.browser.conftest import app_on_disk, served
from tests.browser.routed import launch
from tests.browser.test_staff_layout import DESKTOP, PHONE, _assert_fits
from tests.factories import centre, make_request

pytestmark = pytest.mark.browser

WORKER = "turku.staff@example.invalid"  # Tero Työntekijä, Turun perhekeskus
RECEIVER = "turku.youth@example.invalid"  # Nelli Nuorisotyö, Turun nuorten palveluohjaus
TURKU = "Turun perhekeskus (esimerkki)"  # the demo centres say they are examples
YOUTH = "Turun nuorten palveluohjaus (esimerkki)"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}



@pytest.fixture(scope="module")
def chromium():
    yield from launch()


# A fresh database for each test (each width): the counts on the front page are then exactly
# what `seeded` made.
@pytest.fixture
def day_app(tmp_path):
    yield from app_on_disk(tmp_path)


@pytest.fixture
def day_server(day_app):
    yield from served(day_app)


def _fi(app, text) -> str:
    """One of the app's labels (a lazy string) in Finnish, as the worker's pages show it."""
    with app.test_request_context(), force_locale("fi"):
        return str(text)


@pytest.fixture
def seeded(day_app):
    """Turku's open requests this morning: 3 new (1 urgent, 1 overdue), 1 held by Tero."""
    now = datetime.now(UTC)
    with day_app.app_context():
        tero = db.session.scalar(sa.select(User).where(User.email == WORKER))
        family = make_request(db.session, "turku", created_at=now - timedelta(hours=3),
                              due_at=now + timedelta(days=2), urgent=True,
                              phone="+358407654321")
        make_request(db.session, "turku", created_at=now - timedelta(days=6),
                     due_at=now - timedelta(days=1))
        make_request(db.session, "turku", created_at=now - timedelta(hours=1),
                     due_at=now + timedelta(days=3))
        make_request(db.session, "turku", created_at=now - timedelta(days=1),
                     due_at=now + timedelta(days=2), assignee_id=tero.id,
                     status=RequestStatus.IN_PROGRESS)
        # Another centre's family with the same number: never found by Tero.
        make_request(db.session, "kaarina", phone="+358407654321")
        found = {"reference": family.reference, "tero": tero.display_name,
                 "nelli": db.session.scalar(sa.select(User.display_name)
                                            .where(User.email == RECEIVER))}
        db.session.remove()
    return found


def _check(page, what: str) -> None:
    """The page shows its heading, fits the window and axe finds nothing on it."""
    expect(page.locator("main h1")).to_have_count(1)
    _assert_fits(page, what)
    axe.assert_no_violations(page)


def _sign_in(page, server: str, email: str) -> None:
    page.goto(f"{server}/staff/sign-in?lang=fi")
    _check(page, "sign-in")
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirjaudu sisään").click()
    if page.url.endswith("/staff/two-factor"):  # enrolment asked for: take the secret shown
        _check(page, "two-factor enrolment")
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.locator("input[name=code]").fill(pyotp.TOTP(secret).now())
        with page.expect_navigation():
            page.locator("form:has(input[name=code]) button[type=submit]").click()
    assert page.url == f"{server}/staff/", (page.url, page.locator("main").inner_text()[:300])


def _count(page, name: str) -> int:
    text = page.locator(f"main .work-count-{name} a").inner_text()
    found = re.match(r"\d+", text.strip())
    assert found, text
    return int(found.group())


def _timeline(page) -> str:
    return page.locator(".timeline").inner_text()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_workers_day(chromium, day_server, day_app, seeded, viewport):
    server, live_app = day_server, day_app
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="fi-FI")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        _day_of_the_worker(page, server, live_app, seeded)
        receiver = chromium.new_context(viewport=VIEWPORTS[viewport], locale="fi-FI")
        try:
            page = receiver.new_page()
            page.set_default_timeout(10_000)
            _the_receiver_closes_it(page, server, live_app, seeded)
        finally:
            receiver.close()
    finally:
        context.close()


def _day_of_the_worker(page, server, live_app, seeded) -> None:
    # Morning: sign in and read the counts.
    _sign_in(page, server, WORKER)
    _check(page, "front page")
    assert seeded["tero"] in page.locator("main h1").inner_text()
    counts = {name: _count(page, name) for name in ("new", "urgent", "overdue", "mine")}
    assert counts == {"new": 3, "urgent": 1, "overdue": 1, "mine": 1}
    # The menu says the same on every page, each count a link to exactly those requests.
    for name, n in counts.items():
        badge = page.locator(f"nav .menu-counts .badge-{name}")
        assert re.match(rf"{n}\b", badge.inner_text()), name
    page.locator("main .work-count-overdue a").click()
    _check(page, "the overdue requests")
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    page.go_back()

    # The urgent family phones; it has lost its reference. Found by the number, typed anyhow.
    page.get_by_label("Viitetunnus, puhelinnumero tai sähköpostiosoite").fill("040 765 4321")
    with page.expect_navigation():
        page.get_by_role("button", name="Hae", exact=True).click()
    assert page.url == f"{server}/staff/find"  # posted: the number is not in the address
    _check(page, "find a family")
    found = page.locator("table.queue tbody tr")
    expect(found).to_have_count(1)  # Kaarina's family with the same number is not Tero's
    assert seeded["reference"] in found.inner_text() and TURKU in found.inner_text()

    # Another family phones: Tero records its request.
    page.goto(f"{server}/staff/record")
    _check(page, "record form")
    page.get_by_label("Puhelu keskukseen").check()
    page.get_by_label("Kunta").select_option("853")
    page.locator("input[name=topic_code][value=everyday]").check()
    page.get_by_label("Puhelinnumero").fill("044 123 4567")
    page.get_by_label("Suomi").check()
    page.get_by_label("Perhe on suostunut siihen, että sen tiedot kirjataan").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirjaa pyyntö").click()
    assert re.search(r"/staff/requests/\d+$", page.url), page.url
    _check(page, "recorded request")
    assert "Kirjattu tunnuksella" in page.locator(".flashes").inner_text()
    request_url = page.url
    reference = re.search(r"[A-Z0-9]{6,}", page.locator("main h1").inner_text()).group()
    recorded = page.locator(".timeline li.event-created").inner_text()
    phone = _fi(live_app, CHANNEL_LABELS["phone"])
    assert f"{seeded['tero']}: Kirjasi pyynnön perheen puolesta ({phone})." in recorded
    handling = page.locator("section[aria-labelledby=handling-title]").inner_text()
    assert _fi(live_app, STATUS_LABELS["new"]) in handling and TURKU in handling
    with live_app.app_context():
        stored = db.session.scalar(sa.select(HelpRequest).where(
            HelpRequest.reference == reference))
        assert stored.phone == "+358441234567" and stored.channel.value == "phone"
        db.session.remove()

    # It is in the queue, among the new ones; the menu's count has grown.
    page.goto(f"{server}/staff/requests?assignee=none")
    _check(page, "queue")
    expect(page.locator("table.queue .reference", has_text=reference)).to_have_count(1)
    page.goto(f"{server}/staff/")
    assert _count(page, "new") == 4

    # Claim it, call the family, write down what was agreed.
    page.goto(request_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Ota itselle").click()
    _check(page, "claimed")
    handling = page.locator("section[aria-labelledby=handling-title]").inner_text()
    assert seeded["tero"] in handling
    assert "Otti pyynnön itselleen." in _timeline(page)
    expect(page.get_by_role("button", name="Ota itselle")).to_have_count(0)

    page.get_by_label("Ei vastausta").check()
    page.locator("form[action$='/contact'] textarea").fill("Soitin klo 9, ei vastannut.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirjaa yritys").click()
    _check(page, "contact attempt")
    timeline = _timeline(page)
    assert "Yhteydenottoyritys: Ei vastausta." in timeline
    assert "Soitin klo 9, ei vastannut." in timeline

    page.locator("form[action$='/note'] textarea").fill(
        "Perhe soitti takaisin: nuori tarvitsee nuorten palveluohjausta.")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna muistiinpano").click()
    _check(page, "note")
    timeline = _timeline(page)
    assert "Kirjoitti muistiinpanon." in timeline
    assert "nuori tarvitsee nuorten palveluohjausta" in timeline

    # Not Turku's family centre's after all: forward it; nothing is chosen for Tero.
    select = page.locator("form[action$='/forward'] select")
    assert select.evaluate("s => s.value") == ""
    assert select.evaluate("s => s.options[s.selectedIndex].text") == "Valitse keskus"
    # The centres serving Turku come first.
    first_group = select.evaluate("s => s.querySelector('optgroup').label")
    assert "Turku" in first_group, first_group
    select.select_option(label=YOUTH)
    page.locator("form[action$='/forward'] textarea").fill("Nuoren asia, sovittu puhelimessa.")
    with page.expect_navigation():
        page.get_by_role("button", name="Siirrä", exact=True).click()
    assert page.url.startswith(f"{server}/staff/requests"), page.url
    _check(page, "after forwarding")
    assert YOUTH in page.locator(".flashes").inner_text()
    expect(page.locator("table.queue .reference", has_text=reference)).to_have_count(0)
    # Tero no longer sees it: its page says where it went, not what it holds.
    page.goto(request_url)
    _check(page, "forwarded")
    assert YOUTH in page.locator("main").inner_text()
    assert "044" not in page.locator("main").inner_text()
    seeded["request_url"] = request_url.removeprefix(server)
    seeded["recorded"] = reference


def _the_receiver_closes_it(page, server, live_app, seeded) -> None:
    _sign_in(page, server, RECEIVER)
    _check(page, "receiver's front page")
    assert _count(page, "new") == 1
    page.locator("main .work-count-new a").click()
    _check(page, "receiver's queue")
    with page.expect_navigation():
        page.locator("table.queue .reference", has_text=seeded["recorded"]).click()
    _check(page, "forwarded request")
    assert page.url.endswith(seeded["request_url"])
    forwarded = page.locator(".timeline li.event-forwarded").inner_text()
    assert f"{seeded['tero']}: Siirsi pyynnön keskuksesta {TURKU} keskukseen {YOUTH}." \
        in forwarded
    assert "Nuoren asia, sovittu puhelimessa." in forwarded  # the reason
    assert seeded["tero"] in page.locator(".timeline li.event-created").inner_text()
    handling = page.locator("section[aria-labelledby=handling-title]").inner_text()
    assert YOUTH in handling

    with page.expect_navigation():
        page.get_by_role("button", name="Ota itselle").click()
    page.locator("form[action$='/status'] select").select_option("closed")
    page.locator("form[action$='/status'] input[type=radio]").first.check()
    outcome = page.locator("form[action$='/status'] input[type=radio]").first.evaluate(
        "r => r.labels[0].innerText")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna tila").click()
    _check(page, "closed")
    handling = page.locator("section[aria-labelledby=handling-title]").inner_text()
    closed = _fi(live_app, STATUS_LABELS["closed"])
    assert f"{closed} – {outcome.strip()}" in handling
    closing = page.locator(".timeline li.event-status_changed").first.inner_text()
    assert f"{seeded['nelli']}: Muutti tilaksi {closed} (tulos: {outcome.strip()})." in closing
    # A closed request offers only what applies: no claiming, releasing or forwarding.
    for name in ("Ota itselle", "Palauta jonoon", "Siirrä"):
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    with live_app.app_context():
        stored = db.session.scalar(sa.select(HelpRequest).where(
            HelpRequest.reference == seeded["recorded"]))
        assert stored.status is RequestStatus.CLOSED and stored.outcome is not None
        assert stored.centre_id == centre(db.session, "turku-youth").id
        db.session.remove()


def test_without_a_fallback_centre_the_record_form_and_the_routing_pages_say_so(
        chromium, day_server, day_app):
    """The day the region's fallback centre is missing: no 500, a message that passes axe."""
    with day_app.app_context():
        region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
        region.fallback_centre_id = None
        bump_routing_version(db.session, region)
        db.session.commit()
        db.session.remove()
    context = chromium.new_context(viewport=PHONE, locale="fi-FI")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        _sign_in(page, day_server, WORKER)
        page.goto(f"{day_server}/staff/record")
        page.get_by_label("Käynti keskuksessa").check()
        page.get_by_label("Kunta").select_option("853")
        page.locator("input[name=topic_code]").first.check()
        page.get_by_label("Puhelinnumero").fill("044 123 4567")
        page.get_by_label("Suomi").check()
        page.get_by_label("Perhe on suostunut siihen, että sen tiedot kirjataan").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Kirjaa pyyntö").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()  # autofocus: read first, without JavaScript
        assert "Pyyntöä ei kirjattu" in summary.inner_text()
        assert "varakeskus" in summary.inner_text()
        expect(page.get_by_label("Puhelinnumero")).to_have_value("044 123 4567")
        expect(page.get_by_label("Käynti keskuksessa")).to_be_checked()
        _check(page, "record form without a fallback centre")
    finally:
        context.close()
    context = chromium.new_context(viewport=DESKTOP, locale="fi-FI")
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        _sign_in(page, day_server, "region.admin@example.invalid")
        _check(page, "administrator's front page")
        attention = page.locator("ul.attention").inner_text()
        assert "Pyyntöjä ei voi ohjata: alueellasi ei ole varakeskusta." in attention
        response = page.goto(f"{day_server}/admin/m/853/coverage")
        assert response.status == 409
        assert page.locator("main h1").inner_text() == "Ohjausta ei ole määritetty"
        _check(page, "coverage without a fallback centre")
    finally:
        context.close()
