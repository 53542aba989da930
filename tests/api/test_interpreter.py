"""The API takes a request for service with an interpreter, checked as the form's."""
import pytest
import sqlalchemy as sa

from helpbutton.interpreter_languages import INTERPRETER_LANGUAGES
from helpbutton.models import HelpRequest
from tests.api.conftest import valid_body
from tests.api.test_openapi import PREFIX, _validator


def _stored(db, reference) -> HelpRequest:
    return db.session.scalar(sa.select(HelpRequest).where(HelpRequest.reference == reference))


@pytest.mark.parametrize("municipality, served_in", [("430", "fi"), ("322", "sv")])
def test_a_partner_asks_for_an_interpreter(db, partner_key, post_request, municipality,
                                           served_in):
    _, key = partner_key
    response = post_request(key, valid_body(municipality_code=municipality,
                                            service_language="interpreter",
                                            interpreter_language="ti"))
    assert response.status_code == 201, response.get_json()
    stored = _stored(db, response.get_json()["reference"])
    assert (stored.service_language, stored.interpreter_language) == (served_in, "ti")


@pytest.mark.parametrize("language", [None, "", "xx", "arabic"])
def test_an_interpreter_needs_a_language_from_the_list(db, partner_key, post_request,
                                                       language):
    _, key = partner_key
    response = post_request(key, valid_body(service_language="interpreter",
                                            interpreter_language=language),
                            headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"interpreter_language": (
        "Choose your own language from the list, so that we know which interpreter you need.")}
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0


def test_english_service_stays_and_a_language_without_the_interpreter_is_ignored(
        db, partner_key, post_request):
    _, key = partner_key
    response = post_request(key, valid_body(service_language="en", interpreter_language="ar"))
    assert response.status_code == 201
    stored = _stored(db, response.get_json()["reference"])
    assert (stored.service_language, stored.interpreter_language) == ("en", None)


def test_a_non_string_language_is_a_shape_problem(partner_key, post_request):
    _, key = partner_key
    response = post_request(key, valid_body(service_language="interpreter",
                                            interpreter_language=7))
    assert response.status_code in (400, 422)
    assert "interpreter_language" in response.get_json()["errors"]


def test_the_document_lists_the_interpreter_and_its_languages(client):
    spec = client.get(f"{PREFIX}/openapi.json").get_json()
    fields = spec["components"]["schemas"]["NewRequest"]["properties"]
    assert "interpreter" in fields["service_language"]["enum"]
    assert fields["interpreter_language"]["enum"] == [*INTERPRETER_LANGUAGES, None]
    new_request = _validator(spec, {"$ref": "#/components/schemas/NewRequest"})
    assert new_request.is_valid(valid_body(service_language="interpreter",
                                           interpreter_language="ar"))
    assert not new_request.is_valid(valid_body(interpreter_language="xx"))
