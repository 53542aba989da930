"""Messages for the API's own field problems, in the caller's language."""
from flask_babel import lazy_gettext as _l

FIELD_MESSAGES = {
    "unknown": _l("Unknown field."),
    "required": _l("This field is required."),
    "string": _l("Must be text or null."),
    "boolean": _l("Must be true or false."),
    "ages": _l("Must be a list of ages in whole years from 0 to 17."),
    "language": _l("Choose fi, sv or en."),
    "characters": _l("Contains characters that cannot be stored (such as NUL, other control "
                     "characters or a lone surrogate)."),
    "idempotency_key_reused": _l("This Idempotency-Key was used before with a different "
                                 "request body. Send a new request with a new key."),
    "idempotency_key": _l("Use 1–128 letters, digits or the characters - _ . :"),
}


def field(code: str) -> str:
    return str(FIELD_MESSAGES[code])


def fields(problems: dict[str, str]) -> dict[str, str]:
    return {name: field(code) for name, code in problems.items()}
