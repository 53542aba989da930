"""Load: many families send the real form at once, under gunicorn on PostgreSQL.

Each simulated family opens the form, sends it with the CSRF token and submission key from the
page, and follows the redirect to the confirmation that shows its reference. Some families send
twice (a double click, one after the other or both at once): that must still be one request.
Afterwards the database must hold exactly the requests that were confirmed, no more, no fewer.

PostgreSQL only: concurrent writers on SQLite are out of scope.
"""
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from helpbutton.intake.operations import stored_submission_key
from helpbutton.models import Channel
from tests.public.conftest import hidden_fields
from tests.resilience.conftest import Family, gunicorn_server, prepare_database, reference_on

CLIENTS = 12
SECONDS = 10
LANGUAGES = ("fi", "sv", "en")
# Every client through at least two families: well below what two workers manage in ten
# seconds on a busy machine (over 40 on two shared cores under other load), so that a slow
# neighbour on the machine cannot fail the test, yet proof that the clients really overlapped.
ENOUGH_CONFIRMATIONS = 2 * CLIENTS


@pytest.fixture
def load_database(make_postgres_database):
    url = make_postgres_database()
    prepare_database(url)
    return url


class Tally:
    """What the families saw, gathered from all client threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.statuses = Counter()
        self.failures = []  # connection errors and unexpected answers, by kind only
        self.references = defaultdict(set)  # submission key → references shown for it
        self.sent_twice = Counter()  # "after" / "together"

    def answered(self, answer):
        with self._lock:
            self.statuses[answer.status] += 1
        return answer

    def confirmed(self, key, reference):
        with self._lock:
            self.references[key].add(reference)

    def failed(self, error):
        with self._lock:
            self.failures.append(f"{type(error).__name__}: {error}"[:200])


def _send_and_confirm(family, data, tally):
    answer = tally.answered(family.send(data))
    assert answer.status == 302 and answer.location.endswith("/confirmation"), answer.status
    tally.confirmed(data["submission_key"], reference_on(tally.answered(family.confirmation())))


def _one_family(base_url, number, tally):
    family = Family(base_url, lang=LANGUAGES[number % len(LANGUAGES)])
    page = tally.answered(family.get(f"/{family.lang}/"))
    assert page.status == 200, page.status
    data = family.form_data(hidden_fields(page.text))
    _send_and_confirm(family, data, tally)
    if number % 7 == 3:  # the same page sent again after its answer
        _send_and_confirm(family, data, tally)
        tally.sent_twice["after"] += 1
    elif number % 7 == 5:  # a double click: two sends of the same page at the same moment
        second = threading.Thread(target=_guarded, args=(_send_and_confirm, family, data, tally))
        second.start()
        _send_and_confirm(family, data, tally)
        second.join()
        tally.sent_twice["together"] += 1


def _guarded(work, *args):
    tally = args[-1]
    try:
        work(*args)
    except Exception as error:  # noqa: BLE001  (every failure is counted and reported)
        tally.failed(error)


def _client(base_url, first_number, deadline, tally):
    number = first_number
    while time.monotonic() < deadline:
        _guarded(_one_family, base_url, number, tally)
        number += CLIENTS


def test_concurrent_submissions_are_all_stored_once_and_confirmed(load_database, tmp_path):
    tally = Tally()
    with gunicorn_server(load_database, tmp_path / "gunicorn.log", workers=2) as server:
        started = time.monotonic()
        deadline = started + SECONDS
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            for future in [pool.submit(_client, server.base_url, n, deadline, tally)
                           for n in range(CLIENTS)]:
                future.result()
        elapsed = time.monotonic() - started
    server_log = server.log.read_text()

    confirmed = dict(tally.references)
    engine = sa.create_engine(load_database)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                sa.text("SELECT submission_key, reference FROM help_request")).all()
    finally:
        engine.dispose()

    print(f"{len(confirmed)} requests confirmed in {elapsed:.1f} s by {CLIENTS} clients; "
          f"answers {dict(tally.statuses)}; sent twice {dict(tally.sent_twice)}")
    assert tally.failures == []
    assert set(tally.statuses) <= {200, 302}, tally.statuses
    assert "Traceback" not in server_log, server_log[-3000:]
    assert len(confirmed) >= ENOUGH_CONFIRMATIONS, (len(confirmed), elapsed)
    # A page sent twice is one request, shown with one reference.
    assert tally.sent_twice["after"] and tally.sent_twice["together"], tally.sent_twice
    assert all(len(refs) == 1 for refs in confirmed.values())
    references = [ref for refs in confirmed.values() for ref in refs]
    assert len(set(references)) == len(references)
    # The database holds exactly the confirmed requests.
    assert len(stored) == len(confirmed)
    assert {(key, ref) for key, ref in stored} == {  # keys are stored namespaced, hashed
        (stored_submission_key(Channel.WEB, None, key), ref)
        for key, refs in confirmed.items() for ref in refs}
