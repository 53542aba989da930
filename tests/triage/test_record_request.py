"""A worker records a request a family made by phone, at a walk-in or at an outreach event:
stored and routed as the public form's, in the queue where routing sent it, the worker named
on the timeline, the family's confirmation mailed when it gave an email."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.intake import follow_up
from helpbutton.models import (
    Channel,
    EventKind,
    HelpRequest,
    OutboxMessage,
    RequestEvent,
    RoutingRule,
)
from helpbutton.models.partner import CHANNEL_LABELS
from helpbutton.routing_admin import validation
from helpbutton.routing_admin.router import bump_routing_version
from tests.factories import centre
from tests.signin import signed_in_client, user_by_email
from tests.triage.conftest import OTHER_STAFF, STAFF
from tests.triage.test_queue_web import csrf, csrf_on  # noqa: F401 (fixture)

PAGE = "/staff/record"
CALL = {
    "channel": "phone", "municipality_code": "853", "topic_code": "everyday",
    "child_ages": ["4"], "description": "Äiti soitti: arki on raskasta.",
    "contact_method": "phone", "phone": "040 765 4321", "contact_name": "Maija",
    "service_language": "fi", "consent": "y",
}
LINK = re.compile(r"https?://\S+/follow-up/(\S+)")


def record(client, **changes):
    data = {k: v for k, v in {**CALL, **changes}.items() if v is not None}
    return client.post(PAGE, data={**data, "csrf_token": csrf(client, PAGE)})


def recorded(db) -> list[HelpRequest]:
    db.session.expire_all()
    return db.session.scalars(sa.select(HelpRequest).where(
        HelpRequest.channel.in_([Channel.PHONE, Channel.WALK_IN, Channel.OUTREACH]))).all()


def outbox(db, kind: str) -> list[OutboxMessage]:
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)).all()


def test_a_phone_request_is_routed_queued_and_names_the_worker(db, turku, client_for, csrf_on,
                                                               people):
    staff = client_for(STAFF)
    form = staff.get(PAGE).get_data(as_text=True)
    assert "Kirjaa pyyntö" in form
    # The worker picks the channel: none is chosen for them.
    assert 'name="channel" type="radio" value="phone"' in form
    assert not re.search(r'name="channel"[^>]*checked', form)
    assert "Perhe on suostunut siihen, että sen tiedot kirjataan" in form

    response = record(staff)
    [req] = recorded(db)
    assert req.channel is Channel.PHONE and req.centre_id == turku.id
    assert req.phone == "+358407654321" and req.child_ages == [4]
    assert req.routing_via and req.routing_trace  # why it went there, as for the form
    assert req.due_at > req.created_at
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/requests/{req.id}")
    created = db.session.scalar(sa.select(RequestEvent).where(
        RequestEvent.request_id == req.id, RequestEvent.kind == EventKind.CREATED))
    assert created.actor_id == people["staff"].id
    assert [m.request_id for m in outbox(db, "centre_new_request")] == [req.id]

    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Kirjattu tunnuksella {req.reference}" in page
    timeline = page[page.index('id="timeline-title"'):]
    assert re.search(r'<span class="who">Tero Työntekijä</span>:\s*Kirjasi pyynnön perheen '
                     r"puolesta \(Puhelu keskukseen\)", timeline)
    assert "Puhelu keskukseen" in page[:page.index('id="timeline-title"')]  # "came through"
    why = page[page.index('id="why-title"'):page.index('id="timeline-title"')]
    assert '<ol class="explanation"><li>' in why  # routing's stored explanation, in words
    # In the centre's queue, for everyone working there.
    assert req.reference in client_for(people["lead"].email).get(
        "/staff/requests").get_data(as_text=True)


def test_the_same_page_sent_twice_records_one_request(db, turku, client_for, csrf_on):
    staff = client_for(STAFF)
    html = staff.get(PAGE).get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', html).group(1)
    data = {**CALL, "submission_key": key, "csrf_token": csrf(staff, PAGE)}
    first, second = staff.post(PAGE, data=data), staff.post(PAGE, data=data)
    assert len(recorded(db)) == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_a_request_routed_to_another_centre_is_told_and_not_shown(db, turku, loimaa, client_for,
                                                                  csrf_on):
    staff = client_for(STAFF)
    response = record(staff, municipality_code="430", channel="walk-in")  # Loimaa
    [req] = recorded(db)
    assert req.centre_id == loimaa.id and req.channel is Channel.WALK_IN
    assert response.headers["Location"].endswith(PAGE)
    told = staff.get(PAGE).get_data(as_text=True)
    assert (f"Kirjattu tunnuksella {req.reference}. Ohjaus lähetti sen keskukseen "
            f"{loimaa.name('fi')}, jota et näe") in told
    assert staff.get(f"/staff/requests/{req.id}").status_code == 404
    assert req.reference not in staff.get("/staff/requests").get_data(as_text=True)
    # Loimaa's worker has it, with the centre's notification.
    assert req.reference in client_for(OTHER_STAFF).get("/staff/requests").get_data(
        as_text=True)
    assert [m.recipient for m in outbox(db, "centre_new_request")] == [
        loimaa.notification_email]


def test_mistakes_are_said_in_the_workers_language_and_nothing_is_stored(db, turku, client_for,
                                                                         csrf_on, people):
    people["staff"].language = "sv"
    db.session.commit()
    staff = client_for(STAFF)
    response = record(staff, channel=None, consent=None, phone="12", topic_code=None,
                      service_language=None)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Välj hur begäran kom." in html  # the channel
    assert "Bekräfta att familjen har gått med på att dess uppgifter registreras." in html
    assert "Kontrollera telefonnumret" in html
    assert "Välj vad familjen behöver hjälp med." in html
    assert "Välj språket som familjen vill bli betjänad på." in html
    assert 'id="error-summary"' in html
    # What was typed is kept.
    assert "Äiti soitti: arki on raskasta." in html and 'value="12"' in html
    assert re.search(r'<option selected value="853">', html)
    assert recorded(db) == [] and outbox(db, "centre_new_request") == []


def test_a_family_that_gives_an_email_gets_its_confirmation_and_private_link(db, turku,
                                                                              client_for,
                                                                              csrf_on):
    staff = client_for(STAFF)
    record(staff, channel="outreach", contact_method="email", phone="",
           email="perhe@example.com", service_language="sv")
    [req] = recorded(db)
    [mail] = outbox(db, "family_confirmation")
    assert mail.recipient == "perhe@example.com" and req.reference in mail.body_text
    assert "Äiti soitti" not in mail.body_text  # never what was told
    link = LINK.search(mail.body_text)
    assert link and "/sv/follow-up/" in link.group(0)  # in the family's language
    assert follow_up.find_by_follow_up_token(db.session, link.group(1)).id == req.id

    record(staff)  # no email: no confirmation
    assert len(recorded(db)) == 2 and len(outbox(db, "family_confirmation")) == 1


@pytest.mark.parametrize("who", ["signed out", "municipality administrator",
                                 "staff who lost their centre"])
def test_someone_without_a_centre_is_refused_and_nothing_stored(app, db, turku, client, who):
    app.config["WTF_CSRF_ENABLED"] = False
    if who == "signed out":
        visitor = client
    else:
        person = user_by_email(db, "turku.admin@example.invalid" if who.startswith("municipality")
                               else STAFF)
        if who.startswith("staff"):
            for assignment in list(person.roles):
                db.session.delete(assignment)
            db.session.commit()
        visitor = signed_in_client(app, person)
    shown, sent = visitor.get(PAGE), visitor.post(PAGE, data=CALL)
    if who == "signed out":
        assert "/staff/sign-in" in shown.headers["Location"]
        assert "/staff/sign-in" in sent.headers["Location"]
    else:
        assert shown.status_code == sent.status_code == 403
    assert recorded(db) == []
    assert centre(db.session, "turku").id == turku.id


def test_a_routing_rule_may_name_the_staff_channels():
    """The rule form offers every channel; the rules' validation knows the same ones."""
    assert set(validation.CHANNELS) == {c.value for c in Channel}
    assert set(CHANNEL_LABELS) == {c.value for c in Channel}


def test_a_rule_for_phone_calls_routes_them_and_says_why(db, demo, turku, client_for, csrf_on):
    """Routing knows the channel: a Turku rule for phone calls sends them to the service
    guidance; a walk-in of the same family still goes to Turku's centre."""
    guidance = centre(db.session, "region")
    db.session.add(RoutingRule(region_id=demo.id, municipality_code="853", position=1,
                               name="Puhelut palveluohjaukseen", channels=["phone"],
                               target_centre_id=guidance.id))
    bump_routing_version(db.session, demo)
    db.session.commit()
    staff = client_for(STAFF)
    told = staff.get(record(staff).headers["Location"]).get_data(as_text=True)
    assert f"keskukseen {guidance.name('fi')}, jota et näe" in told
    record(staff, channel="walk-in")
    phoned, walked = sorted(recorded(db), key=lambda r: r.channel.value)
    assert phoned.channel is Channel.PHONE and phoned.centre_id == guidance.id
    assert phoned.routing_via == "rule" and phoned.routing_rule_id is not None
    assert walked.channel is Channel.WALK_IN and walked.centre_id == turku.id


def test_a_description_too_long_is_cut_on_the_page_and_said_so(db, turku, client_for, csrf_on):
    staff = client_for(STAFF)
    response = record(staff, description="a" * 2500)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kuvauksessa voi olla enintään 2000 merkkiä; nyt siinä on 2500." in html
    assert "Tässä on tallessa vain ensimmäiset 2000 merkkiä." in html
    assert "a" * 2000 + "</textarea>" in html and "a" * 2001 not in html
    assert recorded(db) == []


def test_without_a_fallback_centre_the_worker_is_told_and_keeps_what_was_typed(
        db, demo, turku, client_for, csrf_on, people):
    # No rule answers an outreach event in Loimaa's area once its centre is gone, and the
    # region has no fallback: routing has nowhere to send the request.
    demo.fallback_centre_id = None
    bump_routing_version(db.session, demo)
    people["staff"].language = "en"
    db.session.commit()
    staff = client_for(STAFF)
    response = record(staff, channel="outreach", contact_name="Maija Meikäläinen")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The request was not recorded" in html and 'id="error-summary"' in html
    assert "your region has no fallback centre" in html
    assert "Ask the region&#39;s administrator to choose the fallback centre" in html
    # What was typed is kept.
    assert "Äiti soitti: arki on raskasta." in html and 'value="040 765 4321"' in html
    assert 'value="Maija Meikäläinen"' in html
    assert re.search(r'checked[^>]*value="outreach"|value="outreach"[^>]*checked', html)
    assert recorded(db) == [] and outbox(db, "centre_new_request") == []
    # In the worker's own language.
    people["staff"].language = "fi"
    db.session.commit()
    html = record(staff).get_data(as_text=True)
    assert "Pyyntöä ei kirjattu" in html and "varakeskus" in html
