"""Small counts, on the page as in the CSV file: anything under 5 is shown as "<5", so that no
family can be recognised from a table, a chart or a file that travels. A count hidden only to
protect another one (by subtraction from the total) is shown as suppressed, never as "<5": it
may well be large. The one place both the dashboard and the export ask. Plain Python: no
Flask, no database."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

SMALL_COUNT = 5
SMALL = f"<{SMALL_COUNT}"
# What the CSV file writes for a count hidden to protect another: not a number, not "<5".
SUPPRESSED = "suppressed"


class State(Enum):
    SHOWN = "shown"
    SMALL = "small"  # 1–4: shown as "<5"
    SUPPRESSED = "suppressed"  # any size, hidden so that a small one cannot be worked out


@dataclass(frozen=True)
class Cell:
    """One published count and how it may be shown."""

    count: int
    state: State = State.SHOWN

    @property
    def hidden(self) -> bool:
        return self.state is not State.SHOWN

    @property
    def value(self) -> int:
        """What a chart may draw: nothing of a hidden count."""
        return 0 if self.hidden else self.count

    @property
    def text(self) -> str:
        """The count as the CSV file writes it ("<5", "suppressed" or the number)."""
        if self.state is State.SMALL:
            return SMALL
        return SUPPRESSED if self.state is State.SUPPRESSED else str(self.count)


def is_small(count: int) -> bool:
    """1–4 could point at a family; 0 points at nobody and is shown as it is."""
    return 0 < count < SMALL_COUNT


def cell(count: int) -> Cell:
    """A figure on its own (a total, open now): hidden only when small."""
    return Cell(count, State.SMALL if is_small(count) else State.SHOWN)


def shown(count: int) -> str:
    return cell(count).text


def enough(basis: int) -> bool:
    """Whether a derived figure (median, share) of `basis` requests may be published."""
    return basis >= SMALL_COUNT


def hidden_keys(counts: Iterable, total_published: bool = True) -> set:
    """Keys of the counts (objects with `.key` and `.count`) to hide. When exactly one count of
    a breakdown is small and the total is published, the next smallest is hidden too:
    otherwise the small one could be worked out by subtraction."""
    return {key for key, c in cells(counts, total_published).items() if c.hidden}


def cells(counts: Iterable, total_published: bool = True) -> dict:
    """Each count of a breakdown (objects with `.key` and `.count`) as a Cell, by key."""
    counts = list(counts)
    result = {c.key: cell(c.count) for c in counts}
    small = [k for k, v in result.items() if v.hidden]
    if total_published and len(small) == 1:
        others = sorted((c for c in counts if not result[c.key].hidden and c.count > 0),
                        key=lambda c: c.count)
        if others:
            result[others[0].key] = Cell(others[0].count, State.SUPPRESSED)
    return result
