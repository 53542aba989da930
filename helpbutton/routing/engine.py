"""Compile a routing configuration into per-municipality indexes and route requests with them.

Fast path (explain=False): for each municipality the usable rules are numbered in the order they
are tried, so bit i of an int stands for the i-th rule. Each condition keeps, per possible value
of the request, the mask of rules that accept it (rules without that condition are in every
mask). ANDing the request's masks leaves the rules that match; the lowest set bit is the winner.

Explain path (explain=True): walks the rules one by one (see explain.py) and records why each was
passed over, which is what a person needs to read; it is slower and stops at the same winner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from datetime import date

from . import trace as t
from .explain import rule_step
from .model import CHILD_AGES, RequestFacts, RoutingConfig, Rule
from .trace import (
    VIA_MUNICIPALITY_DEFAULT,
    VIA_REGION_FALLBACK,
    VIA_RULE,
    Decision,
    TraceStep,
)

_MAX_CACHED_DAYS = 64  # a long-running router sees a new day daily; keep the cache bounded


def _mask(bits: Iterable[int]) -> int:
    mask = 0
    for i in bits:
        mask |= 1 << i
    return mask


class _ValueIndex:
    """Masks of the rules accepting each value of one condition; `any` when the value is unknown."""

    __slots__ = ("masks", "any")

    def __init__(self, rules: list[Rule], accepted: Callable[[Rule], Iterable[Hashable]]) -> None:
        anywhere: list[int] = []
        by_value: dict[Hashable, list[int]] = defaultdict(list)
        for i, rule in enumerate(rules):
            values = accepted(rule)
            if not values:
                anywhere.append(i)
            for value in values:
                by_value[value].append(i)
        self.any = _mask(anywhere)
        self.masks = {value: _mask(bits) | self.any for value, bits in by_value.items()}


class _Plan:
    """One municipality's rules in the order they are tried, with the fast-path indexes."""

    def __init__(self, ordered: list[tuple[Rule, TraceStep | None]], ending: Decision) -> None:
        # Every rule of the municipality and the region, with the reason known before any request
        # arrives (inactive rule, unusable target) or None: the explain path reports them all.
        self.ordered = ordered
        rules = [rule for rule, skip in ordered if skip is None]
        self.decisions = [Decision(r.target_centre, VIA_RULE, r.id) for r in rules]
        # Where the request goes when no rule matches, with the trace steps that say so (shared).
        self.ending = ending
        self.fall_through = Decision(ending.centre, ending.via)
        self.topics = _ValueIndex(rules, lambda r: r.topics)
        self.languages = _ValueIndex(rules, lambda r: r.languages)
        self.postal_codes = _ValueIndex(rules, lambda r: r.postal_codes)
        self.channels = _ValueIndex(rules, lambda r: r.channels)
        self.urgency = _ValueIndex(rules, lambda r: () if r.urgent is None else (r.urgent,))
        self.interpreter = _ValueIndex(
            rules, lambda r: () if r.interpreter is None else (r.interpreter,)
        )
        self.ageless = _mask(i for i, r in enumerate(rules) if not r.has_age_condition)
        self.aged = [(i, r) for i, r in enumerate(rules) if r.has_age_condition]
        self.by_age = {age: self._age_mask(age) for age in CHILD_AGES}
        self.dated = [(i, r) for i, r in enumerate(rules) if r.valid_from or r.valid_until]
        self.undated = _mask(i for i, r in enumerate(rules) if not (r.valid_from or r.valid_until))
        self.valid_by_day: dict[date, int] = {}

    def _age_mask(self, age: int) -> int:
        return self.ageless | _mask(i for i, rule in self.aged if rule.accepts_age(age))

    def ages_mask(self, ages: tuple[int, ...]) -> int:
        if not ages:
            return self.ageless
        mask = 0
        for age in ages:
            indexed = self.by_age.get(age)
            # Ages outside the form's range are not indexed; compute them rather than fail.
            mask |= self._age_mask(age) if indexed is None else indexed
        return mask

    def valid_mask(self, day: date) -> int:
        mask = self.valid_by_day.get(day)
        if mask is None:
            mask = self.undated | _mask(i for i, rule in self.dated if rule.valid_on(day))
            if len(self.valid_by_day) >= _MAX_CACHED_DAYS:
                self.valid_by_day.clear()
            self.valid_by_day[day] = mask
        return mask


class Router:
    """A compiled configuration. Build once per configuration version, route many requests."""

    def __init__(self, config: RoutingConfig) -> None:
        self.config = config
        self.version = config.version
        by_owner: dict[str | None, list[Rule]] = defaultdict(list)
        for rule in config.rules:
            by_owner[rule.owner].append(rule)
        for rules in by_owner.values():
            rules.sort(key=lambda r: (r.position, r.id))  # id breaks ties so order is total
        region = by_owner.get(None, [])
        self._plans = {
            code: _Plan(
                [(rule, self._static_skip(rule, code)) for rule in by_owner.get(code, []) + region],
                self._fall_through(code),
            )
            for code in config.municipalities
        }
        self._unknown = Decision(config.fallback_centre, VIA_REGION_FALLBACK)

    def route(self, facts: RequestFacts, today: date, explain: bool = True) -> Decision:
        plan = self._plans.get(facts.municipality)
        if plan is None:
            if not explain:
                return self._unknown
            step = self._fallback_step(facts.municipality, "unknown_municipality")
            return Decision(self.config.fallback_centre, VIA_REGION_FALLBACK, None, (step,))
        if explain:
            return self._explain(plan, facts, today)
        # facts.language and facts.needs_interpreter, inlined: this is the hot path.
        interpreter = facts.interpreter_language
        mask = (
            plan.valid_mask(today)
            & plan.topics.masks.get(facts.topic, plan.topics.any)
            & plan.languages.masks.get(
                interpreter or facts.service_language, plan.languages.any
            )
            & plan.postal_codes.masks.get(facts.postal_code, plan.postal_codes.any)
            & plan.channels.masks.get(facts.channel, plan.channels.any)
            & plan.urgency.masks.get(facts.urgent, plan.urgency.any)
            & plan.interpreter.masks.get(bool(interpreter), plan.interpreter.any)
            & plan.ages_mask(facts.child_ages)
        )
        if not mask:
            return plan.fall_through
        return plan.decisions[(mask & -mask).bit_length() - 1]

    def _explain(self, plan: _Plan, facts: RequestFacts, today: date) -> Decision:
        steps: list[TraceStep] = []
        for rule, static_skip in plan.ordered:
            step = rule_step(rule, static_skip, facts, today)
            steps.append(step)
            if step.outcome == t.MATCHED:
                return Decision(rule.target_centre, VIA_RULE, rule.id, tuple(steps))
        ending = plan.ending
        return Decision(ending.centre, ending.via, None, (*steps, *ending.trace))

    def _static_skip(self, rule: Rule, code: str) -> TraceStep | None:
        """Why a rule can never win for this municipality, whatever the request and the day."""
        if not rule.active:
            return TraceStep(rule.id, t.SKIPPED_INACTIVE_RULE)
        target = self.config.centres.get(rule.target_centre)
        if target is None or not target.active:
            detail = {"centre": rule.target_centre, "missing": target is None}
            return TraceStep(rule.id, t.SKIPPED_INACTIVE_TARGET, None, detail)
        # The fallback centre may receive anything, so it needs no `serves` entry.
        if code not in target.serves and rule.target_centre != self.config.fallback_centre:
            not_serving: dict[str, object] = {"centre": rule.target_centre, "municipality": code}
            return TraceStep(rule.id, t.SKIPPED_TARGET_NOT_SERVING, None, not_serving)
        return None

    def _fall_through(self, code: str) -> Decision:
        """Where a request goes when no rule matches: the active default centre, else fallback."""
        default = self.config.municipalities[code].default_centre
        centre = None if default is None else self.config.centres.get(default)
        if default is not None and centre is not None and centre.active:
            detail = {"centre": default, "municipality": code}
            step = TraceStep(None, t.DEFAULT_CENTRE, None, detail)
            return Decision(default, VIA_MUNICIPALITY_DEFAULT, None, (step,))
        reason = "not_set" if default is None else "missing" if centre is None else "inactive"
        unusable = TraceStep(
            None,
            t.DEFAULT_CENTRE_UNUSABLE,
            None,
            {"centre": default, "municipality": code, "reason": reason},
        )
        steps = (unusable, self._fallback_step(code, "no_usable_default"))
        return Decision(self.config.fallback_centre, VIA_REGION_FALLBACK, None, steps)

    def _fallback_step(self, code: str, reason: str) -> TraceStep:
        fallback = self.config.fallback_centre
        centre = self.config.centres.get(fallback)
        detail = {
            "centre": fallback,
            "municipality": code,
            "reason": reason,
            "active": centre is not None and centre.active,  # used even when not active
        }
        return TraceStep(None, t.REGION_FALLBACK, None, detail)


def compile_config(config: RoutingConfig) -> Router:
    """Build the indexes once; reuse the router until the configuration changes."""
    return Router(config)


def route(
    config_or_router: RoutingConfig | Router,
    facts: RequestFacts,
    today: date,
    explain: bool = True,
) -> Decision:
    """Route one request. A configuration is compiled first: pass a Router when routing many."""
    router = config_or_router
    if not isinstance(router, Router):
        router = compile_config(router)
    return router.route(facts, today, explain)
