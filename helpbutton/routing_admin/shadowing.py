"""What a change does before it is saved: rules it makes unreachable, requests it moves.

Plain Python on the engine's dataclasses. A rule is unreachable (shadowed) when an earlier
rule that can win accepts everything the later one accepts, in every condition and on every
day the later one is valid: the earlier rule always answers first.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import product

from helpbutton import interpreter_languages
from helpbutton.routing import (
    EXPECTING,
    MAX_CHILD_AGE,
    Decision,
    RequestFacts,
    Router,
    RoutingConfig,
    Rule,
)

SOME_CHANNEL = "web"  # what a request has when no rule looks at the channel
SERVICE_LANGUAGES = ("fi", "sv", "en")


def ordered_rules(config: RoutingConfig, code: str) -> list[Rule]:
    """The rules tried for a municipality, in the engine's order: its own, then the region's."""
    def key(rule: Rule) -> tuple[int, int]:
        return (rule.position, rule.id)

    own = sorted((r for r in config.rules if r.owner == code), key=key)
    region = sorted((r for r in config.rules if r.owner is None), key=key)
    return own + region


def can_win(rule: Rule, config: RoutingConfig, code: str) -> bool:
    """Active, with an active target that serves the municipality (or is the fallback)."""
    centre = config.centres.get(rule.target_centre)
    return (rule.active and centre is not None and centre.active
            and (code in centre.serves or rule.target_centre == config.fallback_centre))


def _set_covers(earlier: frozenset, later: frozenset) -> bool:
    return not earlier or (bool(later) and later <= earlier)


def _ages_cover(earlier: Rule, later: Rule) -> bool:
    if not earlier.has_age_condition:
        return True
    if not later.has_age_condition:
        return False
    low = EXPECTING if earlier.min_age is None else earlier.min_age
    high = 10**6 if earlier.max_age is None else earlier.max_age
    later_low = EXPECTING if later.min_age is None else later.min_age
    later_high = 10**6 if later.max_age is None else later.max_age
    return low <= later_low and later_high <= high


def _period_covers(earlier: Rule, later: Rule) -> bool:
    starts_first = earlier.valid_from is None or (
        later.valid_from is not None and earlier.valid_from <= later.valid_from)
    ends_last = earlier.valid_until is None or (
        later.valid_until is not None and later.valid_until <= earlier.valid_until)
    return starts_first and ends_last


def covers(earlier: Rule, later: Rule) -> bool:
    """Every request (on every day) that `later` accepts, `earlier` accepts too."""
    return (_set_covers(earlier.topics, later.topics)
            and _set_covers(earlier.languages, later.languages)
            and _set_covers(earlier.postal_codes, later.postal_codes)
            and _set_covers(earlier.channels, later.channels)
            and (earlier.urgent is None or earlier.urgent == later.urgent)
            and (earlier.interpreter is None or earlier.interpreter == later.interpreter)
            and _ages_cover(earlier, later)
            and _period_covers(earlier, later))


def shadowed_rules(config: RoutingConfig, code: str) -> dict[int, int]:
    """{id of an unreachable rule: id of the earlier rule that always answers first}."""
    result: dict[int, int] = {}
    winners: list[Rule] = []
    for rule in ordered_rules(config, code):
        if not can_win(rule, config, code):
            continue
        blocker = next((w for w in winners if covers(w, rule)), None)
        if blocker is not None:
            result[rule.id] = blocker.id
        else:
            winners.append(rule)
    return result


# --- what would go elsewhere ----------------------------------------------------------------

@dataclass(frozen=True)
class Moved:
    facts: RequestFacts
    before: Decision
    after: Decision


def _values(mentioned: set, pool: list) -> list:
    """The values named by some rule, plus one that no rule names (all others behave alike)."""
    values = sorted(v for v in mentioned if v is not None)
    other = next((v for v in pool if v not in mentioned), None)
    return values if other is None else [*values, other]


def interpreter_samples(rules: list[Rule]) -> list[str]:
    """Interpreter languages that tell apart any two configurations of these rules: each one
    a rule's language condition names, and one that none names (all others behave as it does).
    Without an interpreter condition a service language behaves the same with an interpreter
    or without, so it is sampled only when some rule has one."""
    mentioned = set().union(*(r.languages for r in rules)) if rules else set()
    any_condition = any(r.interpreter is not None for r in rules)
    named = [c for c in interpreter_languages.INTERPRETER_LANGUAGES if c in mentioned
             and (any_condition or c not in SERVICE_LANGUAGES)]
    other = next((c for c in interpreter_languages.INTERPRETER_LANGUAGES
                  if c not in mentioned and c not in SERVICE_LANGUAGES), None)
    return named if other is None else [*named, other]


def language_samples(rules: list[Rule], service: tuple[str, ...] = SERVICE_LANGUAGES,
                     interpreted_service: tuple[str, ...] = ("fi",)
                     ) -> list[tuple[str, str | None]]:
    """(service language, interpreter language) pairs to sample: each service language
    without an interpreter, then each of `interpreter_samples` with each service language of
    `interpreted_service` (routing does not look at it; a caller checking a language right
    does)."""
    return [*((lang, None) for lang in service),
            *((lang, interpreter) for interpreter in interpreter_samples(rules)
              for lang in interpreted_service)]


def sample_facts(code: str, rules: list[Rule], topics: list[str],
                 postal_codes: list[str]) -> list[RequestFacts]:
    """Requests that tell apart any two configurations of these rules: every topic, every
    single child's age (and none), every language, and for the other conditions the values
    some rule names plus one that none does; each interpreter language a rule names, and one
    that none does. Families with several children are not sampled."""
    def mentioned(attr: str) -> set:
        return set().union(*(getattr(r, attr) for r in rules)) if rules else set()

    channels = _values(mentioned("channels"), ["web", "library", "school", "daycare", "clinic"])
    # No postal code behaves as any code that no rule names, so None stands for all of them.
    postal = [None, *sorted(mentioned("postal_codes"))]
    urgencies = [False, True] if any(r.urgent is not None for r in rules) else [False]
    all_topics = sorted(set(topics) | mentioned("topics"))
    ages = [(), *((a,) for a in range(EXPECTING, MAX_CHILD_AGE + 1))]
    return [
        RequestFacts(municipality=code, postal_code=pc, topic=topic, child_ages=age,
                     service_language=lang, urgent=urgent, channel=channel,
                     interpreter_language=interpreter)
        for topic, age, (lang, interpreter), urgent, channel, pc in product(
            all_topics, ages, language_samples(rules), urgencies, channels, postal)
    ]


def moved_requests(before: Router, after: Router, code: str, topics: list[str],
                   postal_codes: list[str], today: date) -> list[Moved]:
    """Sampled requests of the municipality that the change sends to another centre."""
    rules = [*ordered_rules(before.config, code), *ordered_rules(after.config, code)]
    moved = []
    for facts in sample_facts(code, rules, topics, postal_codes):
        old = before.route(facts, today, explain=False)
        new = after.route(facts, today, explain=False)
        if old.centre != new.centre:
            moved.append(Moved(facts, old, new))
    return moved


@dataclass(frozen=True)
class MovedGroup:
    """Moved requests that differ only in the child's age, for a short list."""

    topic: str | None
    service_language: str
    urgent: bool
    channel: str | None
    postal_code: str | None
    before: int
    after: int
    ages: tuple[tuple[int, ...], ...]
    municipality: str = ""
    interpreter_language: str | None = None


def group_moved(moved: list[Moved]) -> list[MovedGroup]:
    groups: dict[tuple, list[tuple[int, ...]]] = {}
    for m in moved:
        f = m.facts
        key = (f.topic, f.service_language, f.urgent, f.channel, f.postal_code,
               m.before.centre, m.after.centre, f.municipality, f.interpreter_language)
        groups.setdefault(key, []).append(f.child_ages)
    return [MovedGroup(topic, language, urgent, channel, postal_code, before, after,
                       ages=tuple(ages), municipality=municipality,
                       interpreter_language=interpreter)
            for (topic, language, urgent, channel, postal_code, before, after, municipality,
                 interpreter), ages in groups.items()]
