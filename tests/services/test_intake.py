"""Intake: a request is validated, stored, routed, given a due time, recorded and notified."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from helpbutton.intake import follow_up
from helpbutton.intake import operations as intake
from helpbutton.intake.operations import IntakeData, IntakeInvalid, submit_help_request
from helpbutton.models import (
    Centre,
    Channel,
    EventKind,
    HelpRequest,
    OutboxMessage,
    Outcome,
    Partner,
    RequestStatus,
    RoutingRule,
)

HKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture(autouse=True)
def finnish_request(app):
    # Messages are translated for the request's language, as in the form and the API.
    with app.test_request_context("/fi/"):
        from flask import g

        g.lang = "fi"
        yield


def data(**overrides) -> IntakeData:
    values = dict(
        municipality_code="853", postal_code=None, topic_code="parenting", child_ages=[4, 9],
        description="Iltaisin on vaikeaa.", urgent=False, contact_method="phone",
        phone="040 123 4567", email=None, contact_times="aamupäivisin", contact_name=None,
        service_language="fi", wants_email_confirmation=False, consent=True, ui_language="fi",
    )
    values.update(overrides)
    return IntakeData(**values)


def centre(db, key: str) -> Centre:
    return db.session.scalar(
        sa.select(Centre).where(Centre.notification_email == f"perhekeskus.{key}@example.invalid")
    )


def submit(db, region, d=None, **kw):
    kw.setdefault("channel", Channel.WEB)
    result = submit_help_request(db.session, region, d or data(), **kw)
    db.session.commit()
    return result


def test_request_is_stored_routed_and_due_across_a_public_holiday(db, demo):
    # Wednesday before Christmas: Christmas Eve and Day, then the weekend, are days off.
    now = datetime(2026, 12, 23, 10, 0, tzinfo=HKI).astimezone(UTC)
    result = submit(db, demo, data(service_language="sv"), now=now)

    req = db.session.get(HelpRequest, result.request.id)
    assert result.created and result.follow_up_token
    assert req.centre_id == centre(db, "abo-sv").id  # Turku's rule for Swedish service
    assert req.routing_via == "rule" and req.routing_rule_id is not None
    assert req.routing_trace[-1]["outcome"] == "matched"
    assert req.due_at == datetime(2026, 12, 30, 16, 0, tzinfo=HKI)
    assert req.status is RequestStatus.NEW and req.age_band == "3-6"
    assert req.phone == "+358401234567"
    assert [e.kind for e in req.events] == [EventKind.CREATED, EventKind.ROUTED]
    assert "040" not in str([e.data for e in req.events])


@pytest.mark.parametrize("channel, recorded_by", [(Channel.WEB, None), (Channel.PHONE, True)])
def test_an_urgent_request_is_due_by_the_regions_urgent_promise(db, demo, demo_users, channel,
                                                                recorded_by):
    # Friday afternoon: the next working day is Monday; three working days is Wednesday.
    now = datetime(2026, 12, 4, 14, 30, tzinfo=HKI).astimezone(UTC)
    by = demo_users["staff"].id if recorded_by else None
    urgent = submit(db, demo, data(urgent=True), now=now, channel=channel,
                    recorded_by_id=by).request
    normal = submit(db, demo, data(), now=now, channel=channel, recorded_by_id=by).request
    assert urgent.due_at == datetime(2026, 12, 7, 16, 0, tzinfo=HKI)
    assert normal.due_at == datetime(2026, 12, 9, 16, 0, tzinfo=HKI)
    demo.urgent_promise_working_days = 0
    same_day = submit(db, demo, data(urgent=True), now=now, channel=channel,
                      recorded_by_id=by).request
    assert same_day.due_at == datetime(2026, 12, 4, 16, 0, tzinfo=HKI)


def test_request_without_matching_rule_goes_to_the_municipality_default(db, demo):
    req = submit(db, demo, data(municipality_code="430")).request  # Loimaa
    assert req.centre_id == centre(db, "loimaa-area").id
    assert req.routing_via == "municipality_default"


def test_violence_topic_goes_to_the_region_wide_safety_team(db, demo):
    req = submit(db, demo, data(municipality_code="430", topic_code="violence_safety")).request
    assert req.centre_id == centre(db, "safety").id


def test_centre_is_notified_and_family_email_only_when_asked(db, demo):
    submit(db, demo)
    messages = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [m.kind for m in messages] == ["centre_new_request"]

    asked = submit(db, demo, data(contact_method="email", phone=None, email="perhe@example.com",
                                  wants_email_confirmation=True))
    kinds = sorted(m.kind for m in db.session.scalars(sa.select(OutboxMessage)))
    assert kinds == ["centre_new_request", "centre_new_request", "family_confirmation"]
    family = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "family_confirmation"))
    assert asked.request.reference in family.body_text  # the family's own confirmation
    assert "Iltaisin" not in family.body_text


def test_postal_code_gives_the_municipality(db, demo):
    req = submit(db, demo, data(municipality_code=None, postal_code="21600")).request
    assert req.municipality_code == "445" and req.postal_code == "21600"


@pytest.mark.parametrize("overrides, field", [
    ({"municipality_code": None}, "municipality_code"),
    ({"municipality_code": "999"}, "municipality_code"),
    ({"municipality_code": "179"}, "municipality_code"),  # Jyväskylä: another region
    ({"postal_code": "2010"}, "postal_code"),
    ({"postal_code": "21600"}, "postal_code"),  # Parainen's code, Turku chosen
    ({"postal_code": "40100"}, "postal_code"),  # Jyväskylä: another region
    ({"topic_code": None}, "topic_code"),
    ({"topic_code": "astrology"}, "topic_code"),
    ({"child_ages": [18]}, "child_ages"),
    ({"child_ages": [-2]}, "child_ages"),
    ({"description": "x" * 2001}, "description"),
    ({"phone": None}, "phone"),
    ({"phone": "12345"}, "phone"),
    ({"contact_method": "email", "email": None}, "email"),
    ({"contact_method": "email", "email": "perhe@"}, "email"),
    ({"contact_method": "either", "phone": None, "email": None}, "phone"),
    ({"wants_email_confirmation": True}, "email"),
    ({"contact_method": "pigeon"}, "contact_method"),
    ({"service_language": "de"}, "service_language"),
    ({"consent": False}, "consent"),
    ({"contact_name": "n" * 121}, "contact_name"),
    ({"contact_times": "t" * 201}, "contact_times"),
])
def test_bad_input_is_refused_with_a_message_on_its_field(db, demo, overrides, field):
    with pytest.raises(IntakeInvalid) as caught:
        submit_help_request(db.session, demo, data(**overrides), channel=Channel.WEB)
    assert set(caught.value.errors) == {field}
    assert caught.value.errors[field]
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


def test_messages_come_in_the_current_language(app, db, demo):
    from flask import g

    with app.test_request_context("/sv/"):
        g.lang = "sv"
        errors = intake.validate_intake(db.session, demo, data(consent=False))
    assert "dataskydd" in errors["consent"]


def test_international_phone_and_expecting_are_accepted(db, demo):
    req = submit(db, demo, data(phone="+46 70 123 45 67", child_ages=[-1, 3])).request
    assert req.phone == "+46701234567"
    assert req.age_band == "expecting"


def test_same_submission_key_makes_one_request(db, demo):
    first = submit(db, demo, submission_key="k" * 32)
    again = submit(db, demo, submission_key="k" * 32)
    assert first.created and not again.created
    assert again.request.id == first.request.id
    assert again.follow_up_token == first.follow_up_token  # the key's holder gets the link again
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 1


def test_references_are_unguessable_and_tokens_stored_hashed(db, demo):
    a, b = submit(db, demo), submit(db, demo)
    assert a.request.reference != b.request.reference
    assert len(a.request.reference) == 10
    assert a.follow_up_token not in (a.request.follow_up_token_hash or "")
    assert follow_up.find_by_follow_up_token(db.session, a.follow_up_token).id == a.request.id
    assert follow_up.find_by_follow_up_token(db.session, "nope") is None


def test_partner_source_is_recorded(db, demo):
    partner = db.session.scalar(sa.select(Partner).where(Partner.slug == "loimaa-school"))
    req = submit(db, demo, data(municipality_code="430"), channel=partner.channel,
                 partner=partner).request
    assert req.channel is Channel.SCHOOL and req.partner_id == partner.id


def test_family_sees_status_and_can_withdraw(db, demo):
    req = submit(db, demo).request
    assert follow_up.public_status(req) == "received"
    assert follow_up.withdraw(db.session, req)
    db.session.commit()
    assert follow_up.public_status(req) == "closed" and req.outcome is Outcome.WITHDRAWN
    assert req.events[-1].kind is EventKind.WITHDRAWN
    assert not follow_up.withdraw(db.session, req)


def test_routing_change_is_seen_after_the_version_is_bumped(db, demo):
    from helpbutton.routing_admin.router import bump_routing_version

    assert submit(db, demo, data(municipality_code="430")).request.centre_id == \
        centre(db, "loimaa-area").id
    db.session.add(RoutingRule(region_id=demo.id, municipality_code="430", position=1,
                               topics=["parenting"], target_centre_id=centre(db, "region").id))
    bump_routing_version(db.session, demo)
    db.session.commit()
    assert submit(db, demo, data(municipality_code="430")).request.centre_id == \
        centre(db, "region").id


def test_concurrent_double_submit_loses_the_race_without_breaking_the_transaction(
        db, demo, monkeypatch):
    # Both submissions passed the "seen before?" check: the unique key decides.
    first = submit(db, demo, submission_key="r" * 32)
    real_lookup = intake._by_submission_key
    calls = []

    def not_yet_seen(session, key):
        calls.append(key)
        return None if len(calls) == 1 else real_lookup(session, key)

    monkeypatch.setattr(intake, "_by_submission_key", not_yet_seen)
    again = submit(db, demo, submission_key="r" * 32)
    assert not again.created and again.request.id == first.request.id
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1
