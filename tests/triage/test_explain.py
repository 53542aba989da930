"""The routing explanation in the staff's language, from the stored trace steps."""
import pytest
from flask_babel import force_locale

from helpbutton.routing import trace as t
from helpbutton.routing.trace import TraceStep
from helpbutton.triage import explain

NAMES = explain.Names(centre=lambda i: f"Keskus{i}", municipality=lambda c: f"Kunta{c}",
                      rule=lambda r: f"Sääntö {r}", topic=lambda c: c.upper())


def steps():
    return [
        TraceStep(1, t.CONDITION_FAILED, t.TOPIC, {"expected": ["violence"], "got": "sleep"}),
        TraceStep(2, t.CONDITION_FAILED, t.AGE,
                  {"expected": {"min_age": 13, "max_age": None}, "got": [-1, 4]}),
        TraceStep(3, t.SKIPPED_INACTIVE_RULE),
        TraceStep(4, t.SKIPPED_NOT_VALID_TODAY, None,
                  {"valid_from": "2026-01-01", "valid_until": None, "today": "2025-05-05"}),
        TraceStep(5, t.SKIPPED_INACTIVE_TARGET, None, {"centre": 9, "missing": False}),
        TraceStep(6, t.SKIPPED_TARGET_NOT_SERVING, None, {"centre": 9, "municipality": "853"}),
        TraceStep(7, t.CONDITION_FAILED, t.URGENCY, {"expected": True, "got": False}),
        TraceStep(None, t.DEFAULT_CENTRE_UNUSABLE, None,
                  {"municipality": "853", "reason": "inactive", "centre": 3}),
        TraceStep(None, t.REGION_FALLBACK, None,
                  {"municipality": "853", "reason": "no_default", "centre": 1}),
    ]


def test_every_outcome_has_a_finnish_sentence(app):
    with app.test_request_context(), force_locale("fi"):
        sentences = explain.explain([s.as_dict() for s in steps()], NAMES)
    assert sentences == [
        "Sääntö 1 ei sopinut: aihe on SLEEP, sääntö koskee aiheita VIOLENCE.",
        "Sääntö 2 ei sopinut: yhdenkään lapsen ikä (odottaa lasta, 4) ei ole säännön "
        "ikävälillä vähintään 13.",
        "Sääntö 3 ohitettiin, koska se ei ole käytössä.",
        "Sääntö 4 ohitettiin, koska se ei ollut voimassa sinä päivänä (alkaen 1.1.2026).",
        "Sääntö 5 ohitettiin, koska sen keskus Keskus9 ei ole käytössä.",
        "Sääntö 6 ohitettiin, koska sen keskus Keskus9 ei palvele kuntaa Kunta853.",
        "Sääntö 7 ei sopinut: sääntö koskee vain kiireellisiä pyyntöjä.",
        "Kunnan oletuskeskus Keskus3 ei ole käytössä (kunta: Kunta853).",
        "Mikään kunnan sääntö ei sopinut eikä kunnalla ole käytössä olevaa oletuskeskusta "
        "(kunta: Kunta853), joten pyyntö meni alueen varakeskukseen Keskus1.",
    ]


@pytest.mark.parametrize("lang,word", [("sv", "passade"), ("en", "matched")])
def test_a_match_in_swedish_and_english(app, lang, word):
    step = TraceStep(8, t.MATCHED, None, {"centre": 2}).as_dict()
    with app.test_request_context(), force_locale(lang):
        sentence = explain.explain_step(step, NAMES)
    assert word in sentence and "Keskus2" in sentence


def test_an_unknown_outcome_is_described_not_an_error(app):
    with app.test_request_context(), force_locale("en"):
        sentence = explain.explain_step({"rule": 1, "outcome": "teleported"}, NAMES)
    assert "teleported" in sentence


def test_ids_the_trace_names_are_collected_for_one_lookup_each():
    centres, municipalities, rules = explain.referenced_ids([s.as_dict() for s in steps()])
    assert centres == {9, 3, 1} and municipalities == {"853"} and rules == set(range(1, 8))


def test_the_request_page_names_centres_and_rules(db, turku, client_for):
    from tests.factories import make_request

    req = make_request(db.session, turku, routing_trace=[
        {"rule": 999, "outcome": "skipped_inactive_rule", "condition": None, "detail": {}},
        {"rule": None, "outcome": "default_centre", "condition": None,
         "detail": {"municipality": "853", "centre": turku.id}}])
    html = client_for("turku.staff@example.invalid").get(f"/staff/requests/{req.id}") \
        .get_data(as_text=True)
    assert "Sääntö 999 ohitettiin, koska se ei ole käytössä." in html
    # The municipality's name is not inflected inside the sentence ("kunnan Turku …").
    assert "Mikään sääntö ei sopinut, joten pyyntö meni oletuskeskukseen " \
           "Turun perhekeskus (esimerkki) (kunta: Turku)." in html
