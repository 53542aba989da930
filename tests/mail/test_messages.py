"""What each message says, in which language, and what it must never say — as received over SMTP."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from helpbutton.mail import notifications, outbox
from helpbutton.models import EventKind, OutboxMessage, RequestEvent, RequestStatus, User
from tests.factories import FAMILY, make_lead, make_request
from tests.factories import MAIL_NOW as NOW
from tests.factories import centre as centre_by_key

BASE = "https://apua.example.invalid"
FOLLOW_UP = f"{BASE}/fi/follow-up/Zq8-secret-token"


def deliver(db, smtp, now=NOW):
    """Commit what was queued, send it through the SMTP server and return what arrived."""
    db.session.commit()
    smtp.start()
    before = len(smtp.messages)
    outbox.send_all_due(db.session, now + timedelta(minutes=1))
    return smtp.messages[before:]


def parts(message) -> tuple[str, str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return str(message["Subject"]), text, html


def family_data(db, request) -> list[str]:
    topic = request.topic
    return [*FAMILY.values(), topic.label_fi, topic.label_sv, topic.label_en]


def assert_says_nothing_about_the_family(db, request, message):
    subject, text, html = parts(message)
    for secret in family_data(db, request):
        for part in (subject, text, html):
            assert secret not in part, f"{secret!r} leaked"


def test_the_centre_gets_a_link_and_its_name_and_nothing_about_the_family(
        mail_app, db, demo, smtp):
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    notifications.notify_centre_new_request(db.session, request)

    [message] = deliver(db, smtp)

    assert message["To"] == "perhekeskus.turku@example.invalid"
    subject, text, html = parts(message)
    link = f"{BASE}/staff/requests/{request.id}"
    assert link in text and f'href="{link}"' in html
    assert centre.name_fi in subject and centre.name_fi in text
    # the Finnish-speaking centre is written to in Finnish
    assert "Uusi yhteydenottopyyntö" in subject
    assert request.reference not in text + html + subject
    assert_says_nothing_about_the_family(db, request, message)


def test_a_swedish_speaking_centre_is_written_to_in_swedish(mail_app, db, demo, smtp):
    centre = centre_by_key(db.session, "parainen")  # languages ["sv", "fi"]
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    notifications.notify_centre_new_request(db.session, request)

    [message] = deliver(db, smtp)

    subject, text, _ = parts(message)
    assert subject.startswith("Ny begäran om hjälp")
    assert centre.name_sv in text


def test_the_receiving_centre_of_a_forwarded_request_gets_a_link_and_no_personal_data(
        mail_app, db, demo, smtp):
    from_centre = centre_by_key(db.session, "loimaa-area")
    to_centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, to_centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    notifications.notify_centre_forwarded_request(db.session, request, from_centre)

    [message] = deliver(db, smtp)

    assert message["To"] == to_centre.notification_email
    subject, text, html = parts(message)
    assert from_centre.name_fi in text and to_centre.name_fi in text
    assert f"{BASE}/staff/requests/{request.id}" in text
    assert_says_nothing_about_the_family(db, request, message)


@pytest.mark.parametrize("lang, phrase, subject_start, expected_date", [
    ("fi", "Olemme vastaanottaneet yhteydenottopyyntösi", "Yhteydenottopyyntösi on vastaanotettu",
     "viimeistään torstaina 28. marraskuuta 2030"),
    ("sv", "Vi har tagit emot din begäran om hjälp", "Din begäran om hjälp har tagits emot",
     "senast torsdag 28 november 2030"),
    ("en", "We have received your request for help", "Your request for help has been received",
     "by Thursday 28 November 2030 at the latest"),
])
def test_the_family_confirmation_has_reference_due_date_112_and_link_in_their_language(
        mail_app, db, demo, smtp, lang, phrase, subject_start, expected_date):
    centre = centre_by_key(db.session, "turku")
    due = NOW + timedelta(days=3)
    request = make_request(db.session, centre, created_at=NOW, ui_language=lang, due_at=due,
                           contact=FAMILY, wants_email=True, events=False, commit=False)
    notifications.confirm_to_family(db.session, request, FOLLOW_UP)

    [message] = deliver(db, smtp)

    assert message["To"] == FAMILY["email"]
    subject, text, html = parts(message)
    assert subject.startswith(subject_start)
    for part in (text, html):
        assert phrase in part
        assert request.reference in part
        assert expected_date in part
        assert "112" in part
        assert FOLLOW_UP in part
    for secret in (FAMILY["description"], FAMILY["contact_name"], FAMILY["phone"],
                   FAMILY["contact_times"], request.topic.label_fi, request.topic.label_sv,
                   request.topic.label_en, centre.name_fi, centre.name_sv, centre.name_en):
        assert secret not in subject + text + html


def test_the_due_date_is_the_day_in_helsinki(mail_app, db, demo, smtp):
    centre = centre_by_key(db.session, "turku")
    # 22:30 UTC on the 28th is already 00:30 on the 29th in Helsinki.
    due = NOW.replace(day=28, hour=22, minute=30)
    request = make_request(db.session, centre, created_at=NOW, ui_language="fi", due_at=due,
                           contact=FAMILY, wants_email=True, events=False, commit=False)
    notifications.confirm_to_family(db.session, request, FOLLOW_UP)

    [message] = deliver(db, smtp)

    _, text, _ = parts(message)
    assert "perjantaina 29. marraskuuta 2030" in text
    assert "28. marraskuuta" not in text


@pytest.mark.parametrize("fields", [{"wants_email": False}, {"email": None}])
def test_no_confirmation_is_sent_unless_the_family_asked_and_gave_an_address(
        mail_app, db, demo, smtp, fields):
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, events=False,
                           commit=False, **{"wants_email": True, **fields})

    assert notifications.confirm_to_family(db.session, request, FOLLOW_UP) is None
    assert deliver(db, smtp) == []


def _overdue_setup(db):
    turku = centre_by_key(db.session, "turku")
    kaarina = centre_by_key(db.session, "kaarina")  # no lead: its own address is reminded
    make_lead(db.session, turku, "johtaja.sv@example.invalid", language="sv")
    make_lead(db.session, turku, "entinen@example.invalid", active=False)
    past = NOW - timedelta(days=1)
    overdue = [make_request(db.session, turku, created_at=NOW, reference=f"OVERDUE{i}", due_at=past,
                            contact=FAMILY, wants_email=True, events=False, commit=False)
               for i in range(2)]
    make_request(db.session, turku, created_at=NOW, reference="CLOSED1", due_at=past,
                 status=RequestStatus.CLOSED, contact=FAMILY, wants_email=True, events=False,
                 commit=False)
    make_request(db.session, turku, created_at=NOW, reference="NOTYETDUE",
                 due_at=NOW + timedelta(days=1), contact=FAMILY, wants_email=True, events=False,
                 commit=False)
    overdue.append(make_request(db.session, kaarina, created_at=NOW, reference="KAARINA1",
                                due_at=past, contact=FAMILY, wants_email=True, events=False,
                                commit=False))
    return turku, kaarina, overdue


def test_overdue_requests_remind_each_lead_once_a_day_with_the_count(mail_app, db, demo, smtp):
    turku, kaarina, overdue = _overdue_setup(db)

    assert notifications.remind_overdue(db.session, NOW) == 3
    received = deliver(db, smtp)

    by_recipient = {m["To"]: parts(m) for m in received}
    assert set(by_recipient) == {"turku.lead@example.invalid", "johtaja.sv@example.invalid",
                                 kaarina.notification_email}
    assert "2 yhteydenottopyyntöä on myöhässä" in by_recipient["turku.lead@example.invalid"][1]
    assert "2 begäranden i kön är försenade" in by_recipient["johtaja.sv@example.invalid"][1]
    assert "1 yhteydenottopyyntö on myöhässä" in by_recipient[kaarina.notification_email][1]
    assert f"{BASE}/staff/requests?centre={turku.id}&due=overdue" in \
        by_recipient["turku.lead@example.invalid"][1]
    for subject, text, html in by_recipient.values():
        assert f"{BASE}/staff/requests?centre=" in text
        for secret in FAMILY.values():
            assert secret not in subject + text + html
    for message in received:
        assert_says_nothing_about_the_family(db, overdue[0], message)

    # The timeline of each overdue request says the leads were reminded.
    events = db.session.scalars(
        sa.select(RequestEvent).where(RequestEvent.kind == EventKind.NOTIFIED)).all()
    assert sorted(e.request_id for e in events) == sorted(r.id for r in overdue)
    assert all(e.data.get("reminder") == "overdue" for e in events)

    # Later the same day (21:00 in Helsinki): nothing again. The next day: again.
    assert notifications.remind_overdue(db.session, NOW + timedelta(hours=10)) == 0
    assert notifications.remind_overdue(db.session, NOW + timedelta(days=1)) == 3


def test_the_daily_digest_goes_once_a_day_to_centres_that_asked_for_it(mail_app, db, demo,
                                                                        smtp):
    turku = centre_by_key(db.session, "turku")
    salo = centre_by_key(db.session, "salo")  # did not ask for a digest
    turku.daily_digest = True
    new = make_request(db.session, turku, reference="NEWTODAY1",
                       created_at=NOW - timedelta(hours=2), contact=FAMILY, wants_email=True,
                       events=False, commit=False)
    make_request(db.session, turku, reference="OLDOVERDUE", created_at=NOW - timedelta(days=5),
                 due_at=NOW - timedelta(days=1), contact=FAMILY, wants_email=True, events=False,
                 commit=False)
    make_request(db.session, turku, reference="OLDCLOSED", created_at=NOW - timedelta(days=5),
                 status=RequestStatus.CLOSED, contact=FAMILY, wants_email=True, events=False,
                 commit=False)
    make_request(db.session, salo, created_at=NOW, reference="SALO1", contact=FAMILY,
                 wants_email=True, events=False, commit=False)

    assert notifications.send_daily_digest(db.session, NOW) == 1
    [message] = deliver(db, smtp)

    assert message["To"] == turku.notification_email
    _, text, _ = parts(message)
    assert "Uusia viimeisen vuorokauden aikana: 1" in text
    assert "Avoinna: 2" in text
    assert "Myöhässä: 1" in text
    assert_says_nothing_about_the_family(db, new, message)
    assert notifications.send_daily_digest(db.session, NOW + timedelta(hours=3)) == 0


@pytest.mark.parametrize("lang, phrase", [
    ("fi", "Valitse uusi salasana"), ("sv", "Välj ett nytt lösenord"),
    ("en", "Choose a new password")])
def test_password_reset_is_in_the_users_language_with_the_link(mail_app, db, demo, smtp,
                                                                lang, phrase):
    user = db.session.scalar(sa.select(User).where(User.email == "turku.staff@example.invalid"))
    user.language = lang
    notifications.password_reset(db.session, user, f"{BASE}/staff/reset/abc123")

    [message] = deliver(db, smtp)

    assert message["To"] == user.email
    _, text, html = parts(message)
    assert f"{BASE}/staff/reset/abc123" in text and phrase in html


def test_a_new_account_gets_the_set_password_link_in_its_language(mail_app, db, demo, smtp):
    user = db.session.scalar(sa.select(User).where(User.email == "abo.personal@example.invalid"))
    notifications.new_account(db.session, user, f"{BASE}/staff/set-password/xyz")

    [message] = deliver(db, smtp)

    subject, text, _ = parts(message)
    assert subject == "Ditt konto i tjänsten Be om hjälp"
    assert f"{BASE}/staff/set-password/xyz" in text


def test_html_parts_load_nothing_and_link_only_to_the_service(mail_app, db, demo, smtp):
    turku = centre_by_key(db.session, "turku")
    turku.daily_digest = True
    request = make_request(db.session, turku, created_at=NOW, due_at=NOW - timedelta(days=1),
                           contact=FAMILY, wants_email=True, events=False, commit=False)
    user = db.session.scalar(sa.select(User).where(User.email == "turku.lead@example.invalid"))
    notifications.notify_centre_new_request(db.session, request)
    notifications.notify_centre_forwarded_request(db.session, request,
                                                  centre_by_key(db.session, "salo"))
    notifications.confirm_to_family(db.session, request, FOLLOW_UP)
    notifications.remind_overdue(db.session, NOW)
    notifications.send_daily_digest(db.session, NOW)
    notifications.password_reset(db.session, user, f"{BASE}/staff/reset/t")
    notifications.new_account(db.session, user, f"{BASE}/staff/set-password/t")

    received = deliver(db, smtp)

    kinds = {m.kind for m in db.session.scalars(sa.select(OutboxMessage))}
    assert kinds == {"centre_new_request", "centre_forwarded_request", "family_confirmation",
                     "overdue_reminder", "daily_digest", "password_reset", "new_account"}
    assert len(received) == 7
    for message in received:
        _, text, html = parts(message)
        assert not re.search(r"<img|<link|<script|<iframe|src=|url\(|@import", html, re.I)
        assert all(url.startswith(BASE) for url in re.findall(r'href="([^"]+)"', html))
        assert "<p" not in text and "&amp;" not in text
