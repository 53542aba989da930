"""A forwarded request tells its former centre where it went; the timeline collapses views."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from helpbutton.models import EventKind, RequestEvent
from helpbutton.triage import timeline
from tests.factories import make_request
from tests.triage.conftest import OTHER_STAFF, STAFF
from tests.triage.test_queue_web import csrf_on, events, post  # noqa: F401 (fixture)


def finnish_day(moment: datetime) -> str:
    """How Finnish and Swedish pages write the day of an instant: "2.12.2026" in Helsinki."""
    local = moment.astimezone(ZoneInfo("Europe/Helsinki"))
    return f"{local.day}.{local.month}.{local.year}"


def test_the_worker_who_forwarded_a_request_is_told_where_it_went(db, turku, loimaa,
                                                                  client_for, csrf_on,
                                                                  people):
    req = make_request(db.session, turku)
    staff = client_for(STAFF)
    post(staff, req, "forward", {"forward-centre": str(loimaa.id),
                                 "forward-reason": "Perhe muutti Loimaalle."})
    views = len(events(req, EventKind.VIEWED))  # the page opened before the forward
    response = staff.get(f"/staff/requests/{req.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    forwarded = events(req, EventKind.FORWARDED)[0].created_at
    assert f"Pyyntö siirrettiin keskukseen {loimaa.name('fi')}" in html
    # The date as every Finnish staff page writes one (e.g. "2.12.2026"), the day in Helsinki.
    assert f"{loimaa.name('fi')} {finnish_day(forwarded)}" in html
    # Nothing of the family: no name, contact, description, reason or reference.
    for private in ("Maija Meikäläinen", "+358401234567", "Perhe muutti Loimaalle.",
                    req.reference, req.description):
        assert private not in html
    # Nor is the page a view of the request.
    assert len(events(req, EventKind.VIEWED)) == views


def test_the_forward_date_is_in_the_users_language(db, turku, loimaa, client_for, csrf_on,
                                                   people):
    req = make_request(db.session, turku)
    people["staff"].language = "sv"
    db.session.commit()
    staff = client_for(STAFF)
    post(staff, req, "forward", {"forward-centre": str(loimaa.id), "forward-reason": "Flytt."})
    html = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    forwarded = events(req, EventKind.FORWARDED)[0].created_at
    assert f"skickades vidare till {loimaa.name('sv')} den {finnish_day(forwarded)}" in html


def test_someone_who_never_had_the_request_still_gets_not_found(db, turku, loimaa, client_for,
                                                                csrf_on, people):
    """Staff of the receiving centre's neighbour, or of a centre it was never with: 404."""
    req = make_request(db.session, loimaa)
    other = client_for(OTHER_STAFF)  # Loimaa's worker forwards it to Turku
    post(other, req, "forward", {"forward-centre": str(turku.id), "forward-reason": "x"})
    assert other.get(f"/staff/requests/{req.id}").status_code == 200
    ours = make_request(db.session, turku)
    guessed = other.get(f"/staff/requests/{ours.id}")  # never Loimaa's
    assert guessed.status_code == 404
    assert guessed.get_data() == other.get("/staff/requests/999999").get_data()


def test_one_persons_views_of_a_day_are_one_entry_with_a_count(db, turku, client_for, people,
                                                                csrf_on):
    req = make_request(db.session, turku)
    staff = client_for(STAFF)
    post(staff, req, "claim")
    post(staff, req, "note", {"note-text": "Soitan huomenna."})
    for _ in range(2):
        staff.get(f"/staff/requests/{req.id}")
    views = len(events(req, EventKind.VIEWED))
    assert views >= 4  # every page load: before each action and after
    html = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert len(events(req, EventKind.VIEWED)) == views + 1  # all kept in the audit trail
    assert html.count("Avasi pyynnön") == 1
    assert f"Avasi pyynnön, {views + 1} kertaa tänään." in html
    assert "Otti pyynnön itselleen." in html  # the claim still shows
    assert "Soitan huomenna." in html


def test_views_collapse_per_person_and_per_day(app, db, turku, people):
    req = make_request(db.session, turku)
    day1 = datetime(2026, 11, 2, 8, tzinfo=UTC)
    staff, lead = people["staff"], people["lead"]
    for actor, at in [(staff, day1), (staff, day1 + timedelta(hours=1)), (lead, day1),
                      (staff, day1 + timedelta(hours=2)), (staff, day1 + timedelta(days=1))]:
        db.session.add(RequestEvent(request_id=req.id, kind=EventKind.VIEWED, actor_id=actor.id,
                                    created_at=at))
    db.session.commit()
    found = db.session.scalars(sa.select(RequestEvent).where(RequestEvent.request_id == req.id)
                               .order_by(RequestEvent.id)).all()
    with app.test_request_context():
        shown = timeline.entries(found, str, str, now=day1 + timedelta(days=1, hours=3))
    opened = [(e.actor, e.count, e.sentence) for e in shown if e.kind == "viewed"]
    assert opened == [
        (staff.display_name, 3, "Avasi pyynnön, 3 kertaa sinä päivänä."),  # Finnish by default
        (lead.display_name, 1, "Avasi pyynnön."),
        (staff.display_name, 1, "Avasi pyynnön."),
    ]
