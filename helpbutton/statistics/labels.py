"""Names of the statistics' sections and of the coded values they count."""
from flask_babel import lazy_gettext as _l

from helpbutton.models.partner import CHANNEL_LABELS
from helpbutton.triage import labels as staff_labels

SECTIONS = {
    "weeks": _l("Requests per week"),
    "municipality": _l("Requests by municipality"),
    "topic": _l("Requests by topic"),
    "age_band": _l("Requests by age of the youngest child"),
    "channel": _l("Requests by channel"),
    "partner": _l("Requests by partner"),
    "service_language": _l("Requests by service language"),
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
    "outcome": _l("Outcome"),
}
CHANNEL = CHANNEL_LABELS
NOT_GIVEN = _l("Not given")
NO_PARTNER = _l("No partner")
AGE_BAND = staff_labels.AGE_BAND
OUTCOME = staff_labels.OUTCOME
LANGUAGE = staff_labels.LANGUAGE
# Age bands in their natural order rather than by count.
AGE_ORDER = ("expecting", "0-2", "3-6", "7-12", "13-17", None)
