"""Names of the statistics' sections and of the coded values they count."""
from flask_babel import lazy_gettext as _l

from helpbutton import interpreter_languages
from helpbutton.i18n import current_language
from helpbutton.models.partner import CHANNEL_LABELS
from helpbutton.public_languages import OWN_NAMES, PUBLIC_CODES
from helpbutton.triage import labels as staff_labels

SECTIONS = {
    "weeks": _l("Requests per week"),
    "municipality": _l("Requests by municipality"),
    "topic": _l("Requests by topic"),
    "age_band": _l("Requests by age of the youngest child"),
    "channel": _l("Requests by channel"),
    "partner": _l("Requests by partner"),
    "service_language": _l("Requests by service language"),
    "form_language": _l("Requests by the language of the form"),
    "interpreter_language": _l("Requests by interpreter's language"),
    "outcome": _l("Outcomes of closed requests"),
}
COLUMN = {
    "weeks": _l("Week"),
    "municipality": _l("Municipality"),
    "topic": _l("Topic"),
    "age_band": _l("Age"),
    "channel": _l("Channel"),
    "partner": _l("Partner"),
    "service_language": _l("Language"),
    "form_language": _l("Language of the form"),
    "interpreter_language": _l("Interpreter's language"),
    "outcome": _l("Outcome"),
}
CHANNEL = CHANNEL_LABELS
NOT_GIVEN = _l("Not given")
NO_PARTNER = _l("No partner")
NO_INTERPRETER = _l("No interpreter")
AGE_BAND = staff_labels.AGE_BAND
OUTCOME = staff_labels.OUTCOME
LANGUAGE = staff_labels.LANGUAGE
# Age bands in their natural order rather than by count.
AGE_ORDER = ("expecting", "0-2", "3-6", "7-12", "13-17", None)


def form_language(code: str) -> str:
    """A public language in the reader's language: "arabia", "selkosuomi"; the code when the
    service no longer has it."""
    if code in OWN_NAMES:
        return str(OWN_NAMES[code])
    if code not in PUBLIC_CODES:
        return code
    return interpreter_languages.name_in(code, current_language())


def interpreter_language(code: str) -> str:
    return interpreter_languages.name_in(code, current_language())
