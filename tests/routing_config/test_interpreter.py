"""Rules on the interpreter need and the interpreter language, as an administrator uses them."""
import re
from datetime import date

import pytest
import sqlalchemy as sa
import yaml
from flask_babel import force_locale

from helpbutton import interpreter_languages
from helpbutton.models import RoutingRule
from helpbutton.names import Names, language_name, language_names
from helpbutton.routing import Centre, Municipality, RequestFacts, RoutingConfig, Rule
from helpbutton.routing import compile_config as compile_routing
from helpbutton.routing_admin import coverage, shadowing, transfer
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.router import bump_routing_version
from helpbutton.routing_admin.trace_text import explain_step
from tests.routing_config.test_pages import centre_id, check, save_after
from tests.signin import post_form

YOUTH_KEY = "perhekeskus.turku-youth@example.invalid"


@pytest.fixture(autouse=True)
def english(db, demo_users):
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


def routed(db, demo, interpreter: str | None, service: str = "fi") -> int:
    facts = RequestFacts(municipality="853", topic="mental_health", child_ages=(5,),
                         service_language=service, channel="web",
                         interpreter_language=interpreter)
    return routing_service.route_request(db.session, demo, facts, date.today()).centre


def interpreter_select(html: str) -> str:
    return re.search(r'<select[^>]*name="interpreter".*?</select>', html, re.S).group(0)


def test_a_rule_for_arabic_with_an_interpreter_is_made_edited_and_recorded_on_the_pages(
        app, db, demo, demo_users, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    youth, turku = centre_id(db, "turku-youth"), centre_id(db, "turku")
    form = client.get("/admin/m/853/rules/new").get_data(as_text=True)
    assert "Only requests needing an interpreter" in interpreter_select(form)
    assert re.search(r'value="ar"[^>]*>\s*<label[^>]*>Arabic</label>', form)
    assert re.search(r'value="ti"[^>]*>\s*<label[^>]*>Tigrinya</label>', form)

    url = "/admin/m/853/rules/new"
    typed = {"name": "Arabiaa puhuvat", "languages": ["ar"], "interpreter": "1",
             "target_centre": str(youth), "active": "y"}
    saved = save_after(client, check(client, url, typed), url, typed)
    assert saved.status_code == 302
    rule = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.name == "Arabiaa puhuvat"))
    assert (rule.languages, rule.interpreter) == (["ar"], True)
    # A family served in Finnish with an Arabic interpreter; not one without, nor with Somali.
    assert routed(db, demo, "ar") == youth
    assert routed(db, demo, None) == turku
    assert routed(db, demo, "so") == turku

    rules = client.get("/admin/m/853/rules").get_data(as_text=True)
    assert "Languages: Arabic" in rules and "Only requests needing an interpreter" in rules
    edit_url = f"/admin/m/853/rules/{rule.id}"
    shown = client.get(edit_url).get_data(as_text=True)
    assert re.search(r'<option selected value="1">', interpreter_select(shown))
    assert re.search(r'value="ar" checked', shown)

    typed = {**typed, "languages": ["ar", "so"], "interpreter": ""}
    saved = save_after(client, check(client, edit_url, typed), edit_url, typed)
    assert saved.status_code == 302
    db.session.refresh(rule)
    assert (rule.languages, rule.interpreter) == (["ar", "so"], None)
    assert routed(db, demo, "so") == youth
    assert routed(db, demo, None) == turku

    history = client.get("/admin/m/853/history").get_data(as_text=True)
    assert "Interpreter: Only requests needing an interpreter → Either" in history
    assert "Languages: Arabic → Arabic, Somali" in history
    demo_users["municipality_admin"].language = "fi"
    db.session.commit()
    history = client.get("/admin/m/853/history").get_data(as_text=True)
    assert "Tulkki: Vain pyynnöt, joissa tarvitaan tulkkia → Tulkin kanssa tai ilman" in history
    assert "Kielet: arabia → arabia, somali" in history


def test_a_rule_with_an_unknown_language_is_refused_on_the_form(app, db, demo, fast_sign_in):
    client = fast_sign_in("municipality_admin")
    response = post_form(client, "/admin/m/853/rules/new", {
        "languages": ["tlh"], "target_centre": str(centre_id(db, "turku")), "action": "check"})
    assert response.status_code == 400
    assert "Unknown language: <code>tlh</code>" in response.get_data(as_text=True)


def test_preview_asks_for_an_interpreter_and_says_the_interpreter_language(
        app, db, demo, demo_users, fast_sign_in):
    youth = centre_id(db, "turku-youth")
    db.session.add(RoutingRule(region_id=demo.id, municipality_code="853", position=5,
                               name="Somalinkieliset", languages=["so"], interpreter=True,
                               target_centre_id=youth))
    bump_routing_version(db.session, demo)
    db.session.commit()
    client = fast_sign_in("municipality_admin")
    base = "/admin/m/853/preview?topic=mental_health&ages=5&language=fi&channel=web"

    empty = client.get("/admin/m/853/preview").get_data(as_text=True)
    assert "No interpreter" in empty and ">Somali</option>" in empty
    html = client.get(base + "&interpreter_language=ar").get_data(as_text=True)
    assert "It would go to Turku Family Centre" in html
    assert "the interpreter language is Arabic, the rule is for Somali" in html
    assert "the interpreter language is Arabic, the rule is for Swedish" in html
    html = client.get(base + "&interpreter_language=so").get_data(as_text=True)
    assert "It would go to Turku Youth Guidance" in html
    html = client.get(base).get_data(as_text=True)  # no interpreter
    assert "It would go to Turku Family Centre" in html
    assert "the service language is Finnish, the rule is for Swedish" in html

    demo_users["municipality_admin"].language = "fi"
    db.session.commit()
    html = client.get(base + "&interpreter_language=ar").get_data(as_text=True)
    assert "tulkkauskieli on arabia, sääntö koskee kieliä somali" in html


def test_an_interpreter_rule_goes_out_in_the_export_and_comes_back_in(db, demo, actor):
    data = transfer.export_config(db.session, actor, "853")
    assert all(r["interpreter"] is None for r in data["rules"])  # every rule says it
    data["rules"].append({"name": "Tulkki", "target_centre": YOUTH_KEY,
                          "languages": ["ar", "fa"], "interpreter": True})
    transfer.import_config(db.session, actor, "853", data)
    db.session.commit()
    rule = db.session.scalar(sa.select(RoutingRule).where(RoutingRule.name == "Tulkki"))
    assert (rule.languages, rule.interpreter) == (["ar", "fa"], True)

    text = transfer.dump_yaml(transfer.export_config(db.session, actor, "853"))
    [out] = [r for r in yaml.safe_load(text)["rules"] if r["name"] == "Tulkki"]
    assert (out["languages"], out["interpreter"]) == (["ar", "fa"], True)
    assert "interpreter: true" in text
    before = [(r.id, r.languages, r.interpreter) for r in db.session.scalars(
        sa.select(RoutingRule).where(RoutingRule.municipality_code == "853"))]
    transfer.import_config(db.session, actor, "853", transfer.load_yaml(text))
    db.session.commit()
    after = [(r.id, r.languages, r.interpreter) for r in db.session.scalars(
        sa.select(RoutingRule).where(RoutingRule.municipality_code == "853"))]
    assert sorted(after) == sorted(before)


@pytest.mark.parametrize("item, code", [
    ({"interpreter": "yes"}, "wrong_type"),
    ({"languages": ["tlh"]}, "unknown_language"),
])
def test_an_import_refuses_a_bad_interpreter_or_language(db, demo, actor, item, code):
    data = transfer.export_config(db.session, actor, "853")
    data["rules"].append({"target_centre": YOUTH_KEY, **item})
    with pytest.raises(transfer.ImportRejected) as rejected:
        transfer.import_config(db.session, actor, "853", data)
    assert [p.problem.code for p in rejected.value.problems] == [code]


# --- the texts, in the staff's language ---------------------------------------------------

NAMES = Names(centre=str, municipality=str, rule=lambda r: f"Rule {r}", topic=str)


@pytest.mark.parametrize("step, english, finnish", [
    ({"rule": 1, "outcome": "condition_failed", "condition": "language",
      "detail": {"expected": ["so", "sv"], "got": "ar", "interpreter": True}},
     "Rule 1 did not apply: the interpreter language is Arabic, the rule is for Swedish, "
     "Somali.",
     "tulkkauskieli on arabia, sääntö koskee kieliä ruotsi, somali"),
    ({"rule": 2, "outcome": "condition_failed", "condition": "interpreter",
      "detail": {"expected": True, "got": None}},
     "Rule 2 did not apply: the rule is only for requests needing an interpreter.",
     "sääntö koskee vain pyyntöjä, joissa tarvitaan tulkkia"),
    ({"rule": 3, "outcome": "condition_failed", "condition": "interpreter",
      "detail": {"expected": False, "got": "fa"}},
     "Rule 3 did not apply: the rule is only for requests without an interpreter, and this "
     "one needs one (interpreter language Persian).",
     "(tulkkauskieli persia)"),
    ({"rule": 4, "outcome": "condition_failed", "condition": "language",
      "detail": {"expected": ["sv"], "got": "fi"}},
     "Rule 4 did not apply: the service language is Finnish, the rule is for Swedish.",
     "asiointikieli on suomi"),
])
def test_trace_steps_about_the_interpreter_read_in_the_staffs_language(
        app, step, english, finnish):
    with app.test_request_context():
        with force_locale("en"):
            assert explain_step(step, NAMES) == english
        with force_locale("fi"):
            assert finnish in explain_step(step, NAMES)


def test_language_names_come_from_babel_in_the_page_language(app):
    assert interpreter_languages.INTERPRETER_LANGUAGES[:7] == (
        "en", "ru", "uk", "et", "ar", "so", "fa")
    assert interpreter_languages.name_in("ar", "sv") == "arabiska"
    with app.test_request_context():
        with force_locale("sv"):
            assert language_name("ar") == "arabiska" and language_name("sv") == "svenska"
            assert language_names(["ar", "fi", "so"]) == "finska, arabiska, somaliska"
        with force_locale("fi"):
            assert language_name("ku") == "kurdi"


# --- coverage and shadowing, on the engine's dataclasses --------------------------------

def _config(*rules: Rule) -> RoutingConfig:
    centres = {1: Centre(1, True, frozenset({"853"})), 2: Centre(2, True, frozenset({"853"}))}
    return RoutingConfig(centres, {"853": Municipality("853", 1)}, list(rules), 1)


def test_coverage_has_a_column_for_each_interpreter_language_rules_name():
    router = compile_routing(_config(Rule(1, "853", 1, 2, languages={"ar", "sv"})))
    report = coverage.coverage(router, "853", ["everyday"], date(2026, 12, 1),
                               {1: ("fi",), 2: ("fi", "sv")})
    assert report.columns == (coverage.Column("fi"), coverage.Column("sv"),
                              coverage.Column("en"), coverage.Column("ar", True))
    assert len(report.cells) == len(coverage.AGE_BANDS) * 4
    arabic = report.cell("everyday", "3-6", "ar", interpreter=True)
    assert (arabic.answered_by, arabic.decision.centre, arabic.gap) == ("rule", 2, False)
    assert report.cell("everyday", "3-6", "fi").decision.centre == 1

    # An interpreter condition that names no language: one column stands for them all.
    router = compile_routing(_config(Rule(1, "853", 1, 2, interpreter=True)))
    [other] = coverage.columns_for(router.config.rules)[3:]
    assert other.interpreter and other.other and other.language == "ru"
    # No rule looks at either: the service languages only, as before.
    assert coverage.columns_for([Rule(1, "853", 1, 2, topics={"x"})]) == tuple(
        coverage.Column(lang) for lang in coverage.LANGUAGES)


def test_shadowing_tells_the_interpreter_condition_apart():
    with_interpreter = Rule(1, "853", 1, 2, interpreter=True)
    either = Rule(2, "853", 2, 2)
    without = Rule(3, "853", 3, 2, interpreter=False)
    assert shadowing.covers(either, with_interpreter) and shadowing.covers(either, without)
    assert not shadowing.covers(with_interpreter, either)
    assert not shadowing.covers(with_interpreter, without)
    # Either, after a rule for each: neither alone answers all it would.
    last = Rule(2, "853", 9, 2)
    assert shadowing.shadowed_rules(_config(with_interpreter, without, last), "853") == {}
    # Without, after either: never reached.
    assert shadowing.shadowed_rules(_config(with_interpreter, either, without), "853") == {3: 2}

    samples = shadowing.sample_facts("853", [Rule(1, "853", 1, 2, languages={"ar"})],
                                     ["everyday"], [])
    interpreters = {f.interpreter_language for f in samples}
    # Arabic, which a rule names, and one language that no rule names for all the others.
    assert interpreters == {None, "ar", "ru"}
