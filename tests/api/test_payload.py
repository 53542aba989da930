"""The JSON body's shape, checked on its own (no app, no database)."""
import pytest

from helpbutton.intake.api.payload import parse


def body(**changes):
    base = {"topic_code": "parenting", "contact_method": "phone", "phone": "0401234567",
            "service_language": "fi", "consent": True}
    base.update(changes)
    return base


def test_a_minimal_body_becomes_intake_data():
    parsed = parse(body(), default_language="sv", default_municipality="853")

    assert parsed.problems == {}
    data = parsed.data
    assert (data.topic_code, data.contact_method, data.service_language) == \
        ("parenting", "phone", "fi")
    assert data.child_ages == [] and data.urgent is False and data.consent is True
    assert data.ui_language == "sv"  # from the caller's Accept-Language
    assert data.municipality_code == "853"  # the partner's default


def test_a_given_place_is_not_overridden_by_the_partners_default():
    assert parse(body(postal_code="20100"), default_language="fi",
                 default_municipality="430").data.municipality_code is None
    assert parse(body(municipality_code="853"), default_language="fi",
                 default_municipality="430").data.municipality_code == "853"


def test_expecting_is_added_to_the_ages_as_intake_spells_it():
    data = parse(body(expecting=True, child_ages=[3]), default_language="fi",
                 default_municipality=None).data
    assert sorted(data.child_ages) == [-1, 3]


def test_text_is_trimmed_and_blank_text_is_nothing():
    data = parse(body(description="   ", contact_name="  Maija "), default_language="fi",
                 default_municipality=None).data
    assert data.description is None and data.contact_name == "Maija"


@pytest.mark.parametrize("changes, problems", [
    ({"consent": "true"}, {"consent": "boolean"}),
    ({"consent": None}, {"consent": "required"}),
    ({"topic_code": "  "}, {"topic_code": "required"}),
    ({"topic_code": 3}, {"topic_code": "string"}),
    ({"child_ages": [1.5]}, {"child_ages": "ages"}),
    ({"child_ages": [18]}, {"child_ages": "ages"}),
    ({"child_ages": list(range(13))}, {"child_ages": "ages"}),
    ({"child_ages": None}, {"child_ages": "ages"}),
    ({"language": "de"}, {"language": "language"}),
    ({"Topic_Code": "x"}, {"Topic_Code": "unknown"}),
])
def test_shape_problems_are_reported_by_field(changes, problems):
    parsed = parse(body(**changes), default_language="fi", default_municipality=None)
    assert parsed.data is None
    assert parsed.problems == problems


def test_consent_false_is_for_the_intake_rules_to_refuse():
    parsed = parse(body(consent=False), default_language="fi", default_municipality=None)
    assert parsed.problems == {} and parsed.data.consent is False
