"""The database side of routing: configuration built from the tables, cached per version."""
import json
from datetime import date

import pytest
import sqlalchemy as sa

from helpbutton.models import Centre, Municipality, RoutingRule
from helpbutton.routing import RequestFacts
from helpbutton.routing_admin import router as service

TODAY = date(2026, 11, 23)


def centre(db, key):
    return db.session.scalar(
        sa.select(Centre).where(Centre.notification_email == f"perhekeskus.{key}@example.invalid"))


def test_config_mirrors_the_tables(db, demo):
    config = service.build_config(db.session, demo)
    turku = centre(db, "turku")
    assert config.fallback_centre == centre(db, "region").id
    assert config.centres[turku.id].serves == frozenset({"853"})
    assert config.municipalities["853"].default_centre == turku.id
    assert len(config.municipalities) == 27
    rules = {r.name: r for r in config.rules}
    swedish = rules["Ruotsinkielinen palvelu / Service på svenska"]
    assert swedish.owner == "853" and swedish.languages == frozenset({"sv"})
    assert rules["Väkivalta ja turvallisuus / Våld och trygghet"].owner is None


def test_route_request_explains_the_decision_as_json(db, demo):
    facts = RequestFacts(municipality="853", topic="youth", child_ages=(14,), service_language="fi")
    decision = service.route_request(db.session, demo, facts, TODAY)
    assert decision.centre == centre(db, "turku-youth").id and decision.via == "rule"
    trace = service.trace_as_json(decision)
    assert json.loads(json.dumps(trace)) == trace
    assert [step["outcome"] for step in trace] == ["condition_failed", "matched"]


def test_router_is_compiled_once_per_version(db, demo):
    first = service.router_for(db.session, demo)
    assert service.router_for(db.session, demo) is first
    service.bump_routing_version(db.session, demo)
    db.session.commit()
    assert demo.routing_version == 2
    assert service.router_for(db.session, demo) is not first


def test_changes_apply_after_the_version_is_bumped(db, demo):
    facts = RequestFacts(municipality="430", topic="parenting")
    assert service.route_request(db.session, demo, facts, TODAY).centre == \
        centre(db, "loimaa-area").id
    db.session.get(Municipality, "430").default_centre.active = False
    service.bump_routing_version(db.session, demo)
    db.session.commit()
    decision = service.route_request(db.session, demo, facts, TODAY)
    assert decision.centre == centre(db, "region").id and decision.via == "region_fallback"


def test_dated_rule_applies_only_in_its_period(db, demo):
    db.session.add(RoutingRule(region_id=demo.id, municipality_code="430", position=1,
                               valid_from=date(2026, 12, 1),
                               target_centre_id=centre(db, "region").id))
    service.bump_routing_version(db.session, demo)
    db.session.commit()
    facts = RequestFacts(municipality="430")
    assert service.route_request(db.session, demo, facts, TODAY).via == "municipality_default"
    assert service.route_request(db.session, demo, facts, date(2026, 12, 1)).via == "rule"


def test_region_without_fallback_centre_is_refused(db, region):
    with pytest.raises(service.NoFallbackCentre):
        service.route_request(db.session, region, RequestFacts(municipality="853"), TODAY)
