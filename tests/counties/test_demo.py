"""The demo of the source texts' three counties (`flask demo load`): families in Turku, Jyväskylä
and Lahti reach their own county's demo centre, everything is marked as an example, and a second
load changes nothing."""
import re
from datetime import date

import pytest
import sqlalchemy as sa

from helpbutton.models import (
    Centre,
    MessageTemplate,
    Municipality,
    Partner,
    PostalCode,
    Region,
    RoleAssignment,
    RoutingRule,
    User,
)
from helpbutton.refdata import demo_data, reference_data
from helpbutton.routing import RequestFacts
from helpbutton.routing_admin import router

TODAY = date(2026, 3, 2)
# postal code → the county it belongs to and the demo centre its family reaches
FAMILIES = {
    "20100": ("05", "Varsinais-Suomi", "Turun perhekeskus (esimerkki)"),
    "40100": ("15", "Keski-Suomi", "Jyväskylän perhekeskus (esimerkki)"),
    "15100": ("09", "Päijät-Häme", "Lahden perhekeskus (esimerkki)"),
}
DEMO_CODES = {"05", "15", "09"}


@pytest.fixture
def counties(db):
    """Every county's reference data, and the demo of the three."""
    reference_data.load_all(db.session)
    loaded = demo_data.load_demo_all(db.session)
    db.session.commit()
    return loaded


def region_of(db, postal_code: str) -> tuple[Region, Municipality]:
    municipality = db.session.get(PostalCode, postal_code).municipality
    return municipality.region, municipality


def snapshot(db) -> dict:
    def rows(model, *columns):
        return sorted(tuple(getattr(row, c) for c in columns)
                      for row in db.session.scalars(sa.select(model)))
    db.session.expire_all()
    return {
        "centres": rows(Centre, "id", "region_id", "name_fi", "phone", "active"),
        "users": rows(User, "id", "email", "password_hash"),
        "roles": rows(RoleAssignment, "id", "user_id", "role", "centre_id", "region_id"),
        "rules": rows(RoutingRule, "id", "region_id", "target_centre_id", "position"),
        "partners": rows(Partner, "id", "region_id", "slug"),
        "templates": rows(MessageTemplate, "id", "region_id", "name_fi"),
        "municipalities": rows(Municipality, "code", "default_centre_id",
                               "social_emergency_phone"),
        "regions": rows(Region, "code", "in_service", "fallback_centre_id", "routing_version"),
    }


def test_families_of_turku_jyvaskyla_and_lahti_reach_their_own_countys_demo_centre(
        db, counties):
    assert {r.code for r in counties} == DEMO_CODES
    for postal_code, (county_code, county_name, centre_name) in FAMILIES.items():
        region, municipality = region_of(db, postal_code)
        assert (region.code, region.name_fi) == (county_code, county_name)
        assert region.in_service
        decision = router.route_request(db.session, region, RequestFacts(
            municipality=municipality.code, postal_code=postal_code, topic="parenting",
            child_ages=(4,)), TODAY)
        centre = db.session.get(Centre, decision.centre)
        assert (centre.name_fi, centre.region_id) == (centre_name, region.id), postal_code
        assert centre.serves(municipality.code)


def test_the_new_counties_rules_reach_their_own_teams(db, counties):
    jyvaskyla, _ = region_of(db, "40100")
    youth = router.route_request(db.session, jyvaskyla, RequestFacts(
        municipality="179", topic="youth", child_ages=(15,)), TODAY)
    assert db.session.get(Centre, youth.centre).name_fi == \
        "Jyväskylän nuorten palveluohjaus (esimerkki)"
    lahti, _ = region_of(db, "15100")
    for code in ("398", "781"):  # Lahti, Sysmä: a county-wide rule
        safety = router.route_request(db.session, lahti, RequestFacts(
            municipality=code, topic="violence_safety"), TODAY)
        assert db.session.get(Centre, safety.centre).name_fi == \
            "Päijät-Hämeen lähisuhdeväkivaltatyön tiimi (esimerkki)"


def test_only_the_three_demo_counties_are_in_service(db, counties):
    serving = set(db.session.scalars(sa.select(Region.code).where(Region.in_service)))
    assert serving == DEMO_CODES
    assert db.session.scalar(sa.select(sa.func.count(Region.id))) == 23


def test_every_municipality_of_the_new_counties_has_a_default_centre_and_no_invented_emergency_number(  # noqa: E501
        db, counties):
    for region in counties:
        if region.code == "05":
            continue
        assert len(region.municipalities) == {"15": 22, "09": 10}[region.code]
        for municipality in region.municipalities:
            centre = municipality.default_centre
            assert centre is not None and centre.region_id == region.id, municipality.name_fi
            assert centre.active and centre.serves(municipality.code)
            assert municipality.social_emergency_phone is None, municipality.name_fi
        assert len(region.fallback_centre.municipalities) == len(region.municipalities)


def test_every_demo_contact_is_invented_and_marked_as_an_example(db, counties):
    centres = db.session.scalars(sa.select(Centre)).all()
    assert {c.region.code for c in centres} == DEMO_CODES
    for centre in centres:
        assert centre.is_example and centre.notification_email.endswith("@example.invalid")
        assert "(esimerkki)" in centre.name_fi and "(exempel)" in centre.name_sv
        assert "(example)" in centre.name_en and "(esimerkki)" in centre.hours_fi
        # Visibly invented: a subscriber number of zeros.
        assert re.fullmatch(r"\+358 \d{1,2} 000 0000", centre.phone), centre.phone
    for user in db.session.scalars(sa.select(User)):
        assert user.email.endswith("@example.invalid") and user.is_example
    assert all(p.is_example and "(esimerkki)" in p.name
               for p in db.session.scalars(sa.select(Partner)))
    templates = db.session.scalars(sa.select(MessageTemplate)).all()
    assert {db.session.get(Region, t.region_id).code for t in templates} == DEMO_CODES
    assert all(t.is_example and "(example)" in t.name_en for t in templates)


def test_each_county_has_its_own_administrator_lead_and_staff(db, counties):
    for region, accounts in counties.items():
        roles = db.session.scalars(sa.select(RoleAssignment).join(User).where(
            User.email.in_([a.email for a in accounts]))).all()
        assert {r.role.value for r in roles} >= {"region_admin", "municipality_admin", "lead",
                                                 "staff"}
        for role in roles:
            if role.centre_id:
                assert db.session.get(Centre, role.centre_id).region_id == region.id
            if role.region_id:
                assert role.region_id == region.id
        # Every centre of the county has someone working there.
        staffed = {r.centre_id for r in roles if r.centre_id}
        assert staffed == set(db.session.scalars(
            sa.select(Centre.id).where(Centre.region_id == region.id)))


def test_loading_the_demo_twice_changes_nothing(db, counties):
    before = snapshot(db)
    assert len(before["centres"]) == 16 + 9 + 8
    demo_data.load_demo_all(db.session)
    reference_data.load_all(db.session)
    db.session.commit()
    assert snapshot(db) == before


def test_the_varsinais_suomi_demo_alone_is_what_it_was(db, region):
    accounts = demo_data.load_demo(db.session)
    db.session.commit()
    assert accounts == demo_data.VS_ACCOUNTS
    assert {c.region_id for c in db.session.scalars(sa.select(Centre))} == {region.id}
    assert db.session.scalar(sa.select(sa.func.count(Centre.id))) == 16


def test_flask_demo_load_prints_the_accounts_per_county(runner, db):
    assert runner.invoke(args=["refdata", "load"]).exit_code == 0
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    groups: dict[str, list[str]] = {}
    for line in result.output.splitlines()[1:]:
        if line.startswith("  "):
            groups[list(groups)[-1]].append(line.split()[0])
        else:
            groups[line] = []
    assert list(groups) == ["Varsinais-Suomi (05):", "Keski-Suomi (15):", "Päijät-Häme (09):"]
    assert "region.admin@example.invalid" in groups["Varsinais-Suomi (05):"]
    assert "jyvaskyla.lead@example.invalid" in groups["Keski-Suomi (15):"]
    assert "lahti.staff@example.invalid" in groups["Päijät-Häme (09):"]
    assert "demo-perhe-2026" in result.output.splitlines()[0]
    emails = [e for group in groups.values() for e in group]
    assert sorted(emails) == sorted(set(db.session.scalars(sa.select(User.email))))
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and again.output == result.output
