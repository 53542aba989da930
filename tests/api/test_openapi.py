"""The OpenAPI document tells the truth: real responses match its schemas, route for route."""
import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from helpbutton.refdata import demo_data, reference_data
from tests.api.conftest import valid_body

PREFIX = "/api/v1"
DOC_URI = "urn:helpbutton:openapi"


@pytest.fixture
def spec(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _validator(spec, schema) -> Draft202012Validator:
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    # Local "#/components/..." references resolve against the whole document.
    rebased = _rebase(schema)
    return Draft202012Validator(rebased, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _rebase(node):
    if isinstance(node, dict):
        return {k: (DOC_URI + v if k == "$ref" and v.startswith("#") else _rebase(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def _response_schema(spec, path, method, status):
    operation = spec["paths"][path][method.lower()]
    assert str(status) in operation["responses"], f"{method} {path} {status} undocumented"
    return operation["responses"][str(status)]["content"]["application/json"]["schema"]


def test_the_document_is_openapi_3_1_with_valid_schemas(spec):
    assert spec["openapi"].startswith("3.1")
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert spec["servers"] == [{"url": PREFIX}]


def test_every_api_route_is_documented_and_every_documented_route_exists(app, spec):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(PREFIX):])
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert routes == documented


def test_the_documented_request_body_accepts_what_the_api_accepts(spec):
    new_request = _validator(spec, {"$ref": "#/components/schemas/NewRequest"})
    new_request.validate(valid_body())
    new_request.validate(valid_body(expecting=True, child_ages=[], language="sv",
                                    municipality_code=None, postal_code="20100"))
    assert not new_request.is_valid(valid_body(shoe_size=42))
    assert not new_request.is_valid(valid_body(child_ages=[-1]))


@pytest.mark.parametrize("topic_code", ["", "   "])
def test_the_document_refuses_a_blank_topic_as_the_server_does(spec, partner_key, post_request,
                                                                topic_code):
    new_request = _validator(spec, {"$ref": "#/components/schemas/NewRequest"})
    assert not new_request.is_valid(valid_body(topic_code=topic_code))
    _, key = partner_key
    assert post_request(key, valid_body(topic_code=topic_code)).status_code == 422


def _scenarios(app, db, new_partner):
    """(method, path, request kwargs) → the status each should produce, in order."""
    yield "GET", "/topics", {}, 503  # before the region's reference data is loaded
    yield "GET", "/municipalities", {}, 503
    reference_data.load_region(db.session, "Varsinais-Suomi")
    demo_data.load_demo(db.session)
    db.session.commit()
    _, key = new_partner()
    _, inactive_key = new_partner(name="Suljettu koulu", active=False)
    auth = {"Authorization": f"Bearer {key}"}
    once = {**auth, "Idempotency-Key": "abc-123"}
    yield "GET", "/topics", {"query_string": {"lang": "sv"}}, 200
    yield "GET", "/topics", {"query_string": {"lang": "xx"}}, 400
    yield "GET", "/municipalities", {}, 200
    yield "GET", "/municipalities", {"query_string": {"lang": "xx"}}, 400
    yield "GET", "/topics", {"query_string": {"county": "lappi"}}, 404  # not in service
    yield "GET", "/municipalities", {"query_string": {"county": "atlantis"}}, 404
    # with a key: the partner's county's lists; a key not valid or deactivated is refused
    yield "GET", "/topics", {"headers": auth}, 200
    yield "GET", "/topics", {"headers": {"Authorization": "Bearer not-a-key"}}, 401
    yield "GET", "/topics", {"headers": {"Authorization": f"Bearer {inactive_key}"}}, 403
    yield "GET", "/municipalities", {"headers": auth}, 200
    yield "GET", "/municipalities", {"headers": {"Authorization": "Bearer not-a-key"}}, 401
    yield "GET", "/municipalities", {"headers": {"Authorization": f"Bearer {inactive_key}"}}, 403
    yield "GET", "/openapi.json", {}, 200
    yield "POST", "/requests", {"json": valid_body(), "headers": once}, 201
    yield "POST", "/requests", {"json": valid_body(), "headers": once}, 200
    yield "POST", "/requests", {"json": valid_body(urgent=True), "headers": once}, 422
    yield "POST", "/requests", {"json": valid_body(description="a\x00b"), "headers": auth}, 400
    yield "POST", "/requests", {"data": "{", "content_type": "application/json",
                                "headers": auth}, 400
    yield "POST", "/requests", {"json": valid_body()}, 401
    yield "POST", "/requests", {"json": valid_body(),
                                "headers": {"Authorization": f"Bearer {inactive_key}"}}, 403
    yield "POST", "/requests", {"json": valid_body(description="x" * 40_000),
                                "headers": auth}, 413
    yield "POST", "/requests", {"data": "topic_code=parenting", "headers": auth}, 415
    yield "POST", "/requests", {"json": valid_body(consent=False), "headers": auth}, 422
    app.config["API_RATELIMIT_PER_KEY"] = "1 per minute"  # a new limit: counts from zero
    yield "POST", "/requests", {"json": valid_body(), "headers": auth}, 201
    yield "POST", "/requests", {"json": valid_body(), "headers": auth}, 429


def test_real_responses_match_the_documented_schemas(app, db, client, spec, new_partner):
    seen = set()
    for method, path, kwargs, status in _scenarios(app, db, new_partner):
        response = client.open(PREFIX + path, method=method, **kwargs)
        assert response.status_code == status, (method, path, response.get_json())
        schema = _response_schema(spec, path, method, status)
        _validator(spec, schema).validate(response.get_json())
        for header in spec["paths"][path][method.lower()]["responses"][str(status)].get(
                "headers", {}):
            assert header in response.headers, (path, status, header)
        seen.add((path, method.lower(), str(status)))

    documented = {(path, method, status) for path, ops in spec["paths"].items()
                  for method, op in ops.items() for status in op["responses"]}
    assert documented == seen, "every documented response is tried"
