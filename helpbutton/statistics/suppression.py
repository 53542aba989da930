"""Small counts in exports: anything under 5 is shown as "<5", so that no family can be
recognised from a CSV file that travels. Plain Python: no Flask, no database."""
from collections.abc import Iterable

SMALL_COUNT = 5


def is_small(count: int) -> bool:
    """1–4 could point at a family; 0 points at nobody and is shown as it is."""
    return 0 < count < SMALL_COUNT


def shown(count: int) -> str:
    return f"<{SMALL_COUNT}" if is_small(count) else str(count)


def hidden_keys(counts: Iterable, total_published: bool = True) -> set:
    """Keys of the counts (objects with `.key` and `.count`) an export must hide. When exactly
    one count of a breakdown is small and the total is published, the next smallest is hidden
    too: otherwise the small one could be worked out by subtraction."""
    counts = list(counts)
    hidden = {c.key for c in counts if is_small(c.count)}
    if total_published and len(hidden) == 1:
        others = sorted((c for c in counts if c.key not in hidden and c.count > 0),
                        key=lambda c: c.count)
        if others:
            hidden.add(others[0].key)
    return hidden
