"""When a request is due: N working days after it arrived, in Finnish working days.

A working day is Monday to Friday that is not a Finnish public holiday. The holiday list
(`helpbutton.finnish_holidays`, the same as the `holidays` package's for Finland) also names
Midsummer Eve and Christmas Eve: offices close on them, so they are days off here as well.

The choice, so that a family and a worker read the promise the same way:
- the day the request arrives is not counted (a request sent at 15:59 on a Monday has had no
  working day yet); counting starts on the next day;
- the request is due at the end of the N-th working day, which we take as 16:00 local time
  (END_OF_DAY), when a family centre's phone hours have ended;
- with N = 0 it is due at the end of the day it arrived if that is a working day and 16:00 has
  not passed, otherwise at the end of the next working day.

An urgent request has a shorter promise (the region's `urgent_promise_working_days`, by
default 1: by the end of the next working day) and goes through the same `due_at`. A request
still open N working days after its due time escalates (`escalation_at`): at the end of the N-th
working day after the day it was due.

Plain Python: no Flask, no database.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from helpbutton import finnish_holidays

END_OF_DAY = time(16, 0)


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> frozenset[date]:
    return finnish_holidays.holidays_of(year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, working_days: int) -> date:
    """The N-th working day after `start` (start itself not counted); N >= 1."""
    day = start
    for _ in range(working_days):
        day = next_working_day(day)
    return day


def due_at(created_at_utc: datetime, working_days: int, tz: str) -> datetime:
    """The aware UTC time by which a request created at `created_at_utc` should be answered;
    `tz` names the zone whose working days count (the display zone, from configuration)."""
    if created_at_utc.tzinfo is None:
        raise ValueError("created_at_utc must be timezone-aware")
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    zone = ZoneInfo(tz)
    local = created_at_utc.astimezone(zone)
    if working_days == 0:
        day = local.date()
        if not is_working_day(day) or local.time() >= END_OF_DAY:
            day = next_working_day(day)
    else:
        day = add_working_days(local.date(), working_days)
    # Build the local wall-clock time first so that daylight saving time is respected.
    return datetime.combine(day, END_OF_DAY, tzinfo=zone).astimezone(UTC)


def escalation_at(due_at_utc: datetime, working_days: int, tz: str) -> datetime:
    """The aware UTC time from which a request still open past `due_at_utc` escalates: the end
    (END_OF_DAY) of the `working_days`-th working day after the local day it was due; N >= 1."""
    if due_at_utc.tzinfo is None:
        raise ValueError("due_at_utc must be timezone-aware")
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    zone = ZoneInfo(tz)
    day = add_working_days(due_at_utc.astimezone(zone).date(), working_days)
    return datetime.combine(day, END_OF_DAY, tzinfo=zone).astimezone(UTC)
