"""Translatable names of the triage codes (statuses, outcomes, contact results, filters)."""
from flask_babel import lazy_gettext as _l

from helpbutton.models.partner import CHANNEL_LABELS
from helpbutton.models.request import CONTACT_METHOD_LABELS, OUTCOME_LABELS, STATUS_LABELS
from helpbutton.names import LANGUAGE_LABELS

# The enums' labels live beside the enums; these names are what the templates use.
STATUS = STATUS_LABELS
OUTCOME = OUTCOME_LABELS
CONTACT_RESULT = {
    "reached": _l("Reached the family"),
    "no_answer": _l("No answer"),
    "left_message": _l("Left a message"),
}
DUE = {
    "overdue": _l("Overdue"),
    "today": _l("Due today"),
    "week": _l("Due this week"),
}
URGENCY = {"urgent": _l("Urgent"), "normal": _l("Not urgent")}
AGE_BAND = {
    "expecting": _l("Expecting a baby"),
    "0-2": _l("0–2 years"),
    "3-6": _l("3–6 years"),
    "7-12": _l("7–12 years"),
    "13-17": _l("13–17 years"),
}
SORT = {
    "newest": _l("Newest first"),
    "oldest": _l("Oldest first"),
    "due": _l("Due soonest first"),
}
CONTACT_METHOD = CONTACT_METHOD_LABELS
LANGUAGE = LANGUAGE_LABELS
CHANNEL = CHANNEL_LABELS
# How a worker searched for a family (the audit trail says how, never what was typed).
SEARCH_BY = {"reference": _l("By reference"), "phone": _l("By phone number"),
             "email": _l("By email address")}
