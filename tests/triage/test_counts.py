"""The counts that say what to do next: a worker's new, urgent, overdue and own requests on the
front page and in the menu, each leading to exactly those requests in the queue; a lead's team
by worker; an administrator's list of what needs fixing; nobody counts what they may not see."""
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from helpbutton.models import (
    MessageAuthor,
    Municipality,
    OutboxMessage,
    OutboxStatus,
    Region,
    RequestMessage,
    RequestStatus,
    RoutingRule,
    User,
)
from helpbutton.routing_admin import coverage, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.common import today
from tests.factories import make_request
from tests.triage.conftest import LEAD, OTHER_STAFF, STAFF

TURKU_ADMIN = "turku.admin@example.invalid"
REGION_ADMIN = "region.admin@example.invalid"
VIOLENCE_TEAM = "Domestic Violence Team (example)"


@pytest.fixture
def english(db, demo):
    for user in db.session.scalars(sa.select(User)):
        user.language = "en"
    db.session.commit()


@pytest.fixture
def work(db, turku, loimaa, people):
    """Open requests of the Turku centre, one closed, and one of Loimaa's that Turku's
    workers may not see. Due times relative to now (the counts are of this moment)."""
    now = datetime.now(UTC)
    later, past = now + timedelta(days=3), now - timedelta(days=1)
    made = {
        "new": make_request(db.session, turku, due_at=later),
        "new_urgent": make_request(db.session, turku, due_at=later, urgent=True),
        "mine_overdue": make_request(db.session, turku, due_at=past, assignee=people["staff"],
                                     status=RequestStatus.IN_PROGRESS),
        "leads": make_request(db.session, turku, due_at=later, assignee=people["lead"],
                              status=RequestStatus.WAITING),
        "closed": make_request(db.session, turku, due_at=past, urgent=True,
                               status=RequestStatus.CLOSED),
        "loimaa": make_request(db.session, loimaa, due_at=past, urgent=True),
    }
    # The family of one open request wrote (unread); so did a closed one's and Loimaa's.
    for key in ("leads", "closed", "loimaa"):
        db.session.add(RequestMessage(request_id=made[key].id, author=MessageAuthor.FAMILY,
                                      body="Soittakaa mieluummin iltaisin"))
    db.session.commit()
    return made


def references(html: str) -> set[str]:
    return set(re.findall(r'class="reference">([A-Z0-9]+)<', html))


def count_links(html: str) -> dict[str, tuple[str, str]]:
    """The front page's counts: name → (link, words)."""
    return {name: (href.replace("&amp;", "&"), words.strip()) for name, href, words in
            re.findall(r'<li class="work-count work-count-(\w+)[^"]*"><a href="([^"]+)">'
                       r'([^<]+)</a>', html)}


def test_a_workers_counts_on_the_front_page_lead_to_exactly_those_requests(
        db, english, work, client_for):
    client = client_for(STAFF)
    html = client.get("/staff/").get_data(as_text=True)
    links = count_links(html)
    assert {name: words for name, (_, words) in links.items()} == {
        "new": "2 new, not claimed", "urgent": "1 urgent", "overdue": "1 overdue",
        "mine": "1 held by you", "unread": "1 with an unread message"}
    expected = {"new": {work["new"].reference, work["new_urgent"].reference},
                "urgent": {work["new_urgent"].reference},
                "overdue": {work["mine_overdue"].reference},
                "mine": {work["mine_overdue"].reference},
                "unread": {work["leads"].reference}}
    for name, (href, _) in links.items():
        assert references(client.get(href).get_data(as_text=True)) == expected[name], name
    # The queue's own filters, nothing made up for the counts.
    assert links["new"][0] == "/staff/requests?assignee=none"
    assert links["urgent"][0] == "/staff/requests?urgency=urgent"
    assert links["mine"][0] == "/staff/requests?assignee=me"
    assert links["unread"][0] == "/staff/requests?messages=unread"


def test_the_menu_shows_the_same_counts_on_every_staff_page(db, english, work, client_for):
    html = client_for(STAFF).get("/staff/account").get_data(as_text=True)
    menu = html.split('aria-label="Staff menu"')[1].split("</nav>")[0]
    badges = dict(re.findall(r'class="badge badge-count badge-(\w+)" href="[^"]+">([^<]+)<', menu))
    assert badges == {"new": "2 new, not claimed", "urgent": "1 urgent", "overdue": "1 overdue",
                      "mine": "1 held by you", "unread": "1 with an unread message"}


def test_a_lead_counts_their_own_and_sees_the_team(db, english, work, client_for):
    html = client_for(LEAD).get("/staff/").get_data(as_text=True)
    words = {name: w for name, (_, w) in count_links(html).items()}
    assert words["mine"] == "1 held by you" and words["new"] == "2 new, not claimed"
    team = html.split('id="team-title"')[1].split("</section>")[0]
    rows = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td>(\d+)</td>', team)
    assert ("Tero Työntekijä", "1") in rows and ("Tiina Tiiminvetäjä", "1") in rows
    assert ("Nobody (in the queue)", "2") in rows
    assert '<span class="badge badge-overdue">1</span>' in team  # Tero's overdue one
    # A worker who leads nothing has no team on the page.
    staff_html = client_for(STAFF).get("/staff/").get_data(as_text=True)
    assert "Open requests of your centres" in staff_html and 'id="team-title"' not in staff_html


def test_another_centres_worker_counts_only_their_own(db, english, work, client_for):
    html = client_for(OTHER_STAFF).get("/staff/").get_data(as_text=True)
    words = {name: w for name, (_, w) in count_links(html).items()}
    assert words == {"new": "1 new, not claimed", "urgent": "1 urgent", "overdue": "1 overdue",
                     "mine": "0 held by you", "unread": "1 with an unread message"}


def test_an_administrator_counts_no_requests(db, english, work, client_for):
    html = client_for(TURKU_ADMIN).get("/staff/").get_data(as_text=True)
    assert "Needs your attention" in html
    assert "work-count" not in html and "badge-count" not in html
    assert "not claimed" not in html


# --- the menu's count is one statement ------------------------------------------------------

def test_the_menu_counts_with_one_statement_however_many_requests(db, app, turku, client_for):
    client = client_for(STAFF)
    seen = []
    for total in (2, 30):
        for _ in range(total):
            make_request(db.session, turku, commit=False, urgent=True)
        db.session.commit()
        statements = []

        def keep(conn, cursor, statement, *args, statements=statements):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", keep)
        try:
            assert client.get("/staff/account").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", keep)
        seen.append((len(statements), sum("help_request" in s for s in statements)))
    assert seen[0] == seen[1] and seen[0][1] == 1, seen


# --- an administrator's attention -------------------------------------------------------------

def _gaps(db, code: str) -> int:
    municipality = db.session.get(Municipality, code)
    region = db.session.get(Region, municipality.region_id)
    report = coverage.coverage(
        routing_service.router_for(db.session, region), code,
        store.topic_codes(db.session, region), today(), store.centre_languages(db.session, region),
        staffed=store.staffed_centre_ids(db.session, region))
    return len(report.gaps)


def attention(html: str) -> str:
    return html.split('id="attention-title"')[1].split("</section>")[0]


def test_a_municipality_administrator_sees_the_gaps_of_their_municipality(
        db, english, client_for):
    gaps = _gaps(db, "853")
    assert gaps  # the demo routes most combinations to Turku's default centre
    html = attention(client_for(TURKU_ADMIN).get("/staff/").get_data(as_text=True))
    assert f'<a href="/admin/m/853/coverage">Turku: {gaps} gaps in coverage</a>' in html
    # Only Turku: Loimaa is another administrator's; failed mail is the region's to send again.
    assert "/admin/m/430/coverage" not in html and "/admin/outbox/" not in html


def test_the_region_administrator_sees_gaps_unstaffed_centres_and_failed_mail(
        db, english, client_for):
    region = db.session.scalar(sa.select(Region).where(Region.name_fi == "Varsinais-Suomi"))
    codes = [m.code for m in db.session.scalars(
        sa.select(Municipality).where(Municipality.region_id == region.id))]
    total = sum(_gaps(db, code) for code in codes)
    client = client_for(REGION_ADMIN)
    html = attention(client.get("/staff/").get_data(as_text=True))
    assert f'<a href="/admin/coverage">{total} gaps in coverage</a>' in html
    assert "could not be sent" not in html and VIOLENCE_TEAM not in html

    db.session.add(OutboxMessage(kind="daily_digest",  # to a centre of the county
                                 recipient="perhekeskus.turku@example.invalid", subject="-",
                                 body_text="-", status=OutboxStatus.FAILED, attempts=5))
    db.session.scalar(sa.select(User).where(
        User.email == "safety.staff@example.invalid")).active = False
    db.session.commit()
    html = attention(client.get("/staff/").get_data(as_text=True))
    assert '<a href="/admin/outbox/">1 message could not be sent</a>' in html
    assert "1 centre receives requests but nobody works there:" in html
    assert re.search(r'<a href="/admin/m/\d+/centres/\d+">' + re.escape(VIOLENCE_TEAM), html)


def test_nothing_needs_attention_when_every_combination_has_its_rule(db, english, client_for):
    client = client_for(TURKU_ADMIN)
    assert "Nothing needs your attention." not in client.get("/staff/").get_data(as_text=True)
    # Turku's only real gaps are in English (its centres serve in Finnish and Swedish; a
    # default-centre answer is no gap): a first rule sends English to the region's service
    # guidance, which serves in English too.
    turku = db.session.get(Municipality, "853")
    region = db.session.get(Region, turku.region_id)
    db.session.add(RoutingRule(region_id=turku.region_id, municipality_code="853",
                               name="In English", languages=["en"],
                               target_centre_id=region.fallback_centre_id, position=1,
                               active=True))
    routing_service.bump_routing_version(db.session, db.session.get(Region, turku.region_id))
    region.social_emergency_phone = "+358 2 263 3333"  # the county's own, not the demo's example
    region.social_emergency_example = False
    db.session.commit()
    assert _gaps(db, "853") == 0
    html = attention(client.get("/staff/").get_data(as_text=True))
    assert "Nothing needs your attention." in html and "gaps" not in html


def test_a_region_without_a_fallback_centre_needs_attention(db, english, client_for):
    region = db.session.scalar(sa.select(Region).where(Region.name_fi == "Varsinais-Suomi"))
    region.fallback_centre_id = None
    routing_service.bump_routing_version(db.session, region)
    db.session.commit()
    html = attention(client_for(REGION_ADMIN).get("/staff/").get_data(as_text=True))
    assert "Requests cannot be routed: your region has no fallback centre." in html
    assert '<a href="/admin/region/settings">Choose the fallback centre</a>' in html
    # A municipality's administrator cannot choose it: told who can.
    html = attention(client_for(TURKU_ADMIN).get("/staff/").get_data(as_text=True))
    assert "Requests cannot be routed: your region has no fallback centre." in html
    assert "/admin/region/settings" not in html
    assert "chooses the fallback centre in the region’s settings" in html
