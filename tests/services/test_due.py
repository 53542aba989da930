"""Due times count Finnish working days: weekends and public holidays are skipped."""
from datetime import UTC, datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from helpbutton import due
from helpbutton.due import is_working_day

HKI = ZoneInfo("Europe/Helsinki")
# The module takes the zone from its caller (the app passes DISPLAY_TIMEZONE).
due_at = partial(due.due_at, tz=HKI.key)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=HKI).astimezone(UTC)


def test_three_working_days_from_a_monday_is_thursday_at_four():
    due = due_at(local(2026, 11, 23, 10, 0), 3)
    assert due == local(2026, 11, 26, 16, 0)
    assert due.tzinfo is not None and due.utcoffset().total_seconds() == 0
    assert due.tzinfo is UTC  # UTC itself, whatever the machine's own zone


def test_weekend_is_skipped():
    # Friday → Mon, Tue, Wed.
    assert due_at(local(2026, 11, 27, 9, 0), 3) == local(2026, 12, 2, 16, 0)


def test_request_on_a_saturday_counts_from_monday():
    assert due_at(local(2026, 11, 28, 12, 0), 1) == local(2026, 11, 30, 16, 0)


def test_christmas_holidays_are_skipped():
    # Wed 23.12.2026 → Christmas Eve (Thu), Christmas Day (Fri), weekend are days off:
    # Mon 28, Tue 29, Wed 30.
    assert due_at(local(2026, 12, 23, 11, 0), 3) == local(2026, 12, 30, 16, 0)


def test_midsummer_eve_is_a_day_off():
    # Thu 18.6.2026 → Midsummer Eve Fri 19.6 off, weekend → Mon 22.6.
    assert not is_working_day(datetime(2026, 6, 19).date())
    assert due_at(local(2026, 6, 18, 9, 0), 1) == local(2026, 6, 22, 16, 0)


def test_easter_is_skipped():
    # Thu 2.4.2026 → Good Friday, weekend, Easter Monday off → Tue 7.4.
    assert due_at(local(2026, 4, 2, 9, 0), 1) == local(2026, 4, 7, 16, 0)


def test_creation_day_is_local_time_not_utc():
    # 23:30 UTC on Sunday is already Monday 01:30 in Helsinki: Monday is the day of arrival.
    created = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    assert due_at(created, 1) == local(2026, 11, 24, 16, 0)


def test_due_time_respects_daylight_saving_time():
    # Winter: 16:00 EET is 14:00 UTC; summer: 16:00 EEST is 13:00 UTC.
    assert due_at(local(2026, 1, 12, 9, 0), 1).hour == 14
    assert due_at(local(2026, 7, 13, 9, 0), 1).hour == 13


def test_zero_days_means_end_of_today_or_next_working_day():
    assert due_at(local(2026, 11, 23, 10, 0), 0) == local(2026, 11, 23, 16, 0)
    assert due_at(local(2026, 11, 23, 17, 0), 0) == local(2026, 11, 24, 16, 0)
    assert due_at(local(2026, 11, 28, 10, 0), 0) == local(2026, 11, 30, 16, 0)


def test_zero_days_at_exactly_four_is_due_the_next_working_day():
    # 16:00 is the end of the day: a request arriving then has missed it.
    assert due_at(local(2026, 11, 23, 15, 59), 0) == local(2026, 11, 23, 16, 0)
    assert due_at(local(2026, 11, 23, 16, 0), 0) == local(2026, 11, 24, 16, 0)
    # Friday at 16:00 skips the weekend.
    assert due_at(local(2026, 11, 27, 16, 0), 0) == local(2026, 11, 30, 16, 0)


def test_negative_promise_is_refused():
    with pytest.raises(ValueError, match="^working_days must not be negative$"):
        due_at(local(2026, 11, 23, 10, 0), -1)


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="^created_at_utc must be timezone-aware$"):
        due_at(datetime(2026, 11, 23, 10, 0), 3)
