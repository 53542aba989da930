"""Coverage tells intent from gaps: a combination answered by a rule, by the municipality's
default centre or by the region's fallback is what the configuration says; a real gap is one
where the family would not be served (no service in its language, a centre out of use, nobody
working there)."""
import re
from datetime import date

import pytest
import sqlalchemy as sa

from helpbutton.models import Centre, RoleAssignment, User
from helpbutton.routing import Centre as EngineCentre
from helpbutton.routing import Municipality as EngineMunicipality
from helpbutton.routing import RoutingConfig, Rule, compile_config
from helpbutton.routing_admin import coverage, store
from helpbutton.routing_admin import router as routing_service

TODAY = date(2026, 11, 23)
TOPICS = ["everyday", "youth"]


# --- the computation on its own ------------------------------------------------------------

def _router(*, own_active=True, youth_active=True, default=1):
    centres = {1: EngineCentre(1, active=own_active, serves=frozenset({"100"})),
               2: EngineCentre(2, active=youth_active, serves=frozenset({"100"})),
               9: EngineCentre(9, serves=frozenset())}
    rules = [Rule(id=5, owner="100", position=10, target_centre=2, topics=frozenset({"youth"}))]
    return compile_config(RoutingConfig(
        centres=centres, municipalities={"100": EngineMunicipality("100", default)},
        rules=rules, fallback_centre=9))


LANGS = {1: ("fi", "sv"), 2: ("fi", "sv"), 9: ("fi", "sv", "en")}


def test_rule_default_and_fallback_answers_are_not_gaps():
    report = coverage.coverage(_router(), "100", TOPICS, TODAY, LANGS,
                               staffed=frozenset({1, 2, 9}))
    by_rule = report.cell("youth", "13-17", "fi")
    by_default = report.cell("everyday", "3-6", "sv")
    assert (by_rule.kind, by_rule.gap) == ("rule", False)
    assert (by_default.kind, by_default.gap) == ("default", False)
    fallback = coverage.coverage(_router(default=None), "100", TOPICS, TODAY, LANGS,
                                 staffed=frozenset({1, 2, 9}))
    assert fallback.cell("everyday", "3-6", "en").kind == "fallback"
    # (Youth in English goes by the rule to a centre without English: that is a gap.)
    assert {(c.topic, c.language) for c in fallback.gaps} == {("youth", "en")}


def test_a_centre_not_serving_the_language_is_a_real_gap():
    report = coverage.coverage(_router(), "100", TOPICS, TODAY, LANGS,
                               staffed=frozenset({1, 2, 9}))
    english = report.cell("everyday", "3-6", "en")
    assert english.answered_by == "default" and english.reasons == ("no_language",)
    counts = report.counts()
    # 2 topics × 5 bands × 3 languages: English is the only gap, youth's rule answers 5 × 2.
    assert counts == {"rule": 10, "default": 10, "fallback": 0, "inactive": 0,
                      "unstaffed": 0, "no_language": 10}
    assert len(report.gaps) == 10


def test_a_rule_whose_centre_is_out_of_use_is_a_gap_naming_the_rule():
    report = coverage.coverage(_router(youth_active=False), "100", TOPICS, TODAY, LANGS,
                               staffed=frozenset({1, 2, 9}))
    lost = report.cell("youth", "13-17", "fi")
    # The request still arrives (at the default centre), but not where the rule meant.
    assert lost.answered_by == "default"
    assert lost.kind == "inactive" and lost.lost_rule == 5
    assert not report.cell("everyday", "13-17", "fi").gap


def test_a_fallback_centre_out_of_use_and_an_empty_centre_are_gaps():
    centres = {9: EngineCentre(9, active=False)}
    router = compile_config(RoutingConfig(
        centres=centres, municipalities={"100": EngineMunicipality("100", None)}, rules=[],
        fallback_centre=9))
    report = coverage.coverage(router, "100", TOPICS, TODAY, {9: ("fi", "sv", "en")},
                               staffed=frozenset())
    cell = report.cell("everyday", "0-2", "fi")
    assert cell.answered_by == "fallback" and cell.reasons == ("inactive", "unstaffed")
    assert report.unstaffed_centres == (9,)


# --- on the demo data -------------------------------------------------------------------------

def _report(db, region, code: str) -> coverage.Coverage:
    router = routing_service.router_for(db.session, region)
    return coverage.coverage(router, code, store.topic_codes(db.session, region), TODAY,
                             store.centre_languages(db.session, region),
                             staffed=store.staffed_centre_ids(db.session, region))


def test_in_turku_the_default_centre_answers_by_intent(db, demo):
    report = _report(db, demo, "853")
    everyday = report.cell("everyday", "3-6", "fi")
    assert everyday.answered_by == "default" and not everyday.gap
    swedish = report.cell("everyday", "3-6", "sv")
    assert swedish.kind == "rule"  # the Swedish-language rule
    counts = report.counts()
    assert counts["default"] > 0 and counts["rule"] > 0
    # Only English is a real gap in Turku: no centre that answers serves in it.
    assert {c.language for c in report.gaps} == {"en"}
    assert {c.kind for c in report.gaps} == {"no_language"}
    assert len(report.gaps) < len(report.cells) // 2


def _nobody_at(db, key: str) -> None:
    workers = db.session.scalars(sa.select(User).join(RoleAssignment).join(
        Centre, Centre.id == RoleAssignment.centre_id).where(
        Centre.notification_email == f"perhekeskus.{key}@example.invalid"))
    for worker in workers:
        worker.active = False
    db.session.commit()


def test_nobody_at_the_swedish_centre_makes_every_swedish_cell_a_gap(db, demo):
    before = _report(db, demo, "853")
    assert not any(c.gap for c in before.cells if c.language == "sv")
    _nobody_at(db, "abo-sv")
    after = _report(db, demo, "853")
    swedish = [c for c in after.cells if c.language == "sv"]
    assert swedish and all(c.kind == "unstaffed" for c in swedish)
    assert len(after.gaps) == len(before.gaps) + len(swedish)


def test_swedish_in_a_finnish_speaking_municipality_is_a_language_gap(db, demo):
    report = _report(db, demo, "430")  # Loimaa: the area centre serves in Finnish only
    swedish = report.cell("everyday", "7-12", "sv")
    assert swedish.answered_by == "default" and swedish.reasons == ("no_language",)
    assert not report.cell("everyday", "7-12", "fi").gap


@pytest.fixture
def english_admins(db, demo_users):
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_names_each_class_with_a_legend_and_counts(app, db, demo, fast_sign_in,
                                                            english_admins):
    client = fast_sign_in("region_admin")
    text = _text(client.get("/admin/m/853/coverage").get_data(as_text=True))
    report = _report(db, demo, "853")
    counts = report.counts()
    assert f"{len(report.gaps)} of 180 combinations are real gaps." in text
    for name, kind in (("By a rule", "rule"), ("Default centre", "default"),
                       ("Region's fallback", "fallback"),
                       ("Gap: not served in this language", "no_language"),
                       ("Gap: nobody works there", "unstaffed")):
        assert f"{name}: {counts[kind]}" in text, name
    assert "the municipality's default centre answers, as intended" in text
    _nobody_at(db, "abo-sv")
    html = client.get("/admin/m/853/coverage").get_data(as_text=True)
    assert "Gap: nobody works there: 60" in _text(html)
    assert html.count('<td class="gap">') == len(report.gaps) + 60


def test_the_overview_counts_classes_per_municipality(app, db, demo, fast_sign_in,
                                                      english_admins):
    client = fast_sign_in("region_admin")
    html = client.get("/admin/coverage").get_data(as_text=True)
    row = re.search(r'<tr><th scope="row"><a href="/admin/m/853/coverage">Turku</a></th>(.*?)'
                    r"</tr>", html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    counts = _report(db, demo, "853").counts()
    assert cells[:3] == [str(counts["rule"]), str(counts["default"]), str(counts["fallback"])]
    assert cells[3] == f"{len(_report(db, demo, '853').gaps)} / 180"
    assert "Answered, as configured" in html and "Real gaps" in html
