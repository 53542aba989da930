"""What a configuration change does beyond its own municipality, worked out before it is kept.

Plain Python on the engine's dataclasses (no Flask, no database). Two configurations, before
and after a change, are compared over sample requests of every municipality: each topic, each
class of ages the rules tell apart, each language, and the postal codes, channels and urgency
some rule names (plus one that none does). Two uses:

- a municipality's administrator may not change where another municipality's requests go;
- no change may take service in an official language away from a bilingual or Swedish-speaking
  municipality (a request in that language sent, after the change, to a centre that does not
  serve in it, when it went to one that did).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import product

from helpbutton.routing import EXPECTING, MAX_CHILD_AGE, RequestFacts, Router, Rule
from helpbutton.routing_admin.coverage import AGE_BANDS
from helpbutton.routing_admin.shadowing import language_samples, ordered_rules

LANGUAGES = ("fi", "sv", "en")
_CHANNELS = ("web", "library", "school", "daycare", "clinic")


@dataclass(frozen=True)
class State:
    """A configuration as compiled, with the languages each centre serves in."""

    router: Router
    centre_languages: Mapping[int, frozenset[str]]


def protected_languages(official: Iterable[str]) -> frozenset[str]:
    """Languages a municipality's families have a right to be served in: both official
    languages of a bilingual municipality, Swedish in a Swedish-speaking one. A unilingual
    Finnish municipality protects nothing here (every centre serves in Finnish)."""
    official = tuple(official)
    return frozenset() if official == ("fi",) else frozenset(official)


def _band(age: tuple[int, ...]) -> str | None:
    if not age:
        return None
    limits = {"expecting": (EXPECTING, EXPECTING), "0-2": (0, 2), "3-6": (3, 6),
              "7-12": (7, 12), "13-17": (13, MAX_CHILD_AGE)}
    return next(band for band, (low, high) in limits.items() if low <= age[0] <= high)


def _age_classes(rules: list[Rule]) -> list[tuple[int, ...]]:
    """No age, plus the first age of every stretch in which the rules' age ranges agree (and
    one age of each statistics band, so that every band is named)."""
    starts = {EXPECTING, *(age for _band_name, age in AGE_BANDS)}
    for rule in rules:
        if rule.min_age is not None:
            starts.add(rule.min_age)
        if rule.max_age is not None and rule.max_age < MAX_CHILD_AGE:
            starts.add(rule.max_age + 1)
    return [(), *((a,) for a in sorted(a for a in starts if EXPECTING <= a <= MAX_CHILD_AGE))]


def sample_requests(code: str, rules: list[Rule], topics: Iterable[str]) -> list[RequestFacts]:
    """Requests that tell apart any two configurations of these rules for municipality `code`
    (families with several children are not sampled). A family with an interpreter is sampled
    served in Finnish: the right to service in an official language is checked on the requests
    without an interpreter (with one, the family is served through it in its own language)."""
    def mentioned(attr: str) -> set:
        return set().union(*(getattr(r, attr) for r in rules)) if rules else set()

    named_channels = mentioned("channels")
    other = next((c for c in _CHANNELS if c not in named_channels), None)
    channels = sorted(named_channels) + ([other] if other else [])
    postal = [None, *sorted(mentioned("postal_codes"))]
    urgencies = [False, True] if any(r.urgent is not None for r in rules) else [False]
    all_topics = sorted(set(topics) | mentioned("topics"))
    return [
        RequestFacts(municipality=code, postal_code=pc, topic=topic, child_ages=age,
                     service_language=lang, urgent=urgent, channel=channel,
                     interpreter_language=interpreter)
        for topic, age, (lang, interpreter), urgent, channel, pc in product(
            all_topics, _age_classes(rules),
            language_samples(rules, LANGUAGES),
            urgencies, channels, postal)
    ]


@dataclass(frozen=True)
class LanguageLoss:
    """Requests in `language` from `municipality` that a centre served in that language before
    and `centre` (which does not) would get after the change."""

    municipality: str
    language: str
    topic: str | None
    age_bands: tuple[str, ...]  # "" stands for requests that give no age
    centre: int


@dataclass
class Comparison:
    moved: dict[str, int] = field(default_factory=dict)  # {municipality: sampled requests moved}
    losses: list[LanguageLoss] = field(default_factory=list)

    def moved_elsewhere(self, code: str | None) -> list[str]:
        """Municipalities other than `code` whose requests would go to another centre."""
        return sorted(c for c in self.moved if c != code)


def _days(rules: list[Rule], today: date) -> list[date]:
    """Today, and each later day on which a rule starts or stops being valid."""
    later = {r.valid_from for r in rules if r.valid_from and r.valid_from > today}
    later |= {r.valid_until + timedelta(days=1) for r in rules
              if r.valid_until and r.valid_until >= today}
    return [today, *sorted(later)]


def compare(before: State, after: State, topics: Iterable[str], today: date,
            protected: Mapping[str, frozenset[str]]) -> Comparison:
    """Route every municipality's sample requests before and after the change. A request
    "moves" when its centre or the rule that sends it there changes (with the same winning
    rules for each single child, a family with several children is routed the same too)."""
    topics = list(topics)
    result = Comparison()
    grouped: dict[tuple, list[str]] = {}
    codes = sorted(set(before.router.config.municipalities)
                   | set(after.router.config.municipalities))
    for code in codes:
        rules = [*ordered_rules(before.router.config, code),
                 *ordered_rules(after.router.config, code)]
        keep = protected.get(code, frozenset())
        samples = sample_requests(code, rules, topics)
        for facts, day in product(samples, _days(rules, today)):
            old_decision = before.router.route(facts, day, explain=False)
            new_decision = after.router.route(facts, day, explain=False)
            old, new = old_decision.centre, new_decision.centre
            if (old, old_decision.rule) != (new, new_decision.rule):
                result.moved[code] = result.moved.get(code, 0) + 1
            lang = facts.service_language
            if (not facts.needs_interpreter and lang in keep
                    and lang in before.centre_languages.get(old, ())
                    and lang not in after.centre_languages.get(new, ())):
                key = (code, lang, facts.topic, new)
                bands = grouped.setdefault(key, [])
                band = _band(facts.child_ages) or ""
                if band not in bands:
                    bands.append(band)
    result.losses = [LanguageLoss(code, lang, topic, tuple(bands), centre)
                     for (code, lang, topic, centre), bands in grouped.items()]
    return result
