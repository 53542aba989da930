"""Bad input to the public form, the staff pages and the API: never a server error, the form
comes back with what was typed, and script or HTML in any field is shown as text, never markup.

The fuzzing draws every field of the form — free text, choices, hidden fields, the honeypot —
from arbitrary Unicode (control characters, NUL, very long strings), raw bytes that are not
UTF-8 (a lone surrogate's bytes, stray continuation bytes: what a form encoding can carry of
"surrogates"), markup, or the good value, with a valid, missing or forged CSRF token.
"""
import json
import re
from collections import Counter
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from werkzeug.datastructures import MultiDict
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from helpbutton import text_rules
from helpbutton.intake.forms import ECHO_MAX
from helpbutton.models import HelpRequest
from tests.public.conftest import GOOD, hidden_fields

MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
]
TEXT_FIELDS = ("postal_code", "description", "phone", "email", "contact_times", "contact_name")
CHOICE_FIELDS = ("municipality_code", "topic_code", "contact_method", "service_language",
                 "interpreter_language", "urgent", "wants_email_confirmation", "consent")
HIDDEN_FIELDS = ("submission_key", "partner")
ALL_FIELDS = (*TEXT_FIELDS, *CHOICE_FIELDS, *HIDDEN_FIELDS, "child_ages", "website")
FORM_ANSWERS = {200, 302, 400, 422}  # 200/422: the form again; 302: the confirmation


# ----------------------------------------------------------------------------- strategies

ANY_CHARACTER = st.characters(codec=None)  # every code point, surrogates and controls too
text = st.one_of(
    st.text(ANY_CHARACTER, max_size=40),
    st.text(st.characters(max_codepoint=0x1F), max_size=10),  # control characters, NUL
    st.builds(lambda piece, times: piece * times,  # very long, past every field's limit
              st.text(ANY_CHARACTER, min_size=1, max_size=5), st.integers(200, 5000)),
    st.sampled_from(MARKUP),
    st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=5), st.text(max_size=5)),  # NUL
)
# As the browser would send it: UTF-8, except that a surrogate can only travel as its
# (invalid) bytes; plus bytes that are no UTF-8 at all.
encoded = st.one_of(text.map(lambda s: s.encode("utf-8", "surrogatepass")),
                    st.binary(max_size=12))


def field_value(name: str):
    good = GOOD.get(name, "")
    good = good if isinstance(good, str) else ""
    return st.one_of(st.just(good.encode()), encoded, st.just(None))  # None: field left out


ages = st.lists(st.one_of(st.sampled_from([b"-1", b"0", b"4", b"17", b"18"]), encoded),
               max_size=20)
every_field_drawn = st.fixed_dictionaries(
    {name: field_value(name) for name in ALL_FIELDS if name != "child_ages"}
    | {"child_ages": ages})
GOOD_FORM = {name: [v.encode() for v in value] if isinstance(value, list) else value.encode()
             for name, value in GOOD.items()}
# A good form with one to three fields drawn: most of these are accepted, so the drawn text
# goes through intake into the database and onto the confirmation.
a_few_fields_drawn = st.dictionaries(
    st.sampled_from(ALL_FIELDS), st.one_of(encoded, st.none()), min_size=1, max_size=3,
).map(lambda drawn: {**GOOD_FORM, **drawn,
                     "child_ages": [drawn["child_ages"]] if drawn.get("child_ages") else
                     GOOD_FORM["child_ages"]})
form_data = st.one_of(every_field_drawn, a_few_fields_drawn)
csrf_choice = st.sampled_from(["valid", "valid", "missing", "forged"])


def encode_form(data: dict, csrf_token: str | None) -> bytes:
    pairs = []
    for name, value in data.items():
        if name == "child_ages":
            pairs += [(name, age) for age in value]
        elif value is not None:
            pairs.append((name, value))
    if csrf_token is not None:
        pairs.append(("csrf_token", csrf_token.encode()))
    return urlencode(pairs).encode("ascii")


def decoded_by_the_server(body: bytes) -> MultiDict:
    """The form as Werkzeug reads it (bytes that are not UTF-8 stay percent-encoded)."""
    environ = EnvironBuilder(method="POST", data=body,
                             content_type="application/x-www-form-urlencoded").get_environ()
    return Request(environ).form


def shown_as_typed(typed: str) -> str | None:
    """What a kept field must show, escaped. None when a browser could not show it anyway
    (control characters): those only must not break anything."""
    if any(ord(c) < 0x20 and c not in "\t\n" or c == "\x7f" for c in typed):
        return None
    return str(escape(typed))


# ----------------------------------------------------------------------------- the form fuzzed

@pytest.fixture
def form_client(fuzz_app):
    client = fuzz_app.test_client()
    token = hidden_fields(client.get("/fi/").get_data(as_text=True))["csrf_token"]
    return client, token


def test_any_input_gets_an_answer_and_the_form_keeps_what_was_typed(form_client):
    client, token = form_client
    answers = Counter()

    @settings(max_examples=150, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=form_data, csrf=csrf_choice, lang=st.sampled_from(["fi", "sv", "en"]))
    def send(data, csrf, lang):
        sent = {"valid": token, "missing": None, "forged": "x" * len(token)}[csrf]
        body = encode_form(data, sent)
        response = client.post(f"/{lang}/", data=body,
                               content_type="application/x-www-form-urlencoded")
        answers[response.status_code] += 1

        assert response.status_code in FORM_ANSWERS, response.status_code
        if response.status_code == 302:
            assert response.headers["Location"].endswith(f"/{lang}/confirmation")
            page = client.get(response.headers["Location"])
            assert page.status_code == 200
            for payload in MARKUP:
                assert payload not in page.get_data(as_text=True)
            return
        page = response.get_data(as_text=True)
        assert '<form method="post"' in page
        typed = decoded_by_the_server(body)
        for name in TEXT_FIELDS:
            # Kept as typed, up to what the field holds (a page echoes no more than that).
            kept = typed.get(name, "")[:ECHO_MAX[name]]
            if name in typed and (expected := shown_as_typed(kept)) is not None:
                assert expected in page, f"{name} was not kept"
        for payload in MARKUP:
            assert payload not in page

    send()
    # The run reached both ends: requests stored, and forms sent back.
    assert answers[302] >= 5 and answers[422] >= 10 and answers[200] >= 5, answers


LINK_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))


@LINK_SETTINGS
@given(value=encoded, lang=st.sampled_from(["fi", "sv", "en"]))
def test_any_partner_in_a_button_link_gets_the_form(fuzz_app, value, lang):
    """?p= names the partner of a button link; whatever it holds, the family gets the form."""
    client = fuzz_app.test_client()
    form = client.get(f"/{lang}/?{urlencode([('p', value)])}")
    assert form.status_code == 200
    for payload in MARKUP:
        assert payload not in form.get_data(as_text=True)


@LINK_SETTINGS
@given(value=encoded, lang=st.sampled_from(["fi", "sv", "en"]))
def test_any_follow_up_token_gets_not_found(fuzz_app, value, lang):
    token = urlencode([("t", value)])[2:] or "x"
    assert fuzz_app.test_client().get(f"/{lang}/follow-up/{token}").status_code == 404


API_GOOD = {"municipality_code": "853", "postal_code": None, "topic_code": "parenting",
            "description": "Arki on raskasta.", "contact_method": "phone",
            "phone": "040 123 4567", "email": None, "contact_times": "aamuisin",
            "contact_name": None, "service_language": "fi", "language": "fi"}


@LINK_SETTINGS
@given(fuzzed=st.dictionaries(st.sampled_from(list(API_GOOD)), text, min_size=1, max_size=3))
def test_any_text_in_the_api_fields_gets_a_json_answer(fuzz_app, db, api_key, fuzzed):
    """A few of the API's text fields at a time with the fuzzer's text (NUL, controls, lone
    surrogates — JSON's `\\ud800` carries them —, very long, markup), the rest good: the shape
    is right, so the values go as far in as they can. What the database cannot store is a 400
    naming the field; whatever is stored reads back as sent."""
    body = {**API_GOOD, **fuzzed, "child_ages": [4], "consent": True}
    response = fuzz_app.test_client().post(
        "/api/v1/requests", headers={"Authorization": f"Bearer {api_key}"},
        data=json.dumps(body), content_type="application/json")  # ensure_ascii: \\udxxx escapes
    assert response.status_code in (201, 400, 413, 422), response.status_code  # 413: > 32 KB
    assert response.mimetype == "application/json"
    refused = {name for name, value in fuzzed.items() if text_rules.has_refused_characters(value)}
    if response.status_code == 400:
        assert set(response.get_json()["errors"]) == refused
    elif response.status_code != 413:
        assert not refused
    if response.status_code == 201:
        stored = db.session.scalar(sa.select(HelpRequest).where(
            HelpRequest.reference == response.get_json()["reference"]))
        if "description" in fuzzed:
            assert stored.description == (fuzzed["description"].strip() or None)


NESTING = st.sampled_from(["[", "{\"a\": "]).flatmap(
    lambda opener: st.integers(1, 3000).map(lambda depth: opener * depth))


@LINK_SETTINGS
@given(prefix=NESTING, tail=st.sampled_from(["", "1", "]" * 5, '"x"}']))
def test_any_nesting_of_json_gets_a_json_answer(fuzz_app, api_key, prefix, tail):
    response = fuzz_app.test_client().post(
        "/api/v1/requests", headers={"Authorization": f"Bearer {api_key}"},
        data=prefix + tail, content_type="application/json")
    assert response.status_code in (400, 413), response.status_code
    assert response.get_json()["error"] in ("bad_request", "too_large")


# ----------------------------------------------------------------------------- staff forms

REFUSED_TEXT = st.builds(lambda a, bad, b: f"{a}{bad}{b}", st.text(max_size=8),
                         st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f"]),
                         st.text(max_size=8))


@pytest.fixture
def staff_note(fuzz_app, db, fast_sign_in):
    from helpbutton.models import EventKind, RequestEvent
    client = fast_sign_in("staff")
    response = _post_form(fuzz_app.test_client())
    assert response.status_code == 302
    req = db.session.scalar(sa.select(HelpRequest))

    def post(text):
        page = client.get(f"/staff/requests/{req.id}").get_data(as_text=True)
        token = re.search(r'name="note-csrf_token"[^>]*value="([^"]+)"', page)
        data = {"note-text": text}
        if token:
            data["note-csrf_token"] = token.group(1)
        answer = client.post(f"/staff/requests/{req.id}/note", data=data)
        notes = db.session.scalars(sa.select(RequestEvent).where(
            RequestEvent.request_id == req.id, RequestEvent.kind == EventKind.NOTE)).all()
        return answer, notes
    return post


@LINK_SETTINGS
@given(typed=REFUSED_TEXT)
def test_a_staff_note_with_characters_that_cannot_be_saved_is_refused_with_a_message(
        staff_note, typed):
    response, notes = staff_note(typed)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Tässä on merkkejä, joita ei voi tallentaa" in page  # the staff side is in Finnish
    assert "\x00" not in page
    assert notes == []


def test_a_centre_name_with_a_nul_is_refused_and_the_name_kept(fuzz_app, db, fast_sign_in):
    from helpbutton.models import Centre
    from tests.staff.conftest import post_form
    client = fast_sign_in("municipality_admin")
    response = post_form(client, "/admin/m/853/centres/new", {
        "name_fi": "Uusi\x00 keskus", "name_sv": "Ny", "name_en": "New", "languages": ["fi"],
        "serves": ["853"], "notification_email": "uusi@example.invalid"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Tässä on merkkejä, joita ei voi tallentaa" in page
    assert 'value="Uusi\ufffd keskus"' in page
    assert db.session.scalar(sa.select(Centre).where(Centre.name_en == "New")) is None


# ----------------------------------------------------------------------------- escaping

def _post_form(client, lang="fi", **changes):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    data = {**GOOD, **hidden_fields(page)}
    data.update(changes)
    return client.post(f"/{lang}/", data=data)


def _assert_escaped(body: str, payload: str, *, shown: bool = True) -> None:
    assert payload not in body, "raw markup in the page"
    if shown:
        assert str(escape(payload)) in body, "the input is not shown (escaped)"


@pytest.mark.parametrize("payload", MARKUP)
def test_markup_in_every_field_of_a_rejected_form_comes_back_as_text(fuzz_app, payload):
    client = fuzz_app.test_client()
    changes = {name: payload for name in (*TEXT_FIELDS, *CHOICE_FIELDS, *HIDDEN_FIELDS)}
    changes["child_ages"] = [payload, "4"]
    response = _post_form(client, **changes)

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    _assert_escaped(body, payload)
    for name in (*TEXT_FIELDS, "submission_key"):  # kept, as text, in its own field
        assert f'name="{name}"' in body
    assert body.count(str(escape(payload))) >= len(TEXT_FIELDS)


@pytest.mark.parametrize("payload", MARKUP)
def test_markup_in_an_accepted_request_is_text_on_every_page_that_shows_it(
        fuzz_app, db, fast_sign_in, payload):
    client = fuzz_app.test_client()
    # Free-text fields take anything; phone and e-mail must be valid to be accepted.
    response = _post_form(client, description=f"Alku {payload} loppu",
                          contact_name=payload, contact_times=payload)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    confirmation = client.get(response.headers["Location"])
    assert confirmation.status_code == 200
    _assert_escaped(confirmation.get_data(as_text=True), payload, shown=False)

    [stored] = db.session.scalars(sa.select(HelpRequest)).all()
    assert stored.contact_name == payload  # stored as typed, escaped only when shown
    staff = fast_sign_in("staff")  # Turku's centre, where 853 requests go
    detail = staff.get(f"/staff/requests/{stored.id}")
    assert detail.status_code == 200
    detail_body = detail.get_data(as_text=True)
    _assert_escaped(detail_body, payload)
    assert detail_body.count(str(escape(payload))) >= 3
    queue = staff.get("/staff/requests?status=all")
    assert stored.reference in queue.get_data(as_text=True)
    _assert_escaped(queue.get_data(as_text=True), payload, shown=False)
    searched = staff.get("/staff/requests", query_string={"q": payload})
    assert searched.status_code == 200
    # The search keeps only reference characters: no markup is left to show.
    _assert_escaped(searched.get_data(as_text=True), payload, shown=False)


@pytest.mark.parametrize("payload", MARKUP)
def test_markup_sent_through_the_api_is_text_in_the_staff_view(fuzz_app, db, fast_sign_in,
                                                                api_key, payload):
    response = fuzz_app.test_client().post(
        "/api/v1/requests", headers={"Authorization": f"Bearer {api_key}"},
        json={"municipality_code": "853", "topic_code": "parenting", "child_ages": [4],
              "description": payload, "contact_method": "phone", "phone": "040 123 4567",
              "contact_times": payload, "contact_name": payload, "service_language": "fi",
              "consent": True})
    assert response.status_code == 201, response.get_json()
    assert response.mimetype == "application/json"

    stored = db.session.scalar(sa.select(HelpRequest))
    detail = fast_sign_in("staff").get(f"/staff/requests/{stored.id}")
    body = detail.get_data(as_text=True)
    _assert_escaped(body, payload)
    assert body.count(str(escape(payload))) >= 3


def test_an_api_error_about_a_field_with_markup_is_json_not_a_page(fuzz_app, api_key):
    payload = MARKUP[0]
    response = fuzz_app.test_client().post(
        "/api/v1/requests", headers={"Authorization": f"Bearer {api_key}"},
        json={payload: payload, "topic_code": payload, "contact_method": "phone",
              "service_language": "fi", "consent": True})
    assert response.status_code == 422
    assert response.mimetype == "application/json"
    # Markup in the data of a JSON answer is inert: no browser renders it as a page.
    assert payload in response.get_json()["errors"]
