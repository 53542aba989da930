"""The coverage report: for each topic × age band × language, who answers and how.

The languages are the service languages, and each interpreter language some rule of the region
names, for a family served in Finnish with an interpreter in it (with "another language" when
rules ask for an interpreter without naming one). Only the languages rules mention are
columns: every other interpreter language is routed as "another language" is.

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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from helpbutton import interpreter_languages
from helpbutton.routing import EXPECTING, Decision, RequestFacts, Router, Rule
from helpbutton.routing.explain import failed_condition
from helpbutton.routing.trace import VIA_MUNICIPALITY_DEFAULT, VIA_REGION_FALLBACK, VIA_RULE

# Age bands of the statistics, each with an age that stands for it.
AGE_BANDS = (("expecting", EXPECTING), ("0-2", 1), ("3-6", 4), ("7-12", 9), ("13-17", 15))
LANGUAGES = ("fi", "sv", "en")
INTERPRETED_SERVICE = "fi"  # the service language of a family with an interpreter, here


@dataclass(frozen=True)
class Column:
    """A language of the report: a service language, or an interpreter language (with the
    service in Finnish). `other`: an interpreter language no rule names, standing for all."""

    language: str
    interpreter: bool = False
    other: bool = False


def columns_for(rules: Iterable[Rule]) -> tuple[Column, ...]:
    """The service languages, then the interpreter languages the rules name (in the list's
    order), or one no rule names when rules ask for an interpreter but name no such language."""
    rules = list(rules)
    mentioned = set().union(*(r.languages for r in rules)) if rules else set()
    named = [Column(c, True) for c in interpreter_languages.INTERPRETER_LANGUAGES
             if c in mentioned and c not in LANGUAGES]
    if not named and any(r.interpreter is not None for r in rules):
        other = next(c for c in interpreter_languages.INTERPRETER_LANGUAGES
                     if c not in mentioned and c not in LANGUAGES)
        named = [Column(other, True, other=True)]
    return (*(Column(lang) for lang in LANGUAGES), *named)

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
    interpreter: bool = False  # `language` is the interpreter language, the service Finnish

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

    columns: tuple[Column, ...] = tuple(Column(lang) for lang in LANGUAGES)

    def cell(self, topic: str, age_band: str, language: str, interpreter: bool = False) -> Cell:
        return next(c for c in self.cells
                    if (c.topic, c.age_band, c.language, c.interpreter)
                    == (topic, age_band, language, interpreter))


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
             channel: str = "web", staffed: frozenset[int] | None = None,
             columns: Sequence[Column] | None = None) -> Coverage:
    """Route one request per combination (no postal code, not urgent, from `channel`).
    `staffed`: the centres where someone works (None: not known, no centre counts as empty).
    `columns`: the languages (by default those of the region's rules, `columns_for`)."""
    columns = tuple(columns if columns is not None else columns_for(router.config.rules))
    centres = router.config.centres
    ordered = sorted((r for r in router.config.rules if r.owner in (code, None)),
                     key=lambda r: _order(r, code))
    by_id = {r.id: r for r in ordered}
    cells = []
    for topic in topics:
        for band, age in AGE_BANDS:
            for column in columns:
                lang = column.language
                service = INTERPRETED_SERVICE if column.interpreter else lang
                facts = RequestFacts(municipality=code, topic=topic, child_ages=(age,),
                                     service_language=service, urgent=False, channel=channel,
                                     interpreter_language=lang if column.interpreter else None)
                decision = router.route(facts, today, explain=False)
                served = (centre_languages or {}).get(decision.centre)
                # With an interpreter the centre serves in the service language.
                mismatch = served is not None and service not in served
                unstaffed = staffed is not None and decision.centre not in staffed
                answering = centres.get(decision.centre)
                lost = _lost_rule(ordered, code, centres, facts,
                                  by_id.get(decision.rule) if decision.rule else None, today)
                inactive = answering is None or not answering.active or lost is not None
                cells.append(Cell(topic, band, lang, decision, mismatch, unstaffed, inactive,
                                  lost, column.interpreter))
    return Coverage(code, tuple(cells), columns)
