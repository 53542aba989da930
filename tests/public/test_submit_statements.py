"""One submission of the public form reads each row it needs once (bench/profile_submit.py,
docs/benchmarks.md "Submit path profile"): the family's wait is mostly the database's
answers."""
import re

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.engine.interfaces import CacheStats

from helpbutton.models import Centre, HelpRequest, OutboxMessage, Region, Topic
from helpbutton.routing_admin import operations as routing_admin
from tests.factories import centre as centre_by_key


def _statements_of(db, call, compiled=None):
    seen = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()).lower())
        if compiled is not None:
            compiled.append((seen[-1][:40], getattr(context, "cache_hit", None)))
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        response = call()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    return response, seen


def test_a_submission_reads_its_municipality_topic_and_key_once_and_writes_the_request_once(
        client, db, demo, form):
    assert form.send().status_code == 302  # the first one also loads the router's cache
    hidden = form.open()
    response, seen = _statements_of(db, lambda: form.send(hidden=hidden))
    assert response.status_code == 302

    def count(pattern):
        return sum(1 for s in seen if re.match(pattern, s))
    assert count(r"select municipality\.") == 1  # its county joined to it
    assert count(r"select region\.") == 0
    assert count(r"select topic\.") == 0  # the county's topics: per process, by its version
    assert count(r"select partner\.") == 0  # the partners with networks: per process
    assert count(r"select centre\.") == 0  # its mail's address and name: per process
    assert count(r"select help_request\.") == 1  # sent before? and seen before? are one
    assert count(r"insert into help_request") == 1
    assert count(r"update help_request") == 0  # the confirmation's handle went in with it
    stored = db.session.scalar(sa.select(HelpRequest).order_by(HelpRequest.id.desc()).limit(1))
    assert stored.confirmation_handle_hash and stored.routing_trace and stored.due_at
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 2
    # The confirmation finds the request by the handle stored with it.
    html = client.get("/fi/confirmation").get_data(as_text=True)
    assert stored.reference in html and "/fi/follow-up/" in html


def test_the_same_page_sent_again_shows_the_same_request_and_stores_nothing(
        client, db, demo, form):
    hidden = form.open()
    assert form.send(hidden=hidden).status_code == 302
    first = client.get("/fi/confirmation").get_data(as_text=True)
    assert form.send(hidden=hidden).status_code == 302
    again = client.get("/fi/confirmation").get_data(as_text=True)
    [stored] = db.session.scalars(sa.select(HelpRequest)).all()
    assert stored.reference in first and stored.reference in again
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1


def test_a_topic_the_administrator_turns_off_is_refused_from_the_next_submission(
        client, db, demo, form):
    assert form.send().status_code == 302  # "parenting" now known to this process
    region = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    topic = db.session.scalar(sa.select(Topic).where(Topic.region_id == region.id,
                                                     Topic.code == "parenting"))
    draft = routing_admin.TopicDraft(
        code=topic.code, label_fi=topic.label_fi, label_sv=topic.label_sv,
        label_en=topic.label_en, position=topic.position, active=False)
    routing_admin.save_topic(db.session, routing_admin.Actor(region, None), draft, topic)
    db.session.commit()

    response = form.send()
    assert response.status_code == 422
    assert "Valitse, mihin toivot apua." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 1


def _centre_mails(db) -> list[tuple[str, str]]:
    return [(m.recipient, m.subject) for m in db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "centre_new_request")
        .order_by(OutboxMessage.id))]


def test_a_centres_new_address_and_name_get_the_next_requests_mail(client, db, demo, form):
    """The centre's part of its mail is kept per process under the county's routing version:
    changed by an administrator here, or in another process (the version bumped there), the
    next request's mail goes to the new address under the new name."""
    turku = centre_by_key(db.session, "turku")
    old_address = turku.notification_email
    assert form.send().status_code == 302
    region = db.session.get(Region, turku.region_id)
    draft = routing_admin.CentreDraft(
        name_fi="Turun uusi perhekeskus", name_sv=turku.name_sv, name_en=turku.name_en,
        languages=list(turku.languages), serves=[m.code for m in turku.municipalities],
        notification_email="uusi.osoite@example.invalid", phone=turku.phone,
        hours_fi=turku.hours_fi, hours_sv=turku.hours_sv, hours_en=turku.hours_en)
    routing_admin.save_centre(db.session, routing_admin.Actor(region, None),
                              turku.host_municipality_code, draft, turku)
    db.session.commit()
    assert form.send().status_code == 302

    # As another process changes it: no event of this one's sees the write, only the version.
    db.session.execute(sa.update(Centre).where(Centre.id == turku.id).values(
        notification_email="kolmas@example.invalid", name_fi="Turun kolmas perhekeskus"))
    db.session.execute(sa.update(Region).where(Region.id == region.id).values(
        routing_version=Region.routing_version + 1))
    db.session.commit()
    assert form.send().status_code == 302

    [first, second, third] = _centre_mails(db)
    assert first[0] == old_address and "Turun uusi" not in first[1]
    assert second == ("uusi.osoite@example.invalid",
                      "Uusi yhteydenottopyyntö: Turun uusi perhekeskus")
    assert third[0] == "kolmas@example.invalid" and "Turun kolmas perhekeskus" in third[1]


def test_a_submission_compiles_no_statement_again(client, db, demo, form):
    """Every statement of a second submission comes from SQLAlchemy's cache of compiled SQL:
    a construct without a cache key (the dialects' INSERT … ON CONFLICT was one, for the day's
    counts) is compiled again on every execution."""
    assert form.send().status_code == 302
    compiled: list = []
    response, seen = _statements_of(db, lambda: form.send(hidden=form.open()), compiled)
    assert response.status_code == 302
    assert any(s.startswith("insert into statistics_day") for s in seen)
    again = [(s, hit) for s, hit in compiled if hit not in (CacheStats.CACHE_HIT, None)
             and not s.startswith(("savepoint", "release savepoint"))]  # nothing to compile
    assert again == []


def test_a_submission_flushes_its_request_once(client, db, demo, form):
    """The request, its events and its mail go in with their INSERTs; nothing marks the stored
    request changed afterwards (the confirmation's handle, derived again for the page, is the
    one stored with it), so the commit does not run the unit of work over it again."""
    assert form.send().status_code == 302
    flushes: list[tuple[set, set]] = []

    def before_flush(session, context, instances):
        flushes.append(({type(o).__name__ for o in session.new},
                        {type(o).__name__ for o in session.dirty}))
    sa.event.listen(so.Session, "before_flush", before_flush)
    try:
        assert form.send(hidden=form.open()).status_code == 302
    finally:
        sa.event.remove(so.Session, "before_flush", before_flush)
    assert any("HelpRequest" in new for new, _dirty in flushes)
    assert [dirty for _new, dirty in flushes if "HelpRequest" in dirty] == []
