"""The mail server is down for a whole run of families and staff: nothing is lost, and each
expected message arrives exactly once when the server is back.

test_worker.py proves the mechanics on one message (backoff, giving up, two workers). This is
the run as a whole: many families submit through the real public form (some asking for an
e-mail confirmation), staff forward requests and ask for a password reset through their pages,
and the worker keeps passing (the `flask outbox send` command and the service, with the clock
moved past each backoff) while nothing listens on the mail port.
"""
import re
from collections import Counter
from datetime import timedelta

import sqlalchemy as sa

from helpbutton.dbtypes import utcnow
from helpbutton.extensions import limiter
from helpbutton.mail import outbox
from helpbutton.models import Centre, HelpRequest, OutboxMessage, OutboxStatus, User
from tests.public.conftest import FormDriver, hidden_fields
from tests.signin import signed_in_client

# (municipality, service language) → the demo centre the demo routing sends it to.
PLACES = [("853", "fi", "turku"), ("853", "sv", "abo-sv"), ("430", "fi", "loimaa-area"),
          ("734", "fi", "salo")]
PAGES = ("fi", "sv", "en")
FAMILIES = 24
LEAD = "turku.lead@example.invalid"
RESET_FOR = "turku.staff@example.invalid"
_CSRF = re.compile(r'name="(?:[a-z]+-)?csrf_token"[^>]*value="([^"]+)"')


def centre_address(key: str) -> str:
    return f"perhekeskus.{key}@example.invalid"


def family_address(i: int) -> str:
    return f"perhe.{i}@example.com"


def submit_family(client, i: int) -> tuple[int, str, bool]:
    """Family i sends the form; returns (status code, expected centre, wants a confirmation)."""
    municipality, language, centre = PLACES[i % len(PLACES)]
    wants_mail = i % 3 == 0
    changes = {"municipality_code": municipality, "service_language": language,
               "description": f"Perhe {i}: arki on raskasta."}
    if wants_mail:
        changes.update(contact_method="either", email=family_address(i),
                       wants_email_confirmation="y")
    response = FormDriver(client).send(PAGES[i % len(PAGES)], **changes)
    return response.status_code, centre, wants_mail


def staff_client(app, db, email: str):
    user = db.session.scalar(sa.select(User).where(User.email == email))
    return signed_in_client(app, user)


def forward(client, request_id: int, target: Centre):
    page = f"/staff/requests/{request_id}"
    token = _CSRF.search(client.get(page).get_data(as_text=True)).group(1)
    return client.post(f"{page}/forward", data={
        "csrf_token": token, "forward-centre": str(target.id),
        "forward-reason": "Asuu Salossa"})


def ask_password_reset(client, email: str):
    page = client.get("/staff/password/forgot").get_data(as_text=True)
    return client.post("/staff/password/forgot",
                       data={"email": email, "csrf_token": hidden_fields(page)["csrf_token"]})


def outbox_rows(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_whole_run_without_a_mail_server_loses_nothing_and_sends_everything_once(
        mail_app, db, demo, smtp, runner):
    mail_app.config["PUBLIC_FORM_RATE_LIMIT"] = "1000 per minute"
    limiter.reset()
    max_attempts = outbox.DEFAULT_MAX_ATTEMPTS
    mail_app.config["MAIL_MAX_ATTEMPTS"] = max_attempts
    expected = Counter()  # (recipient, kind) → how many messages should arrive
    confirmations = 0
    client = mail_app.test_client()

    def families(numbers):
        nonlocal confirmations
        for i in numbers:
            status, centre, wants_mail = submit_family(client, i)
            assert status == 302, f"family {i} got {status}"
            confirmations += 1
            expected[(centre_address(centre), "centre_new_request")] += 1
            if wants_mail:
                expected[(family_address(i), "family_confirmation")] += 1

    # First half of the families, then the worker's first pass (the real command).
    families(range(FAMILIES // 2))
    sent = runner.invoke(args=["outbox", "send"])
    assert sent.exit_code == 0, sent.output
    assert f"sent 0, to retry {sum(expected.values())}, gave up 0" in sent.output

    # Staff work on: the lead forwards two Turku requests to Salo; someone forgot a password.
    salo = db.session.scalar(sa.select(Centre).where(
        Centre.notification_email == centre_address("salo")))
    turku_ids = list(db.session.scalars(
        sa.select(HelpRequest.id).join(Centre, HelpRequest.centre_id == Centre.id)
        .where(Centre.notification_email == centre_address("turku")).order_by(HelpRequest.id)))
    lead = staff_client(mail_app, db, LEAD)
    for request_id in turku_ids[:2]:
        assert forward(lead, request_id, salo).status_code == 302
        expected[(centre_address("salo"), "centre_forwarded_request")] += 1
    assert ask_password_reset(mail_app.test_client(), RESET_FOR).status_code == 200
    expected[(RESET_FOR, "password_reset")] += 1

    # The rest of the families, while the worker goes on passing with the clock moving on
    # past each backoff (1, 2, 4 … minutes): every message is tried again and again.
    families(range(FAMILIES // 2, FAMILIES))
    now = utcnow()
    for _ in range(max_attempts - 2):
        now += timedelta(hours=4, minutes=1)  # beyond the longest backoff
        result = outbox.send_all_due(db.session, now)
        assert (result.sent, result.failed) == (0, 0)

    total = sum(expected.values())
    assert confirmations == FAMILIES
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == FAMILIES
    rows = outbox_rows(db)
    assert len(rows) == total
    assert Counter(row.kind for row in rows) == _by_kind(expected)
    for row in rows:
        assert row.status is OutboxStatus.PENDING and row.sent_at is None
        assert 1 <= row.attempts < max_attempts  # tried, and not given up on
        assert "refused" in row.last_error.lower() or "connect" in row.last_error.lower()
        assert "@" not in row.last_error  # addresses are blanked out of stored errors
    assert outbox.failed_messages(db.session) == []
    assert smtp.messages == []

    # The server is back; the next pass after the backoff sends everything, once.
    smtp.start()
    now += timedelta(hours=4, minutes=1)
    result = outbox.send_all_due(db.session, now)
    assert (result.sent, result.retried, result.failed) == (total, 0, 0)

    kind_of = {f"<outbox.{row.id}.": row.kind for row in outbox_rows(db)}
    arrived = Counter()
    for message in smtp.messages:
        prefix = str(message["Message-ID"]).split(".")[0:2]
        kind = kind_of[".".join(prefix) + "."]
        arrived[(str(message["To"]), kind)] += 1
    assert arrived == expected
    assert len({str(m["Message-ID"]) for m in smtp.messages}) == total

    # Later passes find nothing more to send.
    again = outbox.send_all_due(db.session, now + timedelta(days=1))
    assert (again.sent, again.retried, again.failed) == (0, 0, 0)
    assert runner.invoke(args=["outbox", "send"]).output.strip() == \
        "sent 0, to retry 0, gave up 0"
    assert len(smtp.messages) == total
    assert {row.status for row in outbox_rows(db)} == {OutboxStatus.SENT}


def _by_kind(expected: Counter) -> Counter:
    counts = Counter()
    for (_recipient, kind), n in expected.items():
        counts[kind] += n
    return counts
