"""Rules for single fields of a help request, as plain functions (no Flask, no database).

Used by intake's validation and usable as form validators.
"""
from __future__ import annotations

import re

from helpbutton import routing


def without_nul(value):
    """The text without NUL characters; anything else unchanged.

    Nobody types NUL, but a crafted request can carry it, and PostgreSQL can neither store
    it in a text column nor compare a column with it: left in, it turns bad input into a
    server error."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def valid_postal_code_format(value: str) -> bool:
    return re.fullmatch(r"\d{5}", value) is not None


def valid_age(age: int) -> bool:
    return routing.EXPECTING <= age <= routing.MAX_CHILD_AGE


def age_band(ages: list[int]) -> str | None:
    """The age band of the youngest child, for statistics."""
    if not ages:
        return None
    youngest = min(ages)
    if youngest == routing.EXPECTING:
        return "expecting"
    for low, high in ((0, 2), (3, 6), (7, 12), (13, 17)):
        if low <= youngest <= high:
            return f"{low}-{high}"
    return None
