"""Changes to the routing configuration. Each validates, writes, records the change in the
history and bumps the region's routing version (so every process rebuilds its router) in the
caller's transaction: operations flush, the caller commits once."""
from __future__ import annotations

import re
import sqlalchemy as sa
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import orm as so

from helpbutton.models import Centre, Municipality, Region, RoutingRule, Topic
from helpbutton.routing_admin import history, store
from helpbutton.routing_admin.validation import (
    CentreDraft,
    Problem,
    RuleDraft,
    validate_centre,
    validate_default_centre,
    validate_fallback_centre,
    validate_phone,
    validate_rule,
)
from helpbutton.routing_admin import router as routing_service

CENTRE_FIELDS = ("name_fi", "name_sv", "name_en", "languages", "serves", "notification_email",
                 "phone", "hours_fi", "hours_sv", "hours_en", "active")
TOPIC_FIELDS = ("code", "position", "active", "label_fi", "label_sv", "label_en", "help_fi",
                "help_sv", "help_en", "notice_fi", "notice_sv", "notice_en")


class Invalid(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(p.code for p in problems))
        self.problems = problems


@dataclass
class Actor:
    """Who makes the change, and in which region."""

    region: Region
    user_id: int | None


def _changed(session: so.Session, actor: Actor, code: str | None, entity: str, entity_id: Any,
             action: str, changes: dict) -> None:
    history.record(session, region_id=actor.region.id, municipality_code=code,
                   actor_id=actor.user_id, entity=entity, entity_id=entity_id, action=action,
                   changes=changes)
    routing_service.bump_routing_version(session, actor.region)


# --- rules ----------------------------------------------------------------------------------

def rule_snapshot(rule: RoutingRule) -> dict:
    return history.snapshot(rule, store.RULE_FIELDS)


def create_rule(session: so.Session, actor: Actor, code: str, draft: RuleDraft) -> RoutingRule:
    problems = validate_rule(draft, store.scope_for(session, actor.region, code))
    if problems:
        raise Invalid(problems)
    rules = store.municipality_rules(session, actor.region, code)
    rule = RoutingRule(region_id=actor.region.id, municipality_code=code,
                       position=(max((r.position for r in rules), default=0) + 10))
    store.apply_draft(rule, draft)
    session.add(rule)
    session.flush()
    _changed(session, actor, code, "rule", rule.id, "created",
             history.diff({}, rule_snapshot(rule)))
    return rule


def update_rule(session: so.Session, actor: Actor, rule: RoutingRule, draft: RuleDraft) -> dict:
    problems = validate_rule(draft, store.scope_for(session, actor.region,
                                                    rule.municipality_code))
    if problems:
        raise Invalid(problems)
    before = rule_snapshot(rule)
    store.apply_draft(rule, draft)
    session.flush()
    changes = history.diff(before, rule_snapshot(rule))
    if changes:
        _changed(session, actor, rule.municipality_code, "rule", rule.id, "changed", changes)
    return changes


def set_rule_active(session: so.Session, actor: Actor, rule: RoutingRule, active: bool) -> None:
    if rule.active == active:
        return
    rule.active = active
    session.flush()
    _changed(session, actor, rule.municipality_code, "rule", rule.id,
             "activated" if active else "deactivated", {"active": [not active, active]})


def move_rule(session: so.Session, actor: Actor, rule: RoutingRule, step: int) -> bool:
    """Move a rule one place up (-1) or down (+1) among its owner's rules; renumbers them."""
    rules = store.municipality_rules(session, actor.region, rule.municipality_code)
    index = rules.index(rule)
    target = index + step
    if not 0 <= target < len(rules):
        return False
    rules[index], rules[target] = rules[target], rules[index]
    for number, r in enumerate(rules, start=1):
        r.position = number * 10
    session.flush()
    _changed(session, actor, rule.municipality_code, "rule", rule.id, "moved",
             {"order": [index + 1, target + 1]})
    return True


# --- centres and municipality settings --------------------------------------------------------

def centre_snapshot(centre: Centre) -> dict:
    data = history.snapshot(centre, tuple(f for f in CENTRE_FIELDS if f != "serves"))
    data["serves"] = sorted(m.code for m in centre.municipalities)
    return data


def _apply_centre(session: so.Session, centre: Centre, draft: CentreDraft) -> None:
    for name in CENTRE_FIELDS:
        if name != "serves":
            setattr(centre, name, getattr(draft, name))
    centre.languages = list(draft.languages)
    centre.municipalities = [session.get(Municipality, c) for c in sorted(set(draft.serves))]


def save_centre(session: so.Session, actor: Actor, code: str, draft: CentreDraft,
                centre: Centre | None = None) -> Centre:
    """Create (centre None) or change a centre hosted by municipality `code`."""
    problems = validate_centre(draft, store.scope_for(session, actor.region, code))
    if centre is not None and not draft.active and _still_needed(session, actor.region, centre):
        problems.append(Problem("centre_in_use", "active"))
    if centre is not None:
        problems += still_served(session, centre, set(draft.serves))
    if problems:
        raise Invalid(problems)
    before = centre_snapshot(centre) if centre is not None else {}
    if centre is None:
        centre = Centre(region_id=actor.region.id, host_municipality_code=code)
        session.add(centre)
    _apply_centre(session, centre, draft)
    session.flush()
    changes = history.diff(before, centre_snapshot(centre))
    if changes:
        _changed(session, actor, code, "centre", centre.id,
                 "created" if not before else "changed", changes)
    return centre


def still_served(session: so.Session, centre: Centre, serves: set[str]) -> list[Problem]:
    """A municipality may leave a centre's area only when none of its rules, nor its default,
    sends requests there (else those would silently fall through to other centres)."""

    leaving = {m.code for m in centre.municipalities} - serves
    if not leaving:
        return []
    by_rule = set(session.scalars(sa.select(RoutingRule.municipality_code).where(
        RoutingRule.target_centre_id == centre.id, RoutingRule.active,
        RoutingRule.municipality_code.in_(leaving))))
    by_default = set(session.scalars(sa.select(Municipality.code).where(
        Municipality.default_centre_id == centre.id, Municipality.code.in_(leaving))))
    needed = sorted(by_rule | by_default)
    if not needed:
        return []
    names = [session.get(Municipality, code).name_fi for code in needed]
    return [Problem("serves_still_needed", "serves", {"values": ", ".join(names)})]


def _still_needed(session: so.Session, region: Region, centre: Centre) -> bool:
    """The region's fallback must stay active: it receives what nothing else does."""
    return region.fallback_centre_id == centre.id


def save_municipality(session: so.Session, actor: Actor, municipality: Municipality, *,
                      default_centre_id: int | None, social_emergency_phone: str | None,
                      active: bool | None = None) -> dict:
    scope = store.scope_for(session, actor.region, municipality.code)
    problems = validate_default_centre(default_centre_id, scope)
    problems += validate_phone(social_emergency_phone, "social_emergency_phone")
    if problems:
        raise Invalid(problems)
    fields = ("default_centre_id", "social_emergency_phone", "active")
    before = history.snapshot(municipality, fields)
    municipality.default_centre_id = default_centre_id
    municipality.social_emergency_phone = social_emergency_phone or None
    if active is not None:
        municipality.active = active
    session.flush()
    changes = history.diff(before, history.snapshot(municipality, fields))
    if changes:
        _changed(session, actor, municipality.code, "municipality", municipality.code,
                 "changed", changes)
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


def _topic_problems(session: so.Session, region: Region, draft: TopicDraft,
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


def save_topic(session: so.Session, actor: Actor, draft: TopicDraft,
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


def save_region(session: so.Session, actor: Actor, *, fallback_centre_id: int | None,
                promise_working_days: int) -> dict:
    region = actor.region
    problems = validate_fallback_centre(fallback_centre_id, store.scope_for(session, region, None))
    if not 1 <= (promise_working_days or 0) <= 30:
        problems.append(Problem("promise_days_range", "promise_working_days", {"max": 30}))
    if problems:
        raise Invalid(problems)
    fields = ("fallback_centre_id", "promise_working_days")
    before = history.snapshot(region, fields)
    region.fallback_centre_id = fallback_centre_id
    region.promise_working_days = promise_working_days
    session.flush()
    changes = history.diff(before, history.snapshot(region, fields))
    if changes:
        _changed(session, actor, None, "region", region.code, "changed", changes)
    return changes
