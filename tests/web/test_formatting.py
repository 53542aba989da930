"""One date, time and number format per language, on every page, mail and chart.

Finnish "2.12.2026 klo 7.28", Swedish "2.12.2026 kl. 7.28", English in British form with a
24-hour clock ("2 Dec 2026, 07:28"); the statistics CSV stays in ISO 8601.
"""
import csv
import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from helpbutton import formatting
from helpbutton.mail import notifications, outbox
from helpbutton.models import HelpRequest, OutboxMessage, OutboxStatus
from helpbutton.routing_admin import history
from helpbutton.statistics import charts
from tests.factories import FAMILY, make_request, utc
from tests.factories import centre as centre_by_key
from tests.public.conftest import form  # noqa: F401  (fixture)
from tests.stats.conftest import stats_data  # noqa: F401  (fixture)

NBSP = "\u00a0"
# 05:28 UTC is 7.28 in Helsinki in winter: a time before ten o'clock, without a leading zero.
RECEIVED = utc(2026, 12, 2, 5, 28)
DUE = utc(2026, 12, 7, 14, 0)  # Monday 7 December, 16.00 in Helsinki

MOMENT = {"fi": "2.12.2026 klo 7.28", "sv": "2.12.2026 kl. 7.28", "en": "2 Dec 2026, 07:28"}
DUE_MOMENT = {"fi": "7.12.2026 klo 16.00", "sv": "7.12.2026 kl. 16.00", "en": "7 Dec 2026, 16:00"}
DAY = {"fi": "2.12.2026", "sv": "2.12.2026", "en": "2 Dec 2026"}
LONG_DAY = {"fi": "maanantaina 7. joulukuuta 2026", "sv": "måndag 7 december 2026",
            "en": "Monday 7 December 2026"}
LANGUAGES = ("fi", "sv", "en")
# The public side's other languages: one format each, Latin digits, the month in the form a
# sentence needs ("by 7 декабря 2026").
OTHER_LANGUAGES = {
    "selko": ("2.12.2026 klo 7.28", "2.12.2026", "maanantaina 7. joulukuuta 2026"),
    "ru": ("02.12.2026, 07:28", "02.12.2026", "7 декабря 2026"),
    "uk": ("02.12.2026, 07:28", "02.12.2026", "7 грудня 2026"),
    "et": ("2.12.2026 07:28", "2.12.2026", "7. detsember 2026"),
    "ar": ("2/12/2026 07:28", "2/12/2026", "الاثنين 7 ديسمبر 2026"),
    "so": ("02/12/2026 07:28", "02/12/2026", "Isniin, 7 Diseembar 2026"),
    "fa": ("2026/12/2 07:28", "2026/12/2", "دوشنبه 7 دسامبر 2026"),
}


@pytest.fixture
def plain_app():
    """Only what the helpers read from the configuration: no database."""
    app = Flask(__name__)
    app.config.update(DISPLAY_TIMEZONE="Europe/Helsinki", DEFAULT_LANGUAGE="fi")
    with app.app_context():
        yield app


# ----------------------------------------------------------------------------- the helpers

@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_moment_and_a_day_in_each_language(plain_app, lang):
    assert formatting.moment(RECEIVED, lang) == MOMENT[lang]
    assert formatting.day(RECEIVED, lang) == DAY[lang]
    assert formatting.long_day(DUE, lang) == LONG_DAY[lang]
    assert formatting.moment(None, lang) == formatting.day(None, lang) == ""


@pytest.mark.parametrize("lang", sorted(OTHER_LANGUAGES))
def test_every_public_language_has_its_own_formats(plain_app, lang):
    moment, day, long_day = OTHER_LANGUAGES[lang]
    assert formatting.moment(RECEIVED, lang) == moment
    assert formatting.day(RECEIVED, lang) == day
    assert formatting.long_day(DUE, lang) == long_day


@pytest.mark.parametrize("lang, midnight, clock", [
    ("fi", "3.12.2026 klo 0.00", "0.05"),
    ("sv", "3.12.2026 kl. 0.00", "0.05"),
    ("en", "3 Dec 2026, 00:00", "00:05"),
])
def test_midnight_in_helsinki_is_the_next_day(plain_app, lang, midnight, clock):
    assert formatting.moment(utc(2026, 12, 2, 22, 0), lang) == midnight
    assert formatting.clock(utc(2026, 12, 2, 22, 5), lang) == clock
    # An instant's day is its day in Helsinki, not in UTC.
    assert formatting.day(utc(2026, 12, 2, 22, 30), lang) == {
        "fi": "3.12.2026", "sv": "3.12.2026", "en": "3 Dec 2026"}[lang]


def test_the_clock_follows_summer_time(plain_app):
    # Summer time starts on 29 March 2026 at 03.00 local (01.00 UTC): 2.59 is followed by 4.00.
    assert formatting.moment(utc(2026, 3, 29, 0, 59), "fi") == "29.3.2026 klo 2.59"
    assert formatting.moment(utc(2026, 3, 29, 1, 0), "fi") == "29.3.2026 klo 4.00"
    # And ends on 25 October at 04.00 local (01.00 UTC): 3.59 summer time, then 3.00 again.
    assert formatting.moment(utc(2026, 10, 25, 0, 59), "sv") == "25.10.2026 kl. 3.59"
    assert formatting.moment(utc(2026, 10, 25, 1, 0), "sv") == "25.10.2026 kl. 3.00"
    assert formatting.moment(utc(2026, 10, 25, 1, 0), "en") == "25 Oct 2026, 03:00"


def test_numbers_in_each_language(plain_app):
    assert formatting.number(2.5, lang="fi") == "2,5"
    assert formatting.number(2.5, lang="sv") == "2,5"
    assert formatting.number(2.5, lang="en") == "2.5"
    assert formatting.number(12345, lang="fi") == f"12{NBSP}345"
    assert formatting.number(12345, lang="en") == "12,345"
    assert formatting.number(30.0, decimals=1, lang="fi") == "30,0"
    assert formatting.number(3.0, lang="fi") == "3"  # a whole number has no decimals


@pytest.mark.parametrize("typed", ["040 765 4321", "0407654321", "+358 40 765 4321",
                                   "+358407654321"])
def test_a_finnish_mobile_number_is_grouped_in_international_form(typed):
    assert formatting.phone(typed) == "+358 40 765 4321"


def test_other_numbers_are_grouped_too_and_anything_else_is_shown_as_typed():
    assert formatting.phone("02 262 6003") == "+358 2 262 6003"
    assert formatting.phone("+46701234567") == "+46 70 123 45 67"
    assert formatting.phone("ring me") == "ring me"
    assert formatting.phone(None) == ""


def test_the_count_axis_marks_whole_counts_in_the_pages_language(plain_app):
    def axis(svg):
        return re.findall(r'<text class="axis"[^>]*>([^<]*)</text>', svg)

    small = charts.column_chart([charts.Bar("2.11.", 5, "5"), charts.Bar("9.11.", 3, "3")],
                                chart_id="w", title="Weeks", description="…",
                                axis_number=lambda n: formatting.number(n, lang="fi"))
    assert axis(small) == ["0", "3", "6"]  # not 0, 2.5, 5
    one = charts.column_chart([charts.Bar("2.11.", 1, "1")], chart_id="o", title="Weeks",
                              description="…")
    assert axis(one) == ["0", "1"]  # not 0.5
    big = charts.column_chart([charts.Bar("2.11.", 18000, "18 000")], chart_id="b",
                              title="Weeks", description="…",
                              axis_number=lambda n: formatting.number(n, lang="fi"))
    assert axis(big) == ["0", f"10{NBSP}000", f"20{NBSP}000"]


# ----------------------------------------------------------------------------- pages and mail

def visible_text(html: str) -> str:
    """What a reader sees: no tags, attributes (date inputs' ISO values, links) or scripts."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_one_format(html: str, lang: str) -> None:
    text = visible_text(html)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "an ISO date on the page"
    assert not re.search(r"\b\d{1,2}:\d{2}\s?[AaPp]\.?[Mm]\b", text), "a 12-hour clock"
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text), "a US date"
    if lang != "en":
        assert not re.search(r"\b\d{1,2}:\d{2}\b", text), "an English clock on a page in " + lang


@pytest.fixture
def staff_on_record(db, demo, demo_users):
    """A request received at 7.28 and due on Monday 7 December, a failed and a waiting mail
    and a region-wide configuration change, all at 7.28 Helsinki time."""
    turku = centre_by_key(db.session, "turku")
    req = make_request(db.session, turku, created_at=RECEIVED, due_at=DUE, commit=False)
    failed = outbox.enqueue(db.session, kind="daily_digest", recipient=turku.notification_email,
                            language="fi", subject="x", body_text="x")
    waiting = outbox.enqueue(db.session, kind="daily_digest", recipient=turku.notification_email,
                             language="fi", subject="y", body_text="y")
    failed.status = OutboxStatus.FAILED
    change = history.record(db.session, region_id=turku.region_id, municipality_code=None,
                            actor_id=None, entity="region", entity_id=None, action="changed",
                            changes={"fallback_centre_id": [None, turku.id]})
    db.session.flush()
    for row in (failed, waiting, change):
        row.created_at = RECEIVED
    db.session.commit()
    return req


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_pages_show_the_one_format_of_their_language(db, staff_on_record, demo_users,
                                                           fast_sign_in, lang):
    for role in ("staff", "region_admin"):
        demo_users[role].language = lang
    db.session.commit()
    req = staff_on_record
    staff = fast_sign_in("staff")
    queue = staff.get("/staff/requests").get_data(as_text=True)
    page = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    admin = fast_sign_in("region_admin")
    outbox_page = admin.get("/admin/outbox/").get_data(as_text=True)
    audit = admin.get("/admin/audit").get_data(as_text=True)
    changes = admin.get("/admin/region/history").get_data(as_text=True)

    assert MOMENT[lang] in queue and DUE_MOMENT[lang] in queue
    assert MOMENT[lang] in page and DUE_MOMENT[lang] in page  # received, due and the timeline
    assert "+358 40 123 4567" in page  # the family's phone, grouped (stored +358401234567)
    assert visible_text(outbox_page).count(MOMENT[lang]) == 2  # the oldest waiting, the failed
    assert MOMENT[lang] in audit  # the request's arrival
    assert MOMENT[lang] in changes
    for html in (queue, page, outbox_page, audit, changes):
        assert_one_format(html, lang)


@pytest.mark.parametrize("lang, sentence", [
    ("fi", "viimeistään maanantaina 7. joulukuuta 2026"),
    ("sv", "senast måndag 7 december 2026"),
    ("en", "by Monday 7 December 2026 at the latest"),
])
def test_the_familys_mail_says_the_due_day_as_a_sentence(
        db, demo, lang, sentence):
    turku = centre_by_key(db.session, "turku")
    req = make_request(db.session, turku, created_at=RECEIVED, due_at=DUE, ui_language=lang,
                       contact=FAMILY, wants_email=True, commit=False)
    notifications.confirm_to_family(db.session, req, "https://apua.example.invalid/x")
    db.session.commit()
    message = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.request_id == req.id))
    for part in (message.body_text, message.body_html):
        assert sentence in visible_text(part)
        assert_one_format(part, lang)


WEEKDAY_SENTENCE = {
    "fi": r"viimeistään (maanantaina|tiistaina|keskiviikkona|torstaina|perjantaina) "
          r"\d{1,2}\. [a-zäö]+kuuta \d{4}",
    "sv": r"senast (måndag|tisdag|onsdag|torsdag|fredag) \d{1,2} [a-zäö]+ \d{4}",
    "en": r"by (Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+ \d{4} at the latest",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_confirmation_page_says_the_due_day_as_a_sentence(
        app, client, db, demo, form, lang):  # noqa: F811  (fixture)
    form.send(lang=lang)
    html = visible_text(client.get(f"/{lang}/confirmation").get_data(as_text=True))
    req = db.session.scalar(sa.select(HelpRequest))
    with app.test_request_context():
        expected = formatting.long_day(req.due_at, lang)
    assert expected in html
    assert re.search(WEEKDAY_SENTENCE[lang], html), html
    assert_one_format(html, lang)


def test_a_finnish_statistics_page_writes_finnish_numbers_and_the_csv_stays_iso(
        db, stats_data, fast_sign_in, demo_users):  # noqa: F811  (fixture)
    demo_users["region_admin"].language = "fi"
    db.session.commit()
    client = fast_sign_in("region_admin")
    query = "from=2026-11-02&to=2026-11-22"
    html = client.get(f"/admin/statistics/?{query}").get_data(as_text=True)
    # The median of 30 hours to the first contact, with the Finnish decimal comma.
    assert "30,0" in visible_text(html) and "30.0" not in visible_text(html)
    axis = re.findall(r'<text class="axis"[^>]*>([^<]*)</text>', html)
    assert axis and all(value.replace(NBSP, "").isdigit() for value in axis), axis
    assert "Viikko, joka alkaa 2.11." in html
    assert_one_format(html, "fi")

    rows = list(csv.reader(io.StringIO(
        client.get(f"/admin/statistics/statistics.csv?{query}").get_data(as_text=True))))
    values = {row[0]: row[3] for row in rows}
    assert values["period_from"] == "2026-11-02" and values["period_to"] == "2026-11-22"
    assert values["first_contact_median_hours"] == "30.0"
    assert ["weeks", "2026-11-02"] in [row[:2] for row in rows]


# ----------------------------------------------------------------------------- one home

ROOT = Path(__file__).resolve().parents[2]
# Babel's own formatters and filters, or strftime, anywhere but helpbutton/formatting.py would
# bring a second format back (flask_babel's `datetimeformat('short')` is US English in en).
SECOND_FORMAT = re.compile(
    r"\|\s*(datetimeformat|dateformat|timeformat|timedeltaformat)\b|\.strftime\(|"
    r"(?<!phonenumbers\.)\bformat_(date|datetime|time|decimal|number|percent|currency|timedelta)\b")
# Not shown to anybody: a Message-ID's time stamp.
NOT_SHOWN = {"helpbutton/mail/outbox.py": ['strftime("%Y%m%d%H%M%S")']}


def test_pages_and_mail_format_only_through_the_one_home():
    found = []
    files = [*ROOT.glob("helpbutton/**/*.py"), *ROOT.glob("templates/**/*.html"),
             *ROOT.glob("templates/**/*.txt")]
    for path in files:
        name = path.relative_to(ROOT).as_posix()
        if name == "helpbutton/formatting.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SECOND_FORMAT.search(line) and not any(
                    allowed in line for allowed in NOT_SHOWN.get(name, ())):
                found.append(f"{name}:{number}: {line.strip()}")
    assert files
    assert not found, "\n".join(found)
