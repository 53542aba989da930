"""The statistics pages: who sees what, the filter, the tables and the CSV file."""
import csv
import io

import pytest

from tests.stats.factories import NOTE_TEXT, PERSONAL

NOVEMBER = "from=2026-11-02&to=2026-11-22"


@pytest.fixture(autouse=True)
def english(db, demo_users):
    """The pages in the signed-in person's language: English, to match the source texts."""
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


def csv_rows(response):
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def table(rows, measure):
    return {code: value for m, code, _name, value in rows if m == measure}


def test_region_admin_sees_the_whole_region(db, stats_data, fast_sign_in):
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/statistics/?{NOVEMBER}").get_data(as_text=True)
    assert "Requests by municipality" in html
    assert ">Turku<" in html and ">Loimaa<" in html
    assert html.count('<svg class="chart"') == 8  # weeks and seven breakdowns
    assert "<dd>10</dd>" in html  # requests in the period


def test_municipality_admin_sees_only_their_municipality(db, stats_data, fast_sign_in):
    client = fast_sign_in("municipality_admin")  # Turku's administrator
    response = client.get(f"/admin/statistics/?{NOVEMBER}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<dd>7</dd>" in html  # A1..A7
    assert "Loimaa" not in html
    # Asking for another municipality is refused with a message, not answered.
    response = client.get(f"/admin/statistics/?{NOVEMBER}&municipality=430")
    assert response.status_code == 400
    assert "Choose a municipality from the list." in response.get_data(as_text=True)
    csv_response = client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}&municipality=430")
    assert csv_response.status_code == 400


@pytest.mark.parametrize("role", ["staff", "lead"])
def test_staff_get_no_statistics(db, demo, fast_sign_in, role):
    client = fast_sign_in(role)
    assert client.get("/admin/statistics/").status_code == 403
    assert client.get("/admin/statistics/statistics.csv").status_code == 403


def test_filter_by_municipality(db, stats_data, fast_sign_in):
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/statistics/?{NOVEMBER}&municipality=430").get_data(as_text=True)
    assert "<dd>3</dd>" in html


def test_a_bad_date_gets_a_message_and_keeps_the_other_values(db, demo, fast_sign_in):
    client = fast_sign_in("region_admin")
    response = client.get("/admin/statistics/?from=2026-13-45&to=2026-11-22")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the date as day.month.year" in html
    assert 'value="2026-11-22"' in html
    response = client.get("/admin/statistics/?from=2026-11-22&to=2026-11-02")
    assert "The end date must not be before the start date." in response.get_data(as_text=True)


def test_finnish_dates_are_understood(db, stats_data, fast_sign_in):
    client = fast_sign_in("region_admin")
    html = client.get("/admin/statistics/?from=2.11.2026&to=22.11.2026").get_data(as_text=True)
    assert "<dd>10</dd>" in html


def test_csv_hides_counts_under_five(db, stats_data, fast_sign_in):
    client = fast_sign_in("region_admin")
    response = client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["measure", "code", "name", "value"]
    assert table(rows, "requests") == {"": "10"}
    assert table(rows, "weeks") == {"2026-11-02": "5", "2026-11-09": "<5", "2026-11-16": "<5"}
    # Loimaa's 3 is hidden; so is Turku's 7, else 10 − 7 would give Loimaa's count away.
    assert table(rows, "municipality") == {"853": "<5", "430": "<5"}
    # everyday 6; parenting 3 and violence 1 hidden.
    assert table(rows, "topic") == {"everyday": "6", "parenting": "<5", "violence_safety": "<5"}
    assert table(rows, "service_language") == {"fi": "8", "sv": "<5", "en": "<5"}
    # Only small counts: every one hidden.
    assert set(table(rows, "outcome").values()) == {"<5"}
    assert table(rows, "first_contact_requests") == {"": "7"}
    assert table(rows, "first_contact_median_hours") == {"": "30.0"}
    assert table(rows, "first_contact_p90_hours") == {"": "62.0"}
    # Against the real clock A7's promised time (21 Nov 2026) has passed too: 6 of 9.
    assert table(rows, "promise_within_percent") == {"": "66.7"}
    assert table(rows, "open_now") == {"": "<5"}
    assert table(rows, "overdue_now") == {"": "<5"}
    numbers = [value for m, _c, _n, value in rows[4:] if value and value[0].isdigit()
               and m not in ("period_from", "period_to") and "." not in value]
    assert all(int(v) == 0 or int(v) >= 5 for v in numbers)


def test_derived_figures_of_few_requests_are_left_out_of_the_csv(db, stats_data, fast_sign_in):
    client = fast_sign_in("region_admin")
    rows = csv_rows(client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}&municipality=430"))
    assert table(rows, "first_contact_requests") == {"": "<5"}
    assert table(rows, "first_contact_median_hours") == {"": ""}
    assert table(rows, "promise_within_percent") == {"": ""}


def test_no_personal_data_anywhere_in_the_statistics(db, stats_data, fast_sign_in, demo_users):
    client = fast_sign_in("region_admin")
    outputs = []
    for lang in ("fi", "sv", "en"):
        demo_users["region_admin"].language = lang
        db.session.commit()
        response = client.get(f"/admin/statistics/?{NOVEMBER}")
        html = response.get_data(as_text=True)
        # The page is the statistics of these requests, not a sign-in page or an error.
        assert response.status_code == 200
        assert "<dd>10</dd>" in html and ">Turku<" in html and ">Loimaa<" in html
        outputs.append(html)
    response = client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}")
    assert response.status_code == 200
    assert table(csv_rows(response), "first_contact_requests")  # the file has its figures
    outputs.append(response.get_data(as_text=True))
    for output in outputs:
        for value in [*PERSONAL.values(), NOTE_TEXT, *(r.reference for r in stats_data.values())]:
            assert value not in output


def test_a_period_has_limits(db, demo, fast_sign_in):
    client = fast_sign_in("region_admin")
    response = client.get("/admin/statistics/?from=1900-01-01&to=2026-11-22")
    assert response.status_code == 400
    assert "Choose a period of at most ten years." in response.get_data(as_text=True)
    # Only a start: the end is today, and the page answers.
    assert client.get("/admin/statistics/?from=2026-01-01").status_code == 200
