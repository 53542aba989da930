"""Routing outputs: the decision, and why, as data (to store and translate) and as English."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .model import EXPECTING

VIA_RULE = "rule"
VIA_MUNICIPALITY_DEFAULT = "municipality_default"
VIA_REGION_FALLBACK = "region_fallback"
VIAS = (VIA_RULE, VIA_MUNICIPALITY_DEFAULT, VIA_REGION_FALLBACK)

# Outcomes of one step. These strings are stored with each request and keyed on by the
# translated messages of the web side: never rename one.
MATCHED = "matched"
CONDITION_FAILED = "condition_failed"
SKIPPED_INACTIVE_RULE = "skipped_inactive_rule"
SKIPPED_NOT_VALID_TODAY = "skipped_not_valid_today"
SKIPPED_INACTIVE_TARGET = "skipped_inactive_target"
SKIPPED_TARGET_NOT_SERVING = "skipped_target_not_serving"
DEFAULT_CENTRE = "default_centre"
DEFAULT_CENTRE_UNUSABLE = "default_centre_unusable"
REGION_FALLBACK = "region_fallback"
OUTCOMES = (
    MATCHED,
    CONDITION_FAILED,
    SKIPPED_INACTIVE_RULE,
    SKIPPED_NOT_VALID_TODAY,
    SKIPPED_INACTIVE_TARGET,
    SKIPPED_TARGET_NOT_SERVING,
    DEFAULT_CENTRE,
    DEFAULT_CENTRE_UNUSABLE,
    REGION_FALLBACK,
)

# Conditions of a rule, in the order they are checked (the first failing one is reported).
TOPIC = "topic"
AGE = "age"
LANGUAGE = "language"  # the interpreter language if the family needs one, else the service's
INTERPRETER = "interpreter"
POSTAL_CODE = "postal_code"
CHANNEL = "channel"
URGENCY = "urgency"
CONDITIONS = (TOPIC, AGE, LANGUAGE, INTERPRETER, POSTAL_CODE, CHANNEL, URGENCY)


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One rule tried (or the default / fallback step), with what happened and why.

    `detail` holds only JSON-safe values (str, int, bool, None, lists, dicts) so that a trace
    can be stored as is; dates are ISO strings. Treat it as read-only: steps known when the
    configuration is compiled are shared by every decision that passes that rule.
    """

    rule: int | None
    outcome: str
    condition: str | None = None
    detail: dict[str, Any] = field(default_factory=dict, hash=False)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Decision:
    centre: int
    via: str  # one of VIAS
    rule: int | None = None  # the matching rule when via == "rule"
    trace: tuple[TraceStep, ...] = ()  # empty unless routed with explain=True


def describe(step: TraceStep) -> str:
    """A plain English sentence for a step (the web side translates from the data instead)."""
    d = step.detail
    rule = f"Rule {step.rule}"
    match step.outcome:
        case "matched":
            return f"{rule} matched; the request goes to centre {d['centre']}."
        case "condition_failed":
            return f"{rule} did not match: {_describe_condition(step.condition, d)}."
        case "skipped_inactive_rule":
            return f"{rule} was skipped because it is not active."
        case "skipped_not_valid_today":
            return (
                f"{rule} was skipped because it is valid {_describe_period(d)}, "
                f"not on {d['today']}."
            )
        case "skipped_inactive_target":
            state = "does not exist" if d["missing"] else "is not active"
            return f"{rule} was skipped because its target centre {d['centre']} {state}."
        case "skipped_target_not_serving":
            return (
                f"{rule} was skipped because its target centre {d['centre']} "
                f"does not serve municipality {d['municipality']}."
            )
        case "default_centre":
            return (
                f"No rule matched; the request goes to municipality {d['municipality']}'s "
                f"default centre {d['centre']}."
            )
        case "default_centre_unusable":
            return _describe_unusable_default(d)
        case "region_fallback":
            why = (
                f"municipality code {d['municipality']} is unknown"
                if d["reason"] == "unknown_municipality"
                else f"no rule matched in municipality {d['municipality']} and it has no usable "
                "default centre"
            )
            return f"The request goes to the region's fallback centre {d['centre']} because {why}."
    raise ValueError(f"unknown trace outcome {step.outcome!r}")


def _describe_condition(condition: str | None, d: dict[str, Any]) -> str:
    expected, got = d["expected"], d["got"]
    match condition:
        case "age":
            ages = ", ".join("expecting" if a == EXPECTING else str(a) for a in got) or "none given"
            return f"no child's age ({ages}) is {_describe_age_range(expected)}"
        case "urgency":
            return "the rule is only for " + (
                "urgent requests" if expected else "requests that are not urgent"
            )
        case "interpreter":
            if expected:
                return "the rule is only for requests needing an interpreter"
            return (
                "the rule is only for requests without an interpreter "
                f"(interpreter language {got})"
            )
        case "language" if d.get("interpreter"):
            return f"interpreter language {got} is not one of {', '.join(expected)}"
    label = {
        "topic": "topic",
        "language": "service language",
        "postal_code": "postal code",
        "channel": "channel",
    }[condition]  # type: ignore[index]
    shown = "not given" if got is None else got
    return f"{label} {shown} is not one of {', '.join(expected)}"


def _describe_age_range(expected: dict[str, int | None]) -> str:
    low, high = expected["min_age"], expected["max_age"]
    low_text = "expecting" if low == EXPECTING else str(low)
    if low is None:
        return f"at most {high}"
    if high is None:
        return f"at least {low_text}"
    return f"between {low_text} and {high}"


def _describe_period(d: dict[str, Any]) -> str:
    parts = []
    if d["valid_from"] is not None:
        parts.append(f"from {d['valid_from']}")
    if d["valid_until"] is not None:
        parts.append(f"until {d['valid_until']}")
    return " ".join(parts)


def _describe_unusable_default(d: dict[str, Any]) -> str:
    municipality = f"Municipality {d['municipality']}"
    match d["reason"]:
        case "not_set":
            return f"{municipality} has no default centre."
        case "missing":
            return f"{municipality}'s default centre {d['centre']} does not exist."
    return f"{municipality}'s default centre {d['centre']} is not active."
