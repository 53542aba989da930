"""Nobody changes another municipality's routing, and service in the official languages holds.

Properties first (pure, over generated configurations), then the demo region through the
operations and the pages, as a municipality's and the region's administrator."""
import dataclasses

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from helpbutton import policy
from helpbutton.models import Centre, ConfigChange, RoutingRule
from helpbutton.routing import RequestFacts, compile_config
from helpbutton.routing_admin import invariants, operations, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.operations import Actor
from tests.routing.test_properties import (
    BASE_DAY,
    CENTRE_IDS,
    CODES,
    REFERENCED_IDS,
    TOPICS,
    configs,
    requests,
    untimed,
)
from tests.staff.conftest import csrf_from, post_form

# --- properties -------------------------------------------------------------------------------


@st.composite
def municipal_actions(draw, config):
    """What one municipality's administrator may try: change a centre it hosts (here: any
    centre, hosted by the acting municipality), its own rules, or its default centre."""
    code = draw(st.sampled_from(CODES))
    kind = draw(st.sampled_from(["centre", "rule", "default"]))
    if kind == "centre" and config.centres:
        centre_id = draw(st.sampled_from(sorted(config.centres)))
        centre = dataclasses.replace(config.centres[centre_id], active=draw(st.booleans()),
                                     serves=draw(st.frozensets(st.sampled_from(CODES))))
        return code, dataclasses.replace(config, centres={**config.centres, centre_id: centre})
    if kind == "rule":
        own = [r for r in config.rules if r.owner == code]
        changed = [dataclasses.replace(r, active=draw(st.booleans()),
                                       position=draw(st.integers(0, 4)),
                                       target_centre=draw(st.sampled_from(REFERENCED_IDS)))
                   for r in own]
        return code, store.with_rules_of(config, code, changed)
    default = draw(st.sampled_from(REFERENCED_IDS))
    municipalities = {**config.municipalities,
                      code: dataclasses.replace(config.municipalities[code],
                                                default_centre=default)}
    return code, dataclasses.replace(config, municipalities=municipalities)


def state(config, languages):
    return invariants.State(compile_config(config), languages)


@untimed
@given(st.data(), configs(), st.lists(requests, min_size=1, max_size=20))
def test_an_action_that_passes_the_check_moves_no_other_municipalitys_request(
        data, config, facts_list):
    code, after = data.draw(municipal_actions(config))
    languages = {i: frozenset({"fi"}) for i in REFERENCED_IDS}
    comparison = invariants.compare(state(config, languages), state(after, languages), TOPICS,
                                    BASE_DAY, {})
    if comparison.moved_elsewhere(code):
        return  # refused
    before_router, after_router = compile_config(config), compile_config(after)
    for facts in facts_list:  # any request: several children, any postal code or channel
        if facts.municipality == code or facts.municipality not in config.municipalities:
            continue
        old = before_router.route(facts, BASE_DAY, explain=False)
        new = after_router.route(facts, BASE_DAY, explain=False)
        assert old.centre == new.centre


@untimed
@given(configs(), configs(), st.lists(requests, min_size=1, max_size=20),
       st.dictionaries(st.sampled_from(list(CENTRE_IDS)),
                       st.frozensets(st.sampled_from(["fi", "sv"]))))
def test_a_request_that_loses_swedish_service_is_always_found(old, new, facts_list, langs):
    new = dataclasses.replace(old, rules=new.rules)
    comparison = invariants.compare(state(old, langs), state(new, langs), TOPICS, BASE_DAY,
                                    {code: frozenset({"sv"}) for code in CODES})
    lost = {(x.municipality, x.topic, x.centre) for x in comparison.losses}
    before_router, after_router = compile_config(old), compile_config(new)
    for facts in facts_list:
        if facts.service_language != "sv" or facts.municipality not in CODES \
                or len(facts.child_ages) > 1 or facts.topic is None:
            continue
        was = before_router.route(facts, BASE_DAY, explain=False).centre
        now = after_router.route(facts, BASE_DAY, explain=False).centre
        if "sv" in langs.get(was, ()) and "sv" not in langs.get(now, ()):
            assert (facts.municipality, facts.topic, now) in lost


def test_protected_languages_follow_the_official_ones():
    assert invariants.protected_languages(("fi",)) == frozenset()
    assert invariants.protected_languages(("fi", "sv")) == {"fi", "sv"}
    assert invariants.protected_languages(("sv", "fi")) == {"fi", "sv"}
    assert invariants.protected_languages(("sv",)) == {"sv"}


def test_the_policy_leaves_a_shared_centre_to_the_region_but_for_the_host_itself():
    turku_admin = policy.Principal(1, {policy.Grant(policy.MUNICIPALITY_ADMIN, 1, "853")})
    region_admin = policy.Principal(2, {policy.Grant(policy.REGION_ADMIN, 1)})
    shared = {"853", "734"}
    assert policy.centre_changes_refused(turku_admin, 1, "853", shared, {"853"},
                                         {"serves"}) == {"serves"}
    assert policy.centre_changes_refused(turku_admin, 1, "853", shared, {"734"},
                                         {"serves"}) == frozenset()
    assert policy.centre_changes_refused(turku_admin, 1, "853", shared, shared,
                                         {"name_fi", "phone"}) == {"name_fi", "phone"}
    assert policy.centre_changes_refused(turku_admin, 1, "853", {"853"}, {"853", "734"},
                                         {"serves", "name_fi"}) == frozenset()
    assert policy.centre_changes_refused(region_admin, 1, "853", shared, set(),
                                         {"serves", "name_fi"}) == frozenset()


# --- the demo region --------------------------------------------------------------------------


def centre(db, key: str) -> Centre:
    return db.session.scalar(sa.select(Centre).where(
        Centre.notification_email == f"perhekeskus.{key}@example.invalid"))


def draft_of(c: Centre, **changes) -> operations.CentreDraft:
    data = {name: getattr(c, name) for name in operations.CENTRE_FIELDS if name != "serves"}
    data["serves"] = [m.code for m in c.municipalities]
    data.update(changes)
    return operations.CentreDraft(**data)


def where(db, region, code, topic="violence_safety", language="fi"):
    facts = RequestFacts(municipality=code, topic=topic, child_ages=(5,),
                         service_language=language)
    return routing_service.route_request(db.session, region, facts, BASE_DAY).centre


@pytest.fixture
def turku_admin(db, demo, demo_users):
    user = demo_users["municipality_admin"]
    return Actor(demo, user.id, policy.Principal(user.id, {
        policy.Grant(policy.MUNICIPALITY_ADMIN, demo.id, "853")}))


@pytest.fixture
def region_admin(db, demo, demo_users):
    user = demo_users["region_admin"]
    return Actor(demo, user.id, policy.Principal(user.id, {
        policy.Grant(policy.REGION_ADMIN, demo.id)}))


def test_turku_cannot_take_salo_out_of_the_violence_teams_area(db, demo, turku_admin):
    team = centre(db, "safety")
    assert where(db, demo, "734") == team.id
    serves = [m.code for m in team.municipalities if m.code != "734"]
    with pytest.raises(operations.Invalid) as refused:
        operations.save_centre(db.session, turku_admin, "853", draft_of(team, serves=serves),
                               team)
    assert [p.code for p in refused.value.problems] == ["shared_centre"]
    db.session.rollback()
    assert where(db, demo, "734") == team.id
    assert db.session.scalar(sa.select(sa.func.count(ConfigChange.id))) == 0


def test_turku_cannot_rename_the_shared_team_on_the_form_or_by_import(db, demo, turku_admin):
    from helpbutton.routing_admin import transfer

    team = centre(db, "safety")
    with pytest.raises(operations.Invalid):
        operations.save_centre(db.session, turku_admin, "853",
                               draft_of(team, name_fi="Turun oma tiimi"), team)
    db.session.rollback()
    data = transfer.export_config(db.session, turku_admin, "853")
    entry = next(c for c in data["centres"] if c["key"] == team.notification_email)
    entry["name_fi"] = "Turun oma tiimi"
    with pytest.raises(transfer.ImportRejected) as rejected:
        transfer.import_config(db.session, turku_admin, "853", data)
    assert {p.problem.code for p in rejected.value.problems} == {"shared_centre"}
    db.session.rollback()
    db.session.refresh(team)
    assert team.name_fi.startswith("Lähisuhdeväkivaltatyön tiimi")


def test_turku_may_take_itself_out_of_a_shared_area(db, demo, turku_admin):
    from helpbutton.routing_admin import history

    shared = operations.save_centre(db.session, turku_admin, "853", operations.CentreDraft(
        name_fi="Yhteinen", name_sv="Gemensam", name_en="Shared", languages=["fi", "sv"],
        serves=["853", "734"], notification_email="yhteinen@example.invalid"))
    db.session.commit()
    with pytest.raises(operations.Invalid):  # Salo's part is the region's
        operations.save_centre(db.session, turku_admin, "853", draft_of(shared, serves=["853"]),
                               shared)
    db.session.rollback()
    operations.save_centre(db.session, turku_admin, "853", draft_of(shared, serves=["734"]),
                           shared)
    db.session.commit()
    assert [m.code for m in shared.municipalities] == ["734"]
    # Leaving concerns Turku alone: only the creation (a centre Salo's families may now be
    # sent to) is in Salo's history.
    assert [c.action for c in history.changes_for(db.session, demo.id, "734")] == ["created"]
    assert len(history.changes_for(db.session, demo.id, "853")) == 2


def test_a_region_change_to_a_shared_centre_shows_in_every_history_it_touches(
        db, demo, region_admin):
    from helpbutton.routing_admin import history

    team = centre(db, "safety")
    operations.save_centre(db.session, region_admin, "853",
                           draft_of(team, phone="+358 2 266 0000"), team)
    db.session.commit()
    [change] = history.changes_for(db.session, demo.id, "734")
    assert change.municipality_code == "853" and change.changes["phone"][1] == "+358 2 266 0000"
    assert history.changes_for(db.session, demo.id, "322") == [change]


def test_a_municipality_cannot_send_other_municipalities_requests_elsewhere(
        db, demo, turku_admin):
    # A region-wide rule names a centre that only Turku has (so Turku administers it)...
    own = centre(db, "turku-youth")
    db.session.add(RoutingRule(region_id=demo.id, municipality_code=None, position=5,
                               topics=["money_work_housing"], target_centre_id=own.id))
    db.session.commit()
    routing_service.clear_cache()
    # ...adding Salo to its area would send Salo's money requests there: refused.
    with pytest.raises(operations.Invalid) as refused:
        operations.save_centre(db.session, turku_admin, "853",
                               draft_of(own, serves=["853", "734"]), own)
    assert [p.code for p in refused.value.problems] == ["moves_other_municipalities"]
    assert refused.value.problems[0].params["values"] == "Salo"


def test_deactivating_turkus_swedish_rule_is_refused_but_the_region_may_confirm_it(
        db, demo, turku_admin, region_admin):
    swedish = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.position == 10,
                                                            RoutingRule.municipality_code == "853"))
    with pytest.raises(operations.Invalid) as refused:
        operations.set_rule_active(db.session, turku_admin, swedish, False,
                                   override_reason="we said so")  # not theirs to confirm
    [problem] = refused.value.problems
    assert problem.code == "language_service_lost" and not problem.params["can_confirm"]
    assert {(c["language"], c["topic"]["en"]) for c in problem.params["combinations"]} >= {
        ("sv", "Young person's wellbeing")}
    db.session.rollback()
    assert db.session.get(RoutingRule, swedish.id).active
    operations.set_rule_active(db.session, region_admin, swedish, False,
                               override_reason="Tillfälligt: personalbrist i juli")
    db.session.commit()
    change = db.session.scalar(sa.select(ConfigChange).where(ConfigChange.action == "deactivated"))
    assert change.reason == "Tillfälligt: personalbrist i juli"


def test_parainen_keeps_finnish_service(db, demo, region_admin):
    pargas = centre(db, "parainen")
    with pytest.raises(operations.Invalid) as refused:
        operations.save_centre(db.session, region_admin, "445",
                               draft_of(pargas, languages=["sv"]), pargas)
    [problem] = refused.value.problems
    assert problem.code == "language_service_lost" and problem.params["can_confirm"]
    assert {c["language"] for c in problem.params["combinations"]} == {"fi"}
    assert {c["municipality"]["sv"] for c in problem.params["combinations"]} == {"Pargas"}


def test_the_confirmation_page_warns_and_the_refusal_is_in_swedish(
        app, db, demo, demo_users, fast_sign_in):
    demo_users["municipality_admin"].language = "sv"
    db.session.commit()
    client = fast_sign_in("municipality_admin")
    swedish = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.position == 10,
                                                            RoutingRule.municipality_code == "853"))
    url = f"/admin/m/853/rules/{swedish.id}/active"
    page = post_form(client, url, {"active": "0"}, page="/admin/m/853/rules")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Åbo" in html
    confirm = html.split('name="confirm" value="')[1].split('"')[0]
    refused = client.post(url, data={"active": "0", "confirm": confirm,
                                     "csrf_token": csrf_from(html)})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Åbo, " in html and "Endast regionens administratör kan bekräfta" in html
    db.session.refresh(swedish)
    assert swedish.active
