"""The statistics service against the hand-counted requests of `stats_data` (conftest.py)."""
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpbutton.statistics import queries as stats
from helpbutton.statistics import suppression
from tests.factories import make_request, partner_id, topic_id, utc
from tests.stats.conftest import NOW

NOVEMBER = dict(date_from=date(2026, 11, 2), date_to=date(2026, 11, 22))


def scope(region, codes=None, **dates):
    return stats.Scope(region.id, frozenset(codes) if codes else None, **(dates or NOVEMBER))


def as_dict(counts):
    return {c.key: c.count for c in counts}


def test_weeks_are_helsinki_weeks_and_the_range_is_inclusive(db, demo, stats_data):
    weeks = stats.requests_per_week(db.session, scope(demo))
    # 2 Nov: A1 A2 A3 A4 (Sunday 23:30 local) B1; 9 Nov: A5 (Monday 00:30 local) A6 B2;
    # 16 Nov: A7 B3.  C1 (1 Oct) is outside the range.
    assert [(w.key, w.count) for w in weeks] == [
        (date(2026, 11, 2), 5), (date(2026, 11, 9), 3), (date(2026, 11, 16), 2)]


def test_weeks_without_requests_are_listed_with_zero(db, demo, stats_data):
    weeks = stats.requests_per_week(db.session, scope(demo, date_from=date(2026, 9, 28),
                                                      date_to=date(2026, 11, 22)))
    assert len(weeks) == 8
    assert weeks[0] == stats.Count(date(2026, 9, 28), 1)  # C1, Thursday 1 Oct
    assert [w.count for w in weeks[1:5]] == [0, 0, 0, 0]


def test_counts_by_every_dimension(db, demo, stats_data):
    s = scope(demo)
    library = partner_id(db.session, "turku-main-library")
    school = partner_id(db.session, "loimaa-school")
    assert stats.total(db.session, s) == 10
    assert as_dict(stats.counts_by(db.session, s, "municipality")) == {"853": 7, "430": 3}
    assert as_dict(stats.counts_by(db.session, s, "topic")) == {
        topic_id(db.session, "everyday"): 6, topic_id(db.session, "parenting"): 3,
        topic_id(db.session, "violence_safety"): 1}
    assert as_dict(stats.counts_by(db.session, s, "age_band")) == {
        "0-2": 3, "3-6": 3, "7-12": 1, "13-17": 1, "expecting": 1, None: 1}
    assert as_dict(stats.counts_by(db.session, s, "channel")) == {
        "web": 6, "library": 2, "school": 2}
    assert as_dict(stats.counts_by(db.session, s, "partner")) == {None: 6, library: 2, school: 2}
    assert as_dict(stats.counts_by(db.session, s, "service_language")) == {
        "fi": 8, "sv": 1, "en": 1}
    # Outcomes of the closed requests only.
    assert as_dict(stats.counts_by(db.session, s, "outcome")) == {
        "support_started": 3, "no_need": 1, "guided_elsewhere": 1, "withdrawn": 1}


def test_largest_count_comes_first(db, demo, stats_data):
    topics = stats.counts_by(db.session, scope(demo), "topic")
    assert [c.count for c in topics] == [6, 3, 1]


def test_time_to_first_contact_median_and_90th_percentile(db, demo, stats_data):
    # Hours: B1 5, A1 10, A2 20, A3 30, A5 40, B3 50, A4 80.  Median: 30.
    # 90th percentile (continuous): position 0.9 × 6 = 5.4 → 50 + 0.4 × (80 − 50) = 62.
    result = stats.first_contact(db.session, scope(demo))
    assert result.contacted == 7
    assert result.median_hours == pytest.approx(30, abs=0.01)
    assert result.p90_hours == pytest.approx(62, abs=0.01)


def test_promise_counts_only_requests_whose_promise_is_decided(db, demo, stats_data):
    # Decided: the 7 contacted and A6 (never contacted, past due). Not B2 (withdrawn before
    # its due time) nor A7 (not yet due). In time: all contacted but A4 (80 h > 72 h).
    assert stats.promise_kept(db.session, scope(demo), NOW) == stats.Promise(within=6, decided=8)


def test_open_and_overdue_now_ignore_the_date_range(db, demo, stats_data):
    # Open: A4 A5 A6 A7; overdue (open, not contacted, past due): A6.
    assert stats.open_and_overdue(db.session, scope(demo), NOW) == (4, 1)
    assert stats.open_and_overdue(db.session, scope(demo, date_from=date(2026, 11, 20),
                                                    date_to=date(2026, 11, 20)), NOW) == (4, 1)
    assert stats.open_and_overdue(db.session, scope(demo, {"430"}), NOW) == (0, 0)


def test_one_municipality(db, demo, stats_data):
    s = scope(demo, {"430"})
    summary = stats.summary(db.session, s, NOW)
    assert summary.total == 3
    assert [w.count for w in summary.weeks] == [1, 1, 1]
    assert as_dict(summary.by["municipality"]) == {"430": 3}
    assert summary.first_contact.contacted == 2  # B1 5 h, B3 50 h
    assert summary.first_contact.median_hours == pytest.approx(27.5, abs=0.01)


def test_other_regions_requests_are_not_counted(db, demo, stats_data):
    assert stats.total(db.session, stats.Scope(demo.id + 1000)) == 0
    assert stats.requests_per_week(db.session, stats.Scope(demo.id + 1000)) == []
    assert stats.first_contact(db.session, stats.Scope(demo.id + 1000)).median_hours is None


@pytest.mark.parametrize("created, monday", [
    (utc(2026, 3, 29, 20, 30), date(2026, 3, 23)),  # Sunday 23:30 summer time (UTC+3)
    (utc(2026, 3, 29, 21, 30), date(2026, 3, 30)),  # Monday 00:30 summer time
    (utc(2026, 10, 25, 21, 30), date(2026, 10, 19)),  # Sunday 23:30, winter time again (UTC+2)
    (utc(2026, 10, 25, 22, 30), date(2026, 10, 26)),  # Monday 00:30
    (utc(2027, 1, 3, 22, 30), date(2027, 1, 4)),  # across the new year
])
def test_week_bucketing_follows_helsinki_summer_time(db, demo, created, monday):
    make_request(db.session, personal=True, created_at=created)
    db.session.commit()
    weeks = stats.requests_per_week(db.session, stats.Scope(demo.id))
    assert weeks == [stats.Count(monday, 1)]


def test_summer_time_rule_matches_the_time_zone_database():
    helsinki = ZoneInfo("Europe/Helsinki")
    for year in range(1996, 2040):
        start, end = stats.summer_time_utc(year)
        for instant, offset in ((start - timedelta(seconds=1), 2), (start, 3),
                                (end - timedelta(seconds=1), 3), (end, 2)):
            assert instant.astimezone(helsinki).utcoffset() == timedelta(hours=offset), instant


def test_date_range_uses_helsinki_midnight(db, demo):
    # 23:30 UTC on 1 Nov is 01:30 on 2 Nov in Helsinki: inside a range that starts on 2 Nov.
    make_request(db.session, personal=True, created_at=utc(2026, 11, 1, 23, 30))
    db.session.commit()
    assert stats.total(db.session, stats.Scope(demo.id, date_from=date(2026, 11, 2))) == 1
    assert stats.total(db.session, stats.Scope(demo.id, date_to=date(2026, 11, 1))) == 0


def test_small_counts_are_hidden_with_a_second_cell_when_one_alone_would_show():
    counts = [stats.Count("a", 20), stats.Count("b", 7), stats.Count("c", 3), stats.Count("d", 0)]
    assert suppression.hidden_keys(counts) == {"c", "b"}
    two = [stats.Count("a", 20), stats.Count("b", 2), stats.Count("c", 4)]
    assert suppression.hidden_keys(two) == {"b", "c"}
    assert suppression.hidden_keys([stats.Count("a", 5), stats.Count("b", 0)]) == set()
    assert [suppression.shown(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_a_count_hidden_to_protect_another_reads_suppressed_not_under_five():
    # A week of 29 next to one of 3: the 29 is hidden, but it is no "<5".
    cells = suppression.cells([stats.Count("w1", 29), stats.Count("w2", 3), stats.Count("w3", 40)])
    assert {k: c.text for k, c in cells.items()} == {"w1": "suppressed", "w2": "<5", "w3": "40"}
    assert [c.value for c in cells.values()] == [0, 0, 40]  # what a chart may draw


def test_summary_agrees_with_the_single_queries(db, demo, stats_data):
    # On PostgreSQL the summary takes a faster path (GROUPING SETS); it must count the same.
    s = scope(demo)
    summary = stats.summary(db.session, s, NOW)
    assert summary.total == stats.total(db.session, s) == 10
    assert summary.weeks == stats.requests_per_week(db.session, s)
    for dimension in stats.DIMENSIONS:
        assert summary.by[dimension] == stats.counts_by(db.session, s, dimension), dimension
    assert summary.first_contact == stats.first_contact(db.session, s)
    assert summary.promise == stats.promise_kept(db.session, s, NOW)
    assert (summary.open_now, summary.overdue_now) == (4, 1)
    empty = stats.summary(db.session, stats.Scope(demo.id, None, date(2020, 1, 1),
                                                  date(2020, 1, 31)), NOW)
    assert (empty.total, empty.weeks, empty.first_contact.median_hours) == (0, [], None)
