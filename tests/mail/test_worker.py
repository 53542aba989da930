"""The outbox worker against a real SMTP server: outages, retries, giving up, two workers."""
import logging
import threading
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton import create_app
from helpbutton.extensions import db as _db
from helpbutton.mail import notifications, outbox
from helpbutton.models import OutboxMessage, OutboxStatus
from tests.factories import FAMILY, make_request
from tests.factories import MAIL_NOW as NOW
from tests.factories import centre as centre_by_key
from tests.mail.conftest import point_mail_at


def _messages(db) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def _queue_centre_mail(db) -> OutboxMessage:
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    message = notifications.notify_centre_new_request(db.session, request)
    db.session.commit()
    return message


def test_mail_queued_while_the_smtp_server_is_down_arrives_once_when_it_is_back(
        mail_app, db, demo, smtp):
    _queue_centre_mail(db)

    result = outbox.send_due(db.session, NOW)  # nothing listens on the port

    assert (result.sent, result.retried) == (0, 1)
    [message] = _messages(db)
    assert message.status is OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at > NOW
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()

    smtp.start()
    assert outbox.send_due(db.session, NOW + timedelta(seconds=30)).sent == 0  # backing off
    assert smtp.messages == []
    assert outbox.send_due(db.session, message.next_attempt_at).sent == 1
    assert outbox.send_due(db.session, NOW + timedelta(days=1)).sent == 0

    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received["To"] == "perhekeskus.turku@example.invalid"
    types = [part.get_content_type() for part in received.walk()]
    assert "text/plain" in types and "text/html" in types
    [message] = _messages(db)
    assert message.status is OutboxStatus.SENT and message.attempts == 2


def test_mail_of_a_rolled_back_change_is_never_sent(mail_app, db, demo, smtp):
    smtp.start()
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    notifications.notify_centre_new_request(db.session, request)
    db.session.rollback()

    assert outbox.send_all_due(db.session, NOW + timedelta(hours=1)).sent == 0
    assert smtp.messages == []
    assert _messages(db) == []


def test_retries_back_off_1_2_4_minutes(mail_app, db, demo, smtp):
    _queue_centre_mail(db)
    now, delays = NOW, []
    for _ in range(3):
        outbox.send_due(db.session, now)
        [message] = _messages(db)
        delays.append(message.next_attempt_at - now)
        now = message.next_attempt_at

    assert delays == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]


def test_backoff_is_capped():
    assert outbox.backoff(1, 60, 3600) == timedelta(minutes=1)
    assert outbox.backoff(4, 60, 3600) == timedelta(minutes=8)
    assert outbox.backoff(30, 60, 3600) == timedelta(hours=1)


def test_a_message_refused_every_time_gives_up_after_the_limit_and_is_shown_to_the_admin(
        mail_app, db, demo, smtp, runner, caplog):
    caplog.set_level(logging.DEBUG)
    mail_app.config["MAIL_MAX_ATTEMPTS"] = 3
    smtp.handler.refuse_rcpt = f"550 5.1.1 <{FAMILY['email']}>: Recipient address rejected"
    smtp.start()
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    confirmation = notifications.confirm_to_family(
        db.session, request, "https://apua.example.invalid/fi/follow-up/t0ken")
    db.session.commit()
    confirmation_id = confirmation.id

    now = NOW
    for _ in range(5):  # more passes than the limit, each after any backoff
        outbox.send_due(db.session, now)
        now += timedelta(days=1)

    [message] = _messages(db)
    assert message.status is OutboxStatus.FAILED
    assert message.attempts == 3  # it stopped at the limit
    assert "550" in message.last_error
    assert FAMILY["email"] not in message.last_error
    our_logs = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("helpbutton"))
    assert "gave up" in our_logs
    assert FAMILY["email"] not in our_logs
    assert [m.id for m in outbox.failed_messages(db.session)] == [confirmation_id]

    listing = runner.invoke(args=["outbox", "failed"])
    assert listing.exit_code == 0, listing.output
    assert str(confirmation_id) in listing.output
    assert "family_confirmation" in listing.output and "550" in listing.output
    assert " email " in listing.output  # the channel it went by
    assert FAMILY["email"] not in listing.output

    # The administrator fixes the cause and sends it again.
    smtp.handler.refuse_rcpt = None
    retried = runner.invoke(args=["outbox", "retry", str(confirmation_id)])
    assert retried.exit_code == 0, retried.output
    outbox.send_all_due(db.session, now)
    assert len(smtp.messages) == 1
    assert outbox.failed_messages(db.session) == []


def test_refused_data_is_retried_like_an_outage(mail_app, db, demo, smtp):
    smtp.handler.refuse_data = "451 4.3.0 Try again later"
    smtp.start()
    _queue_centre_mail(db)

    result = outbox.send_due(db.session, NOW)

    assert result.retried == 1
    [message] = _messages(db)
    assert message.status is OutboxStatus.PENDING and "451" in message.last_error


def test_listing_shows_centre_addresses_but_never_a_familys(mail_app, db, demo, smtp, runner):
    mail_app.config["MAIL_MAX_ATTEMPTS"] = 1
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    notifications.notify_centre_new_request(db.session, request)
    notifications.confirm_to_family(db.session, request, "https://x.invalid/fi/follow-up/t")
    db.session.commit()
    outbox.send_due(db.session, NOW)  # server down, limit 1: both fail

    output = runner.invoke(args=["outbox", "failed"]).output

    assert "perhekeskus.turku@example.invalid" in output
    assert "(family)" in output
    assert FAMILY["email"] not in output


def test_a_claimed_message_is_not_claimed_again_until_its_lease_expires(mail_app, db, demo):
    message_id = _queue_centre_mail(db).id

    assert outbox.claim(db.session, NOW, lease_seconds=600) == [message_id]
    assert outbox.claim(db.session, NOW + timedelta(seconds=599)) == []
    # A worker that crashed holding it: once the lease is over, another worker takes it.
    assert outbox.claim(db.session, NOW + timedelta(seconds=601)) == [message_id]


def test_postgresql_claim_skips_rows_another_worker_has_locked(mail_app, committed_app, db,
                                                               demo, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks exist on PostgreSQL only")
    message_id = _queue_centre_mail(db).id
    other = so.Session(db.engine)
    try:
        other.execute(sa.select(OutboxMessage.id).with_for_update())  # holds the row lock
        # Without SKIP LOCKED this claim would wait for the lock and hit the timeout.
        db.session.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
        assert outbox.claim(db.session, NOW) == []
        other.rollback()
        assert outbox.claim(db.session, NOW) == [message_id]
    finally:
        other.close()


def _run_two_workers(app, db, smtp, count: int = 30) -> tuple[Counter, dict[str, int]]:
    for i in range(count):
        outbox.enqueue(db.session, kind="test", recipient=f"centre{i}@example.invalid",
                       language="fi", subject=f"message {i}", body_text=f"body {i}",
                       body_html=f"<p>body {i}</p>", now=NOW)
    db.session.commit()
    smtp.handler.delay = 0.01
    smtp.start()
    barrier = threading.Barrier(2)
    sent_by: dict[str, int] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        with app.app_context():
            try:
                barrier.wait()
                total = 0
                while True:
                    result = outbox.send_due(_db.session, NOW, limit=3)
                    total += result.sent
                    if not (result.sent or result.retried or result.failed):
                        break
                sent_by[name] = total
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return Counter(str(m["Subject"]) for m in smtp.messages), sent_by


def test_two_workers_at_once_send_each_message_once_on_postgresql(mail_app, committed_app, db,
                                                                   smtp, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("in-memory SQLite is one shared connection; see the SQLite file test")
    subjects, sent_by = _run_two_workers(mail_app, db, smtp)

    assert subjects == Counter({f"message {i}": 1 for i in range(30)})
    assert sum(sent_by.values()) == 30
    assert all(sent_by[name] > 0 for name in ("a", "b"))  # both really worked at once
    assert {m.status for m in _messages(db)} == {OutboxStatus.SENT}


def test_two_workers_at_once_send_each_message_once_on_a_sqlite_file(tmp_path, smtp):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'mail.sqlite'}",
        "MAIL_SUPPRESS_SEND": True,
    })
    point_mail_at(app, smtp.port)
    with app.app_context():
        _db.create_all()
        try:
            subjects, sent_by = _run_two_workers(app, _db, smtp)
            assert subjects == Counter({f"message {i}": 1 for i in range(30)})
            assert sum(sent_by.values()) == 30
        finally:
            _db.session.remove()
            _db.engine.dispose()


def test_flask_outbox_send_sends_what_is_due(mail_app, db, demo, smtp, runner):
    smtp.start()
    _queue_centre_mail(db)

    result = runner.invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert len(smtp.messages) == 1


def test_flask_outbox_run_once_sends_and_exits(mail_app, db, demo, smtp, runner):
    smtp.start()
    _queue_centre_mail(db)

    result = runner.invoke(args=["outbox", "run", "--once", "--no-daily"])

    assert result.exit_code == 0, result.output
    assert len(smtp.messages) == 1


def test_a_message_that_cannot_be_built_fails_without_stopping_the_others(mail_app, db, demo,
                                                                         smtp):
    mail_app.config["MAIL_MAX_ATTEMPTS"] = 1
    smtp.start()
    outbox.enqueue(db.session, kind="test", recipient="centre@example.invalid", language="fi",
                   subject="broken\nBcc: someone@example.invalid", body_text="x", now=NOW)
    _queue_centre_mail(db)

    result = outbox.send_all_due(db.session, NOW + timedelta(minutes=1))

    assert (result.sent, result.failed) == (1, 1)
    assert len(smtp.messages) == 1
    assert [m.kind for m in outbox.failed_messages(db.session)] == ["test"]


def test_a_sent_family_confirmation_keeps_neither_address_nor_link(mail_app, db, demo, smtp):
    smtp.start()
    centre = centre_by_key(db.session, "turku")
    request = make_request(db.session, centre, created_at=NOW, contact=FAMILY, wants_email=True,
                           events=False, commit=False)
    notifications.confirm_to_family(db.session, request,
                                    "https://apua.example.invalid/fi/follow-up/s3cret")
    notifications.notify_centre_new_request(db.session, request)
    db.session.commit()

    outbox.send_all_due(db.session, NOW)

    assert "s3cret" in smtp.messages[0].get_body(("plain",)).get_content()
    family, centre_mail = sorted(_messages(db), key=lambda m: m.kind != "family_confirmation")
    stored = f"{family.recipient} {family.body_text} {family.body_html}"
    assert FAMILY["email"] not in stored and "s3cret" not in stored
    assert centre_mail.recipient == "perhekeskus.turku@example.invalid"


def test_sent_mail_is_deleted_after_the_keeping_time(mail_app, db, demo, smtp):
    smtp.start()
    _queue_centre_mail(db)
    outbox.send_all_due(db.session, NOW)
    outbox.enqueue(  # still pending: never deleted
        db.session, kind="test", recipient="c@example.invalid", language="fi", subject="s",
        body_text="b", now=NOW + timedelta(days=100))
    db.session.commit()

    assert outbox.purge_sent(db.session, NOW + timedelta(days=29)) == 0
    assert outbox.purge_sent(db.session, NOW + timedelta(days=31)) == 1
    db.session.commit()
    assert [m.kind for m in _messages(db)] == ["test"]
