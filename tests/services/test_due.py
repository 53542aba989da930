"""Due times count Finnish working days: weekends and public holidays are skipped."""
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpbutton import due, finnish_holidays
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


# ------------------------------------------------------------------ urgent promises (0 or 1 day)

def test_an_urgent_request_on_friday_afternoon_is_due_on_monday():
    # The default urgent promise, 1: by the end of the next working day.
    assert due_at(local(2026, 11, 27, 14, 30), 1) == local(2026, 11, 30, 16, 0)
    # The same day's promise (0) is still Friday, before the end of the day.
    assert due_at(local(2026, 11, 27, 14, 30), 0) == local(2026, 11, 27, 16, 0)


def test_an_urgent_request_before_christmas_is_due_after_the_holidays():
    # Wed 23.12.2026: Christmas Eve (Thu) and Christmas Day (Fri) are days off, then a weekend.
    assert due_at(local(2026, 12, 23, 9, 0), 1) == local(2026, 12, 28, 16, 0)
    # Same day (0) is Wednesday itself; after 16:00 it is Monday.
    assert due_at(local(2026, 12, 23, 9, 0), 0) == local(2026, 12, 23, 16, 0)
    assert due_at(local(2026, 12, 23, 16, 30), 0) == local(2026, 12, 28, 16, 0)


def test_an_urgent_request_on_a_holiday_counts_from_the_next_working_day():
    # Independence Day, Sun 6.12.2026: Mon 7.12 is the first working day, with the same day's
    # promise (0) and the next working day's (1) alike.
    assert due_at(local(2026, 12, 6, 11, 0), 0) == local(2026, 12, 7, 16, 0)
    assert due_at(local(2026, 12, 6, 11, 0), 1) == local(2026, 12, 7, 16, 0)
    # May Day, Fri 1.5.2026: a request on Thursday with one day is due on Monday.
    assert due_at(local(2026, 4, 30, 10, 0), 1) == local(2026, 5, 4, 16, 0)


def test_an_urgent_request_at_exactly_four_has_missed_the_day():
    # One working day: the arrival day never counts, at 15:59 or 16:00 alike.
    assert due_at(local(2026, 11, 23, 15, 59), 1) == local(2026, 11, 24, 16, 0)
    assert due_at(local(2026, 11, 23, 16, 0), 1) == local(2026, 11, 24, 16, 0)
    # The same day's promise: 16:00 is the end of the day, so it goes to the next working day.
    assert due_at(local(2026, 11, 23, 16, 0), 0) == local(2026, 11, 24, 16, 0)
    # Friday at 16:00: Monday, with either promise.
    assert due_at(local(2026, 11, 27, 16, 0), 1) == local(2026, 11, 30, 16, 0)
    assert due_at(local(2026, 11, 27, 16, 0), 0) == local(2026, 11, 30, 16, 0)


def test_an_urgent_promise_is_never_later_than_the_normal_one():
    created = local(2026, 11, 27, 14, 30)
    assert due_at(created, 0) < due_at(created, 1) < due_at(created, 3)


@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2032, 12, 31),
                           timezones=st.just(UTC)),
       urgent=st.integers(min_value=0, max_value=10), extra=st.integers(min_value=0, max_value=10))
def test_any_promise_ends_at_four_on_a_working_day_after_arrival(moment, urgent, extra):
    shorter, longer = due_at(moment, urgent), due_at(moment, urgent + extra)
    for result in (shorter, longer):
        here = result.astimezone(HKI)
        assert result > moment and result.tzinfo is UTC
        assert here.time() == due.END_OF_DAY and is_working_day(here.date())
    assert shorter <= longer
    # N working days after arrival: exactly N working days lie after the arrival day up to it.
    if urgent:
        arrival = moment.astimezone(HKI).date()
        days = [arrival + timedelta(days=i)
                for i in range(1, (shorter.astimezone(HKI).date() - arrival).days + 1)]
        assert sum(is_working_day(d) for d in days) == urgent


def test_a_negative_urgent_promise_is_refused():
    with pytest.raises(ValueError, match="^working_days must not be negative$"):
        due_at(local(2026, 11, 27, 14, 30), -1)


# ------------------------------------------------------------------ escalation

def test_an_overdue_request_escalates_at_the_end_of_the_nth_working_day_after_it_was_due():
    # Due Fri 27.11 16:00; two working days later is Tue 1.12 at 16:00.
    assert due.escalation_at(local(2026, 11, 27, 16, 0), 2, HKI.key) == local(2026, 12, 1, 16, 0)
    # Due Wed 23.12: Christmas holidays and the weekend are skipped → Mon 28.12, Tue 29.12.
    assert due.escalation_at(local(2026, 12, 23, 16, 0), 2, HKI.key) == \
        local(2026, 12, 29, 16, 0)


def test_escalation_needs_at_least_one_working_day_and_an_aware_time():
    with pytest.raises(ValueError, match="^working_days must be at least 1$"):
        due.escalation_at(local(2026, 11, 27, 16, 0), 0, HKI.key)
    with pytest.raises(ValueError, match="^due_at_utc must be timezone-aware$"):
        due.escalation_at(datetime(2026, 11, 27, 16, 0), 2, HKI.key)


def test_the_finnish_holidays_are_the_holidays_packages_for_every_year_from_1991_to_2100():
    for year in range(1991, 2101):
        assert finnish_holidays.holidays_of(year) == frozenset(
            holidays.country_holidays("FI", years=year)), year


def test_a_web_process_does_not_load_every_countrys_holidays():
    """The `holidays` package loads all its countries' calendars (about 8 MiB) for one."""
    code = ("import sys, wsgi; from helpbutton import due; from datetime import date; "
            "due.is_working_day(date(2026, 6, 19)); "
            "print(sum(m.startswith('holidays') for m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(root)})
    assert out.stdout.strip() == "0"
