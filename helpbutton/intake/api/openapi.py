"""The OpenAPI 3.1 description of /api/v1/, served at /api/v1/openapi.json.

Kept by hand next to the views; tests/api/test_openapi.py checks every real response against
these schemas and that the routes and the document list the same operations.
"""
from copy import deepcopy

from helpbutton.intake.api.payload import MAX_AGE, MAX_CHILDREN
from helpbutton.intake.operations import INTERPRETER, SERVICE_LANGUAGES
from helpbutton.interpreter_languages import INTERPRETER_LANGUAGES
from helpbutton.public_languages import PUBLIC_CODES

API_VERSION = "1.0.0"


_KEYED_LISTS = ("Without a key: the public entry's county. With the partner's key "
                "(Authorization: Bearer): the partner's own county, never another's; such an "
                "answer is cached privately only.")

def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return {"description": description, **_json(_ref("Error"))}


_NULLABLE_STRING = {"type": ["string", "null"]}
_LANG_PARAM = {
    "name": "lang", "in": "query", "required": False,
    "description": "Language of labels and messages; without it, the Accept-Language header.",
    "schema": {"type": "string", "enum": list(PUBLIC_CODES)},
}
_COUNTY_PARAM = {
    "name": "county", "in": "query", "required": False,
    "description": ("The wellbeing services county, by its slug (`keski-suomi`) or code (`15`); "
                    "without it, the installation's single county or its first county in "
                    "service. A partner's requests always go to the partner's own county."),
    "schema": {"type": "string", "maxLength": 40},
}
_CACHE_HEADER = {"Cache-Control": {
    "description": "The lists change seldom: public, max-age=300.", "schema": {"type": "string"},
}}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "A stable code, e.g. `invalid`, "
                      "`unauthorized`, `rate_limited`.",
                      "examples": ["invalid"]},
            "message": {"type": "string", "description": "For people, in the requested language."},
            "errors": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Field name → what is wrong with it, in the requested "
                                      "language. Present with `invalid` (422) and `bad_request`."},
        },
        "additionalProperties": False,
    },
    "Topic": {
        "type": "object",
        "required": ["code", "label", "help", "notice"],
        "properties": {
            "code": {"type": "string", "examples": ["parenting"]},
            "label": {"type": "string"},
            "help": {"type": "string"},
            "notice": {**_NULLABLE_STRING,
                       "description": "Guidance to show when the topic is chosen (e.g. safety)."},
        },
        "additionalProperties": False,
    },
    "TopicList": {
        "type": "object",
        "required": ["language", "topics"],
        "properties": {
            "language": {"type": "string", "enum": list(PUBLIC_CODES)},
            "topics": {"type": "array", "items": _ref("Topic")},
        },
        "additionalProperties": False,
    },
    "Municipality": {
        "type": "object",
        "required": ["code", "name", "name_fi", "name_sv", "languages", "social_emergency_phone"],
        "properties": {
            "code": {"type": "string", "pattern": "^[0-9]{3}$",
                     "description": "Official municipality number (kuntanumero).",
                     "examples": ["853"]},
            "name": {"type": "string", "description": "Name in the requested language."},
            "name_fi": {"type": "string"},
            "name_sv": {"type": "string"},
            "languages": {"type": "array", "items": {"type": "string", "enum": ["fi", "sv"]},
                          "description": "Official languages, majority first."},
            "social_emergency_phone": {**_NULLABLE_STRING,
                                       "description":
                                           "The social emergency service (sosiaalipäivystys) "
                                           "number that applies: the municipality's own, else "
                                           "its county's; never an example number. Null: "
                                           "none is known, so tell the family to call 112 or "
                                           "their county's social emergency service."},
        },
        "additionalProperties": False,
    },
    "MunicipalityList": {
        "type": "object",
        "required": ["language", "municipalities"],
        "properties": {
            "language": {"type": "string", "enum": list(PUBLIC_CODES)},
            "municipalities": {"type": "array", "items": _ref("Municipality")},
        },
        "additionalProperties": False,
    },
    "NewRequest": {
        "type": "object",
        "description": (
            "A family's request for help, collected by the partner's own channel with the "
            "family's consent. Checked by the same rules as the public form. No text may hold "
            "a character that cannot be stored: NUL and the other control characters (tab, "
            "line feed and carriage return are fine) or a lone surrogate (`\\ud800`); such a "
            "body is answered 400, naming the field."
        ),
        "required": ["topic_code", "contact_method", "service_language", "consent"],
        "properties": {
            "municipality_code": {**_NULLABLE_STRING, "description": (
                "Municipality number. With neither this nor `postal_code`, the partner's "
                "default municipality is used.")},
            "postal_code": {**_NULLABLE_STRING, "description": "Finnish postal code, 5 digits."},
            # Not blank: the server trims text and refuses an empty topic.
            "topic_code": {"type": "string", "minLength": 1, "pattern": "\\S",
                           "description": "A code from GET /topics.",
                           "examples": ["parenting"]},
            "child_ages": {
                "type": "array", "maxItems": MAX_CHILDREN, "default": [],
                "items": {"type": "integer", "minimum": 0, "maximum": MAX_AGE},
                "description": "Children's ages in whole years.",
            },
            "expecting": {"type": "boolean", "default": False,
                          "description": "The family is expecting a baby (instead of, or "
                                         "besides, `child_ages`)."},
            "description": {**_NULLABLE_STRING,
                            "description": "The family's own words; optional, limited length."},
            "urgent": {"type": "boolean", "default": False, "description": (
                "The family says it is urgent: the request is due by the region's shorter "
                "urgent promise (by default the end of the next working day), see `due_at`.")},
            "contact_method": {"type": "string", "enum": ["phone", "email", "either"]},
            "phone": _NULLABLE_STRING,
            "email": _NULLABLE_STRING,
            "contact_times": {**_NULLABLE_STRING, "description": "When the family can be reached."},
            "contact_name": {**_NULLABLE_STRING, "description": "Optional."},
            "service_language": {"type": "string", "enum": [*SERVICE_LANGUAGES, INTERPRETER],
                                 "description": (
                "Language the family wants service in; `interpreter`: in its own language "
                "with an interpreter, named in `interpreter_language`. The request is then "
                "served in the majority language of the family's municipality (Swedish where "
                "most speak Swedish, otherwise Finnish) through the interpreter.")},
            "interpreter_language": {"type": ["string", "null"],
                                     "enum": [*INTERPRETER_LANGUAGES, None],
                                     "description": (
                "The family's own language (ISO 639 code) when `service_language` is "
                "`interpreter`, where it is required; ignored with any other service "
                "language."), "examples": ["ar"]},
            "wants_email_confirmation": {"type": "boolean", "default": False},
            "may_leave_message": {"type": ["boolean", "null"], "default": None,
                                  "description": "Whether a message may be left for the family "
                                                 "(false: no SMS or email notices at all); null "
                                                 "or absent: not answered."},
            "if_someone_else_answers": {**_NULLABLE_STRING, "maxLength": 200,
                                        "description": "What to say if someone else answers "
                                                       "the phone."},
            "consent": {"type": "boolean", "description": (
                "The family accepted the privacy notice. Must be true.")},
            "language": {"type": "string", "enum": list(PUBLIC_CODES), "description": (
                "The family's language for the confirmation and follow-up page, and of the "
                "error messages. Default: the Accept-Language header.")},
        },
        "additionalProperties": False,
    },
    "Created": {
        "type": "object",
        "required": ["reference", "status", "due_at", "follow_up_url"],
        "properties": {
            "reference": {"type": "string", "description": "Show this to the family."},
            "status": {"type": "string", "enum": ["new", "in_progress", "waiting", "closed"]},
            "due_at": {"type": "string", "format": "date-time",
                       "description": "A family-centre worker makes contact by then."},
            "follow_up_url": {
                **_NULLABLE_STRING, "format": "uri",
                "description": (
                    "The family's own page for the request. It holds a secret: give it to the "
                    "family only, never log or store it. A replay with the same "
                    "Idempotency-Key (200) gives the same link; null if it cannot be given."),
            },
        },
        "additionalProperties": False,
    },
}

_REQUEST_ERRORS = {
    "400": _error("The body is not a JSON object (or nested more than 32 levels deep, or not "
                  "UTF-8), a text holds a character that cannot be stored (`errors` names the "
                  "field), or the Idempotency-Key header is bad."),
    "401": _error("No API key, or an unknown one."),
    "403": _error("The partner has been deactivated."),
    "413": _error("The body is larger than 32 KB."),
    "415": _error("The body is not `application/json`."),
    "422": _error("Some fields are wrong; `errors` says which and why. Or the "
                  "Idempotency-Key was used before with another body: `error` is "
                  "`idempotency_key_reused`, and nothing was stored."),
    "429": {**_error("Too many requests; try again after `Retry-After` seconds."),
            "headers": {"Retry-After": {"schema": {"type": "string"}}}},
}

DOCUMENT = {
    "openapi": "3.1.0",
    "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
    "info": {
        "title": "Pyydä apua — intake API",
        "version": API_VERSION,
        "description": (
            "For partners (libraries, schools, daycare, clinics, municipalities) whose own "
            "channels collect families' requests for help. Requests are checked, routed to the "
            "family centre the municipality's rules choose, and answered like the public form. "
            "This is not an emergency channel. Every error is JSON: `{error, message, errors?}`."
        ),
        "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
    },
    "servers": [{"url": "/api/v1"}],
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "partnerKey": {
                "type": "http", "scheme": "bearer",
                "description": "The partner's API key, from the region's administrator.",
            },
        },
    },
    "paths": {
        "/topics": {"get": {
            "operationId": "listTopics",
            "summary": "What a family can ask help with (active topics, in order).",
            "description": _KEYED_LISTS,
            "parameters": [_LANG_PARAM, _COUNTY_PARAM],
            "responses": {
                "200": {"description": "The topics.", "headers": _CACHE_HEADER,
                        **_json(_ref("TopicList"))},
                "400": _error("Unknown language."),
                "401": _error("The API key given is not valid."),
                "403": _error("The partner has been deactivated."),
                "404": _error("No county in service has that slug or code."),
                "503": _error("No county is in service yet."),
            },
        }},
        "/municipalities": {"get": {
            "operationId": "listMunicipalities",
            "summary": "The county's municipalities (active ones).",
            "description": _KEYED_LISTS,
            "parameters": [_LANG_PARAM, _COUNTY_PARAM],
            "responses": {
                "200": {"description": "The municipalities.", "headers": _CACHE_HEADER,
                        **_json(_ref("MunicipalityList"))},
                "400": _error("Unknown language."),
                "401": _error("The API key given is not valid."),
                "403": _error("The partner has been deactivated."),
                "404": _error("No county in service has that slug or code."),
                "503": _error("No county is in service yet."),
            },
        }},
        "/requests": {"post": {
            "operationId": "createRequest",
            "summary": "Send a family's request for help.",
            "security": [{"partnerKey": []}],
            "parameters": [
                {"name": "Idempotency-Key", "in": "header", "required": False,
                 "description": (
                     "A random string (1–128 characters: letters, digits, `-_.:`) per request, "
                     "as in the IETF Idempotency-Key draft. A retry with the same key and the "
                     "same body (the same JSON, key order and spacing aside) makes no second "
                     "request: it is answered 200 with the first one. The same key with another "
                     "body is refused with 422 `idempotency_key_reused`. Keys are the "
                     "partner's own: another partner's key never meets them."),
                 "schema": {"type": "string", "minLength": 1, "maxLength": 128,
                            "pattern": "^[A-Za-z0-9._:-]+$"}},
                {"name": "Accept-Language", "in": "header", "required": False,
                 "description": "Language of error messages when the body gives no `language`.",
                 "schema": {"type": "string"}},
            ],
            "requestBody": {"required": True, **_json(_ref("NewRequest"))},
            "responses": {
                "201": {"description": "Stored and routed.", **_json(_ref("Created"))},
                "200": {"description": "Seen before (same Idempotency-Key): the same request.",
                        **_json(_ref("Created"))},
                **_REQUEST_ERRORS,
            },
        }},
        "/openapi.json": {"get": {
            "operationId": "openapi",
            "summary": "This document.",
            "responses": {"200": {"description": "OpenAPI 3.1.",
                                  **_json({"type": "object"})}},
        }},
    },
}


def document() -> dict:
    return deepcopy(DOCUMENT)
