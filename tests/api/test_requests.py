"""POST /api/v1/requests: a partner's request is stored, routed and answered in JSON."""
import hashlib
import json
import logging

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from helpbutton import due
from helpbutton.intake import follow_up
from helpbutton.models import Channel, HelpRequest, RequestStatus
from helpbutton.partners import operations as partners
from helpbutton.routing_admin.router import bump_routing_version
from tests.api.conftest import valid_body
from tests.public.conftest import GOOD, hidden_fields


def _stored(db, reference) -> HelpRequest:
    return db.session.scalar(sa.select(HelpRequest).where(HelpRequest.reference == reference))


@pytest.mark.parametrize("changes, centre", [
    ({"municipality_code": "430"}, "loimaa-area"),  # the municipality's default centre
    ({"municipality_code": "853", "service_language": "sv"}, "abo-sv"),  # Turku's own rule
    ({"municipality_code": "853", "topic_code": "youth", "child_ages": [15]}, "turku-youth"),
    ({"municipality_code": "430", "topic_code": "violence_safety"}, "safety"),  # region rule
    ({"municipality_code": None, "postal_code": "20100"}, "turku"),  # located by postal code
])
def test_partner_request_is_stored_and_routed_to_the_centre_the_rules_say(
        db, partner_key, post_request, centre_named, changes, centre):
    partner, key = partner_key
    response = post_request(key, valid_body(**changes))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    stored = _stored(db, body["reference"])
    assert stored.centre_id == centre_named(centre).id
    assert stored.channel is Channel.API
    assert stored.partner_id == partner.id
    assert stored.status is RequestStatus.NEW
    assert body["status"] == "new"
    assert body["due_at"] == stored.due_at.isoformat()


def test_an_urgent_request_through_the_api_is_due_by_the_urgent_promise(
        app, db, partner_key, post_request):
    _, key = partner_key
    body = post_request(key, valid_body(urgent=True)).get_json()
    stored = _stored(db, body["reference"])
    zone = app.config["DISPLAY_TIMEZONE"]
    assert stored.urgent
    assert stored.due_at == due.due_at(stored.created_at, 1, zone)  # the region's default
    assert body["due_at"] == stored.due_at.isoformat()


def test_the_follow_up_link_leads_the_family_to_their_request(db, client, partner_key,
                                                              post_request):
    _, key = partner_key
    body = post_request(key, valid_body(language="sv")).get_json()

    url = body["follow_up_url"]
    assert url.startswith("http://127.0.0.1:5000/sv/")
    token = url.rsplit("/", 1)[1]
    assert follow_up.find_by_follow_up_token(db.session, token).reference == body["reference"]
    assert _stored(db, body["reference"]).ui_language == "sv"
    page = client.get(url.removeprefix("http://127.0.0.1:5000"))
    assert page.status_code == 200
    assert body["reference"] in page.get_data(as_text=True)


def test_without_a_place_the_partners_default_municipality_is_used(db, partner_key,
                                                                   post_request):
    _, key = partner_key  # the partner's default municipality is Loimaa (430)
    response = post_request(key, valid_body(municipality_code=None))

    assert response.status_code == 201
    assert _stored(db, response.get_json()["reference"]).municipality_code == "430"


def test_an_expecting_family_is_stored_as_expecting(db, partner_key, post_request):
    _, key = partner_key
    response = post_request(key, valid_body(topic_code="pregnancy_baby", child_ages=[],
                                            expecting=True))

    assert response.status_code == 201
    stored = _stored(db, response.get_json()["reference"])
    assert stored.child_ages == [-1]
    assert stored.age_band == "expecting"


@pytest.mark.parametrize("answer", [False, True, None])
def test_is_it_safe_to_contact_you_comes_through_the_api_too(db, partner_key, post_request,
                                                             answer):
    _, key = partner_key
    response = post_request(key, valid_body(may_leave_message=answer,
                                            if_someone_else_answers="Kysy Maijaa, ei muuta."))
    assert response.status_code == 201, response.get_json()
    stored = _stored(db, response.get_json()["reference"])
    assert stored.may_leave_message is answer
    assert stored.if_someone_else_answers == "Kysy Maijaa, ei muuta."


def test_a_contact_safety_answer_of_the_wrong_type_is_named(partner_key, post_request):
    _, key = partner_key
    response = post_request(key, valid_body(may_leave_message="no",
                                            if_someone_else_answers=3))
    assert response.status_code in (400, 422)
    assert {"may_leave_message", "if_someone_else_answers"} <= set(
        response.get_json()["errors"])


# --- keys --------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer not-a-real-key"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer "},
])
def test_without_a_valid_key_the_request_is_refused(db, demo, client, headers):
    response = client.post("/api/v1/requests", json=valid_body(), headers=headers)

    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


def test_a_deactivated_partners_key_is_forbidden(db, make_partner, post_request):
    _, key = make_partner(active=False)
    response = post_request(key, valid_body())

    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


def test_a_rotated_key_replaces_the_old_one_at_once(db, partner_key, post_request):
    partner, old_key = partner_key
    new_key = partners.rotate_api_key(db.session, partner)
    db.session.commit()

    assert post_request(old_key, valid_body()).status_code == 401
    assert post_request(new_key, valid_body()).status_code == 201


# --- bad input ---------------------------------------------------------------------------

TOPIC_MESSAGE = "Choose what you would like help with."  # the form's own message


@pytest.mark.parametrize("language, header, expected", [
    ("fi", None, "fi"),
    (None, "sv-FI,sv;q=0.9", "sv"),
    ("en", "fi", "en"),  # the body's language wins over the header
])
def test_bad_input_is_answered_with_field_errors_in_the_callers_language(
        app, db, partner_key, post_request, language, header, expected):
    _, key = partner_key
    body = valid_body(topic_code="no-such-topic", phone="12", consent=False,
                      language=language or ...)
    response = post_request(key, body, headers={"Accept-Language": header} if header else {})

    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert set(errors) == {"topic_code", "phone", "consent"}
    with app.test_request_context(), force_locale(expected):
        assert errors["topic_code"] == gettext(TOPIC_MESSAGE)
    assert (errors["topic_code"] == TOPIC_MESSAGE) == (expected == "en")
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


@pytest.mark.parametrize("changes, field", [
    ({"urgent": "yes"}, "urgent"),
    ({"child_ages": "4"}, "child_ages"),
    ({"child_ages": [4, -1]}, "child_ages"),  # "expecting" is a field of its own here
    ({"child_ages": [True]}, "child_ages"),
    ({"phone": 401234567}, "phone"),
    ({"topic_code": ...}, "topic_code"),
    ({"consent": ...}, "consent"),
    ({"shoe_size": 42}, "shoe_size"),
    ({"language": "de"}, "language"),
])
def test_wrong_types_missing_and_unknown_fields_are_named(partner_key, post_request,
                                                          changes, field):
    _, key = partner_key
    response = post_request(key, valid_body(**changes), headers={"Accept-Language": "en"})

    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid"
    assert field in body["errors"] and body["errors"][field]


def test_type_errors_are_translated_too(partner_key, post_request):
    _, key = partner_key
    response = post_request(key, valid_body(urgent="kyllä"), headers={"Accept-Language": "fi"})

    assert response.get_json()["errors"]["urgent"] == "Arvon pitää olla true tai false."


def test_malformed_json_is_a_bad_request(partner_key, client):
    _, key = partner_key
    for data in ('{"topic_code": ', "[1, 2]", '"just a string"'):
        response = client.post("/api/v1/requests", data=data, content_type="application/json",
                               headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 400
        assert response.get_json()["error"] == "bad_request"


@pytest.mark.parametrize("data", [
    "[" * 1500,  # deeper than Python's recursion limit
    '{"topic_code": ' + "[" * 40 + "]" * 40 + "}",
    '{"consent": NaN}',  # Python reads it; JSON has no NaN
    b'{"description": "\xff"}',  # not UTF-8
], ids=["nested-1500", "nested-40", "nan", "not-utf-8"])
def test_a_body_that_is_no_plain_json_document_is_a_bad_request(db, partner_key, client, data):
    _, key = partner_key
    response = client.post("/api/v1/requests", data=data, content_type="application/json",
                           headers={"Authorization": f"Bearer {key}", "Accept-Language": "fi"})

    assert response.status_code == 400
    assert response.get_json() == {"error": "bad_request", "message": "Pyyntöä ei voitu lukea."}
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


@pytest.mark.parametrize("field, text", [
    ("description", r"a \ud800 b"),  # a lone surrogate, as JSON escapes it
    ("contact_name", r"Anna\udfff"),
    ("description", r"a \u0000 b"),
    ("contact_times", r"aamulla\u0007"),
    ("topic_code", r"parenting\u0000"),
])
def test_text_the_database_cannot_store_is_a_bad_request_naming_the_field(
        db, partner_key, client, field, text):
    _, key = partner_key
    # Written out by hand: json.dumps would not let a lone surrogate through as it is.
    body = json.dumps(valid_body(**{field: "@@"})).replace('"@@"', f'"{text}"')
    response = client.post("/api/v1/requests", data=body, content_type="application/json",
                           headers={"Authorization": f"Bearer {key}", "Accept-Language": "sv"})

    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "bad_request"
    assert answer["errors"] == {field: "Innehåller tecken som inte kan sparas (som NUL, andra "
                                       "styrtecken eller ett ensamt surrogattecken)."}
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


def test_a_surrogate_pair_is_one_character_and_is_stored(db, partner_key, client):
    _, key = partner_key
    body = json.dumps(valid_body(description="@@")).replace('"@@"', '"Kiitos \\ud83d\\ude00"')
    response = client.post("/api/v1/requests", data=body, content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 201
    assert _stored(db, response.get_json()["reference"]).description == "Kiitos \U0001F600"


def test_a_body_that_is_not_json_is_unsupported(partner_key, client):
    _, key = partner_key
    response = client.post("/api/v1/requests", data={"topic_code": "parenting"},
                           headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 415
    assert response.is_json


def test_a_body_over_32_kb_is_too_large(db, partner_key, post_request):
    _, key = partner_key
    response = post_request(key, valid_body(description="x" * 33_000))

    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


# --- retries -----------------------------------------------------------------------------

def test_a_retry_with_the_same_idempotency_key_makes_no_second_request(db, partner_key,
                                                                       post_request):
    _, key = partner_key
    headers = {"Idempotency-Key": "order-2026-11-23-001"}
    first = post_request(key, valid_body(), headers=headers)
    again = post_request(key, valid_body(), headers=headers)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["reference"] == first.get_json()["reference"]
    # The first answer may have been lost on the way: the retry gets the family's link too.
    assert again.get_json()["follow_up_url"] == first.get_json()["follow_up_url"]
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 1


@pytest.mark.parametrize("changes", [{"topic_code": "youth", "child_ages": [15]},
                                     {"urgent": True}, {"description": None}])
def test_the_same_idempotency_key_with_another_body_is_refused(db, partner_key, post_request,
                                                               changes):
    _, key = partner_key
    headers = {"Idempotency-Key": "order-1", "Accept-Language": "fi"}
    first = post_request(key, valid_body(), headers=headers)
    other = post_request(key, valid_body(**changes), headers=headers)

    assert (first.status_code, other.status_code) == (201, 422)
    answer = other.get_json()
    assert answer["error"] == "idempotency_key_reused"
    assert answer["message"] == answer["errors"]["Idempotency-Key"] == (
        "Tätä Idempotency-Key-avainta on jo käytetty toisenlaisella pyynnöllä. Lähetä uusi "
        "pyyntö uudella avaimella.")
    [stored] = db.session.scalars(sa.select(HelpRequest)).all()
    assert stored.reference == first.get_json()["reference"] and not stored.urgent
    # The first body, sent again, still gets the first request.
    assert post_request(key, valid_body(), headers=headers).status_code == 200


def test_the_same_body_in_another_order_and_spacing_is_the_same_request(db, partner_key,
                                                                         client):
    _, key = partner_key
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "order-2"}
    body = valid_body()
    first = client.post("/api/v1/requests", data=json.dumps(body),
                        content_type="application/json", headers=headers)
    again = client.post("/api/v1/requests", content_type="application/json", headers=headers,
                        data=json.dumps(dict(reversed(body.items())), indent=2))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["reference"] == first.get_json()["reference"]


def test_two_partners_using_the_same_idempotency_key_get_their_own_requests(
        db, make_partner, post_request):
    _, key_a = make_partner(name="Koulu A")
    _, key_b = make_partner(name="Koulu B")
    headers = {"Idempotency-Key": "1"}
    a = post_request(key_a, valid_body(), headers=headers)
    b = post_request(key_b, valid_body(), headers=headers)

    assert (a.status_code, b.status_code) == (201, 201)
    assert a.get_json()["reference"] != b.get_json()["reference"]


def test_a_partners_key_sent_through_the_public_form_finds_nothing_of_the_partner(
        db, client, partner_key, post_request):
    """The attack of issue 13, item 12: the API's old partner-scoped key hash as the form's
    submission key must not show the partner's request or its follow-up link."""
    partner, key = partner_key
    created = post_request(key, valid_body(), headers={"Idempotency-Key": "order-1"})
    assert created.status_code == 201
    reference = created.get_json()["reference"]
    token = created.get_json()["follow_up_url"].rsplit("/", 1)[1]

    page = client.get("/fi/").get_data(as_text=True)
    forged = hashlib.sha256(f"partner:{partner.id}:order-1".encode()).hexdigest()
    sent = client.post("/fi/", data={**GOOD, **hidden_fields(page), "submission_key": forged})
    assert sent.status_code == 302
    shown = client.get("/fi/confirmation").get_data(as_text=True)

    [own] = [r for r in db.session.scalars(sa.select(HelpRequest)) if r.reference != reference]
    assert own.reference in shown and "/fi/follow-up/" in shown  # the form's own request
    assert reference not in shown and token not in shown
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 2


def test_the_forms_key_sent_as_an_idempotency_key_finds_nothing_of_the_form(
        db, client, partner_key, post_request):
    _, key = partner_key
    page = client.get("/fi/").get_data(as_text=True)
    hidden = hidden_fields(page)
    assert client.post("/fi/", data={**GOOD, **hidden}).status_code == 302
    family = db.session.scalar(sa.select(HelpRequest))

    created = post_request(key, valid_body(),
                           headers={"Idempotency-Key": hidden["submission_key"]})
    assert created.status_code == 201
    assert created.get_json()["reference"] != family.reference


def test_a_malformed_idempotency_key_is_named(partner_key, post_request):
    _, key = partner_key
    response = post_request(key, valid_body(), headers={"Idempotency-Key": "ä" * 3})

    assert response.status_code == 400
    assert "Idempotency-Key" in response.get_json()["errors"]


# --- privacy -----------------------------------------------------------------------------

def test_nothing_personal_or_secret_reaches_the_logs(partner_key, post_request, caplog):
    _, key = partner_key
    body = valid_body(contact_method="either", email="perhe@example.com",
                      contact_name="Maija Meikäläinen")
    with caplog.at_level(logging.DEBUG):
        created = post_request(key, body)
        post_request(key, valid_body(phone="12"))

    assert created.status_code == 201
    assert "/api/v1/requests" in caplog.text  # the log holds both requests' lines
    token = created.get_json()["follow_up_url"].rsplit("/", 1)[1]
    for secret in (key, token, "perhe@example.com", "Maija", "123 4567",
                   "+358401234567", "raskasta"):
        assert secret not in caplog.text


def test_a_region_without_a_fallback_centre_answers_503_and_stores_nothing(
        db, demo, partner_key, post_request):
    _, key = partner_key
    demo.fallback_centre_id = None
    bump_routing_version(db.session, demo)
    db.session.commit()
    response = post_request(key, valid_body())
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.is_json and response.headers.get("Retry-After")
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0
