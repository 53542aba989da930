"""Rules for a valid routing configuration. Plain Python: no Flask, no database.

The forms, the import and the command line all call these functions, so a configuration is
refused for the same reasons wherever it comes from. Problems are codes with parameters (and
the field they concern); `messages.py` turns them into translated sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any

from helpbutton import interpreter_languages
from helpbutton.contact_details import valid_email, valid_phone

EXPECTING = -1
MAX_AGE = 17
# The service's languages: a centre's names and the languages it serves in.
LANGUAGES = ("fi", "sv", "en")
# What a rule's language condition may name: the service's languages, then the languages a family
# may ask an interpreter for (the condition looks at the interpreter language when there is one).
RULE_LANGUAGES = (*LANGUAGES, *(c for c in interpreter_languages.INTERPRETER_LANGUAGES
                                if c not in LANGUAGES))
# Every Channel's value (models/partner.py; a test keeps them the same), staff's included.
CHANNELS = ("web", "library", "school", "daycare", "clinic", "municipality", "website", "api",
            "phone", "walk-in", "outreach")
NAME_MAX = 120
CENTRE_NAME_MAX = 160
HOURS_MAX = 200
PHONE_MAX = 40
_POSTAL = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Problem:
    code: str
    field: str | None = None
    params: dict[str, Any] = dc_field(default_factory=dict, hash=False, compare=False)


class Invalid(ValueError):
    """A change refused, with every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(p.code for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class CentreFacts:
    """What validation needs to know of an existing centre."""

    id: int
    name: str
    active: bool
    serves: frozenset[str]
    email: str = ""
    # The name in each language ({"fi": …, "sv": …, "en": …}), so that a problem names the
    # centre in the reader's language; `name` (Finnish) when not given.
    names: dict[str, str] = dc_field(default_factory=dict, hash=False, compare=False)

    @property
    def shown_name(self) -> dict[str, str] | str:
        return self.names or self.name


@dataclass(frozen=True)
class Scope:
    """The municipality being configured (None: the region) and what exists in the region."""

    municipality: str | None
    municipality_name: str
    centres: dict[int, CentreFacts]
    topics: frozenset[str]
    postal_codes: frozenset[str]  # of the municipality (of the region for region rules)
    fallback_centre: int | None = None
    municipalities: frozenset[str] = frozenset()  # every municipality code of the region
    # The municipality's (or region's) name in each language; `municipality_name` if not given.
    municipality_names: dict[str, str] = dc_field(default_factory=dict)

    @property
    def shown_municipality(self) -> dict[str, str] | str:
        return self.municipality_names or self.municipality_name


@dataclass
class RuleDraft:
    """A rule as typed in a form or read from a file (not yet saved)."""

    target_centre: int | None
    name: str = ""
    topics: list[str] = dc_field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    languages: list[str] = dc_field(default_factory=list)
    postal_codes: list[str] = dc_field(default_factory=list)
    channels: list[str] = dc_field(default_factory=list)
    urgent: bool | None = None
    interpreter: bool | None = None  # True: only requests needing an interpreter; False: none
    active: bool = True
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass
class CentreDraft:
    name_fi: str
    name_sv: str
    name_en: str
    languages: list[str]
    serves: list[str]
    notification_email: str
    phone: str | None = None
    hours_fi: str | None = None
    hours_sv: str | None = None
    hours_en: str | None = None
    active: bool = True


def parse_postal_codes(text: str) -> list[str]:
    """Postal codes typed with commas, spaces or new lines between them."""
    return sorted({p for p in re.split(r"[\s,;]+", text or "") if p})


def validate_rule(rule: RuleDraft, scope: Scope) -> list[Problem]:
    problems: list[Problem] = []
    if len(rule.name or "") > NAME_MAX:
        problems.append(Problem("name_too_long", "name", {"max": NAME_MAX}))
    unknown_topics = sorted(set(rule.topics) - scope.topics)
    if unknown_topics:
        problems.append(Problem("unknown_topic", "topics", {"values": ", ".join(unknown_topics)}))
    problems += _ages(rule.min_age, rule.max_age)
    unknown = sorted(set(rule.languages) - set(RULE_LANGUAGES))
    if unknown:
        problems.append(Problem("unknown_language", "languages",
                                {"values": ", ".join(unknown), "rule": True}))
    unknown = sorted(set(rule.channels) - set(CHANNELS))
    if unknown:
        problems.append(Problem("unknown_channel", "channels", {"values": ", ".join(unknown)}))
    problems += _postal_codes(rule.postal_codes, scope)
    problems += _target(rule.target_centre, scope)
    if rule.valid_from and rule.valid_until and rule.valid_from > rule.valid_until:
        problems.append(Problem("dates_reversed", "valid_until", {
            "start": rule.valid_from.isoformat(), "end": rule.valid_until.isoformat()}))
    return problems


def _ages(low: int | None, high: int | None) -> list[Problem]:
    problems = []
    for name, value in (("min_age", low), ("max_age", high)):
        if value is not None and not EXPECTING <= value <= MAX_AGE:
            problems.append(Problem("age_out_of_range", name, {"max": MAX_AGE}))
    if not problems and low is not None and high is not None and low > high:
        problems.append(Problem("age_range_reversed", "max_age", {"low": low, "high": high}))
    return problems


def _postal_codes(codes: list[str], scope: Scope) -> list[Problem]:
    malformed = sorted(c for c in codes if not _POSTAL.match(c))
    if malformed:
        return [Problem("postal_code_format", "postal_codes", {"values": ", ".join(malformed)})]
    outside = sorted(set(codes) - scope.postal_codes)
    if outside:
        return [Problem("postal_code_outside", "postal_codes", {
            "values": ", ".join(outside), "municipality": scope.shown_municipality})]
    return []


def _target(centre_id: int | None, scope: Scope) -> list[Problem]:
    centre = scope.centres.get(centre_id) if centre_id is not None else None
    if centre is None:
        return [Problem("target_missing", "target_centre")]
    if (scope.municipality is not None and scope.municipality not in centre.serves
            and centre_id != scope.fallback_centre):
        return [Problem("target_not_serving", "target_centre", {
            "centre": centre.shown_name, "municipality": scope.shown_municipality})]
    return []


def validate_centre(draft: CentreDraft, scope: Scope) -> list[Problem]:
    problems: list[Problem] = []
    for lang in LANGUAGES:
        name = getattr(draft, f"name_{lang}") or ""
        if not name.strip():
            problems.append(Problem("required", f"name_{lang}"))
        elif len(name) > CENTRE_NAME_MAX:
            problems.append(Problem("too_long", f"name_{lang}", {"max": CENTRE_NAME_MAX}))
        hours = getattr(draft, f"hours_{lang}") or ""
        if len(hours) > HOURS_MAX:
            problems.append(Problem("too_long", f"hours_{lang}", {"max": HOURS_MAX}))
    if not draft.languages:
        problems.append(Problem("languages_required", "languages"))
    elif set(draft.languages) - set(LANGUAGES):
        problems.append(Problem("unknown_language", "languages", {
            "values": ", ".join(sorted(set(draft.languages) - set(LANGUAGES)))}))
    if not draft.serves:
        problems.append(Problem("serves_required", "serves"))
    elif scope.municipalities and set(draft.serves) - scope.municipalities:
        problems.append(Problem("serves_outside_region", "serves", {
            "values": ", ".join(sorted(set(draft.serves) - scope.municipalities))}))
    if not valid_email(draft.notification_email, allow_reserved=True):
        problems.append(Problem("email_invalid", "notification_email"))
    problems += validate_phone(draft.phone, "phone")
    return problems


def validate_phone(phone: str | None, field_name: str) -> list[Problem]:
    if phone and (len(phone) > PHONE_MAX or not valid_phone(phone)):
        return [Problem("phone_invalid", field_name)]
    return []


def validate_default_centre(centre_id: int | None, scope: Scope) -> list[Problem]:
    """A municipality's default centre must exist, be active and serve the municipality."""
    if centre_id is None:
        return []
    centre = scope.centres.get(centre_id)
    if centre is None:
        return [Problem("target_missing", "default_centre")]
    if scope.municipality not in centre.serves and centre_id != scope.fallback_centre:
        return [Problem("target_not_serving", "default_centre", {
            "centre": centre.shown_name, "municipality": scope.shown_municipality})]
    if not centre.active:
        return [Problem("centre_inactive", "default_centre", {"centre": centre.shown_name})]
    return []


def validate_fallback_centre(centre_id: int | None, scope: Scope) -> list[Problem]:
    centre = scope.centres.get(centre_id) if centre_id is not None else None
    if centre is None:
        return [Problem("fallback_required", "fallback_centre")]
    if not centre.active:
        return [Problem("centre_inactive", "fallback_centre", {"centre": centre.shown_name})]
    return []
