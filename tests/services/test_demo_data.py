import sqlalchemy as sa

from helpbutton.models import (
    Centre,
    MessageTemplate,
    Municipality,
    Partner,
    Role,
    RoutingRule,
    User,
)
from helpbutton.refdata import demo_data


def test_every_municipality_has_an_active_default_centre_that_serves_it(db, demo):
    for municipality in db.session.scalars(sa.select(Municipality)):
        centre = municipality.default_centre
        assert centre is not None, municipality.name_fi
        assert centre.active and centre.serves(municipality.code)


def test_the_demo_invents_no_social_emergency_number_without_marking_it(db, demo):
    numbers = db.session.scalars(sa.select(Municipality.social_emergency_phone)).all()
    assert numbers and not any(numbers)  # the county's number applies everywhere
    assert demo.social_emergency_phone and demo.social_emergency_example
    assert "esimerkki" in demo.social_emergency_name_fi


def test_small_neighbours_share_a_centre(db, demo):
    loimaa_area = db.session.get(Municipality, "561").default_centre  # Oripää
    assert loimaa_area.host_municipality_code == "430"
    assert {m.code for m in loimaa_area.municipalities} >= {"430", "561", "019", "636"}


def test_bilingual_municipalities_have_swedish_service(db, demo):
    for code in ("853", "445", "322"):
        municipality = db.session.get(Municipality, code)
        centres = db.session.scalars(
            sa.select(Centre).where(Centre.municipalities.any(Municipality.code == code))
        ).all()
        assert any("sv" in c.languages for c in centres), municipality.name_fi


def test_region_has_a_fallback_centre_serving_everyone(db, demo):
    fallback = demo.fallback_centre
    assert fallback is not None and fallback.active
    assert len(fallback.municipalities) == 27


def test_demo_contacts_are_invented_and_marked_as_examples(db, demo):
    for centre in db.session.scalars(sa.select(Centre)):
        assert centre.notification_email.endswith(".invalid")
        assert centre.is_example
        assert "(esimerkki)" in centre.name_fi and "(exempel)" in centre.name_sv
    for user in db.session.scalars(sa.select(User)):
        assert user.email.endswith("@example.invalid") and user.is_example
    assert all(p.is_example for p in db.session.scalars(sa.select(Partner)))


def test_demo_message_templates_are_marked_examples_in_three_languages(db, demo):
    templates = db.session.scalars(sa.select(MessageTemplate)).all()
    assert {t.name_en for t in templates} >= {"We tried to call you (example)",
                                              "When would suit you? (example)"}
    assert {t.municipality_code for t in templates} == {None, "853"}
    for t in templates:
        assert t.is_example and t.active and t.languages() == ("fi", "sv", "en")
        assert "(esimerkki)" in t.name_fi and "(exempel)" in t.name_sv


def test_there_is_a_demo_account_of_every_role(db, demo):
    roles = {a.role for u in db.session.scalars(sa.select(User)) for a in u.roles}
    # every county role; the national operator is made with `flask users create-operator`
    assert roles == set(Role) - {Role.OPERATOR}


def test_demo_rules_target_centres_that_serve_their_municipality(db, demo):
    rules = db.session.scalars(sa.select(RoutingRule)).all()
    assert len(rules) >= 3
    for rule in rules:
        if rule.municipality_code:
            assert rule.target_centre.serves(rule.municipality_code)


def test_loading_demo_twice_adds_nothing(db, demo):
    counts = {m: db.session.scalar(sa.select(sa.func.count()).select_from(m))
              for m in (Centre, User, RoutingRule, Partner, MessageTemplate)}
    demo_data.load_demo(db.session)
    db.session.commit()
    assert counts == {m: db.session.scalar(sa.select(sa.func.count()).select_from(m))
                      for m in (Centre, User, RoutingRule, Partner, MessageTemplate)}
