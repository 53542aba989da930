"""Find a family that lost its reference: by phone number however it is written, by email
address in any case, or by reference; only in the worker's own centres; every search on
record without what was typed; the terms never in a URL or a log line."""
import logging
import re

import pytest
import sqlalchemy as sa

from helpbutton import contact_details
from helpbutton.intake import operations as intake
from helpbutton.models import AdminAction, Channel, User
from helpbutton.models.admin_action import FAMILY_SEARCHED
from helpbutton.triage import find_family
from tests.factories import make_request
from tests.services.test_intake import data
from tests.signin import post_form
from tests.triage.conftest import OTHER_STAFF, STAFF

SPELLINGS = ("040 765 4321", "0407654321", "+358 40 765 4321")


@pytest.fixture
def english(db, demo):
    for user in db.session.scalars(sa.select(User)):
        user.language = "en"
    db.session.commit()


def search(client, term: str):
    """As a browser posts it: with the CSRF token of a staff page."""
    return post_form(client, "/staff/find", {"term": term}, page="/staff/")


def found(html: str) -> set[str]:
    return set(re.findall(r'class="reference">([A-Z0-9]+)<', html))


def searches(db) -> list[AdminAction]:
    return list(db.session.scalars(sa.select(AdminAction).where(
        AdminAction.action == FAMILY_SEARCHED).order_by(AdminAction.id)))


def test_the_form_is_posted_so_no_term_reaches_a_url(db, english, client_for):
    html = client_for(STAFF).get("/staff/").get_data(as_text=True)
    assert "Find a family" in html
    assert '<form method="post" action="/staff/find" class="find-family"' in html
    page = client_for(STAFF).get("/staff/find").get_data(as_text=True)
    assert '<form method="post" action="/staff/find"' in page


def test_a_phone_number_finds_the_request_however_it_is_written(app, db, demo, turku, english,
                                                                 client_for):
    # Stored through the intake (the form's and the API's one path), typed with spaces.
    with app.test_request_context("/fi/"):
        submitted = intake.submit_help_request(
            db.session, demo, data(phone="040 765 4321"), channel=Channel.WEB)
    db.session.commit()
    req = submitted.request
    assert req.centre_id == turku.id and req.phone == "+358407654321"
    other = make_request(db.session, turku, phone="+358401112222")
    client = client_for(STAFF)
    for spelling in SPELLINGS:
        response = search(client, spelling)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert found(html) == {req.reference}, spelling
        assert f'href="/staff/requests/{req.id}"' in html
        assert other.reference not in html
        # What was typed stays in the box.
        assert f'value="{spelling}"' in html


def test_a_number_is_stored_in_one_form_whatever_writes_it(db, turku, english, client_for):
    # Not through the intake: straight into the model, as a new write path might.
    req = make_request(db.session, turku, phone="040 765 4321")
    assert req.phone == "+358407654321"
    html = search(client_for(STAFF), "+358 40 765 4321").get_data(as_text=True)
    assert found(html) == {req.reference}


def test_the_results_say_received_status_and_centre(db, turku, english, client_for):
    req = make_request(db.session, turku, phone="+358407654321")
    html = search(client_for(STAFF), "040 765 4321").get_data(as_text=True)
    row = html.split(f'class="reference">{req.reference}<')[1].split("</tr>")[0]
    assert "New" in row and "Turku Family Centre (example)" in row
    assert re.search(r"<td>[^<]*\d{2}[^<]*</td>\s*<td>New</td>", row)  # when it was received


def test_an_email_address_matches_in_any_case(db, turku, english, client_for):
    req = make_request(db.session, turku, contact={"email": "Maija.Perhe@example.invalid"})
    client = client_for(STAFF)
    for typed in ("maija.perhe@example.invalid", "MAIJA.PERHE@EXAMPLE.INVALID",
                  " Maija.Perhe@Example.Invalid "):
        assert found(search(client, typed).get_data(as_text=True)) == {req.reference}, typed


def test_a_reference_is_found_as_it_is_read_aloud(db, turku, english, client_for):
    req = make_request(db.session, turku, reference="KAMUNX3479")
    client = client_for(STAFF)
    for typed in ("KAMUNX3479", "kamu-nx34 79"):
        assert found(search(client, typed).get_data(as_text=True)) == {req.reference}, typed


def test_another_centres_request_is_not_found(db, loimaa, english, client_for):
    theirs = make_request(db.session, loimaa, phone="+358407654321",
                          email="perhe@example.invalid", reference="LOIMAA7777")
    # The same searches find it for a worker of its own centre...
    mine = client_for(OTHER_STAFF)
    for term in ("040 765 4321", "perhe@example.invalid", "LOIMAA7777"):
        assert found(search(mine, term).get_data(as_text=True)) == {theirs.reference}, term
    # ...and nothing for Turku's worker, who is told so.
    client = client_for(STAFF)
    for term in ("040 765 4321", "perhe@example.invalid", "LOIMAA7777"):
        html = search(client, term).get_data(as_text=True)
        assert found(html) == set() and f"/staff/requests/{theirs.id}" not in html
        assert "No request of your centres matches." in html


def test_administrators_may_not_search(db, loimaa, client_for):
    make_request(db.session, loimaa, phone="+358407654321")
    for email in ("turku.admin@example.invalid", "region.admin@example.invalid"):
        assert search(client_for(email), "0407654321").status_code == 403
    assert searches(db) == []


def test_every_search_is_on_record_without_the_terms(db, turku, english, client_for, caplog):
    req = make_request(db.session, turku, phone="+358407654321",
                       email="maija.perhe@example.invalid")
    staff = db.session.scalar(sa.select(User).where(User.email == STAFF))
    client = client_for(STAFF)
    typed = ["040 765 4321", "maija.perhe@example.invalid", req.reference, "0501234567"]
    with caplog.at_level(logging.DEBUG):
        for term in typed:
            assert search(client, term).status_code == 200
    recorded = searches(db)
    assert [(a.actor_id, a.region_id, a.data) for a in recorded] == [
        (staff.id, turku.region_id, {"by": "phone", "found": 1}),
        (staff.id, turku.region_id, {"by": "email", "found": 1}),
        (staff.id, turku.region_id, {"by": "reference", "found": 1}),
        (staff.id, turku.region_id, {"by": "phone", "found": 0}),
    ]
    stored = " ".join(str(a.data) for a in recorded)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "family search by user" in logged
    assert "POST /staff/find 200" in logged  # the request line: the route, not the form
    for term in [*typed, "+358407654321", "maija"]:
        assert term not in stored and term not in logged, term


def test_what_is_not_a_phone_email_or_reference_is_explained_and_kept(
        db, turku, english, client_for):
    client = client_for(STAFF)
    cases = {
        "": "Type a reference, a phone number or an email address.",
        "hello": "Type a reference, a phone number or an email address.",
        "12 34": "Check the phone number",
        "maija@": "Check the email address",
    }
    for typed, message in cases.items():
        response = search(client, typed)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, typed
        assert message in html, typed
        assert 'id="error-summary"' in html and 'aria-invalid="true"' in html
        if typed:
            assert f'value="{typed}"' in html
    assert searches(db) == []  # nothing was searched


def test_read_term_tells_the_three_apart():
    assert find_family.read_term("+358 40 765 4321") == find_family.Term("phone", "+358407654321")
    assert find_family.read_term("(040) 765-4321") == find_family.Term("phone", "+358407654321")
    assert find_family.read_term("A@Example.FI") == find_family.Term("email", "a@example.fi")
    assert find_family.read_term("kamu nx34 79") == find_family.Term("reference", "KAMUNX3479")
    assert find_family.read_term("123") == find_family.NotATerm("phone")
    assert find_family.read_term("not @ mail") == find_family.NotATerm("email")
    assert find_family.read_term("ÄÄ") == find_family.NotATerm("unknown")


@pytest.mark.parametrize("reference", [
    # Made by intake's own generator; phonenumbers reads letters as a keypad's digits, and so
    # read each of these as a valid number (about one reference in fifty).
    "DF63774EDP", "DC3394CYMA", "EEA3773YKJ", "A364XXYH67", "E973KK79K7"])
def test_a_reference_is_never_read_as_a_phone_number(reference, db, turku, english,
                                                     client_for):
    assert find_family.read_term(reference) == find_family.Term("reference", reference)
    make_request(db.session, turku, reference=reference)
    page = search(client_for(STAFF), reference.lower()).get_data(as_text=True)
    assert found(page) == {reference}


def test_a_number_with_a_letter_in_it_is_no_number():
    assert contact_details.normalize_phone("040 765 4321") == "+358407654321"
    assert contact_details.normalize_phone("O40 765 4321") is None  # the letter O
    assert contact_details.normalize_phone("050 123 456O") is None  # was +35850123456
    assert contact_details.normalize_phone("040 765 4321 ext 5") is None
    assert contact_details.display_phone("O40 765 4321") == "O40 765 4321"  # as typed


def test_the_region_administrator_reads_the_searches_in_the_audit_trail(
        db, turku, english, client_for):
    make_request(db.session, turku, phone="+358407654321")
    worker = client_for(STAFF)
    search(worker, "040 765 4321")
    search(worker, "nobody@example.invalid")
    admin = client_for("region.admin@example.invalid")
    html = admin.get("/admin/audit").get_data(as_text=True)
    section = html.split('id="searches-title"')[1].split("</section>")[0]
    rows = re.findall(r"<tr>\s*<td>[^<]+</td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>\s*"
                      r"<td>(\d+)</td>", section)
    assert rows == [("Tero Työntekijä", "By email address", "0"),
                    ("Tero Työntekijä", "By phone number", "1")]
    assert "765" not in section and "nobody@" not in section
    # A search concerns no one request: filtering by a reference leaves them out.
    filtered = admin.get("/admin/audit?reference=ABCDEFGHJK").get_data(as_text=True)
    assert "Audit trail" in filtered and 'id="searches-title"' not in filtered
