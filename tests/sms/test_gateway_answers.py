"""How the outbox reads each answer of the LINK Mobility gateway (docs/sms.md), over a real
loopback HTTP server: sent, retried later, or given up at once."""
import logging

import pytest
import sqlalchemy as sa

from helpbutton.mail import family_notices, outbox
from helpbutton.models import OutboxChannel, OutboxMessage, OutboxStatus
from helpbutton.sms import gateway as sms_gateway
from tests.factories import MAIL_NOW as NOW
from tests.factories import make_request

PENDING, SENT, FAILED = OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.FAILED


@pytest.mark.parametrize(("status", "body", "expected"), [
    (200, {"messageId": "m1", "resultCode": 1005, "description": "Queued"}, SENT),
    (202, {"messageId": "m2"}, SENT),
    (200, {"resultCode": 2104, "description": "Unknown subscriber"}, FAILED),
    (200, {"resultCode": 105, "description": "Internal error"}, PENDING),
    (400, {"resultCode": 2106, "description": "Number error"}, FAILED),
    (422, {"description": "Invalid destination"}, FAILED),
    (401, {"description": "Unauthorized"}, PENDING),
    (403, {"description": "Forbidden"}, PENDING),
    (429, {"description": "Too many requests"}, PENDING),
    (500, {}, PENDING),
    (502, {}, PENDING),
])
def test_each_answer_of_the_gateway(sms_app, db, demo, sms_server, status, body, expected):
    request = make_request(db.session, "turku", may_leave_message=True)
    family_notices.notify_family(db.session, request, "family_new_message")
    db.session.commit()
    sms_server.answer = (status, body)
    sms_server.start()

    outbox.send_all_due(db.session, NOW)

    db.session.expire_all()
    [row] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.channel == OutboxChannel.SMS)).all()
    assert row.status is expected
    assert len(sms_server.received) == 1
    if expected is not SENT:
        assert str(status) in row.last_error
        assert outbox.is_refused(row) == (expected is FAILED)


def test_no_phone_number_in_errors_or_logs(sms_app, db, demo, sms_server, caplog):
    caplog.set_level(logging.INFO)
    request = make_request(db.session, "turku", may_leave_message=True)
    family_notices.notify_family(db.session, request, "family_new_message")
    db.session.commit()
    sms_server.answer = (400, {"resultCode": 2106,
                               "description": f"Number error: {request.phone} (0401234567)"})
    sms_server.start()

    outbox.send_all_due(db.session, NOW)

    db.session.expire_all()
    [row] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.channel == OutboxChannel.SMS)).all()
    assert row.status is FAILED and "Number error" in row.last_error
    assert "outbox: recipient refused" in caplog.text
    for shown in (request.phone, "401234567", "0401234567"):
        assert shown not in row.last_error and shown not in caplog.text


def test_the_gateway_is_off_without_a_url_and_refuses_an_unknown_protocol():
    assert sms_gateway.from_config({"SMS_GATEWAY_URL": None}) is None
    assert not sms_gateway.enabled({})
    with pytest.raises(ValueError):
        sms_gateway.from_config({"SMS_GATEWAY_URL": "http://127.0.0.1:9",
                                 "SMS_GATEWAY_PROTOCOL": "carrier-pigeon"})
