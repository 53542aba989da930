"""The plain rules of a valid configuration, without a database."""
from datetime import date

from helpbutton.routing_admin.validation import (
    CentreDraft,
    CentreFacts,
    RuleDraft,
    Scope,
    parse_postal_codes,
    validate_centre,
    validate_default_centre,
    validate_rule,
)

SCOPE = Scope(
    municipality="853", municipality_name="Turku",
    centres={1: CentreFacts(1, "Turku", True, frozenset({"853"})),
             2: CentreFacts(2, "Kaarina", True, frozenset({"202"})),
             3: CentreFacts(3, "Region", True, frozenset()),
             4: CentreFacts(4, "Closed", False, frozenset({"853"}))},
    topics=frozenset({"youth", "everyday"}), postal_codes=frozenset({"20100", "20200"}),
    fallback_centre=3, municipalities=frozenset({"853", "202"}))


def codes(problems):
    return {(p.code, p.field) for p in problems}


def test_a_plain_rule_is_valid():
    assert validate_rule(RuleDraft(target_centre=1, topics=["youth"], min_age=-1, max_age=17,
                                   languages=["sv"], postal_codes=["20100"], channels=["library"],
                                   urgent=True), SCOPE) == []


def test_the_fallback_centre_may_be_a_target_without_serving():
    assert validate_rule(RuleDraft(target_centre=3), SCOPE) == []


def test_each_kind_of_mistake_is_named_with_its_field():
    problems = validate_rule(RuleDraft(
        target_centre=2, topics=["astrology"], min_age=9, max_age=3, languages=["tlh"],
        postal_codes=["21200", "2010"], channels=["carrier_pigeon"], name="x" * 121,
        valid_from=date(2027, 2, 1), valid_until=date(2027, 1, 1)), SCOPE)
    assert codes(problems) == {
        ("name_too_long", "name"), ("unknown_topic", "topics"),
        ("age_range_reversed", "max_age"), ("unknown_language", "languages"),
        ("unknown_channel", "channels"), ("postal_code_format", "postal_codes"),
        ("target_not_serving", "target_centre"), ("dates_reversed", "valid_until")}


def test_postal_codes_outside_the_municipality_are_listed():
    [problem] = validate_rule(RuleDraft(target_centre=1, postal_codes=["20100", "21200"]), SCOPE)
    assert problem.code == "postal_code_outside" and problem.params["values"] == "21200"


def test_missing_target_and_out_of_range_ages():
    assert codes(validate_rule(RuleDraft(target_centre=None, min_age=-2, max_age=18), SCOPE)) == {
        ("target_missing", "target_centre"), ("age_out_of_range", "min_age"),
        ("age_out_of_range", "max_age")}


def test_default_centre_must_serve_and_be_active():
    assert validate_default_centre(1, SCOPE) == []
    assert codes(validate_default_centre(2, SCOPE)) == {("target_not_serving", "default_centre")}
    assert codes(validate_default_centre(4, SCOPE)) == {("centre_inactive", "default_centre")}


def test_centre_needs_names_languages_area_and_an_email():
    draft = CentreDraft(name_fi="", name_sv="Ny", name_en="New", languages=[], serves=["999"],
                        notification_email="not-an-address", phone="call me")
    assert codes(validate_centre(draft, SCOPE)) == {
        ("required", "name_fi"), ("languages_required", "languages"),
        ("serves_outside_region", "serves"), ("email_invalid", "notification_email"),
        ("phone_invalid", "phone")}


def test_postal_codes_are_read_with_any_separator():
    assert parse_postal_codes("20100, 20200\n20100 ;20300") == ["20100", "20200", "20300"]
