"""Finland's public holidays, and Midsummer Eve and Christmas Eve, from the rules of the law.

The same days as the `holidays` package's calendar for Finland (tests/services/test_due.py
compares them for every year from 1991 to 2100), computed here because that package loads
the calendars of all its 300 countries the first time it is asked for one: about 8 MiB in every
app process. Valid from 1991 (Epiphany and Ascension Day were on Saturdays before).

Plain Python: no Flask, no database.
"""
from __future__ import annotations

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Western Easter (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741  (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_from(day: date) -> date:
    """The first Saturday on or after `day`."""
    return day + timedelta(days=(5 - day.weekday()) % 7)


def holidays_of(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    midsummer_day = _saturday_from(date(year, 6, 20))
    return frozenset({
        date(year, 1, 1),                            # New Year's Day
        date(year, 1, 6),                            # Epiphany
        easter - timedelta(days=2),                  # Good Friday
        easter,                                      # Easter Sunday
        easter + timedelta(days=1),                  # Easter Monday
        date(year, 5, 1),                            # May Day
        easter + timedelta(days=39),                 # Ascension Day
        easter + timedelta(days=49),                 # Pentecost
        midsummer_day - timedelta(days=1),           # Midsummer Eve
        midsummer_day,                               # Midsummer Day (Saturday, 20–26 June)
        _saturday_from(date(year, 10, 31)),          # All Saints' Day (Saturday, 31 Oct–6 Nov)
        date(year, 12, 6),                           # Independence Day
        date(year, 12, 24),                          # Christmas Eve
        date(year, 12, 25),                          # Christmas Day
        date(year, 12, 26),                          # St Stephen's Day
    })
