"""The configuration pages, used as an administrator would (CSRF on, real forms)."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.intake.operations import IntakeData, submit_help_request
from helpbutton.models import Centre, Channel, ConfigChange, Municipality, Region, RoutingRule
from helpbutton.routing_admin.router import bump_routing_version
from tests.signin import csrf_from, post_form

RULES = "/admin/m/853/rules"


@pytest.fixture(autouse=True)
def english(db, demo_users):
    """The assertions read the English texts; the Finnish ones are checked separately."""
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


def centre_id(db, key: str) -> int:
    return db.session.scalar(sa.select(Centre.id).where(
        Centre.notification_email == f"perhekeskus.{key}@example.invalid"))


def request_facts(**overrides) -> IntakeData:
    data = dict(municipality_code="853", postal_code=None, topic_code="mental_health",
                child_ages=[5], description=None, urgent=False, contact_method="phone",
                phone="040 123 4567", email=None, contact_times=None, contact_name=None,
                service_language="fi", wants_email_confirmation=False, consent=True)
    data.update(overrides)
    return IntakeData(**data)


def check(client, url: str, data: dict):
    checked = post_form(client, url, {**data, "action": "check"})
    assert checked.status_code == 200, checked.get_data(as_text=True)
    return checked


def save_after(client, checked, url: str, data: dict):
    html = checked.get_data(as_text=True)
    fingerprint = re.search(r'name="checked" type="hidden" value="([0-9a-f]+)"', html).group(1)
    return client.post(url, data={**data, "action": "save", "checked": fingerprint,
                                  "csrf_token": csrf_from(html)})


def test_a_rule_changed_on_the_pages_routes_the_next_request(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    first = submit_help_request(db.session, demo, request_facts(), channel=Channel.WEB)
    db.session.commit()
    assert first.request.centre_id == centre_id(db, "turku")

    youth = centre_id(db, "turku-youth")
    url = "/admin/m/853/rules/new"
    typed = {"name": "Mielenterveys", "topics": ["mental_health"], "target_centre": str(youth),
             "active": "y"}
    checked = check(client, url, typed)
    page = checked.get_data(as_text=True)
    assert "What this change does" in page and "would go to another centre" in page
    assert db.session.scalar(sa.select(sa.func.count(RoutingRule.id))) == 3  # not yet saved
    saved = save_after(client, checked, url, typed)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(RULES)

    second = submit_help_request(db.session, demo, request_facts(), channel=Channel.WEB)
    db.session.commit()
    rule = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.name == "Mielenterveys"))
    assert (second.request.centre_id, second.request.routing_rule_id) == (youth, rule.id)
    history = client.get("/admin/m/853/history").get_data(as_text=True)
    assert "Turku Ylläpitäjä" in history and "Topics: Mental health and feelings" in history


def confirm_post(client, url: str, data: dict):
    """Post a move or (de)activation, read what it would do, then confirm it."""
    shown = post_form(client, url, data, page=RULES)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "What this change does" in html, html
    confirm = re.search(r'name="confirm" value="([0-9a-f]+)"', html).group(1)
    return client.post(url, data={**data, "confirm": confirm, "csrf_token": csrf_from(html)})


def test_saving_without_a_fresh_check_only_checks(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    response = post_form(client, "/admin/m/853/rules/new", {
        "topics": ["youth"], "target_centre": str(centre_id(db, "turku")), "action": "save",
        "checked": "stale"})
    assert response.status_code == 200 and "Save the rule" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(RoutingRule.id))) == 3


def test_invalid_rules_are_refused_with_clear_messages_and_keep_what_was_typed(
        app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    response = post_form(client, "/admin/m/853/rules/new", {
        "name": "Väärin", "target_centre": str(centre_id(db, "kaarina")), "min_age": "12",
        "max_age": "3", "postal_codes": "20100, 21200", "action": "check"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "does not serve Turku" in html
    assert "The age range is upside down" in html
    assert "These postal codes are not in Turku: 21200." in html
    assert 'value="Väärin"' in html and "20100, 21200" in html
    assert db.session.scalar(sa.select(sa.func.count(RoutingRule.id))) == 3


def test_the_check_names_the_rules_a_change_makes_unreachable(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    # The youth rule, broadened to every request, answers everything before the region's rule.
    youth = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.min_age == 13))
    checked = post_form(client, f"/admin/m/853/rules/{youth.id}", {
        "name": youth.name, "target_centre": str(youth.target_centre_id), "active": "y",
        "action": "check"})
    html = checked.get_data(as_text=True)
    assert "It makes these rules unreachable" in html
    assert "Väkivalta ja turvallisuus" in html  # the region-wide rule after it


def test_reorder_and_deactivate_with_buttons(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    youth = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.min_age == 13))
    # Out of use first: above the Swedish-language rule it would take Swedish-speaking
    # teenagers to a Finnish-only team (refused: see test_language_service).
    off = confirm_post(client, f"/admin/m/853/rules/{youth.id}/active", {"active": "0"})
    assert off.status_code == 302
    db.session.refresh(youth)
    assert not youth.active
    assert "not in use" in client.get(RULES).get_data(as_text=True)
    moved = confirm_post(client, f"/admin/m/853/rules/{youth.id}/move", {"direction": "up"})
    assert moved.status_code == 302
    order = db.session.scalars(sa.select(RoutingRule.id).where(
        RoutingRule.municipality_code == "853").order_by(RoutingRule.position)).all()
    assert order[0] == youth.id
    actions = db.session.scalars(sa.select(ConfigChange.action)).all()
    assert sorted(actions) == ["deactivated", "moved"]


def test_posts_without_the_csrf_token_are_refused(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    youth = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.min_age == 13))
    response = client.post(f"/admin/m/853/rules/{youth.id}/active", data={"active": "0"})
    assert response.status_code == 400
    db.session.refresh(youth)
    assert youth.active


def test_preview_shows_where_a_request_goes_and_why(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    html = client.get("/admin/m/853/preview?topic=youth&ages=15&language=fi&channel=web"
                      ).get_data(as_text=True)
    assert "It would go to Turku Youth Guidance" in html
    assert "matched" in html
    html = client.get("/admin/m/853/preview?topic=everyday&ages=2&language=fi&channel=web"
                      ).get_data(as_text=True)
    assert "It would go to Turku Family Centre" in html and "default centre" in html


def test_coverage_page_marks_a_gap_made_on_purpose(app, db, demo, fast_sign_in):
    client = fast_sign_in("region_admin")
    youth = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.min_age == 13))
    html = client.get("/admin/m/853/coverage").get_data(as_text=True)
    gaps_before = int(re.search(r"(\d+) of \d+ combinations are real gaps", html).group(1))
    youth_centre = db.session.get(Centre, youth.target_centre_id)
    youth_centre.active = False  # the youth rule's centre taken out of use
    from helpbutton.routing_admin.router import bump_routing_version
    bump_routing_version(db.session, db.session.get(Region, youth_centre.region_id))
    db.session.commit()
    html = client.get("/admin/m/853/coverage").get_data(as_text=True)
    gaps_after = int(re.search(r"(\d+) of \d+ combinations are real gaps", html).group(1))
    # Youth 13–17 in Finnish now reaches the default centre instead of the rule's (in
    # English it was a gap already: the youth centre does not serve in English).
    assert gaps_after == gaps_before + 1
    assert "Gap: centre not in use" in html
    overview = client.get("/admin/coverage")
    assert overview.status_code == 200 and "Loimaa" in overview.get_data(as_text=True)


def test_municipality_settings_refuse_a_default_centre_that_does_not_serve_it(
        app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    response = post_form(client, "/admin/m/853/settings", {
        "default_centre": str(centre_id(db, "kaarina")), "social_emergency_phone": "02 263 3333"})
    assert response.status_code == 400
    assert "does not serve Turku" in response.get_data(as_text=True)
    # (Not the Swedish-only centre: Finnish speakers of bilingual Turku would lose service.)
    response = post_form(client, "/admin/m/853/settings", {
        "default_centre": str(centre_id(db, "region")), "social_emergency_phone": "02 263 3333"})
    assert response.status_code == 302
    turku = db.session.get(Municipality, "853")
    db.session.refresh(turku)
    assert turku.default_centre_id == centre_id(db, "region")
    assert turku.social_emergency_phone == "02 263 3333"


def test_a_new_centre_serving_a_neighbour_can_then_be_a_rule_target(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    response = post_form(client, "/admin/m/853/centres/new", {
        "name_fi": "Uusi", "name_sv": "Ny", "name_en": "New", "languages": ["fi"],
        "serves": ["853", "202"], "notification_email": "uusi@example.invalid"})
    assert response.status_code == 302, response.get_data(as_text=True)
    centre = db.session.scalar(sa.select(Centre).where(Centre.name_fi == "Uusi"))
    assert sorted(m.code for m in centre.municipalities) == ["202", "853"]
    bad = post_form(client, "/admin/m/853/centres/new", {
        "name_fi": "", "name_sv": "Ny", "name_en": "New", "languages": [],
        "serves": [], "notification_email": "nope"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "Choose at least one language." in html and "Check the email address" in html


def test_region_admin_manages_topics_and_the_fallback_centre(app, db, demo, fast_sign_in):
    client = fast_sign_in("region_admin")
    response = post_form(client, "/admin/region/topics/new", {
        "code": "sleep", "position": "5", "active": "y", "label_fi": "Uni", "label_sv": "Sömn",
        "label_en": "Sleep", "notice_fi": "Huom", "notice_sv": "Obs", "notice_en": "Note"})
    assert response.status_code == 302
    again = post_form(client, "/admin/region/topics/new", {
        "code": "sleep", "position": "5", "label_fi": "Uni", "label_sv": "Sömn",
        "label_en": "Sleep"})
    assert again.status_code == 400 and "already has a topic" in again.get_data(as_text=True)
    kaarina = centre_id(db, "kaarina")
    response = post_form(client, "/admin/region/settings", {
        "fallback_centre": str(kaarina), "promise_working_days": "5",
        "urgent_promise_working_days": "1", "escalate_after_working_days": "2"})
    assert response.status_code == 302
    region = db.session.get(Region, demo.id)
    db.session.refresh(region)
    assert (region.fallback_centre_id, region.promise_working_days) == (kaarina, 5)
    history = client.get("/admin/region/history").get_data(as_text=True)
    assert "Topic: Sleep – added" in history and "Code: <code>sleep</code>" in history
    assert "Promised contact within (working days): 3 → 5" in history


def test_the_pages_speak_the_administrators_language(app, db, demo, demo_users, fast_sign_in):
    demo_users["municipality_admin"].language = "sv"
    db.session.commit()
    html = fast_sign_in("municipality_admin").get(RULES).get_data(as_text=True)
    assert "Styrningsregler: Åbo" in html and "Flytta ner" in html


def test_a_shared_centre_keeps_serving_municipalities_that_send_requests_to_it(
        app, db, demo, demo_users, fast_sign_in):
    from tests.signin import user_by_email

    demo_users["loimaa_admin"] = user_by_email(db, "loimaa.admin@example.invalid")
    demo_users["loimaa_admin"].language = "en"
    db.session.commit()
    client = fast_sign_in("loimaa_admin")
    area = db.session.get(Centre, centre_id(db, "loimaa-area"))
    url = f"/admin/m/430/centres/{area.id}"
    keep = [m.code for m in area.municipalities if m.code != "561"]  # Oripää leaves
    typed = {"name_fi": area.name_fi, "name_sv": area.name_sv, "name_en": area.name_en,
             "languages": ["fi"], "serves": keep, "notification_email": area.notification_email,
             "active": "y"}
    response = post_form(client, url, typed)
    assert response.status_code == 400
    # The area is shared: only the region's administrator changes what concerns Oripää.
    assert "only the region&#39;s administrator can change this" in response.get_data(
        as_text=True)
    db.session.refresh(area)
    assert "561" in {m.code for m in area.municipalities}
    # Not even the region's: Oripää's requests would silently go elsewhere.
    region_admin = fast_sign_in("region_admin")
    response = post_form(region_admin, url, typed)
    assert response.status_code == 400
    assert "so it must keep serving them: Oripää" in response.get_data(as_text=True)
    db.session.refresh(area)
    assert "561" in {m.code for m in area.municipalities}


def test_a_move_is_shown_with_what_it_changes_and_saved_only_on_confirmation(
        app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    youth = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.min_age == 13))
    shown = post_form(client, f"/admin/m/853/rules/{youth.id}/move", {"direction": "up"},
                      page=RULES)
    html = shown.get_data(as_text=True)
    # Swedish-speaking teenagers asking about youth would go to the youth centre instead.
    assert "would go to another centre" in html and "Turku Youth Guidance" in html
    assert "Confirm the change" in html
    db.session.refresh(youth)
    assert youth.position == 20  # unchanged until confirmed
    assert db.session.scalar(sa.select(sa.func.count(ConfigChange.id))) == 0


def test_a_rules_dates_are_typed_and_shown_the_way_people_write_them(app, db, demo,
                                                                       fast_sign_in):
    client = fast_sign_in("municipality_admin")
    url = "/admin/m/853/rules/new"
    form = client.get(url).get_data(as_text=True)
    assert 'id="valid_from"' in form and 'type="date"' in form  # the browser's date picker
    assert "2026-12-24" not in form  # so no format to explain, least of all ISO
    typed = {"name": "Joulu", "topics": ["youth"], "active": "y", "valid_from": "24.12.2026",
             "valid_until": "2026-12-31", "target_centre": str(centre_id(db, "turku-youth"))}
    saved = save_after(client, check(client, url, typed), url, typed)
    assert saved.status_code == 302
    rule = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.name == "Joulu"))
    assert (rule.valid_from.isoformat(), rule.valid_until.isoformat()) == \
        ("2026-12-24", "2026-12-31")
    history = client.get("/admin/m/853/history").get_data(as_text=True)
    assert "Valid from: 24 Dec 2026" in history and "Valid until: 31 Dec 2026" in history
    assert "2026-12-24" not in history and "2026-12-31" not in history
    bad = post_form(client, url, {**typed, "valid_from": "24/12/2026", "action": "check"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Enter the date as day.month.year, e.g. 2.11.2026." in html
    assert 'value="24/12/2026"' in html


def test_the_rule_and_preview_forms_name_the_channel_as_how_the_request_came(
        app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    for url in ("/admin/m/853/rules/new", "/admin/m/853/preview"):
        html = client.get(url).get_data(as_text=True)
        assert "How the request came" in html and "Phone call to the centre" in html, url
        assert "found the button" not in html, url


def test_pages_that_route_say_when_the_region_has_no_fallback_centre(app, db, demo,
                                                                   fast_sign_in):
    demo.fallback_centre_id = None
    bump_routing_version(db.session, demo)
    db.session.commit()
    client = fast_sign_in("region_admin")
    for url in ("/admin/m/853/preview?topic=youth&ages=15&language=sv&channel=web",
                "/admin/m/853/coverage", "/admin/coverage", RULES):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 409, url
        assert "<h1>Routing is not set up</h1>" in html, url
        assert "chooses the fallback centre in the region’s settings" in html, url
    assert client.get("/admin/region/settings").status_code == 200  # where it is mended
