"""A recorded configuration change as lines a person reads: "In use: no → yes".

The history stores each change as {field: [old, new]} with the stored values (codes, ids,
booleans); this module names the field with the label of its form and shows each value as a
word: languages and channels by name, centres, municipalities and topics through the name
look-ups, yes and no for booleans. A field this version does not know keeps its stored name:
old entries must stay readable after a field is renamed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpbutton import formatting
from helpbutton.names import Names, channel_names, language_names, yes_no

# Labels as the forms say them (helpbutton/routing_admin/forms.py), so a change reads the way
# the field was filled in.
FIELD_LABELS = {
    # rules
    "name": _l("Name of the rule"),
    "topics": _l("Topics"),
    "min_age": _l("Youngest child's age, at least"),
    "max_age": _l("Child's age, at most"),
    "languages": _l("Languages"),
    "postal_codes": _l("Postal codes"),
    "channels": _l("How the request came"),
    "urgent": _l("Urgency"),
    "interpreter": _l("Interpreter"),
    "target_centre_id": _l("Send to centre"),
    "active": _l("In use"),
    "valid_from": _l("Valid from"),
    "valid_until": _l("Valid until"),
    "order": _l("Place in the order of rules"),
    # centres
    "name_fi": _l("Name in Finnish"),
    "name_sv": _l("Name in Swedish"),
    "name_en": _l("Name in English"),
    "serves": _l("Municipalities the centre serves"),
    "notification_email": _l("Email for notifications of new requests"),
    "phone": _l("Public phone number"),
    "hours_fi": _l("Opening hours in Finnish"),
    "hours_sv": _l("Opening hours in Swedish"),
    "hours_en": _l("Opening hours in English"),
    # municipality and region settings
    "default_centre_id": _l("Default centre"),
    "social_emergency_phone": _l("Social emergency number (sosiaalipäivystys)"),
    "social_emergency_name_fi": _l("Name of the social emergency service in Finnish"),
    "social_emergency_name_sv": _l("Name of the social emergency service in Swedish"),
    "social_emergency_name_en": _l("Name of the social emergency service in English"),
    "social_emergency_example": _l("Example number (not in use)"),
    "fallback_centre_id": _l("Fallback centre"),
    "promise_working_days": _l("Promised contact within (working days)"),
    "urgent_promise_working_days": _l("Urgent requests: promised contact within (working days)"),
    "escalate_after_working_days": _l(
        "Tell the municipality's administrators of an overdue request after (working days)"),
    # topics
    "code": _l("Code"),
    "position": _l("Order"),
    "label_fi": _l("Label in Finnish"),
    "label_sv": _l("Label in Swedish"),
    "label_en": _l("Label in English"),
    "help_fi": _l("Help text in Finnish"),
    "help_sv": _l("Help text in Swedish"),
    "help_en": _l("Help text in English"),
    "notice_fi": _l("Notice in Finnish"),
    "notice_sv": _l("Notice in Swedish"),
    "notice_en": _l("Notice in English"),
    # an import
    "centres_created": _l("Centres added"),
    "centres_changed": _l("Centres changed"),
    "rules": _l("Number of rules"),
}


# A centre's fields that a rule has too, under the centre form's labels.
CENTRE_FIELD_LABELS = {
    "languages": _l("Languages the centre serves in"),
    "phone": _l("Public phone number"),
}


@dataclass(frozen=True)
class ChangeLine:
    field: str
    old: str | None  # None: the field had no earlier value (a new rule, centre or topic)
    new: str
    code: bool = False  # the values are identifiers (a topic's code): shown as code


# Values that are identifiers a person types into an import file, shown as they are.
_CODES = ("code",)


def _age(value: Any) -> str:
    if value is None:
        return "–"
    return _("expecting") if value == -1 else str(value)


def _urgency(value: Any) -> str:
    if value is None:
        return _("Urgent or not")
    return _("Only urgent requests") if value else _("Only requests that are not urgent")


def interpreter_text(value: Any) -> str:
    """A rule's interpreter condition in words (the form's choices)."""
    if value is None:
        return _("Either")
    return _("Only requests needing an interpreter") if value \
        else _("Only requests without an interpreter")


def _date(value: Any) -> str:
    """A stored day (ISO in the history's JSON) as the page's language writes it."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return _text(value)  # not a day after all: shown as it was stored
    return formatting.day(value) if isinstance(value, date) else _text(value)


def _many(name: Callable[[Any], str]) -> Callable[[Any], str]:
    return lambda values: ", ".join(name(v) for v in values or ()) or "–"


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _formatters(names: Names) -> dict[str, Callable[[Any], str]]:
    def centre(value: Any) -> str:
        return "–" if value is None else names.centre(value)

    return {
        "topics": _many(names.topic),
        "min_age": _age,
        "max_age": _age,
        "languages": language_names,
        "channels": channel_names,
        "urgent": _urgency,
        "interpreter": interpreter_text,
        "target_centre_id": centre,
        "default_centre_id": centre,
        "fallback_centre_id": centre,
        "serves": _many(names.municipality),
        "active": yes_no,
        "valid_from": _date,
        "valid_until": _date,
    }


# Counts of an import: they have no earlier value.
_COUNTS = ("centres_created", "centres_changed")


def change_lines(changes: dict[str, Any] | None, names: Names, *, created: bool = False,
                 entity: str | None = None) -> list[ChangeLine]:
    """Each changed field of one history entry, in words. `created`: the entry added the
    thing, so no field had an earlier value (else an earlier None is shown, as "–")."""
    shown = _formatters(names)
    labels = {**FIELD_LABELS, **CENTRE_FIELD_LABELS} if entity == "centre" else FIELD_LABELS
    lines = []
    for key, pair in (changes or {}).items():
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        show = shown.get(key, _text)
        no_old = created or (old is None and key in _COUNTS)
        lines.append(ChangeLine(str(labels.get(key, key)),
                                None if no_old else show(old), show(new), key in _CODES))
    return lines
