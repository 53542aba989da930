""""Send me my link again": the same answer for right and wrong details, a new link that
replaces the old one, only to the contact the family gave, and limits per reference and per
contact."""
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from helpbutton.intake import private_link
from helpbutton.models import EventKind, HelpRequest, OutboxMessage, RequestStatus
from tests.public.conftest import hidden_fields

EMAIL = "Perhe.Virtanen@Example.fi"


def new_links(db) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "family_new_link").order_by(OutboxMessage.id)))


def family_request(client, form, **changes):
    """A request sent through the form (with an email and a phone) and its private link."""
    fields = {"contact_method": "either", "email": EMAIL, "phone": "040 123 4567", **changes}
    form.send(**fields)
    html = client.get("/fi/confirmation").get_data(as_text=True)
    link = re.search(r'href="http://localhost(/fi/follow-up/[\w-]+)"', html).group(1)
    return link


def reference_of(db) -> str:
    return db.session.scalar(sa.select(HelpRequest.reference))


def ask(client, reference, contact, lang="fi"):
    page = client.get(f"/{lang}/link")
    assert page.status_code == 200
    data = {**hidden_fields(page.get_data(as_text=True)), "reference": reference,
            "contact": contact}
    return client.post(f"/{lang}/link", data=data)


def answer(response) -> tuple:
    return response.status_code, response.headers.get("Location"), response.get_data()


def test_the_page_says_what_it_is_for_and_is_linked_from_the_not_found_page(client, demo):
    page = client.get("/fi/link").get_data(as_text=True)
    assert "Hae henkilökohtainen linkkisi uudelleen" in page
    assert 'name="reference"' in page and 'name="contact"' in page
    not_found = client.get("/fi/follow-up/no-such-link")
    assert not_found.status_code == 404
    assert 'href="/fi/link"' in not_found.get_data(as_text=True)
    assert 'href="/sv/link"' in client.get("/sv/privacy").get_data(as_text=True)  # the footer


def test_right_and_wrong_details_get_the_same_answer(client, db, demo, form):
    old_link = family_request(client, form)
    reference = reference_of(db)
    right = ask(client, reference, EMAIL.lower())
    wrong_contact = ask(client, reference, "joku.muu@example.fi")
    wrong_reference = ask(client, "ACDEFHJKMN", EMAIL)
    assert answer(right) == answer(wrong_contact) == answer(wrong_reference)
    assert right.status_code == 303 and right.headers["Location"].endswith("/fi/link/sent")
    shown = client.get(right.headers["Location"])
    assert shown.status_code == 200
    assert "Jos viitetunnus ja sähköpostiosoite tai puhelinnumero" in shown.get_data(as_text=True)
    # Only the right details sent anything; the old link stopped working.
    [message] = new_links(db)
    assert message.recipient.casefold() == EMAIL.casefold()
    assert client.get(old_link).status_code == 404


def test_the_new_link_replaces_the_old_one_and_goes_to_the_address_given(client, db, demo, form):
    old_link = family_request(client, form)
    reference = reference_of(db)
    assert client.get(old_link).status_code == 200
    ask(client, f" {reference[:4]} {reference[4:].lower()} ", EMAIL.upper(), lang="sv")
    [message] = new_links(db)
    req = db.session.scalar(sa.select(HelpRequest))
    assert message.recipient == req.email and message.language == "sv"
    assert reference in message.subject and reference in message.body_text
    # Nothing of the family but the reference (no description, topic, phone).
    for private in ("Iltaisin", "040", "Kasvatus", "parenting"):
        assert private not in message.body_text and private not in message.subject
    new_link = re.search(r"(/sv/follow-up/[\w-]+)", message.body_text).group(1)
    assert client.get(old_link).status_code == 404
    page = client.get(new_link)
    assert page.status_code == 200 and reference in page.get_data(as_text=True)
    [event] = [e for e in req.events if e.kind is EventKind.LINK_SENT]
    assert event.data["by"] == "family" and event.data["channels"] == ["email"]
    assert EMAIL.casefold() not in str(event.data).casefold()
    # The first browser's confirmation page no longer finds the request.
    assert client.get("/fi/confirmation").status_code == 302


def test_a_phone_number_matches_however_it_is_typed(client, db, demo, form):
    family_request(client, form)
    ask(client, reference_of(db), "+358 40 1234567")
    assert len(new_links(db)) == 1  # by email: SMS is off in the tests, the request has both


def test_wrong_details_send_nothing_and_change_nothing(client, db, demo, form):
    link = family_request(client, form)
    reference = reference_of(db)
    for typed_reference, contact in [(reference, "joku.muu@example.fi"),
                                     (reference, "050 765 4321"),
                                     ("ACDEFHJKMN", EMAIL)]:
        assert ask(client, typed_reference, contact).status_code == 303
    assert new_links(db) == []
    assert client.get(link).status_code == 200
    req = db.session.scalar(sa.select(HelpRequest))
    assert not [e for e in req.events if e.kind is EventKind.LINK_SENT]


def test_a_request_closed_long_ago_gets_no_new_link_a_recent_one_does(client, db, demo, form):
    family_request(client, form)
    req = db.session.scalar(sa.select(HelpRequest))
    req.status, req.closed_at = RequestStatus.CLOSED, datetime.now(UTC) - timedelta(days=31)
    db.session.commit()
    ask(client, req.reference, EMAIL)
    assert new_links(db) == []
    req.closed_at = datetime.now(UTC) - timedelta(days=2)
    db.session.commit()
    ask(client, req.reference, EMAIL)
    assert len(new_links(db)) == 1


def test_mistakes_are_said_and_keep_what_was_typed(client, db, demo, form):
    response = ask(client, "", "ei osoite")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Anna pyyntösi viitetunnus" in html and 'value="ei osoite"' in html
    assert 'aria-invalid="true"' in html and 'class="error-summary"' in html


@pytest.mark.parametrize("second", ["same_reference", "same_contact"])
def test_limited_per_reference_and_per_contact(app, client, db, demo, form, second):
    app.config["LOST_LINK_RATE_LIMIT"] = "2 per hour"
    family_request(client, form)
    reference = reference_of(db)
    assert ask(client, reference, EMAIL).status_code == 303
    assert ask(client, reference, EMAIL).status_code == 303
    if second == "same_reference":
        limited = ask(client, reference, "joku.muu@example.fi")
        other = ask(client, "ACDEFHJKMN", "kolmas@example.fi")
    else:
        limited = ask(client, "ACDEFHJKMN", EMAIL)
        other = ask(client, "ACDEFHJKMP", "kolmas@example.fi")
    html = limited.get_data(as_text=True)
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 3600
    assert "Uutta linkkiä on pyydetty näillä tiedoilla monta kertaa" in html
    assert "112" in html
    assert other.status_code == 303  # other details are not held up
    assert len(new_links(db)) == 2


def test_limited_the_same_for_wrong_details(app, client, db, demo, form):
    app.config["LOST_LINK_RATE_LIMIT"] = "1 per hour"
    family_request(client, form)
    reference = reference_of(db)
    ask(client, reference, EMAIL)
    right, wrong = ask(client, reference, EMAIL), ask(client, reference, "joku@example.fi")
    assert answer(right) == answer(wrong) and right.status_code == 429


def test_nothing_typed_reaches_the_log(client, db, demo, form, caplog):
    family_request(client, form)
    reference = reference_of(db)
    caplog.clear()
    with caplog.at_level("DEBUG"):
        ask(client, reference, EMAIL)
    logged = caplog.text.casefold()
    assert reference.casefold() not in logged and "virtanen" not in logged


def test_a_flood_from_one_connection_gets_the_translated_429_page(app, client, demo, form):
    app.config["LOST_LINK_ATTEMPT_LIMIT"] = "2 per minute"
    assert ask(client, "ACDEFHJKMN", "yksi@example.fi").status_code == 303
    assert ask(client, "ACDEFHJKMP", "kaksi@example.fi").status_code == 303
    flood = ask(client, "ACDEFHJKMR", "kolme@example.fi", lang="sv")
    assert flood.status_code == 429 and "Retry-After" in flood.headers
    html = flood.get_data(as_text=True)
    assert 'lang="sv"' in html and "112" in html and "Försök igen om en stund" in html


def test_a_database_outage_says_so_and_keeps_what_was_typed(client, db, demo, form,
                                                           monkeypatch):
    family_request(client, form)
    reference = reference_of(db)

    def unavailable(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(private_link, "find_for_lost_link", unavailable)
    response = ask(client, reference, EMAIL)
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and "teknisen vian" in html
    assert f'value="{reference}"' in html and f'value="{EMAIL}"' in html
    assert new_links(db) == []
