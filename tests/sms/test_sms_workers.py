"""Two outbox workers at once send each SMS once (PostgreSQL: SKIP LOCKED; SQLite: the
conditional claim), against the loopback gateway."""
import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from helpbutton import create_app
from helpbutton.extensions import db as _db
from helpbutton.mail import family_notices, outbox
from helpbutton.models import OutboxChannel, OutboxMessage, OutboxStatus
from tests.factories import MAIL_NOW as NOW
from tests.factories import make_request
from tests.mail.conftest import point_mail_at
from tests.sms.conftest import point_sms_at

COUNT = 24


def _numbers() -> list[str]:
    return [f"+35840100{i:04d}" for i in range(COUNT)]


def _queue(session) -> None:
    for number in _numbers():
        outbox.enqueue(session, kind="family_new_message", channel=OutboxChannel.SMS,
                       recipient=number, language="fi", subject="family_new_message",
                       body_text="Sinulle on uusi viesti.", now=NOW)
    session.commit()


def _race(app, sms_server) -> dict[str, int]:
    sms_server.delay = 0.01
    sms_server.start()
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
    return sent_by


def test_two_workers_at_once_send_each_sms_once_on_postgresql(sms_app, committed_app, db,
                                                              sms_server, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("in-memory SQLite is one shared connection; see the SQLite file test")
    _queue(db.session)

    sent_by = _race(sms_app, sms_server)

    assert Counter(r.destination for r in sms_server.accepted) == Counter(
        {number: 1 for number in _numbers()})
    assert sum(sent_by.values()) == COUNT
    assert all(sent_by[name] > 0 for name in ("a", "b"))  # both really worked at once
    db.session.expire_all()
    assert set(db.session.scalars(sa.select(OutboxMessage.status))) == {OutboxStatus.SENT}


def test_two_workers_at_once_send_each_sms_once_on_a_sqlite_file(tmp_path, smtp, sms_server):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'sms.sqlite'}",
        "MAIL_SUPPRESS_SEND": True,
    })
    point_mail_at(app, smtp.port)
    point_sms_at(app, sms_server)
    with app.app_context():
        _db.create_all()
        try:
            _queue(_db.session)
            sent_by = _race(app, sms_server)
            assert Counter(r.destination for r in sms_server.accepted) == Counter(
                {number: 1 for number in _numbers()})
            assert sum(sent_by.values()) == COUNT
        finally:
            _db.session.remove()
            _db.engine.dispose()


def test_a_new_message_notice_from_a_request_goes_once_with_two_workers(
        sms_app, committed_app, db, demo, sms_server, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("two connections at once: PostgreSQL (the SQLite file test covers SQLite)")
    request = make_request(db.session, "turku", ui_language="sv")
    family_notices.notify_family(db.session, request, "family_new_message")
    family_notices.notify_family(db.session, request, "family_new_message")  # a second one
    db.session.commit()

    _race(sms_app, sms_server)

    assert [r.destination for r in sms_server.accepted] == [request.phone, request.phone]
    assert {r.body["refId"] for r in sms_server.accepted} == {
        f"outbox-{m.id}" for m in db.session.scalars(sa.select(OutboxMessage))
        if m.channel is OutboxChannel.SMS}
