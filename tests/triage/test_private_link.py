"""The family's private link from the request page: a worker sends a new one (the old one
stops working), or closes it at once and sends a new one only to a contact the family names;
another centre's worker can do neither. The timeline never holds the address."""
import re

import pytest
import sqlalchemy as sa

from helpbutton import policy
from helpbutton.extensions import limiter
from helpbutton.intake.follow_up import hash_token
from helpbutton.models import ContactMethod, EventKind, HelpRequest, OutboxMessage
from tests.factories import make_request
from tests.public.conftest import hidden_fields
from tests.triage.conftest import OTHER_STAFF, STAFF
from tests.triage.test_queue_web import csrf, csrf_on, events, post  # noqa: F401 (fixture)

TOKEN = "vanha-linkki-" + "x" * 30
FAMILY_EMAIL = "perhe.linkki@example.fi"


@pytest.fixture
def linked(db, turku):
    """A Turku request with an email, a phone and a private link (TOKEN)."""
    return make_request(db.session, turku, email=FAMILY_EMAIL, phone="+358401234567",
                        follow_up_token_hash=hash_token(TOKEN), ui_language="sv")


def old_link_works(client) -> bool:
    return client.get(f"/fi/follow-up/{TOKEN}").status_code == 200


def new_links(db) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "family_new_link").order_by(OutboxMessage.id)))


def flashed(client, req) -> str:
    return client.get(f"/staff/requests/{req.id}").get_data(as_text=True)


def test_a_worker_sends_a_new_link_and_the_old_one_stops_working(db, app, linked, client_for,
                                                                  csrf_on, people):
    staff = client_for(STAFF)
    page = staff.get(f"/staff/requests/{linked.id}").get_data(as_text=True)
    assert "Lähetä uusi linkki perheen sähköpostiin" in page
    public = app.test_client()
    assert old_link_works(public)
    response = post(staff, linked, "link/send")
    assert response.status_code == 302
    assert "Uusi henkilökohtainen linkki lähetettiin sähköpostilla" in flashed(staff, linked)
    [message] = new_links(db)
    assert message.recipient == FAMILY_EMAIL and message.language == "sv"
    assert not old_link_works(public)
    [event] = events(linked, EventKind.LINK_SENT)
    assert event.actor_id == people["staff"].id and event.data["by"] == "staff"
    assert FAMILY_EMAIL not in str(event.data)
    page = staff.get(f"/staff/requests/{linked.id}").get_data(as_text=True)
    assert "Uusi henkilökohtainen linkki lähetettiin perheen yhteystietoon" in page
    # (Last: the test's requests share one app context, whose language the page then keeps.)
    new_link = re.search(r"(/sv/follow-up/[\w-]+)", message.body_text).group(1)
    assert public.get(new_link).status_code == 200


def test_without_an_email_nothing_is_sent_and_the_link_stays(db, app, turku, client_for,
                                                             csrf_on):
    req = make_request(db.session, turku, follow_up_token_hash=hash_token(TOKEN))
    staff = client_for(STAFF)
    page = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert "Uutta linkkiä ei voi lähettää: pyynnössä ei ole sähköpostiosoitetta" in page
    post(staff, req, "link/send")
    assert "Uutta linkkiä ei voitu lähettää" in flashed(staff, req)
    assert new_links(db) == [] and old_link_works(app.test_client())


def test_closing_the_link_alone_kills_it_and_a_new_one_needs_a_named_contact(
        db, app, linked, client_for, csrf_on):
    staff = client_for(STAFF)
    public = app.test_client()
    assert old_link_works(public)
    assert post(staff, linked, "link/close", {"link-contact": ""}).status_code == 302
    page = flashed(staff, linked)
    assert "Henkilökohtainen linkki suljettiin." in page
    assert "Perheellä ei nyt ole henkilökohtaista linkkiä" in page
    assert "Lähetä uusi linkki perheen sähköpostiin" not in page
    not_found = public.get(f"/fi/follow-up/{TOKEN}")
    assert not_found.status_code == 404
    assert linked.reference not in not_found.get_data(as_text=True)
    # Not to the contact that may be in the wrong hands: neither by the worker …
    post(staff, linked, "link/send")
    assert "Perheen henkilökohtainen linkki on suljettu" in flashed(staff, linked)
    # … nor from the lost-link page.
    limiter.reset()
    form = hidden_fields(public.get("/fi/link").get_data(as_text=True))
    assert public.post("/fi/link", data={**form, "reference": linked.reference,
                                         "contact": FAMILY_EMAIL}).status_code == 303
    assert new_links(db) == []
    [closed] = events(linked, EventKind.LINK_CLOSED)
    assert closed.data == {"new_contact": None}


def test_closing_with_a_named_contact_sends_the_new_link_there_only(db, app, linked,
                                                                    client_for, csrf_on):
    staff = client_for(STAFF)
    public = app.test_client()
    response = post(staff, linked, "link/close", {"link-contact": " Turva.Osoite@Example.fi "})
    assert response.status_code == 302
    assert "uusi lähetettiin perheen nimeämään yhteystietoon" in flashed(staff, linked)
    assert not old_link_works(public)
    [message] = new_links(db)
    assert message.recipient.casefold() == "turva.osoite@example.fi"
    req = db.session.get(HelpRequest, linked.id)
    # The named contact replaced the old ones, which may be in the wrong hands.
    assert req.email.casefold() == "turva.osoite@example.fi" and req.phone is None
    assert req.contact_method is ContactMethod.EMAIL
    for event in events(linked):
        assert "turva" not in str(event.data).casefold()
        assert FAMILY_EMAIL not in str(event.data)
    kinds = [e.kind for e in events(linked)]
    assert EventKind.LINK_CLOSED in kinds and EventKind.LINK_SENT in kinds
    page = staff.get(f"/staff/requests/{linked.id}").get_data(as_text=True)
    assert "korvasi sen yhteystiedot perheen nimeämällä yhteystiedolla" in page
    new_link = re.search(r"(/sv/follow-up/[\w-]+)", message.body_text).group(1)
    assert public.get(new_link).status_code == 200


def test_closing_with_a_phone_number_and_sms_off_replaces_the_contact_sends_nothing(
        db, app, linked, client_for, csrf_on):
    staff = client_for(STAFF)
    post(staff, linked, "link/close", {"link-contact": "050 765 4321"})
    assert "uutta linkkiä ei voitu lähettää niihin (tekstiviestit eivät ole käytössä)" \
        in flashed(staff, linked)
    req = db.session.get(HelpRequest, linked.id)
    assert (req.phone, req.email, req.follow_up_token_hash) == ("+358507654321", None, None)
    assert new_links(db) == []


def test_a_contact_that_is_neither_is_said_and_kept_and_nothing_changes(db, app, linked,
                                                                        client_for, csrf_on):
    staff = client_for(STAFF)
    response = post(staff, linked, "link/close", {"link-contact": "ei osoite"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Tarkista sähköpostiosoite tai puhelinnumero" in html and 'value="ei osoite"' in html
    assert old_link_works(app.test_client()) and events(linked, EventKind.LINK_CLOSED) == []


def test_another_centres_worker_can_do_neither(db, app, linked, client_for, csrf_on):
    other = client_for(OTHER_STAFF)
    token = csrf(other, "/staff/record")  # a valid token of their own session
    for action, data in (("link/send", {}), ("link/close", {"link-contact": "x@example.fi"})):
        response = other.post(f"/staff/requests/{linked.id}/{action}",
                              data={**data, "csrf_token": token})
        assert response.status_code == 404
    assert old_link_works(app.test_client()) and new_links(db) == []
    req = db.session.get(HelpRequest, linked.id)
    assert req.email == FAMILY_EMAIL and events(linked, EventKind.LINK_CLOSED) == []


# --- the policy on its own ----------------------------------------------------------------

_WORKER = policy.Principal(1, {policy.Grant(policy.STAFF, 1, "853", 10)})


def test_the_policy_on_the_private_link():
    open_ = policy.RequestState(10)
    assert policy.offered_link_actions(_WORKER, open_) == {policy.SEND_LINK, policy.CLOSE_LINK}
    closed = policy.RequestState(10, closed=True)
    assert policy.offered_link_actions(_WORKER, closed) == {policy.SEND_LINK, policy.CLOSE_LINK}
    link_closed = policy.RequestState(10, link_closed=True)
    assert policy.private_link_refusal(_WORKER, policy.SEND_LINK, link_closed) == "link_closed"
    assert policy.private_link_refusal(_WORKER, policy.CLOSE_LINK, link_closed) is None
    erased = policy.RequestState(10, closed=True, erased=True, link_closed=True)
    assert policy.offered_link_actions(_WORKER, erased) == frozenset()
    assert policy.private_link_refusal(_WORKER, policy.CLOSE_LINK, erased) == "erased"
    other = policy.RequestState(99)
    assert policy.private_link_refusal(_WORKER, policy.SEND_LINK, other) == "not_allowed"
    assert policy.private_link_refusal(None, policy.CLOSE_LINK, open_) == "not_allowed"
    with pytest.raises(ValueError):
        policy.private_link_refusal(_WORKER, "claim", open_)
