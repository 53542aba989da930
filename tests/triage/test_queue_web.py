"""The queue and request pages as staff use them: who sees what, actions with CSRF, the
timeline, forwarding, and a constant number of queries per queue page."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from helpbutton.extensions import db as _db
from helpbutton.models import EventKind, HelpRequest, OutboxMessage, RequestEvent, RequestStatus
from tests.factories import NOW, make_request
from tests.triage.conftest import LEAD, OTHER_STAFF, STAFF

_CSRF = re.compile(r'name="(?:[a-z]+-)?csrf_token"[^>]*value="([^"]+)"')


def csrf(client, url):
    html = client.get(url).get_data(as_text=True)
    return _CSRF.search(html).group(1)


def post(client, req, action, data=None, *, token=True):
    page = f"/staff/requests/{req.id}"
    form = dict(data or {})
    if token:
        form["csrf_token"] = csrf(client, page)
    return client.post(f"{page}/{action}", data=form)


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def events(req, kind=None):
    query = sa.select(RequestEvent).where(RequestEvent.request_id == req.id)
    if kind:
        query = query.where(RequestEvent.kind == kind)
    return _db.session.scalars(query.order_by(RequestEvent.id)).all()


def test_a_request_of_centre_a_is_invisible_to_centre_b(db, turku, loimaa, client_for):
    theirs = make_request(db.session, loimaa, reference="LOIMAAXYZ1")
    ours = make_request(db.session, turku)
    client = client_for(STAFF)
    listing = client.get("/staff/requests?status=all").get_data(as_text=True)
    assert ours.reference in listing and theirs.reference not in listing
    searched = client.get("/staff/requests?q=LOIMAAXYZ1").get_data(as_text=True)
    assert f"/staff/requests/{theirs.id}" not in searched
    assert "Suodattimia vastaavia pyyntöjä ei ole." in searched
    assert client.get(f"/staff/requests?centre={loimaa.id}").get_data(as_text=True) \
        .count("/staff/requests/") == 0
    # Guessing the id: the same answer as for an id that does not exist.
    guessed = client.get(f"/staff/requests/{theirs.id}")
    unknown = client.get("/staff/requests/999999")
    assert guessed.status_code == unknown.status_code == 404
    assert guessed.get_data() == unknown.get_data()
    for action in ("claim", "note", "contact", "status", "forward", "release", "assign"):
        response = client.post(f"/staff/requests/{theirs.id}/{action}",
                               data={"csrf_token": csrf(client, f"/staff/requests/{ours.id}"),
                                     "note-text": "x"})
        assert response.status_code == 404, action
    assert events(theirs, EventKind.VIEWED) == []
    assert db.session.get(HelpRequest, theirs.id).assignee_id is None


def test_administrators_do_not_see_requests(db, turku, fast_sign_in):
    req = make_request(db.session, turku)
    for role in ("municipality_admin", "region_admin"):
        client = fast_sign_in(role)
        assert client.get(f"/staff/requests/{req.id}").status_code == 404
        assert req.reference not in client.get("/staff/requests").get_data(as_text=True)


def test_opening_a_request_is_on_its_timeline(db, turku, client_for, people):
    req = make_request(db.session, turku)
    client = client_for(STAFF)
    html = client.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert "Maija Meikäläinen" in html and "+358401234567" in html
    viewed = events(req, EventKind.VIEWED)
    assert [(v.actor_id) for v in viewed] == [people["staff"].id]
    html = client.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert len(events(req, EventKind.VIEWED)) == 2
    # Both openings in the audit trail; on the timeline one entry, in Finnish, with the count.
    assert html.count("Avasi pyynnön") == 1
    assert "Avasi pyynnön, 2 kertaa tänään." in html


def test_actions_need_the_csrf_token(db, turku, client_for, csrf_on):
    req = make_request(db.session, turku)
    client = client_for(STAFF)
    assert post(client, req, "claim", token=False).status_code == 400
    assert db.session.get(HelpRequest, req.id).assignee_id is None


def test_claim_redirects_back_with_a_message(db, turku, client_for, csrf_on, people):
    req = make_request(db.session, turku)
    client = client_for(STAFF)
    response = post(client, req, "claim")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/requests/{req.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tämä pyyntö on nyt sinulla." in html
    db.session.expire_all()
    assert db.session.get(HelpRequest, req.id).assignee_id == people["staff"].id


def test_the_second_claimer_is_told_who_was_first(db, turku, client_for, csrf_on):
    req = make_request(db.session, turku)
    staff, lead = client_for(STAFF), client_for(LEAD)
    lead_token = csrf(lead, f"/staff/requests/{req.id}")  # the lead has the page open too
    assert post(staff, req, "claim").status_code == 302
    response = lead.post(f"/staff/requests/{req.id}/claim", data={"csrf_token": lead_token})
    html = lead.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tero Työntekijä ehti ottaa tämän pyynnön ensin." in html
    assert len(events(req, EventKind.CLAIMED)) == 1


def test_every_change_is_on_the_timeline(db, turku, client_for, csrf_on):
    req = make_request(db.session, turku)
    client = client_for(STAFF)
    post(client, req, "claim")
    post(client, req, "contact", {"contact-result": "no_answer"})
    post(client, req, "contact", {"contact-result": "reached",
                                  "contact-text": "Sovittiin tapaaminen."})
    post(client, req, "note", {"note-text": "Isä toivoo iltapäiväaikaa."})
    post(client, req, "status", {"status-status": "waiting"})
    post(client, req, "release")
    post(client, req, "status", {"status-status": "closed", "status-outcome": "support_started"})
    kinds = [e.kind.value for e in events(req) if e.kind is not EventKind.VIEWED]
    assert kinds == ["created", "claimed", "contact_attempt", "contact_attempt", "note",
                     "status_changed", "released", "status_changed"]
    db.session.expire_all()
    req = db.session.get(HelpRequest, req.id)
    assert req.first_contact_at is not None
    assert (req.status, req.outcome.value) == (RequestStatus.CLOSED, "support_started")
    html = client.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    for sentence in ("Otti pyynnön itselleen.", "Yhteydenottoyritys: Ei vastausta.",
                     "Isä toivoo iltapäiväaikaa.", "Sovittiin tapaaminen.",
                     "Muutti tilaksi Päättynyt (tulos: Tuki aloitettiin)."):
        assert sentence in html, sentence


def test_bad_input_is_shown_again_with_what_was_typed(db, turku, client_for, csrf_on):
    req = make_request(db.session, turku)
    client = client_for(STAFF)
    response = post(client, req, "status", {"status-status": "closed"})
    assert response.status_code == 400
    assert "Valitse tulos, jotta voit päättää pyynnön." in response.get_data(as_text=True)
    long_reason = "x" * 1200
    response = post(client, req, "forward", {"forward-centre": "", "forward-reason": long_reason})
    assert response.status_code == 400
    assert long_reason in response.get_data(as_text=True)
    assert db.session.get(HelpRequest, req.id).status is RequestStatus.NEW


def test_forwarding_moves_access_and_notifies(db, turku, loimaa, client_for, csrf_on):
    req = make_request(db.session, turku)
    staff, receiver = client_for(STAFF), client_for(OTHER_STAFF)
    assert receiver.get(f"/staff/requests/{req.id}").status_code == 404
    response = post(staff, req, "forward", {"forward-centre": str(loimaa.id),
                                            "forward-reason": "Perhe muutti Loimaalle."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/requests")
    assert staff.get(f"/staff/requests/{req.id}").status_code == 200  # "forwarded to …"
    assert req.reference not in staff.get("/staff/requests?status=all").get_data(as_text=True)
    html = receiver.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert "Perhe muutti Loimaalle." in html
    assert req.reference in receiver.get("/staff/requests").get_data(as_text=True)
    mail = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "centre_forwarded_request")).one()
    assert mail.recipient == loimaa.notification_email
    assert f"/staff/requests/{req.id}" in mail.body_text


def test_only_a_lead_assigns_and_sees_the_workload(db, turku, client_for, csrf_on, people):
    req = make_request(db.session, turku)
    staff, lead = client_for(STAFF), client_for(LEAD)
    assert post(staff, req, "assign", {"assign-assignee": str(people["staff"].id)}) \
        .status_code == 403
    assert staff.get("/staff/workload").status_code == 403
    response = post(lead, req, "assign", {"assign-assignee": str(people["staff"].id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(HelpRequest, req.id).assignee_id == people["staff"].id
    html = lead.get("/staff/workload").get_data(as_text=True)
    assert "Tero Työntekijä" in html
    # Only the one holding it (or a lead) may release it.
    other = make_request(db.session, turku, assignee=people["lead"])
    assert post(staff, other, "release").status_code == 403


def test_overdue_and_urgent_requests_stand_out_in_words(db, turku, client_for):
    make_request(db.session, turku, urgent=True, reference="URGENT0001")
    make_request(db.session, turku, reference="LATE000001",
                 created_at=NOW - timedelta(days=30))
    html = client_for(STAFF).get("/staff/requests").get_data(as_text=True)
    row = re.search(r'<tr class="([^"]*)">\s*<th scope="row"><a[^>]*>LATE000001', html)
    assert row and "is-overdue" in row.group(1)
    assert 'badge-overdue">Myöhässä' in html and 'badge-urgent">Kiireellinen' in html


def test_no_personal_data_in_any_link_or_form_address(db, turku, client_for):
    req = make_request(db.session, turku, contact_name="Ville Vallaton", phone="+358409998877")
    client = client_for(STAFF)
    for url in ("/staff/requests", f"/staff/requests/{req.id}"):
        html = client.get(url).get_data(as_text=True)
        addresses = re.findall(r'(?:href|action)="([^"]*)"', html)
        for address in addresses:
            if address.startswith(("tel:", "mailto:")):
                continue
            assert "Ville" not in address and "358409998877" not in address, address


def test_the_page_is_in_the_staff_members_language(db, turku, client_for, people):
    req = make_request(db.session, turku)
    people["staff"].language = "sv"
    db.session.commit()
    html = client_for(STAFF).get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert 'lang="sv"' in html
    assert "Varför kom det här till oss?" in html


def test_queue_page_query_count_does_not_grow_with_requests(app, db, turku, client_for, people):
    client = client_for(STAFF)
    counts = []
    for total in (5, 50):
        for i in range(total - (counts and 5 or 0)):
            make_request(db.session, turku, assignee=people["staff"] if i % 2 else None,
                         commit=False)
        db.session.commit()
        statements = []

        def count(conn, cursor, statement, *args, statements=statements):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get("/staff/requests")
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200
        shown = response.get_data(as_text=True).count('class="reference"')
        assert shown == min(total, 25)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_landing_page_leads_to_the_queue_and_leads_to_the_workload(db, client_for):
    staff_html = client_for(STAFF).get("/staff/").get_data(as_text=True)
    assert 'href="/staff/requests"' in staff_html and "/staff/workload" not in staff_html
    assert 'href="/staff/workload"' in client_for(LEAD).get("/staff/").get_data(as_text=True)


def test_the_api_gives_out_no_request_by_id_or_reference(db, loimaa, client):
    theirs = make_request(db.session, loimaa, reference="APIGUESS01")
    for url in (f"/api/v1/requests/{theirs.id}", "/api/v1/requests/APIGUESS01",
                "/api/v1/requests?reference=APIGUESS01"):
        response = client.get(url)
        assert response.status_code in (401, 404, 405), url
        assert "APIGUESS01" not in response.get_data(as_text=True).replace(url, "")
