"""Staff and a family that needs an interpreter: said at the top of the request, marked and
filtered in the queue, chosen in the record form; in the family's data export."""
import re
from html import unescape

from helpbutton.privacy import subject_export
from tests.factories import make_request, user
from tests.triage.conftest import STAFF
from tests.triage.test_queue_web import csrf_on  # noqa: F401 (fixture)
from tests.triage.test_record_request import PAGE, record, recorded


def html(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_the_request_page_says_an_interpreter_is_needed_near_the_top(db, turku, client_for):
    req = make_request(db.session, turku, interpreter_language="ar")
    page = html(client_for(STAFF).get(f"/staff/requests/{req.id}"))
    box = re.search(r'<p class="[^"]*interpreter-needed[^"]*"[^>]*>(.*?)</p>', page, re.S)
    assert box and "Tarvitaan tulkki: arabia" in box.group(1)
    assert page.index("Tarvitaan tulkki") < page.index('id="facts-title"')  # above the facts
    assert "suomi, tulkin avulla: arabia" in page


def test_a_request_without_an_interpreter_says_nothing_of_one(db, turku, client_for):
    req = make_request(db.session, turku)
    page = html(client_for(STAFF).get(f"/staff/requests/{req.id}"))
    assert "interpreter-needed" not in page and "tulkin avulla" not in page


def test_the_queue_marks_and_filters_the_requests_needing_an_interpreter(db, turku, client_for):
    needs = make_request(db.session, turku, interpreter_language="prs")
    plain = make_request(db.session, turku)
    client = client_for(STAFF)
    listing = html(client.get("/staff/requests"))
    row = listing.split(needs.reference, 1)[1].split("</tr>", 1)[0]
    assert "Tulkki: dari" in row
    assert "Tulkki:" not in listing.split(plain.reference, 1)[1].split("</tr>", 1)[0]
    assert '<option value="needed">Tarvitaan tulkki</option>' in listing

    filtered = html(client.get("/staff/requests?interpreter=needed"))
    assert needs.reference in filtered and plain.reference not in filtered
    assert '<option value="needed" selected>' in filtered
    # Anything else is ignored, as with every filter.
    assert plain.reference in html(client.get("/staff/requests?interpreter=maybe"))


def test_swedish_staff_read_the_language_in_swedish(db, turku, client_for):
    worker = user(db.session, STAFF)
    worker.language = "sv"
    db.session.commit()
    req = make_request(db.session, turku, interpreter_language="so")
    page = html(client_for(STAFF).get(f"/staff/requests/{req.id}"))
    assert "Tolk behövs: somaliska" in page


def test_a_worker_records_a_call_that_needs_an_interpreter(db, turku, client_for, csrf_on):
    staff = client_for(STAFF)
    form = html(staff.get(PAGE))
    assert "Perheen omalla kielellä tulkin avulla" in form
    assert "العربية – arabia" in form and 'value="en"' not in form.split(
        'name="service_language"', 1)[1].split('name="interpreter_language"', 1)[0]

    response = record(staff, service_language="interpreter", interpreter_language="ar")
    assert response.status_code == 302
    [req] = recorded(db)
    # The family reads its mail and link in Arabic; the worker speaks Finnish (Turku).
    assert (req.service_language, req.interpreter_language, req.ui_language) == ("fi", "ar", "ar")


def test_the_record_form_asks_for_the_language_and_keeps_the_rest(db, turku, client_for,
                                                                  csrf_on):
    staff = client_for(STAFF)
    response = record(staff, service_language="interpreter", interpreter_language="",
                      description="Isä soitti tulkin kanssa.")
    assert response.status_code == 422
    page = html(response)
    assert "Valitse perheen oma kieli tulkkia varten." in page
    assert "Isä soitti tulkin kanssa." in page
    assert recorded(db) == []


def test_the_export_names_the_interpreter_language(db, turku, people):
    req = make_request(db.session, turku, personal=True, interpreter_language="ar")
    data = subject_export.build(db.session, req, "fi")
    assert data["interpreter_language"] == {"code": "ar", "name": "arabia"}
    assert subject_export.build(db.session, make_request(db.session, turku), "sv")[
        "interpreter_language"] is None
