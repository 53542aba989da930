"""Due-soon and overdue reminders to the centre's team leads, escalation of long-overdue
requests to the municipality's administrators, and the centre told of a withdrawal — as
received over SMTP, once even when the command runs twice."""
import re
import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from helpbutton.dbtypes import utcnow
from helpbutton.extensions import db as _db
from helpbutton.extensions import limiter
from helpbutton.intake import follow_up
from helpbutton.mail import cli as mail_cli
from helpbutton.mail import notifications, outbox
from helpbutton.models import (
    Centre,
    EventKind,
    HelpRequest,
    OutboxMessage,
    RequestEvent,
    RequestStatus,
)
from tests.factories import FAMILY, make_lead, make_request
from tests.factories import centre as centre_by_key
from tests.factories import user as user_by_email
from tests.mail.test_links import _links, _route
from tests.public.conftest import GOOD, FormDriver

BASE = "https://apua.example.invalid"
HKI = ZoneInfo("Europe/Helsinki")
LEAD = "turku.lead@example.invalid"
TURKU_ADMIN = "turku.admin@example.invalid"


def local(*args) -> datetime:
    return datetime(*args, tzinfo=HKI).astimezone(UTC)


def deliver(db, smtp, now=None):
    """Commit what was queued, send it through the SMTP server and return what arrived."""
    db.session.commit()
    smtp.start()
    before = len(smtp.messages)
    outbox.send_all_due(db.session, (now or utcnow()) + timedelta(minutes=1))
    return smtp.messages[before:]


def parts(message) -> tuple[str, str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return str(message["Subject"]), text, html


def assert_link_only(request, message):
    subject, text, html = parts(message)
    topic = request.topic
    for secret in (*FAMILY.values(), request.reference, topic.label_fi, topic.label_sv,
                   topic.label_en):
        assert secret not in subject + text + html, f"{secret!r} leaked"
    assert not re.search(r"<img|<script|src=", html, re.I)
    assert all(url.startswith(BASE) for url in re.findall(r'href="([^"]+)"', html))


def family_request(db, at, **fields):
    return make_request(db.session, at, contact=FAMILY, wants_email=True, events=False,
                        commit=False, **fields)


def events_of(db, kind, request_id=None):
    query = sa.select(RequestEvent).where(RequestEvent.kind == kind)
    if request_id is not None:
        query = query.where(RequestEvent.request_id == request_id)
    return db.session.scalars(query.order_by(RequestEvent.id)).all()


def test_due_soon_and_overdue_reminders_reach_the_lead_once_even_if_run_twice(
        mail_app, db, demo, smtp, runner):
    turku, kaarina = centre_by_key(db.session, "turku"), centre_by_key(db.session, "kaarina")
    now = utcnow()
    soon = family_request(db, turku, created_at=now - timedelta(days=2),
                          due_at=now + timedelta(hours=5))
    late = family_request(db, turku, created_at=now - timedelta(days=2),
                          due_at=now - timedelta(hours=1))
    family_request(db, turku, created_at=now, due_at=now + timedelta(days=3))  # not yet
    family_request(db, turku, created_at=now - timedelta(days=3), due_at=now + timedelta(hours=2),
                   status=RequestStatus.CLOSED)  # closed: never reminded
    kaarina_late = family_request(db, kaarina, created_at=now - timedelta(days=2),
                                  due_at=now - timedelta(hours=1))  # Kaarina has no lead
    db.session.commit()

    first = runner.invoke(args=["outbox", "remind"])
    second = runner.invoke(args=["outbox", "remind"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "queued 3 reminders" in first.output
    assert "queued 0 reminders" in second.output

    received = deliver(db, smtp)
    by = {(m["To"], m.get_body(("plain",)).get_content().split("\n")[0]): m for m in received}
    assert len(received) == 3
    lead_mail = [m for m in received if m["To"] == LEAD]
    assert len(lead_mail) == 2  # one overdue, one due soon: the lead's language is Finnish
    texts = {parts(m)[1] for m in lead_mail}
    assert any("1 yhteydenottopyyntö on myöhässä" in t for t in texts), texts
    due_soon = next(m for m in lead_mail if "erääntyy" in parts(m)[1])
    subject, text, html = parts(due_soon)
    assert "1 pyyntö erääntyy pian" in subject and turku.name_fi in subject
    assert "1 yhteydenottopyyntö erääntyy 24 tunnin kuluessa" in text
    assert f"{BASE}/staff/requests?centre={turku.id}&sort=due" in text
    [to_kaarina] = [m for m in received if m["To"] == kaarina.notification_email]
    assert "myöhässä" in parts(to_kaarina)[1]
    for message in received:
        assert_link_only(soon, message)
    assert by  # every message found by recipient

    # Each request reminded once, with who was told on its timeline.
    [soon_event] = events_of(db, EventKind.NOTIFIED, soon.id)
    assert soon_event.data["reminder"] == "due_soon" and soon_event.data["to"] == "leads"
    [late_event] = events_of(db, EventKind.NOTIFIED, late.id)
    assert late_event.data["reminder"] == "overdue"
    [kaarina_event] = events_of(db, EventKind.NOTIFIED, kaarina_late.id)
    assert kaarina_event.data["to"] == "centre"


def test_a_centre_with_two_leads_reminds_each_in_their_language(mail_app, db, demo, smtp):
    turku = centre_by_key(db.session, "turku")
    make_lead(db.session, turku, "johtaja.sv@example.invalid", language="sv")
    now = local(2026, 12, 3, 8, 0)
    family_request(db, turku, created_at=now - timedelta(days=1), due_at=local(2026, 12, 3, 16, 0))

    assert notifications.remind_due_soon(db.session, now) == 2
    assert notifications.remind_due_soon(db.session, now + timedelta(hours=3)) == 0
    received = deliver(db, smtp, now)
    swedish = next(m for m in received if m["To"] == "johtaja.sv@example.invalid")
    assert f"1 begäran i kön hos {turku.name_sv} förfaller inom 24 timmar." in parts(swedish)[1]


def test_a_long_overdue_request_escalates_once_to_the_municipalitys_administrator(
        mail_app, db, demo, smtp, runner):
    turku = centre_by_key(db.session, "turku")
    now = utcnow()
    stuck = family_request(db, turku, created_at=now - timedelta(days=20),
                           due_at=now - timedelta(days=15))
    recent = family_request(db, turku, created_at=now - timedelta(days=2),
                            due_at=now - timedelta(hours=1))  # overdue, not yet escalated
    db.session.commit()

    assert runner.invoke(args=["outbox", "remind"]).exit_code == 0
    assert "queued 0 reminders" in runner.invoke(args=["outbox", "remind"]).output

    received = deliver(db, smtp)
    [escalation] = [m for m in received if m["To"] == TURKU_ADMIN]
    subject, text, html = parts(escalation)
    assert subject == "1 yhteydenottopyyntöön ei ole vastattu määräajassa"
    assert "on yhä avoinna 2 arkipäivää määräajan jälkeen" in text
    assert f"Turku, {turku.name_fi}: 1" in text
    assert f"{BASE}/admin/" in text and f'href="{BASE}/admin/"' in html
    assert "/staff/requests" not in text + html  # not a page the administrator may open
    assert_link_only(stuck, escalation)
    assert {m["To"] for m in received} == {TURKU_ADMIN, LEAD}  # the lead: overdue reminder

    [event] = events_of(db, EventKind.ESCALATED)
    assert event.request_id == stuck.id
    assert event.data == {"to": "municipality_admins", "recipients": 1,
                          "after_working_days": 2}
    assert not events_of(db, EventKind.ESCALATED, recent.id)
    # Never again for the same request, on later days either.
    assert notifications.escalate_overdue(db.session, now + timedelta(days=3)) == 0


def test_escalation_comes_at_the_end_of_the_nth_working_day_after_the_due_time(
        mail_app, db, demo, smtp):
    turku = centre_by_key(db.session, "turku")
    demo.escalate_after_working_days = 1
    # Due Friday 27.11.2026 at 16:00; one working day later is Monday 30.11 at 16:00.
    request = family_request(db, turku, created_at=local(2026, 11, 24, 10, 0),
                             due_at=local(2026, 11, 27, 16, 0))
    assert notifications.escalate_overdue(db.session, local(2026, 11, 30, 15, 59)) == 0
    assert notifications.escalate_overdue(db.session, local(2026, 11, 30, 16, 0)) == 1
    [event] = events_of(db, EventKind.ESCALATED, request.id)
    assert event.data["after_working_days"] == 1
    assert notifications.escalate_overdue(db.session, local(2026, 12, 1, 9, 0)) == 0


def test_a_municipality_without_an_administrator_escalates_to_the_regions(
        mail_app, db, demo, smtp):
    kaarina = centre_by_key(db.session, "kaarina")  # Kaarina has no municipality administrator
    now = local(2026, 12, 3, 9, 0)
    request = family_request(db, kaarina, created_at=now - timedelta(days=20),
                             due_at=now - timedelta(days=14))
    assert notifications.escalate_overdue(db.session, now) == 1
    [message] = deliver(db, smtp, now)
    assert message["To"] == "region.admin@example.invalid"
    assert_link_only(request, message)
    [event] = events_of(db, EventKind.ESCALATED, request.id)
    assert event.data["to"] == "region_admins"


def test_the_centre_and_the_assignee_hear_when_the_family_withdraws(mail_app, db, demo, smtp):
    turku = centre_by_key(db.session, "turku")
    worker = user_by_email(db.session, "turku.staff@example.invalid")
    worker.language = "sv"
    request = family_request(db, turku, created_at=utcnow(), assignee_id=worker.id)
    db.session.commit()

    assert follow_up.withdraw(db.session, request)
    assert not follow_up.withdraw(db.session, request)  # already closed: nothing more
    received = deliver(db, smtp)

    assert {m["To"] for m in received} == {turku.notification_email, worker.email}
    to_centre = next(m for m in received if m["To"] == turku.notification_email)
    subject, text, html = parts(to_centre)
    assert subject == f"Yhteydenottopyyntö peruttiin: {turku.name_fi}"
    assert "Perhe perui yhteydenottopyynnön" in text
    assert f"{BASE}/staff/requests/{request.id}" in text
    swedish = parts(next(m for m in received if m["To"] == worker.email))[1]
    assert "Familjen återkallade en begäran" in swedish
    for message in received:
        assert_link_only(request, message)
    kinds = db.session.scalars(sa.select(OutboxMessage.kind)).all()
    assert kinds == ["request_withdrawn", "request_withdrawn"]


def test_withdrawing_on_the_follow_up_page_tells_the_centre(mail_app, client, db, demo, smtp):
    limiter.reset()
    driver = FormDriver(client)
    assert driver.send(lang="sv").status_code == 302
    html = client.get("/sv/confirmation").get_data(as_text=True)
    link = re.search(r'href="http://localhost(/sv/follow-up/[\w-]+)"', html).group(1)
    page = client.get(link).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    db.session.execute(sa.delete(OutboxMessage))  # the new request's notice: not this test's
    db.session.commit()

    done = client.post(f"{link}/withdraw", data={"csrf_token": csrf, "confirm": "y"},
                       follow_redirects=True)
    assert "Din begäran har återkallats" in done.get_data(as_text=True)
    request = db.session.scalar(sa.select(HelpRequest))
    [message] = deliver(db, smtp)
    centre = db.session.get(Centre, request.centre_id)
    assert message["To"] == centre.notification_email
    assert f"{BASE}/staff/requests/{request.id}" in parts(message)[1]
    assert_link_only(request, message)
    for typed in (GOOD["description"], GOOD["contact_times"], "040 123 4567", link):
        assert typed not in "".join(parts(message))


def test_the_request_page_shows_the_escalation_and_the_reminders(
        mail_app, db, demo, smtp, fast_sign_in):
    turku = centre_by_key(db.session, "turku")
    now = utcnow()
    stuck = family_request(db, turku, created_at=now - timedelta(days=20),
                           due_at=now - timedelta(days=15))
    assert notifications.send_reminders(db.session, now) == 2  # overdue to the lead, escalation
    db.session.commit()
    html = fast_sign_in("lead").get(f"/staff/requests/{stuck.id}").get_data(as_text=True)
    assert "Keskuksen tiiminvetäjille muistutettiin, että pyyntö on myöhässä." in html
    assert "Yhä avoinna 2 arkipäivää määräajan jälkeen: kunnan ylläpitäjille ilmoitettiin." \
        in html


def test_the_worker_queues_and_sends_the_days_reminders_once(mail_app, db, demo, smtp, runner):
    mail_app.config["MAIL_REMINDER_HOUR"] = 0  # whatever the hour now, the day's run is due
    smtp.start()
    turku = centre_by_key(db.session, "turku")
    now = utcnow()
    family_request(db, turku, created_at=now - timedelta(days=1), due_at=now + timedelta(hours=3))
    family_request(db, turku, created_at=now - timedelta(days=20), due_at=now - timedelta(days=15))
    db.session.commit()

    for _ in range(2):
        result = runner.invoke(args=["outbox", "run", "--once"])
        assert result.exit_code == 0, result.output

    kinds = sorted(m.kind for m in db.session.scalars(sa.select(OutboxMessage)))
    assert kinds == ["due_soon_reminder", "escalation", "overdue_reminder"]
    assert sorted(m["To"] for m in smtp.messages) == [TURKU_ADMIN, LEAD, LEAD]


def test_two_runs_at_once_queue_each_reminder_and_escalation_once_on_postgresql(
        mail_app, committed_app, db, demo, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("in-memory SQLite is one shared connection: nothing runs at once")
    turku = centre_by_key(db.session, "turku")
    now = utcnow()
    for _ in range(3):
        family_request(db, turku, created_at=now - timedelta(days=1),
                       due_at=now + timedelta(hours=3))
        family_request(db, turku, created_at=now - timedelta(days=20),
                       due_at=now - timedelta(days=15))
    db.session.commit()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        with committed_app.app_context():
            try:
                barrier.wait()
                mail_cli._queue_daily(notifications.send_reminders, now)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors

    db.session.expire_all()
    kinds = sorted(m.kind for m in db.session.scalars(sa.select(OutboxMessage)))
    assert kinds == ["due_soon_reminder", "escalation", "overdue_reminder"]
    assert len(events_of(db, EventKind.ESCALATED)) == 3
    assert len(events_of(db, EventKind.NOTIFIED)) == 6


def test_every_link_in_the_new_mail_opens_a_page_its_reader_may_see(
        mail_app, db, demo, fast_sign_in):
    turku = centre_by_key(db.session, "turku")
    now = utcnow()
    soon = family_request(db, turku, created_at=now - timedelta(days=1),
                          due_at=now + timedelta(hours=3))
    family_request(db, turku, created_at=now - timedelta(days=20), due_at=now - timedelta(days=15))
    notifications.send_reminders(db.session, now)
    follow_up.withdraw(db.session, soon)
    db.session.commit()

    routes = {m.kind: sorted(_route(mail_app, link) for link in _links(m))
              for m in db.session.scalars(sa.select(OutboxMessage))}
    assert routes["due_soon_reminder"] == [("triage.index", {"centre": str(turku.id),
                                                             "sort": "due"})]
    assert routes["escalation"] == [("routing_admin.index", {})]
    assert routes["request_withdrawn"] == [("triage.request", {"request_id": soon.id})]
    # The municipality's administrator may open their front page (never the request).
    admin = fast_sign_in("municipality_admin")
    assert admin.get("/admin/").status_code == 200
    assert admin.get(f"/staff/requests/{soon.id}").status_code == 404
    lead = fast_sign_in("lead")
    assert lead.get(f"/staff/requests?centre={turku.id}&sort=due").status_code == 200
