"""The coverage report: for each topic × age band × service language, who answers and how.

Plain Python on the engine. A combination that no rule answers reaches only the municipality's
default centre or the region's fallback: that is a gap ("varhaisen tuen aukkokohta") the
municipality may want to close with a rule.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from helpbutton.routing import EXPECTING, Decision, RequestFacts, Router
from helpbutton.routing.trace import VIA_RULE

# Age bands of the statistics, each with an age that stands for it.
AGE_BANDS = (("expecting", EXPECTING), ("0-2", 1), ("3-6", 4), ("7-12", 9), ("13-17", 15))
LANGUAGES = ("fi", "sv", "en")


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

    @property
    def gap(self) -> bool:
        return self.decision.via != VIA_RULE or self.unstaffed


@dataclass(frozen=True)
class Coverage:
    municipality: str
    cells: tuple[Cell, ...]

    @property
    def gaps(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.gap)

    @property
    def unstaffed_centres(self) -> tuple[int, ...]:
        """Centres that answer some combination although nobody works there."""
        return tuple(sorted({c.decision.centre for c in self.cells if c.unstaffed}))

    def cell(self, topic: str, age_band: str, language: str) -> Cell:
        return next(c for c in self.cells
                    if (c.topic, c.age_band, c.language) == (topic, age_band, language))


def coverage(router: Router, code: str, topics: list[str], today: date,
             centre_languages: Mapping[int, tuple[str, ...]] | None = None,
             channel: str = "web", staffed: frozenset[int] | None = None) -> Coverage:
    """Route one request per combination (no postal code, not urgent, from `channel`).
    `staffed`: the centres where someone works (None: not known, no centre counts as empty)."""
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
                cells.append(Cell(topic, band, lang, decision, mismatch, unstaffed))
    return Coverage(code, tuple(cells))
