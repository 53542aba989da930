""""Why did this come to us?": a stored routing trace as sentences in the staff's language.

The routing engine stores each step as data (`helpbutton/routing/trace.py`: rule, outcome,
condition, detail); this module turns a step into a translatable sentence. Ids and codes are
shown by name through the `Names` look-ups the caller fills from the database (one query per
kind, whatever the length of the trace). An unknown outcome shows as a neutral sentence
rather than an error page: old traces must stay readable after the engine changes.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from helpbutton import formatting
from helpbutton.names import Names, channel_name, channel_names, language_name, language_names
from helpbutton.routing import trace as t
from helpbutton.routing.model import EXPECTING

__all__ = ["Names", "explain", "explain_step", "referenced_ids"]


def referenced_ids(trace: list[dict]) -> tuple[set[int], set[str], set[int]]:
    """Centre ids, municipality codes and rule ids a trace names (to load them at once)."""
    centres, municipalities, rules = set(), set(), set()
    for step in trace or ():
        detail = step.get("detail") or {}
        if isinstance(detail.get("centre"), int):
            centres.add(detail["centre"])
        if detail.get("municipality"):
            municipalities.add(str(detail["municipality"]))
        if isinstance(step.get("rule"), int):
            rules.add(step["rule"])
    return centres, municipalities, rules


def explain(trace: list[dict], names: Names) -> list[str]:
    return [explain_step(step, names) for step in trace or ()]


def explain_step(step: dict, names: Names) -> str:
    d = step.get("detail") or {}
    rule = names.rule(step.get("rule"))
    outcome = step.get("outcome")
    if outcome == t.MATCHED:
        return _("%(rule)s matched, so the request was sent to %(centre)s.",
                 rule=rule, centre=names.centre(d.get("centre")))
    if outcome == t.CONDITION_FAILED:
        return _("%(rule)s did not apply: %(reason)s.", rule=rule,
                 reason=_condition(step.get("condition"), d, names))
    if outcome == t.SKIPPED_INACTIVE_RULE:
        return _("%(rule)s was skipped because it is not in use.", rule=rule)
    if outcome == t.SKIPPED_NOT_VALID_TODAY:
        return _("%(rule)s was skipped because it was not valid on that day (%(period)s).",
                 rule=rule, period=_period(d))
    if outcome == t.SKIPPED_INACTIVE_TARGET:
        return _("%(rule)s was skipped because its centre %(centre)s is not in use.",
                 rule=rule, centre=names.centre(d.get("centre")))
    if outcome == t.SKIPPED_TARGET_NOT_SERVING:
        return _("%(rule)s was skipped because its centre %(centre)s does not serve "
                 "%(municipality)s.", rule=rule, centre=names.centre(d.get("centre")),
                 municipality=names.municipality(d.get("municipality")))
    if outcome == t.DEFAULT_CENTRE:
        return _("No rule applied, so the request went to the default centre of "
                 "%(municipality)s, %(centre)s.",
                 municipality=names.municipality(d.get("municipality")),
                 centre=names.centre(d.get("centre")))
    if outcome == t.DEFAULT_CENTRE_UNUSABLE:
        if d.get("reason") == "not_set":
            return _("%(municipality)s has no default centre.",
                     municipality=names.municipality(d.get("municipality")))
        return _("The default centre of %(municipality)s, %(centre)s, is not in use.",
                 municipality=names.municipality(d.get("municipality")),
                 centre=names.centre(d.get("centre")))
    if outcome == t.REGION_FALLBACK:
        if d.get("reason") == "unknown_municipality":
            return _("The municipality was not known, so the request went to the region's "
                     "fallback centre %(centre)s.", centre=names.centre(d.get("centre")))
        return _("No rule of %(municipality)s applied and it has no default centre in use, so "
                 "the request went to the region's fallback centre %(centre)s.",
                 municipality=names.municipality(d.get("municipality")),
                 centre=names.centre(d.get("centre")))
    return _("A routing step that this version cannot describe (%(outcome)s).",
             outcome=str(outcome))


def _condition(condition: str | None, d: dict, names: Names) -> str:
    expected, got = d.get("expected"), d.get("got")
    if condition == t.TOPIC:
        return _("the topic is %(got)s, the rule is for %(expected)s",
                 got=names.topic(got), expected=", ".join(names.topic(c) for c in expected or ()))
    if condition == t.AGE:
        return _("no child's age (%(ages)s) is in the rule's range %(range)s",
                 ages=_ages(got), range=_age_range(expected or {}))
    if condition == t.LANGUAGE and d.get("interpreter"):
        # The rule looked at the family's own language: it asked for an interpreter.
        return _("the interpreter language is %(got)s, the rule is for %(expected)s",
                 got=language_name(got), expected=language_names(expected))
    if condition == t.LANGUAGE:
        return _("the service language is %(got)s, the rule is for %(expected)s",
                 got=language_name(got), expected=language_names(expected))
    if condition == t.INTERPRETER:
        if expected:
            return _("the rule is only for requests needing an interpreter")
        if got:
            return _("the rule is only for requests without an interpreter, and this one needs "
                     "one (interpreter language %(language)s)", language=language_name(got))
        return _("the rule is only for requests without an interpreter")
    if condition == t.POSTAL_CODE:
        return _("the postal code is %(got)s, the rule is for %(expected)s",
                 got=got or _("not given"), expected=", ".join(expected or ()))
    if condition == t.CHANNEL:
        return _("the request came through %(got)s, the rule is for %(expected)s",
                 got=channel_name(got), expected=channel_names(expected))
    if condition == t.URGENCY:
        return _("the rule is only for urgent requests") if expected \
            else _("the rule is only for requests that are not urgent")
    return _("a condition was not met")


def _ages(ages) -> str:
    if not ages:
        return _("none given")
    return ", ".join(_("expecting") if a == EXPECTING else str(a) for a in ages)


def _age_range(expected: dict) -> str:
    low, high = expected.get("min_age"), expected.get("max_age")
    low_text = _("expecting") if low == EXPECTING else str(low)
    if low is None:
        return _("up to %(high)s", high=high)
    if high is None:
        return _("from %(low)s", low=low_text)
    return f"{low_text}–{high}"


def _day(iso: str | None) -> str:
    # The trace stores ISO dates; the page writes them in its language.
    return formatting.day(date.fromisoformat(iso)) if iso else ""


def _period(d: dict) -> str:
    start, end = _day(d.get("valid_from")), _day(d.get("valid_until"))
    if start and end:
        return f"{start}–{end}"
    if start:
        return _("from %(start)s", start=start)
    return _("until %(end)s", end=end)
