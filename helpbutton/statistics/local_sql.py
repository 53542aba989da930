"""Local (Helsinki) days in SQLite's SQL: SQLite has no time zones, so the UTC offset is
written out by the EU's summer-time rule. The statistics' queries and their per-day counts
both count days this way."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def summer_time_utc(year: int) -> tuple[datetime, datetime]:
    """EU summer time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
    Sunday of October (the rule Finland has followed since 1981; checked against zoneinfo in
    the tests)."""
    start = datetime.combine(_last_sunday(year, 3), time(1), UTC)
    end = datetime.combine(_last_sunday(year, 10), time(1), UTC)
    return start, end


def _offset_hours(zone: ZoneInfo, years: range) -> tuple[str, str]:
    """The zone's winter and summer offsets as SQLite modifiers (Helsinki: "+2 hours" and
    "+3 hours"); the summer period itself is the EU's (`summer_time_utc`)."""
    year = years.start if years else 2000

    def modifier(month: int) -> str:
        offset = datetime(year, month, 15, 12, tzinfo=zone).utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        return f"{minutes // 60:+d} hours" if minutes % 60 == 0 else f"{minutes:+d} minutes"

    return modifier(1), modifier(7)


def local_offset_sql(zone: ZoneInfo, column, years: range):
    """SQLite: the modifier ("+2 hours" or "+3 hours") that turns `column` (UTC) into local
    time, by the EU summer-time periods of `years`."""
    winter_hours, summer_hours = _offset_hours(zone, years)
    summer = [(sa.and_(column >= start, column < end), summer_hours)
              for start, end in map(summer_time_utc, years)]
    return sa.case(*summer, else_=winter_hours) if summer else sa.literal(winter_hours)
