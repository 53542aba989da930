"""The queue query: only the person's centres, filters, sorting, keyset paging, counts."""
from datetime import timedelta

import pytest

from helpbutton.accounts.principals import principal_for
from helpbutton.models import RequestStatus
from helpbutton.triage import queries as queue
from helpbutton.triage.queries import QueueFilters
from tests.factories import NOW, make_request


@pytest.fixture
def staff(people):
    return principal_for(people["staff"])


def refs(page) -> list[str]:
    return [r.reference for r in page.requests]


def test_another_centres_request_is_in_no_list_count_or_search(db, turku, loimaa, staff):
    ours = make_request(db.session, turku)
    theirs = make_request(db.session, loimaa, reference="LOIMAA0001")
    page = queue.queue_page(db.session, staff, QueueFilters(status="all"), now=NOW)
    assert refs(page) == [ours.reference]
    assert sum(page.counts.values()) == 1
    searched = queue.queue_page(db.session, staff, QueueFilters(reference="LOIMAA0001"),
                                now=NOW)
    assert searched.requests == []
    asked_for = queue.queue_page(db.session, staff, QueueFilters(centre=loimaa.id), now=NOW)
    assert asked_for.requests == []
    assert queue.find_visible(db.session, staff, theirs.id) is None
    assert queue.find_visible(db.session, staff, ours.id).id == ours.id


def test_someone_without_a_centre_sees_nothing(db, turku, demo_users):
    make_request(db.session, turku)
    admin = principal_for(demo_users["region_admin"])
    assert queue.queue_page(db.session, admin, QueueFilters(status="all")).requests == []


def test_open_newest_first_by_default_with_counts_per_status(db, turku, staff):
    old = make_request(db.session, turku, created_at=NOW - timedelta(days=2))
    new = make_request(db.session, turku, created_at=NOW - timedelta(hours=1))
    make_request(db.session, turku, status=RequestStatus.CLOSED)
    waiting = make_request(db.session, turku, status=RequestStatus.WAITING,
                           created_at=NOW - timedelta(days=1))
    page = queue.queue_page(db.session, staff, QueueFilters(), now=NOW)
    assert refs(page) == [new.reference, waiting.reference, old.reference]
    assert page.counts == {"new": 2, "in_progress": 0, "waiting": 1, "closed": 1}
    oldest = queue.queue_page(db.session, staff, QueueFilters(sort="oldest"), now=NOW)
    assert refs(oldest) == [old.reference, waiting.reference, new.reference]


@pytest.mark.parametrize("filters,expected", [
    (QueueFilters(status="new"), {"plain", "urgent", "overdue", "mine"}),
    (QueueFilters(status="waiting"), {"waiting"}),
    (QueueFilters(urgency="urgent"), {"urgent", "teen"}),
    (QueueFilters(urgency="normal"), {"plain", "overdue", "mine", "waiting"}),
    (QueueFilters(age_band="13-17"), {"teen"}),
    (QueueFilters(assignee="me"), {"mine"}),
    (QueueFilters(due="overdue"), {"overdue"}),
    (QueueFilters(due="today"), {"urgent"}),
    (QueueFilters(due="week"), {"urgent", "waiting"}),
    (QueueFilters.from_args({"q": " ab-cd "}), {"plain"}),  # as typed, by its start
])
def test_filters(db, turku, staff, people, filters, expected):
    made = {
        "plain": make_request(db.session, turku, reference="ABCD123456",
                              due_at=NOW + timedelta(days=10)),
        "urgent": make_request(db.session, turku, urgent=True, due_at=NOW + timedelta(hours=3)),
        "overdue": make_request(db.session, turku, due_at=NOW - timedelta(hours=1)),
        "mine": make_request(db.session, turku, assignee=people["staff"],
                             due_at=NOW + timedelta(days=10)),
        "waiting": make_request(db.session, turku, status=RequestStatus.WAITING,
                                due_at=NOW + timedelta(days=3)),
        "teen": make_request(db.session, turku, status=RequestStatus.IN_PROGRESS,
                             age_band="13-17", urgent=True,
                             due_at=NOW + timedelta(days=10)),
    }
    names = {v.reference: k for k, v in made.items()}
    page = queue.queue_page(db.session, staff, filters, now=NOW)
    assert {names[r] for r in refs(page)} == expected


def test_topic_filter_uses_the_code(db, turku, staff):
    first, second = _two_topics(db)
    a = make_request(db.session, turku, topic_code=first)
    make_request(db.session, turku, topic_code=second)
    page = queue.queue_page(db.session, staff, QueueFilters(topic=first), now=NOW)
    assert refs(page) == [a.reference]


def _two_topics(db):
    import sqlalchemy as sa

    from helpbutton.models import Topic

    return list(db.session.scalars(sa.select(Topic.code).order_by(Topic.id).limit(2)))


@pytest.mark.parametrize("sort", ["newest", "oldest", "due"])
def test_keyset_pages_cover_every_request_once(db, turku, staff, sort):
    made = []
    for i in range(23):
        # Some share their time: the id breaks the tie, so nothing repeats or goes missing.
        made.append(make_request(
            db.session, turku, created_at=NOW - timedelta(minutes=i // 2),
            due_at=NOW + timedelta(hours=(i * 7) % 5), commit=False))
    db.session.commit()
    seen, after = [], None
    for _ in range(10):
        page = queue.queue_page(db.session, staff, QueueFilters(sort=sort), after=after,
                                now=NOW, page_size=5)
        seen.extend(refs(page))
        after = page.next_cursor
        if after is None:
            break
    assert sorted(seen) == sorted(r.reference for r in made)
    assert len(seen) == len(set(seen)) == 23


def test_a_broken_cursor_shows_the_first_page(db, turku, staff):
    req = make_request(db.session, turku)
    for cursor in ("nonsense", "1.2.3", "9" * 40 + ".1", ""):
        page = queue.queue_page(db.session, staff, QueueFilters(), after=cursor, now=NOW)
        assert refs(page) == [req.reference]


def test_filters_from_query_arguments_ignore_what_they_do_not_know():
    filters = QueueFilters.from_args({"status": "bogus", "urgency": "urgent", "due": "x",
                                      "assignee": "'; drop", "q": " abc-12 ", "sort": "due",
                                      "centre": "12"})
    assert filters == QueueFilters(status="open", urgency="urgent", reference="ABC12",
                                   sort="due", centre=12)
    assert filters.as_args() == {"urgency": "urgent", "q": "ABC12", "centre": "12",
                                 "sort": "due"}


def test_workload_counts_open_requests_per_worker(db, turku, people):
    from helpbutton.triage import operations as triage

    make_request(db.session, turku, assignee=people["staff"], status=RequestStatus.IN_PROGRESS,
                 due_at=NOW - timedelta(hours=1))
    make_request(db.session, turku, assignee=people["staff"], status=RequestStatus.WAITING,
                 due_at=NOW + timedelta(days=1))
    make_request(db.session, turku, assignee=people["staff"], status=RequestStatus.CLOSED)
    make_request(db.session, turku)
    workers = triage.workers_of_centre(db.session, turku.id)
    loads = {(load.user.email if load.user else None): load
             for load in queue.workload(db.session, turku.id, workers, now=NOW)}
    staff = loads["turku.staff@example.invalid"]
    assert (staff.open, staff.in_progress, staff.waiting, staff.overdue) == (2, 1, 1, 1)
    assert loads["turku.lead@example.invalid"].open == 0
    assert loads[None].open == loads[None].new == 1
