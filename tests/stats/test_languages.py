"""The statistics count the languages: the form's (all ten public languages, plain-language
Finnish among them) and the interpreters', with the small-number rules of every table."""
import csv
import io
import re
from datetime import date

import pytest

from helpbutton.statistics import queries as stats
from tests.factories import make_request, utc

NOVEMBER = "from=2026-11-02&to=2026-11-22"


@pytest.fixture
def language_data(db, demo):
    """Fourteen requests in Turku in November: the form in Finnish 6 (one served in Swedish),
    in Arabic 5 (each with an Arabic interpreter), in plain-language Finnish 2, in Somali 1
    (with a Somali interpreter)."""
    made = [("fi", None)] * 6 + [("ar", "ar")] * 5 + [("selko", None)] * 2 + [("so", "so")]
    for n, (form, interpreter) in enumerate(made):
        make_request(db.session, created_at=utc(2026, 11, 2 + n, 9), ui_language=form,
                     interpreter_language=interpreter,
                     service_language="sv" if n == 0 else "fi")


def scope(region):
    return stats.Scope(region.id, None, date(2026, 11, 2), date(2026, 11, 22))


def as_dict(counts):
    return {c.key: c.count for c in counts}


def test_the_service_counts_form_and_interpreter_languages(db, demo, language_data):
    s = scope(demo)
    assert as_dict(stats.counts_by(db.session, s, "form_language")) == {
        "fi": 6, "ar": 5, "selko": 2, "so": 1}
    assert as_dict(stats.counts_by(db.session, s, "interpreter_language")) == {
        None: 8, "ar": 5, "so": 1}
    # The summary (GROUPING SETS on PostgreSQL) counts the same.
    summary = stats.summary(db.session, s)
    for dimension in ("form_language", "interpreter_language", "service_language"):
        assert summary.by[dimension] == stats.counts_by(db.session, s, dimension), dimension


def cells(html, section):
    part = html.split(f'id="h-{section}"', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td class="num">([^<]*)</td>', part))


def csv_table(response, measure):
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text[1:])))
    return {code: (name, value) for m, code, name, value in rows if m == measure}


def test_the_dashboard_names_the_languages_and_hides_small_counts(db, language_data,
                                                                  demo_users, fast_sign_in):
    for person in demo_users.values():
        person.language = "en"
    db.session.commit()
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/statistics/?{NOVEMBER}").get_data(as_text=True)
    assert "Requests by the language of the form" in html
    assert "Requests by interpreter&#39;s language" in html
    form = cells(html, "form_language")
    assert set(form) == {"Finnish", "Arabic", "Plain-language Finnish", "Somali"}
    assert form["Finnish"] == "6"
    assert form["Plain-language Finnish"] == form["Somali"] == "&lt;5"
    interpreter = cells(html, "interpreter_language")
    assert set(interpreter) == {"No interpreter", "Arabic", "Somali"}
    assert interpreter["No interpreter"] == "8" and interpreter["Somali"] == "&lt;5"
    # Arabic's 5 would give Somali's 1 away (14 − 8 − 5): hidden too, never shown.
    assert interpreter["Arabic"] == "hidden"
    shown = [*form.values(), *interpreter.values()]
    assert not [v for v in shown if v in ("1", "2", "3", "4")]

    response = client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}")
    by_form = csv_table(response, "form_language")
    assert by_form["fi"] == ("Finnish", "6") and by_form["selko"][1] == "<5"
    assert by_form["selko"][0] == "Plain-language Finnish" and by_form["ar"][0] == "Arabic"
    by_interpreter = csv_table(response, "interpreter_language")
    assert by_interpreter[""] == ("No interpreter", "8")
    assert by_interpreter["so"] == ("Somali", "<5")
    assert by_interpreter["ar"] == ("Arabic", "suppressed")


def test_finnish_staff_read_the_languages_in_finnish(db, language_data, demo_users,
                                                     fast_sign_in):
    for person in demo_users.values():
        person.language = "fi"
    db.session.commit()
    html = fast_sign_in("region_admin").get(f"/admin/statistics/?{NOVEMBER}").get_data(
        as_text=True)
    assert set(cells(html, "form_language")) == {"suomi", "arabia", "selkosuomi", "somali"}
    assert set(cells(html, "interpreter_language")) == {"Ei tulkkia", "arabia", "somali"}
