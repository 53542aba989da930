"""Translatable names of the triage codes (statuses, outcomes, contact results, filters)."""
from flask_babel import lazy_gettext as _l

STATUS = {
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "waiting": _l("Waiting"),
    "closed": _l("Closed"),
}
OUTCOME = {
    "support_started": _l("Support started"),
    "guided_elsewhere": _l("Guided to another service"),
    "no_need": _l("No need for support"),
    "not_reached": _l("Family not reached"),
    "withdrawn": _l("Withdrawn by the family"),
}
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
CONTACT_METHOD = {"phone": _l("Phone"), "email": _l("Email"), "either": _l("Phone or email")}
LANGUAGE = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}
CHANNEL = {
    "web": _l("the region's website"),
    "library": _l("a library"),
    "school": _l("a school"),
    "daycare": _l("a daycare centre"),
    "clinic": _l("a clinic"),
    "municipality": _l("a municipality's website"),
    "website": _l("a partner's website"),
    "api": _l("a partner system"),
}
