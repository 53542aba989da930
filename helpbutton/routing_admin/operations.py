"""Changes to the routing configuration. Each validates, writes, records the change in the
history and bumps the region's routing version (so every process rebuilds its router) in the
caller's transaction: operations flush, the caller commits once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from helpbutton import policy
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Municipality, Region, RoutingRule, Topic
from helpbutton.routing_admin import checks, history, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.validation import (
    CentreDraft,
    Invalid,
    Problem,
    RuleDraft,
    validate_centre,
    validate_default_centre,
    validate_fallback_centre,
    validate_phone,
    validate_rule,
)

CENTRE_FIELDS = ("name_fi", "name_sv", "name_en", "languages", "serves", "notification_email",
                 "phone", "hours_fi", "hours_sv", "hours_en", "active")
TOPIC_FIELDS = ("code", "position", "active", "label_fi", "label_sv", "label_en", "help_fi",
                "help_sv", "help_en", "notice_fi", "notice_sv", "notice_en")


@dataclass
class Actor:
    """Who makes the change, and in which region."""

    region: Region
    user_id: int | None
    # The signed-in person as the policy sees them. None: the command line, whose operator
    # acts for the region.
    principal: policy.Principal | None = None

    @property
    def region_wide(self) -> bool:
        """Acts for the whole region (else for one municipality only)."""
        return self.principal is None or policy.is_region_admin(self.principal, self.region.id)


def _checked(session: DbSession, actor: Actor, code: str | None,
             override_reason: str | None = None, leaving: frozenset[str] = frozenset()):
    return checks.checked(session, actor.region, code, region_wide=actor.region_wide,
                          override_reason=override_reason, leaving=leaving)


def _changed(session: DbSession, actor: Actor, code: str | None, entity: str, entity_id: Any,
             action: str, changes: dict, outcome: checks.Outcome | None = None) -> None:
    history.record(session, region_id=actor.region.id, municipality_code=code,
                   actor_id=actor.user_id, entity=entity, entity_id=entity_id, action=action,
                   changes=changes, affected=outcome.affected if outcome else frozenset(),
                   reason=outcome.reason if outcome else None)
    routing_service.bump_routing_version(session, actor.region)


# --- rules ----------------------------------------------------------------------------------

def rule_snapshot(rule: RoutingRule) -> dict:
    return history.snapshot(rule, store.RULE_FIELDS)


def create_rule(session: DbSession, actor: Actor, code: str, draft: RuleDraft, *,
                override_reason: str | None = None) -> RoutingRule:
    problems = validate_rule(draft, store.scope_for(session, actor.region, code))
    if problems:
        raise Invalid(problems)
    rules = store.municipality_rules(session, actor.region, code)
    with _checked(session, actor, code, override_reason) as outcome:
        rule = RoutingRule(region_id=actor.region.id, municipality_code=code,
                           position=(max((r.position for r in rules), default=0) + 10))
        store.apply_draft(rule, draft)
        session.add(rule)
        session.flush()
    _changed(session, actor, code, "rule", rule.id, "created",
             history.diff({}, rule_snapshot(rule)), outcome)
    return rule


def update_rule(session: DbSession, actor: Actor, rule: RoutingRule, draft: RuleDraft, *,
                override_reason: str | None = None) -> dict:
    problems = validate_rule(draft, store.scope_for(session, actor.region,
                                                    rule.municipality_code))
    if problems:
        raise Invalid(problems)
    before = rule_snapshot(rule)
    with _checked(session, actor, rule.municipality_code, override_reason) as outcome:
        store.apply_draft(rule, draft)
        session.flush()
    changes = history.diff(before, rule_snapshot(rule))
    if changes:
        _changed(session, actor, rule.municipality_code, "rule", rule.id, "changed", changes,
                 outcome)
    return changes


def set_rule_active(session: DbSession, actor: Actor, rule: RoutingRule, active: bool, *,
                    override_reason: str | None = None) -> None:
    if rule.active == active:
        return
    with _checked(session, actor, rule.municipality_code, override_reason) as outcome:
        rule.active = active
        session.flush()
    _changed(session, actor, rule.municipality_code, "rule", rule.id,
             "activated" if active else "deactivated", {"active": [not active, active]},
             outcome)


def move_rule(session: DbSession, actor: Actor, rule: RoutingRule, step: int, *,
              override_reason: str | None = None) -> bool:
    """Move a rule one place up (-1) or down (+1) among its owner's rules; renumbers them."""
    rules = store.municipality_rules(session, actor.region, rule.municipality_code)
    index = rules.index(rule)
    target = index + step
    if not 0 <= target < len(rules):
        return False
    with _checked(session, actor, rule.municipality_code, override_reason) as outcome:
        rules[index], rules[target] = rules[target], rules[index]
        for number, r in enumerate(rules, start=1):
            r.position = number * 10
        session.flush()
    _changed(session, actor, rule.municipality_code, "rule", rule.id, "moved",
             {"order": [index + 1, target + 1]}, outcome)
    return True


# --- centres and municipality settings --------------------------------------------------------

def centre_snapshot(centre: Centre) -> dict:
    data = history.snapshot(centre, tuple(f for f in CENTRE_FIELDS if f != "serves"))
    data["serves"] = sorted(m.code for m in centre.municipalities)
    return data


def _comparable(name: str, value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(value)
    if name == "active":
        return bool(value)
    return value or None  # an empty text and no text are the same


def changed_fields(centre: Centre, draft: CentreDraft) -> set[str]:
    """The fields the draft would change (languages and area compared as sets)."""
    before = centre_snapshot(centre)
    return {name for name in CENTRE_FIELDS
            if _comparable(name, before[name]) != _comparable(name, getattr(draft, name))}


def touched_by(centre: Centre | None, draft: CentreDraft) -> set[str]:
    """Municipalities whose families see the change: a change to the area alone touches those
    joining or leaving it, any other change every municipality the centre serves."""
    serves = {m.code for m in centre.municipalities} if centre is not None else set()
    if centre is not None and changed_fields(centre, draft) <= {"serves"}:
        return serves ^ set(draft.serves)
    return serves | set(draft.serves)


def shared_centre_problems(actor: Actor, centre: Centre, draft: CentreDraft) -> list[Problem]:
    """A shared centre is the region's to change, but for its host's own place in its area."""
    if actor.region_wide:
        return []
    refused = policy.centre_changes_refused(
        actor.principal, actor.region.id, centre.host_municipality_code,
        [m.code for m in centre.municipalities], draft.serves, changed_fields(centre, draft),
        is_fallback=actor.region.fallback_centre_id == centre.id)
    return [Problem("shared_centre", name) for name in CENTRE_FIELDS if name in refused]


def _apply_centre(session: DbSession, centre: Centre, draft: CentreDraft) -> None:
    for name in CENTRE_FIELDS:
        if name != "serves":
            setattr(centre, name, getattr(draft, name))
    centre.languages = list(draft.languages)
    centre.municipalities = [session.get(Municipality, c) for c in sorted(set(draft.serves))]


def save_centre(session: DbSession, actor: Actor, code: str, draft: CentreDraft,
                centre: Centre | None = None, *, override_reason: str | None = None) -> Centre:
    """Create (centre None) or change a centre hosted by municipality `code`."""
    problems = validate_centre(draft, store.scope_for(session, actor.region, code))
    if centre is not None and not draft.active and _still_needed(session, actor.region, centre):
        problems.append(Problem("centre_in_use", "active"))
    if centre is not None:
        problems += shared_centre_problems(actor, centre, draft) or \
            default_still_served(session, centre, set(draft.serves))
    if problems:
        raise Invalid(problems)
    before = centre_snapshot(centre) if centre is not None else {}
    leaving = frozenset(before.get("serves", ())) - set(draft.serves)
    touched = touched_by(centre, draft)
    with _checked(session, actor, code, override_reason, leaving) as outcome:
        if centre is None:
            centre = Centre(region_id=actor.region.id, host_municipality_code=code)
            session.add(centre)
        _apply_centre(session, centre, draft)
        session.flush()
        outcome.touched = touched
    changes = history.diff(before, centre_snapshot(centre))
    if changes:
        _changed(session, actor, code, "centre", centre.id,
                 "created" if not before else "changed", changes, outcome)
    return centre


def default_still_served(session: DbSession, centre: Centre, serves: set[str]) -> list[Problem]:
    """A municipality may not leave the area of its own default centre. (That none of its
    requests would go elsewhere, whoever's rule sends them, `checks` makes sure.)"""

    leaving = {m.code for m in centre.municipalities} - serves
    needed = sorted(session.scalars(sa.select(Municipality).where(
        Municipality.default_centre_id == centre.id, Municipality.code.in_(leaving))),
        key=lambda m: m.name_fi) if leaving else []
    if not needed:
        return []
    return [Problem("serves_still_needed", "serves", {
        "values": ", ".join(m.name_fi for m in needed),
        "values_sv": ", ".join(m.name_sv for m in needed)})]


def _still_needed(session: DbSession, region: Region, centre: Centre) -> bool:
    """The region's fallback must stay active: it receives what nothing else does."""
    return region.fallback_centre_id == centre.id


def save_municipality(session: DbSession, actor: Actor, municipality: Municipality, *,
                      default_centre_id: int | None, social_emergency_phone: str | None,
                      active: bool | None = None, override_reason: str | None = None) -> dict:
    scope = store.scope_for(session, actor.region, municipality.code)
    problems = validate_default_centre(default_centre_id, scope)
    problems += validate_phone(social_emergency_phone, "social_emergency_phone")
    if problems:
        raise Invalid(problems)
    fields = ("default_centre_id", "social_emergency_phone", "active")
    before = history.snapshot(municipality, fields)
    with _checked(session, actor, municipality.code, override_reason) as outcome:
        municipality.default_centre_id = default_centre_id
        municipality.social_emergency_phone = social_emergency_phone or None
        if active is not None:
            municipality.active = active
        session.flush()
    changes = history.diff(before, history.snapshot(municipality, fields))
    if changes:
        _changed(session, actor, municipality.code, "municipality", municipality.code,
                 "changed", changes, outcome)
    return changes


# --- region: topics and settings --------------------------------------------------------------

@dataclass
class TopicDraft:
    code: str
    label_fi: str
    label_sv: str
    label_en: str
    position: int = 0
    active: bool = True
    help_fi: str = ""
    help_sv: str = ""
    help_en: str = ""
    notice_fi: str | None = None
    notice_sv: str | None = None
    notice_en: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _topic_problems(session: DbSession, region: Region, draft: TopicDraft,
                    topic: Topic | None) -> list[Problem]:

    problems = []
    if topic is None:
        if not re.fullmatch(r"[a-z][a-z0-9_]{1,31}", draft.code or ""):
            problems.append(Problem("topic_code_format", "code"))
        elif draft.code in store.topic_codes(session, region, active_only=False):
            problems.append(Problem("topic_code_taken", "code", {"code": draft.code}))
    for lang in ("fi", "sv", "en"):
        label = getattr(draft, f"label_{lang}") or ""
        if not label.strip():
            problems.append(Problem("required", f"label_{lang}"))
        elif len(label) > 120:
            problems.append(Problem("too_long", f"label_{lang}", {"max": 120}))
        if len(getattr(draft, f"help_{lang}") or "") > 300:
            problems.append(Problem("too_long", f"help_{lang}", {"max": 300}))
    return problems


def save_topic(session: DbSession, actor: Actor, draft: TopicDraft,
               topic: Topic | None = None) -> Topic:
    problems = _topic_problems(session, actor.region, draft, topic)
    if problems:
        raise Invalid(problems)
    before = history.snapshot(topic, TOPIC_FIELDS) if topic is not None else {}
    if topic is None:
        topic = Topic(region_id=actor.region.id, code=draft.code)
        session.add(topic)
    for name in TOPIC_FIELDS:
        if name != "code":
            value = getattr(draft, name)
            setattr(topic, name, (value or None) if name.startswith("notice_") else value)
    session.flush()
    changes = history.diff(before, history.snapshot(topic, TOPIC_FIELDS))
    if changes:
        _changed(session, actor, None, "topic", topic.code,
                 "created" if not before else "changed", changes)
    return topic


SOCIAL_EMERGENCY_FIELDS = ("social_emergency_phone", "social_emergency_name_fi",
                           "social_emergency_name_sv", "social_emergency_name_en",
                           "social_emergency_example")
SERVICE_NAME_MAX = 160


@dataclass
class SocialEmergencyDraft:
    """The county's social emergency number (empty: none) and its name for the service."""

    phone: str | None
    names: dict  # lang → the name, or None

    def problems(self) -> list[Problem]:
        problems = validate_phone(self.phone, "social_emergency_phone")
        for lang, name in self.names.items():
            if len(name or "") > SERVICE_NAME_MAX:
                problems.append(Problem("too_long", f"social_emergency_name_{lang}",
                                        {"max": SERVICE_NAME_MAX}))
        return problems

    def apply(self, region: Region) -> None:
        phone = (self.phone or "").strip() or None
        if phone != region.social_emergency_phone:
            region.social_emergency_example = False  # entered by the county: its own
        region.social_emergency_phone = phone
        for lang, name in self.names.items():
            setattr(region, f"social_emergency_name_{lang}", (name or "").strip() or None)


def save_region(session: DbSession, actor: Actor, *, fallback_centre_id: int | None,
                promise_working_days: int, urgent_promise_working_days: int | None = None,
                escalate_after_working_days: int | None = None,
                social_emergency: SocialEmergencyDraft | None = None,
                override_reason: str | None = None) -> dict:
    """The region's fallback centre and promises, and its social emergency service. Left out
    (None), the urgent promise, the escalation and the social emergency service keep their
    values. An urgent promise is 0 (the same working day) or more, and never longer than the
    normal promise; escalation comes 1 to 30 working days after the due time. A changed social
    emergency number is the county's own, no longer an example."""
    region = actor.region
    problems = validate_fallback_centre(fallback_centre_id, store.scope_for(session, region, None))
    if social_emergency is not None:
        problems += social_emergency.problems()
    if not 1 <= (promise_working_days or 0) <= 30:
        problems.append(Problem("promise_days_range", "promise_working_days", {"max": 30}))
    if urgent_promise_working_days is None:
        urgent_promise_working_days = region.urgent_promise_working_days
    if escalate_after_working_days is None:
        escalate_after_working_days = region.escalate_after_working_days
    if urgent_promise_working_days < 0:
        problems.append(Problem("urgent_promise_negative", "urgent_promise_working_days"))
    elif 1 <= (promise_working_days or 0) <= 30 \
            and urgent_promise_working_days > promise_working_days:
        problems.append(Problem("urgent_promise_longer", "urgent_promise_working_days",
                                {"max": promise_working_days}))
    if not 1 <= escalate_after_working_days <= 30:
        problems.append(Problem("escalate_days_range", "escalate_after_working_days",
                                {"max": 30}))
    if problems:
        raise Invalid(problems)
    fields = ("fallback_centre_id", "promise_working_days", "urgent_promise_working_days",
              "escalate_after_working_days", *SOCIAL_EMERGENCY_FIELDS)
    before = history.snapshot(region, fields)
    with _checked(session, actor, None, override_reason) as outcome:
        region.fallback_centre_id = fallback_centre_id
        region.promise_working_days = promise_working_days
        region.urgent_promise_working_days = urgent_promise_working_days
        region.escalate_after_working_days = escalate_after_working_days
        if social_emergency is not None:
            social_emergency.apply(region)
        session.flush()
    changes = history.diff(before, history.snapshot(region, fields))
    if changes:
        _changed(session, actor, None, "region", region.code, "changed", changes, outcome)
    return changes
