"""The configuration services on the demo data: rules, coverage, shadowing, history."""
from datetime import date

import pytest
import sqlalchemy as sa

from helpbutton.models import Centre, ConfigChange, RoutingRule
from helpbutton.routing import RequestFacts
from helpbutton.routing_admin import coverage, operations, shadowing, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.validation import RuleDraft

TODAY = date(2026, 11, 23)


def centre(db, key: str) -> Centre:
    return db.session.scalar(sa.select(Centre).where(
        Centre.notification_email == f"perhekeskus.{key}@example.invalid"))


def route(db, region, **facts):
    return routing_service.route_request(db.session, region, RequestFacts(**facts), TODAY)


def test_a_new_rule_changes_where_the_next_request_goes_and_is_recorded(db, demo, actor):
    before = route(db, demo, municipality="853", topic="mental_health", child_ages=(5,))
    assert before.centre == centre(db, "turku").id
    version = demo.routing_version
    rule = operations.create_rule(db.session, actor, "853", RuleDraft(
        name="Mental health", topics=["mental_health"], target_centre=centre(db, "turku-youth").id))
    db.session.commit()
    assert demo.routing_version == version + 1
    after = route(db, demo, municipality="853", topic="mental_health", child_ages=(5,))
    assert (after.centre, after.rule) == (centre(db, "turku-youth").id, rule.id)
    change = db.session.scalar(sa.select(ConfigChange).where(ConfigChange.entity == "rule"))
    assert change.action == "created" and change.municipality_code == "853"
    assert change.changes["topics"] == [None, ["mental_health"]]
    assert change.actor_id == actor.user_id


def test_invalid_rules_are_refused_with_their_reasons(db, demo, actor):
    with pytest.raises(operations.Invalid) as refused:
        operations.create_rule(db.session, actor, "853", RuleDraft(
            target_centre=centre(db, "kaarina").id, min_age=10, max_age=3,
            postal_codes=["21200"]))
    codes = {p.code for p in refused.value.problems}
    assert codes == {"target_not_serving", "age_range_reversed", "postal_code_outside"}
    assert db.session.scalar(sa.select(sa.func.count(RoutingRule.id))) == 3


def test_moving_a_rule_changes_the_order_and_the_routing(db, demo, actor):
    # A Swedish-speaking teenager in Turku asking about youth: the Swedish rule is first.
    facts = dict(municipality="853", topic="youth", child_ages=(15,), service_language="sv")
    assert route(db, demo, **facts).centre == centre(db, "abo-sv").id
    youth = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.min_age == 13))
    # Moved up, it would send Swedish-speaking teenagers to a Finnish-only team: refused...
    with pytest.raises(operations.Invalid) as refused:
        operations.move_rule(db.session, actor, youth, -1)
    [problem] = refused.value.problems
    assert problem.code == "language_service_lost"
    [lost] = problem.params["combinations"]
    assert (lost["municipality"]["sv"], lost["language"], lost["bands"]) == \
        ("Åbo", "sv", ["13-17"])
    db.session.rollback()
    assert route(db, demo, **facts).centre == centre(db, "abo-sv").id
    # ...unless the region confirms it with a reason, which the history keeps.
    assert operations.move_rule(db.session, actor, youth, -1,
                                override_reason="Ungdomsteamet har svensk personal nu")
    db.session.commit()
    assert route(db, demo, **facts).centre == centre(db, "turku-youth").id
    change = db.session.scalar(sa.select(ConfigChange).where(ConfigChange.action == "moved"))
    assert change.reason == "Ungdomsteamet har svensk personal nu"
    assert not operations.move_rule(db.session, actor, youth, -1)  # already first


def test_coverage_follows_a_narrowed_rule(db, demo, actor):
    router = routing_service.router_for(db.session, demo)
    topics = store.topic_codes(db.session, demo)
    report = coverage.coverage(router, "853", topics, TODAY)
    youth = report.cell("youth", "13-17", "fi")
    assert not youth.gap  # the demo's youth rule answers
    # Make a gap: the youth rule no longer covers the oldest band.
    rule = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.min_age == 13))
    operations.update_rule(db.session, actor, rule, RuleDraft(
        name=rule.name, topics=["youth"], min_age=13, max_age=14,
        target_centre=rule.target_centre_id))
    db.session.commit()
    report = coverage.coverage(routing_service.router_for(db.session, demo), "853", topics, TODAY)
    older = report.cell("youth", "13-17", "fi")
    # The default centre answers now: intended, not a gap (tests/routing_config/
    # test_coverage_classes.py has the real gaps).
    assert older.decision.via == "municipality_default" and older.kind == "default"
    assert not older.gap
    # Swedish speakers still reach the Swedish-language centre by rule.
    assert report.cell("youth", "13-17", "sv").kind == "rule"


def test_a_broader_earlier_rule_shadows_a_later_one(db, demo, actor):
    operations.create_rule(db.session, actor, "853", RuleDraft(
        name="Swedish babies", languages=["sv"], min_age=-1, max_age=2,
        target_centre=centre(db, "turku").id))
    db.session.commit()
    config = routing_service.router_for(db.session, demo).config
    shadowed = shadowing.shadowed_rules(config, "853")
    swedish = db.session.scalar(sa.select(RoutingRule).where(
        RoutingRule.position == 10, RoutingRule.municipality_code == "853"))
    new = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.name == "Swedish babies"))
    assert shadowed == {new.id: swedish.id}


def test_moved_requests_lists_what_a_draft_would_send_elsewhere(db, demo):
    router = routing_service.router_for(db.session, demo)
    draft = store.engine_rule(RuleDraft(topics=["money_work_housing"], target_centre=centre(
        db, "turku-youth").id), store.DRAFT_ID, "853", 0)
    after = routing_service.engine.compile_config(store.with_rule(router.config, draft))
    moved = shadowing.moved_requests(router, after, "853", store.topic_codes(db.session, demo),
                                     [], TODAY)
    assert moved and {m.facts.topic for m in moved} == {"money_work_housing"}
    # Swedish speakers' requests moved too: the draft comes before the Swedish rule.
    assert {m.facts.service_language for m in moved} == {"fi", "sv", "en"}
    assert all(m.after.centre == centre(db, "turku-youth").id for m in moved)
