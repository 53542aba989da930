"""Judge one rule against one request and say why, for the explain path of the engine."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import trace as t
from .model import RequestFacts, Rule
from .trace import TraceStep


def rule_step(
    rule: Rule, static_skip: TraceStep | None, facts: RequestFacts, today: date
) -> TraceStep:
    """The trace step for one rule: skipped, a failed condition, or matched.

    Reasons are checked in a fixed order (inactive rule, not valid today, target unusable, then
    conditions in CONDITIONS order) and only the first is reported. `static_skip` is the step
    for a reason known at compile time; it is built once and shared by every decision.
    """
    if not rule.active:
        return static_skip or TraceStep(rule.id, t.SKIPPED_INACTIVE_RULE)
    if not rule.valid_on(today):
        return TraceStep(rule.id, t.SKIPPED_NOT_VALID_TODAY, None, _period(rule, today))
    if static_skip is not None:
        return static_skip
    failed = failed_condition(rule, facts)
    if failed is not None:
        return TraceStep(rule.id, t.CONDITION_FAILED, *failed)
    return TraceStep(rule.id, t.MATCHED, None, {"centre": rule.target_centre})


def failed_condition(rule: Rule, facts: RequestFacts) -> tuple[str, dict[str, Any]] | None:
    """The first condition of the rule that the request fails, with expected and got values."""
    if rule.topics and facts.topic not in rule.topics:
        return t.TOPIC, _expected_got(sorted(rule.topics), facts.topic)
    if rule.has_age_condition and not any(rule.accepts_age(age) for age in facts.child_ages):
        age_range = {"min_age": rule.min_age, "max_age": rule.max_age}
        return t.AGE, _expected_got(age_range, list(facts.child_ages))
    if rule.languages and facts.language not in rule.languages:
        failed = _expected_got(sorted(rule.languages), facts.language)
        if facts.needs_interpreter:  # the language looked at is the family's own
            failed["interpreter"] = True
        return t.LANGUAGE, failed
    if rule.interpreter is not None and facts.needs_interpreter != rule.interpreter:
        return t.INTERPRETER, _expected_got(rule.interpreter, facts.interpreter_language or None)
    if rule.postal_codes and facts.postal_code not in rule.postal_codes:
        return t.POSTAL_CODE, _expected_got(sorted(rule.postal_codes), facts.postal_code)
    if rule.channels and facts.channel not in rule.channels:
        return t.CHANNEL, _expected_got(sorted(rule.channels), facts.channel)
    if rule.urgent is not None and facts.urgent != rule.urgent:
        return t.URGENCY, _expected_got(rule.urgent, facts.urgent)
    return None


def _expected_got(expected: Any, got: Any) -> dict[str, Any]:
    return {"expected": expected, "got": got}


def _period(rule: Rule, today: date) -> dict[str, Any]:
    def iso(day: date | None) -> str | None:
        return None if day is None else day.isoformat()

    return {
        "valid_from": iso(rule.valid_from),
        "valid_until": iso(rule.valid_until),
        "today": today.isoformat(),
    }
