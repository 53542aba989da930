"""The steps of a routing trace that name the interpreter, as sentences in the staff's language.

A rule's language condition looks at the family's own language when it needs an interpreter
(the step's detail then says `"interpreter": true`), and a rule may ask for requests with or
without an interpreter (condition "interpreter"). Those steps are written here, with the
language's name from Babel ("interpreter language Arabic"); every other step by
`helpbutton.triage.explain`, to which this module hands them on.
"""
from __future__ import annotations

from flask_babel import gettext as _

from helpbutton.names import Names, language_name, language_names
from helpbutton.routing import trace as t
from helpbutton.triage import explain as triage_explain

__all__ = ["explain", "explain_step", "interpreter_reason"]


def interpreter_reason(step: dict) -> str | None:
    """Why the rule did not apply, for a step about the interpreter; None for any other."""
    if step.get("outcome") != t.CONDITION_FAILED:
        return None
    d = step.get("detail") or {}
    condition, expected, got = step.get("condition"), d.get("expected"), d.get("got")
    if condition == t.LANGUAGE and d.get("interpreter"):
        return _("the interpreter language is %(got)s, the rule is for %(expected)s",
                 got=language_name(got), expected=language_names(expected))
    if condition == t.INTERPRETER:
        if expected:
            return _("the rule is only for requests needing an interpreter")
        if got:
            return _("the rule is only for requests without an interpreter, and this one needs "
                     "one (interpreter language %(language)s)", language=language_name(got))
        return _("the rule is only for requests without an interpreter")
    return None


def explain_step(step: dict, names: Names) -> str:
    reason = interpreter_reason(step)
    if reason is None:
        return triage_explain.explain_step(step, names)
    return _("%(rule)s did not apply: %(reason)s.", rule=names.rule(step.get("rule")),
             reason=reason)


def explain(trace: list[dict], names: Names) -> list[str]:
    return [explain_step(step, names) for step in trace or ()]
