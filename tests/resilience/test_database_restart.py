"""PostgreSQL stopped and started again while families keep sending the form.

The test runs a PostgreSQL server of its own (tests/resilience/conftest.py `own_postgres`) and the
app in a threaded server on it. While families send requests the database is stopped, then
started again. Every answer must be a confirmation or a clean 503 page in the family's language
that keeps what was typed and shows the emergency numbers, never a 500; the form still opens; the
app recovers without a restart; and in the end the database holds exactly the confirmed
requests, a failed request sent again after recovery stored once.
"""
import logging
import threading
import time
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from helpbutton import create_app
from helpbutton.extensions import db
from helpbutton.intake.operations import stored_submission_key
from helpbutton.models import Channel
from tests.public.conftest import hidden_fields
from tests.resilience.conftest import (
    CHEAP_ARGON2,
    NO_RATE_LIMIT,
    Family,
    prepare_database,
    reference_on,
    serve_in_thread,
)

CLIENTS = 4
LANGUAGES = ("fi", "sv")
SECONDS_DOWN = 2.0
SECONDS_UP_AGAIN = 2.0
# The notice on the 503 page, in each language (its opening words).
NOT_SAVED = {"fi": "Emme juuri nyt voineet tallentaa", "sv": "Vi kunde inte spara din begäran"}


@pytest.fixture
def served(own_postgres):
    prepare_database(own_postgres.url)
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": own_postgres.url,
        "SECRET_KEY": "restart-test-secret-key-long-enough-0000",
        "PUBLIC_FORM_RATE_LIMIT": NO_RATE_LIMIT,
        "PUBLIC_FORM_ATTEMPT_LIMIT": NO_RATE_LIMIT,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SUPPRESS_SEND": True,
        **CHEAP_ARGON2,
    })
    with app.app_context():
        emergency_phone = db.session.scalar(sa.text(
            "SELECT r.social_emergency_phone FROM region r JOIN municipality m"
            " ON m.region_id = r.id WHERE m.code = '853'"))  # the demo's example number
        db.session.remove()
    with serve_in_thread(app) as base_url:
        yield app, base_url, emergency_phone
    with app.app_context():
        db.engine.dispose()


@dataclass
class Attempt:
    family: Family
    data: dict
    started: float
    status: int | None = None  # of the POST
    reference: str | None = None  # shown on the confirmation page


@dataclass
class Record:
    lock: threading.Lock = field(default_factory=threading.Lock)
    attempts: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def add(self, attempt):
        with self.lock:
            self.attempts.append(attempt)

    def problem(self, text):
        with self.lock:
            self.problems.append(text[:300])


def check_clean_unavailable_page(answer, family, data, emergency_phone):
    """A 503 in the family's language, with everything typed still in the form."""
    page = answer.text
    assert answer.status == 503, answer.status
    assert f'<html lang="{family.lang}" dir="ltr">' in page
    assert NOT_SAVED[family.lang] in page
    assert data["description"] in page and data["phone"] in page
    assert 'href="tel:112"' in page and emergency_phone in page
    assert "Traceback" not in page
    kept = hidden_fields(page)
    # The same submission key: sending again cannot make a second request.
    assert kept["submission_key"] == data["submission_key"] and kept["csrf_token"]


def _attempt(base_url, number, record, emergency_phone):
    family = Family(base_url, lang=LANGUAGES[number % len(LANGUAGES)], timeout=15)
    page = family.get(f"/{family.lang}/")
    if page.status != 200:  # the form must open even while the database is away
        return record.problem(f"form page answered {page.status}")
    attempt = Attempt(family, family.form_data(hidden_fields(page.text)), time.monotonic())
    answer = family.send(attempt.data)
    attempt.status = answer.status
    record.add(attempt)
    if answer.status == 302:
        shown = family.confirmation()
        if shown.status == 200:
            attempt.reference = reference_on(shown)
        elif shown.status != 503:  # stored, but the page waits for the database: 503 is fine
            record.problem(f"confirmation answered {shown.status}")
    elif answer.status == 503:
        check_clean_unavailable_page(answer, family, attempt.data, emergency_phone)
    else:
        record.problem(f"submit answered {answer.status}")


def _keep_submitting(base_url, first, stop, record, emergency_phone):
    number = first
    while not stop.is_set():
        try:
            _attempt(base_url, number, record, emergency_phone)
        except Exception as error:  # noqa: BLE001  (every failure is reported)
            record.problem(f"{type(error).__name__}: {error}")
        number += CLIENTS


def _wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_database_restart_during_submissions_loses_nothing(served, own_postgres, caplog):
    app, base_url, emergency_phone = served
    caplog.set_level(logging.WARNING)
    record, stop = Record(), threading.Event()
    clients = [threading.Thread(target=_keep_submitting,
                                args=(base_url, n, stop, record, emergency_phone))
               for n in range(CLIENTS)]
    for client in clients:
        client.start()
    try:
        _wait_for(lambda: sum(a.reference is not None for a in record.attempts) >= 5, 10)
        # Sent and stored just before the outage; its confirmation page is opened during it.
        slow = Family(base_url, lang="fi")
        slow_attempt = Attempt(slow, slow.open_form(), time.monotonic())
        assert slow.send(slow_attempt.data).status == 302
        own_postgres.stop()
        # Forget that the form's choices are fresh, so that opening the form must do without
        # the database, on the last known choices.
        app.extensions["public_form_choices"]["at"] = float("-inf")
        went_down = time.monotonic()

        family = Family(base_url, lang="sv")
        data = family.open_form()
        check_clean_unavailable_page(family.send(data), family, data, emergency_phone)
        waiting = slow.confirmation()  # stored, but cannot be shown yet: a calm 503, not a 500
        assert waiting.status == 503, waiting.status
        assert '<html lang="fi" dir="ltr">' in waiting.text and 'href="tel:112"' in waiting.text
        time.sleep(max(0.0, SECONDS_DOWN - (time.monotonic() - went_down)))

        own_postgres.start()
        came_back = time.monotonic()
        time.sleep(SECONDS_UP_AGAIN)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)

    assert record.problems == []
    before = [a for a in record.attempts if a.started < went_down]
    during = [a for a in record.attempts if went_down < a.started < came_back]
    after = [a for a in record.attempts if a.started > came_back]
    assert any(a.reference for a in before)
    assert any(a.status == 503 for a in during)
    # Recovered without a restart of the app: every request begun since is stored and shown.
    assert after and all(a.status == 302 and a.reference for a in after)
    # Nothing went to the app's or the server's error log (an unhandled exception would).
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR
                and r.name.split(".")[0] in {app.logger.name, "werkzeug"}]

    # The family whose confirmation page waited for the database sees it on reloading, with
    # the follow-up link that is shown only once.
    shown = slow.confirmation()
    slow_attempt.reference = reference_on(shown)
    assert "/fi/follow-up/" in shown.text
    for attempt in (a for a in record.attempts if a.status == 302 and not a.reference):
        attempt.reference = reference_on(attempt.family.confirmation())
    # Those who got the 503 press Send request again: stored now, and once only.
    failed = [a for a in record.attempts if a.status == 503] + [Attempt(family, data, 0.0, 503)]
    for attempt in failed:
        answer = attempt.family.send(attempt.data)
        assert answer.status == 302, answer.status
        attempt.reference = reference_on(attempt.family.confirmation())
    again = failed[0].family.send(failed[0].data)
    assert again.status == 302
    assert reference_on(failed[0].family.confirmation()) == failed[0].reference

    confirmed = {(stored_submission_key(Channel.WEB, None, a.data["submission_key"]),
                  a.reference) for a in [*record.attempts, failed[-1], slow_attempt]}
    with app.app_context():
        stored = db.session.execute(
            sa.text("SELECT submission_key, reference FROM help_request")).all()
        db.session.remove()
    assert len(stored) == len(confirmed)
    assert set(map(tuple, stored)) == confirmed
