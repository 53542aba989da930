"""The coverage report: for each topic × age band × service language, who answers and how.

Plain Python on the engine. Each combination is classed by who answers it — a rule, the
municipality's default centre or the region's fallback centre, each an answer the
configuration meant — or as a real gap ("varhaisen tuen aukkokohta"), where the family would
not be served although the request arrives somewhere:

- the centre that answers does not serve in the family's language;
- the centre that answers, or the centre of a rule meant for the combination, is not in use
  (a rule whose centre is out of use is skipped, and the request goes elsewhere);
- nobody works at the centre that answers: the request would wait unseen.

A default-centre answer is not a gap by itself: sending everything of a municipality to its
own family centre is the usual intent, and rules are for the exceptions.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from helpbutton.routing import EXPECTING, Decision, RequestFacts, Router, Rule
from helpbutton.routing.explain import failed_condition
from helpbutton.routing.trace import VIA_MUNICIPALITY_DEFAULT, VIA_REGION_FALLBACK, VIA_RULE

# Age bands of the statistics, each with an age that stands for it.
AGE_BANDS = (("expecting", EXPECTING), ("0-2", 1), ("3-6", 4), ("7-12", 9), ("13-17", 15))
LANGUAGES = ("fi", "sv", "en")

# Who answers (what the configuration meant) …
BY_RULE, BY_DEFAULT, BY_FALLBACK = "rule", "default", "fallback"
ANSWERS = (BY_RULE, BY_DEFAULT, BY_FALLBACK)
_ANSWER_OF = {VIA_RULE: BY_RULE, VIA_MUNICIPALITY_DEFAULT: BY_DEFAULT,
              VIA_REGION_FALLBACK: BY_FALLBACK}
# … or why the family would not be served: a real gap, the first reason naming the class.
NO_LANGUAGE, INACTIVE, UNSTAFFED = "no_language", "inactive", "unstaffed"
GAP_REASONS = (INACTIVE, UNSTAFFED, NO_LANGUAGE)
CLASSES = (*ANSWERS, *GAP_REASONS)


@dataclass(frozen=True)
class Cell:
    topic: str
    age_band: str
    language: str
    decision: Decision
    # The answering centre does not serve in the family's language (None: languages unknown).
    language_mismatch: bool = False
    # Nobody works at the answering centre: its requests would wait unseen.
    unstaffed: bool = False
    # The answering centre is not in use (the fallback answers even so), or a rule meant
    # for this combination is skipped because its centre is not in use (`lost_rule`).
    inactive: bool = False
    lost_rule: int | None = None

    @property
    def answered_by(self) -> str:
        return _ANSWER_OF[self.decision.via]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this is a real gap, most serious first (empty: not a gap)."""
        found = {INACTIVE: self.inactive, UNSTAFFED: self.unstaffed,
                 NO_LANGUAGE: self.language_mismatch}
        return tuple(reason for reason in GAP_REASONS if found[reason])

    @property
    def gap(self) -> bool:
        return bool(self.reasons)

    @property
    def kind(self) -> str:
        """The cell's class: its first gap reason, else who answers."""
        reasons = self.reasons
        return reasons[0] if reasons else self.answered_by


@dataclass(frozen=True)
class Coverage:
    municipality: str
    cells: tuple[Cell, ...]

    @property
    def gaps(self) -> tuple[Cell, ...]:
        """The real gaps (a default or fallback answer is not one)."""
        return tuple(c for c in self.cells if c.gap)

    def counts(self) -> dict[str, int]:
        """How many cells of each class (every class present, zero or not)."""
        counts = dict.fromkeys(CLASSES, 0)
        for cell in self.cells:
            counts[cell.kind] += 1
        return counts

    def answered(self) -> dict[str, int]:
        """How many cells each kind of answer reaches, gaps included (a gap still arrives)."""
        counts = dict.fromkeys(ANSWERS, 0)
        for cell in self.cells:
            counts[cell.answered_by] += 1
        return counts

    @property
    def unstaffed_centres(self) -> tuple[int, ...]:
        """Centres that answer some combination although nobody works there."""
        return tuple(sorted({c.decision.centre for c in self.cells if c.unstaffed}))

    def cell(self, topic: str, age_band: str, language: str) -> Cell:
        return next(c for c in self.cells
                    if (c.topic, c.age_band, c.language) == (topic, age_band, language))


def _order(rule: Rule, code: str) -> tuple[int, int, int]:
    """The order the engine tries rules in: the municipality's, then the region's."""
    return (0 if rule.owner == code else 1, rule.position, rule.id)


def _lost_rule(ordered: list[Rule], code: str, centres, facts: RequestFacts,
               won: Rule | None, today: date) -> int | None:
    """A rule in use and valid today that the request meets, tried before whatever answered,
    but skipped because its centre is not in use (or no longer exists). `ordered`: the
    municipality's and the region's rules in the engine's order."""
    for rule in ordered:
        if won is not None and _order(rule, code) >= _order(won, code):
            return None
        target = centres.get(rule.target_centre)
        if rule.active and rule.valid_on(today) and (target is None or not target.active) \
                and failed_condition(rule, facts) is None:
            return rule.id
    return None


def coverage(router: Router, code: str, topics: list[str], today: date,
             centre_languages: Mapping[int, tuple[str, ...]] | None = None,
             channel: str = "web", staffed: frozenset[int] | None = None) -> Coverage:
    """Route one request per combination (no postal code, not urgent, from `channel`).
    `staffed`: the centres where someone works (None: not known, no centre counts as empty)."""
    centres = router.config.centres
    ordered = sorted((r for r in router.config.rules if r.owner in (code, None)),
                     key=lambda r: _order(r, code))
    by_id = {r.id: r for r in ordered}
    cells = []
    for topic in topics:
        for band, age in AGE_BANDS:
            for lang in LANGUAGES:
                facts = RequestFacts(municipality=code, topic=topic, child_ages=(age,),
                                     service_language=lang, urgent=False, channel=channel)
                decision = router.route(facts, today, explain=False)
                served = (centre_languages or {}).get(decision.centre)
                mismatch = served is not None and lang not in served
                unstaffed = staffed is not None and decision.centre not in staffed
                answering = centres.get(decision.centre)
                lost = _lost_rule(ordered, code, centres, facts,
                                  by_id.get(decision.rule) if decision.rule else None, today)
                inactive = answering is None or not answering.active or lost is not None
                cells.append(Cell(topic, band, lang, decision, mismatch, unstaffed, inactive,
                                  lost))
    return Coverage(code, tuple(cells))
