"""The display time zone, read from configuration (DISPLAY_TIMEZONE) here and nowhere else.

Times are stored in UTC; whatever is shown or counted by local day (due dates, the queue's
"due today", statistics' weeks, the timeline, mail) asks this module for the zone. The pure
modules (`due.py`) take the zone's name as an argument instead.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def zone_name() -> str:
    return current_app.config["DISPLAY_TIMEZONE"]


def zone() -> ZoneInfo:
    return ZoneInfo(zone_name())  # ZoneInfo keeps one instance per name


def local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


def local_date(moment: datetime) -> date:
    return local(moment).date()


def today() -> date:
    return local_date(datetime.now(UTC))


def midnight_utc(day: date) -> datetime:
    """The UTC instant at which a local calendar day starts."""
    return datetime.combine(day, time(0), zone()).astimezone(UTC)
