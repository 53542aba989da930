"""The statistics pages: who sees what, the filter, the tables and the CSV file."""
import csv
import io
import re

import pytest

from tests.factories import NOTE_TEXT, PERSONAL, make_request, utc

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
    assert html.count('<svg class="chart"') == 10  # weeks and nine breakdowns
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
    assert "Requests in the period" in html
    assert "<dd>&lt;5</dd>" in html  # Loimaa's three


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
    assert rows[0] == ["Measure", "Code", "Name", "Value"]
    assert table(rows, "requests") == {"": "10"}
    assert table(rows, "weeks") == {"2026-11-02": "5", "2026-11-09": "<5", "2026-11-16": "<5"}
    # Loimaa's 3 is hidden; so is Turku's 7, else 10 − 7 would give Loimaa's count away:
    # suppressed, not a false "<5".
    assert table(rows, "municipality") == {"853": "suppressed", "430": "<5"}
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
    assert table(rows, "note_suppressed") == {"": "suppressed"}
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
        turku = "Åbo" if lang == "sv" else "Turku"  # the page is in the account's language
        assert "<dd>10</dd>" in html and f">{turku}<" in html and ">Loimaa<" in html
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


def cells(html, section):
    """{row label: shown count} of one section's table on the page."""
    part = html.split(f'id="h-{section}"', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td class="num">([^<]*)</td>', part))


def test_the_page_hides_small_counts_as_the_file_does(db, stats_data, fast_sign_in):
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/statistics/?{NOVEMBER}").get_data(as_text=True)
    # One violence request, three parenting ones: "<5", as in the CSV; six everyday shown.
    assert sorted(cells(html, "topic").values()) == ["&lt;5", "&lt;5", "6"]
    assert cells(html, "weeks") == {"Week of 2 Nov": "5", "Week of 9 Nov": "&lt;5",
                                    "Week of 16 Nov": "&lt;5"}
    # Turku's 7 hidden to protect Loimaa's 3: "hidden" with a note, never "<5".
    assert cells(html, "municipality") == {"Turku": "hidden", "Loimaa": "&lt;5"}
    assert "A hidden count may be of any size" in html
    # No table cell and no key figure shows a count from 1 to 4.
    shown = [v for s in ("weeks", "topic", "age_band", "channel", "partner",
                         "service_language", "outcome", "municipality")
             for v in cells(html, s).values()]
    shown += re.findall(r"<dd>([^<]*)</dd>", html)
    assert shown and not [v for v in shown if v.strip() in ("1", "2", "3", "4")]
    assert "<dd>&lt;5</dd>" in html  # open now: A4..A7, four of them


def test_charts_draw_no_bar_for_a_hidden_count(db, stats_data, fast_sign_in):
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/statistics/?{NOVEMBER}").get_data(as_text=True)
    chart = html.split('id="chart-municipality"', 1)[1].split("</svg>", 1)[0]
    assert "Turku: hidden; Loimaa: &lt;5" in chart  # the text alternative
    assert ">Turku</text>" in chart
    assert re.findall(r'class="bar"[^>]*width="([\d.]+)"', chart) == ["0.0", "0.0"]
    weeks = html.split('id="chart-weeks"', 1)[1].split("</svg>", 1)[0]
    heights = re.findall(r'class="bar"[^>]*height="([\d.]+)"', weeks)
    assert len(heights) == 3 and float(heights[0]) > 0 and heights[1:] == ["0.0", "0.0"]
    assert weeks.count('class="hidden-count"') == 2
    # No figure of a small count drawn as text either.
    assert not re.search(r">[1-4]</text>", chart)


def test_one_request_in_a_small_municipality_is_not_shown(db, demo, fast_sign_in):
    """One violence request in Aura: neither the total nor the topic tells it is one."""
    make_request(db.session, "loimaa-area", personal=True, created_at=utc(2026, 11, 10, 7),
                 municipality_code="019", topic_code="violence_safety")
    db.session.commit()
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/statistics/?{NOVEMBER}&municipality=019").get_data(as_text=True)
    assert "Requests in the period" in html and "<dd>&lt;5</dd>" in html
    assert list(cells(html, "topic").values()) == ["&lt;5"]
    assert "<dd>1</dd>" not in html
    rows = csv_rows(client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}&municipality=019"))
    assert table(rows, "requests") == {"": "<5"}
    assert table(rows, "topic") == {"violence_safety": "<5"}


def test_the_note_on_suppressed_counts_is_in_the_users_language(db, stats_data, fast_sign_in,
                                                                  demo_users):
    demo_users["region_admin"].language = "fi"
    db.session.commit()
    client = fast_sign_in("region_admin")
    rows = csv_rows(client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}"))
    note = [name for m, _c, name, _v in rows if m == "note_suppressed"]
    assert note and "piilotettu" in note[0]
    html = client.get(f"/admin/statistics/?{NOVEMBER}").get_data(as_text=True)
    assert cells(html, "municipality")["Turku"] == "piilotettu"
