"""The queue's tabs count each status up to a cap, so that a centre's years of closed requests
are not counted on every page view; past the cap a tab says "1000+" (here: "2+")."""
from datetime import timedelta

from helpbutton.accounts.principals import principal_for
from helpbutton.models import RequestStatus
from helpbutton.triage import queries as queue
from helpbutton.triage.queries import QueueFilters
from tests.factories import NOW, make_request


def test_counts_stop_at_the_cap_and_say_so(db, turku, people):
    staff = principal_for(people["staff"])
    for days in range(3):
        make_request(db.session, turku, status=RequestStatus.CLOSED,
                     created_at=NOW - timedelta(days=days + 10))
    make_request(db.session, turku)
    make_request(db.session, turku, status=RequestStatus.WAITING)

    counts = queue.status_counts(db.session, staff, QueueFilters(), now=NOW, cap=2)

    assert counts == {"new": 1, "in_progress": 0, "waiting": 1, "closed": 2}
    assert isinstance(counts["closed"], queue.AtLeast) and str(counts["closed"]) == "2+"
    assert str(counts["new"]) == "1"
    total = sum(counts.values())  # the "All" tab
    assert total == 4 and str(total) == "4+"
    exact = queue.status_counts(db.session, staff, QueueFilters(), now=NOW, cap=3)
    assert exact["closed"] == 3 and str(exact["closed"]) == "3"


def test_the_queue_page_shows_a_capped_count(db, turku, people, monkeypatch, fast_sign_in):
    monkeypatch.setattr(queue, "COUNT_CAP", 1)
    make_request(db.session, turku, status=RequestStatus.CLOSED)
    make_request(db.session, turku, status=RequestStatus.CLOSED)
    html = fast_sign_in("staff").get("/staff/requests").get_data(as_text=True)
    assert '<span class="count">(1+)</span>' in html
