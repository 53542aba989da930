"""The region administrator's pages: find, export, erase, and the audit trail."""
import json
import logging

import pytest
import sqlalchemy as sa

from helpbutton.models import AdminAction, Channel, EventKind, RequestEvent
from tests.factories import NOTE_TEXT, PERSONAL, make_request
from tests.signin import csrf_from


@pytest.fixture(autouse=True)
def english(db, demo_users):
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


@pytest.fixture
def admin(fast_sign_in, app):
    app.config["WTF_CSRF_ENABLED"] = True  # these tests are about forms
    return fast_sign_in("region_admin")


def kinds(db, request):
    return [k for k in db.session.scalars(sa.select(RequestEvent.kind).where(
        RequestEvent.request_id == request.id).order_by(RequestEvent.id))]


def test_find_by_reference_shows_facts_but_no_personal_data(db, lifecycle, admin):
    request = lifecycle["recent"]
    typed = request.reference.lower()[:4] + " " + request.reference.lower()[4:]
    html = admin.get(f"/admin/privacy/?reference={typed}").get_data(as_text=True)
    assert f"Request {request.reference}" in html
    for value in PERSONAL.values():
        assert value not in html
    response = admin.get("/admin/privacy/?reference=NOPE")
    assert response.status_code == 404
    assert "No request of your region has this reference." in response.get_data(as_text=True)
    assert 'value="NOPE"' in response.get_data(as_text=True)


def test_export_downloads_everything_and_is_recorded(db, lifecycle, admin, caplog):
    request = lifecycle["recent"]
    url = f"/admin/requests/{request.reference}/export"
    page = admin.get(url)
    assert page.status_code == 200
    assert kinds(db, request)[-1] is EventKind.NOTE  # looking at the page exports nothing
    with caplog.at_level(logging.INFO):
        response = admin.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="request-{request.reference}.json"'
    data = json.loads(response.get_data(as_text=True))
    assert data["contact"]["email"] == PERSONAL["email"]
    assert data["timeline"][-1]["what"] == "exported"
    assert kinds(db, request)[-1] is EventKind.EXPORTED
    assert PERSONAL["email"] not in caplog.text and request.reference not in caplog.text


def test_export_without_the_form_token_is_refused(db, lifecycle, admin):
    request = lifecycle["recent"]
    response = admin.post(f"/admin/requests/{request.reference}/export", data={})
    assert response.status_code == 400
    assert EventKind.EXPORTED not in kinds(db, request)


def test_erasure_needs_a_reason_and_a_confirmation(db, lifecycle, admin):
    request = lifecycle["open_old"]
    url = f"/admin/requests/{request.reference}/erase"
    token = csrf_from(admin.get(url).get_data(as_text=True))
    response = admin.post(url, data={"csrf_token": token, "reason": "Perhe pyysi"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Confirm the erasure." in html and "Perhe pyysi" in html  # what was typed stays
    response = admin.post(url, data={"csrf_token": token, "confirm": "y"})
    assert "Write why the data is erased." in response.get_data(as_text=True)
    db.session.expire_all()
    assert request.contact_name == PERSONAL["contact_name"]


def test_erasure_erases_records_and_redirects(db, lifecycle, admin, demo_users):
    request = lifecycle["open_old"]
    url = f"/admin/requests/{request.reference}/erase"
    token = csrf_from(admin.get(url).get_data(as_text=True))
    response = admin.post(url, data={"csrf_token": token, "reason": "Perhe pyysi",
                                     "confirm": "y"})
    assert response.status_code == 302
    assert f"reference={request.reference}" in response.headers["Location"]
    db.session.expire_all()
    assert request.contact_name is None and request.description is None
    erased = request.events[-1]
    assert erased.kind is EventKind.ERASED
    assert erased.actor_id == demo_users["region_admin"].id
    assert NOTE_TEXT not in [e.text for e in request.events]
    page = admin.get(url).get_data(as_text=True)
    assert "already been erased" in page


def test_other_roles_cannot_export_or_erase(db, lifecycle, fast_sign_in):
    request = lifecycle["recent"]
    for role in ("staff", "lead", "municipality_admin"):
        client = fast_sign_in(role)
        assert client.get(f"/admin/requests/{request.reference}/export").status_code == 403
        assert client.get(f"/admin/requests/{request.reference}/erase").status_code == 403
        assert client.get("/admin/audit").status_code == 403


def test_audit_trail_filters_and_records_its_use(db, lifecycle, admin, demo_users, caplog):
    request, other = lifecycle["recent"], lifecycle["expired"]
    turku_staff = demo_users["staff"]
    db.session.add_all([
        RequestEvent(request_id=request.id, kind=EventKind.VIEWED, actor_id=turku_staff.id),
        RequestEvent(request_id=other.id, kind=EventKind.VIEWED, actor_id=turku_staff.id),
        RequestEvent(request_id=request.id, kind=EventKind.NOTE, actor_id=turku_staff.id,
                     text=NOTE_TEXT),
    ])
    db.session.commit()
    with caplog.at_level(logging.INFO):
        html = admin.get(f"/admin/audit?reference={request.reference}&kind=viewed"
                         f"&user={turku_staff.id}").get_data(as_text=True)
    assert html.count("Opened the request.") == 1
    assert request.reference in html and other.reference not in html
    assert turku_staff.display_name in html
    everything = admin.get("/admin/audit").get_data(as_text=True)
    assert "Opened the request." in everything and other.reference in everything  # the trail
    assert NOTE_TEXT not in everything
    actions = db.session.scalars(sa.select(AdminAction).order_by(AdminAction.id)).all()
    assert [a.action for a in actions] == ["audit_viewed", "audit_viewed"]
    assert actions[0].actor_id == demo_users["region_admin"].id
    assert actions[0].data["filters"] == {"user": turku_staff.id, "reference": request.reference,
                                          "kind": "viewed"}
    assert "audit trail viewed by user" in caplog.text
    assert request.reference not in caplog.text


def test_audit_trail_bad_filter_gets_a_message(db, lifecycle, admin):
    response = admin.get("/admin/audit?from=31.2.2026&kind=nonsense")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter the date as day.month.year" in html
    assert "Choose an event from the list." in html
    assert db.session.scalar(sa.select(sa.func.count(AdminAction.id))) == 0


def test_audit_trail_names_a_request_a_worker_recorded_as_recorded(db, demo, admin, demo_users):
    worker = demo_users["staff"]
    recorded = make_request(db.session, "turku", channel=Channel.PHONE, events=False)
    sent = make_request(db.session, "turku")
    db.session.add(RequestEvent(request_id=recorded.id, kind=EventKind.CREATED,
                                actor_id=worker.id, data={"channel": "phone"}))
    db.session.commit()
    html = admin.get(f"/admin/audit?reference={recorded.reference}").get_data(as_text=True)
    assert "Recorded the request for the family (Phone call to the centre)." in html
    assert worker.display_name in html
    assert "Recorded by a worker: </span>" in html
    assert "Sent by the family" not in html  # neither the row nor the filter's choice
    assert '<option value="created">New request (sent or recorded)</option>' in html
    html = admin.get(f"/admin/audit?reference={sent.reference}").get_data(as_text=True)
    assert "Sent by the family: </span>The family sent the request." in html
