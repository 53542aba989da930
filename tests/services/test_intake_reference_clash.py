"""A new request whose random reference is already taken gets another one, in the same
transaction: the unique index, not a query before each insert, finds the clash."""
import pytest
import sqlalchemy as sa

from helpbutton.intake import operations as intake
from helpbutton.models import Channel, EventKind, HelpRequest, OutboxMessage
from tests.services.test_intake import data


@pytest.fixture(autouse=True)
def finnish_request(app):
    with app.test_request_context("/fi/"):
        from flask import g

        g.lang = "fi"
        yield


def test_a_taken_reference_is_drawn_again(db, demo, monkeypatch):
    first = intake.submit_help_request(db.session, demo, data(), channel=Channel.WEB,
                                       submission_key="a" * 32)
    db.session.commit()
    drawn = iter([first.request.reference, "ACDEFHJKMN"])
    monkeypatch.setattr(intake, "_new_reference", lambda: next(drawn))

    second = intake.submit_help_request(db.session, demo, data(), channel=Channel.WEB,
                                        submission_key="b" * 32)
    db.session.commit()

    assert second.created and second.request.reference == "ACDEFHJKMN"
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 2
    stored = db.session.get(HelpRequest, second.request.id)
    assert [e.kind for e in stored.events] == [EventKind.CREATED, EventKind.ROUTED]
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 2


def test_a_reference_that_keeps_clashing_fails_rather_than_loops(db, demo, monkeypatch):
    first = intake.submit_help_request(db.session, demo, data(), channel=Channel.WEB)
    db.session.commit()
    monkeypatch.setattr(intake, "_new_reference", lambda: first.request.reference)
    with pytest.raises(sa.exc.IntegrityError):
        intake.submit_help_request(db.session, demo, data(), channel=Channel.WEB)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 1
