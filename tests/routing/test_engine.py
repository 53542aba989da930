"""Routing engine: each condition, the order of rules, every skip reason, default and fallback."""

import ast
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

import helpbutton.routing as routing
from helpbutton.routing import (
    CONDITIONS,
    EXPECTING,
    OUTCOMES,
    Centre,
    Decision,
    Municipality,
    RequestFacts,
    RoutingConfig,
    Rule,
    compile_config,
    describe,
    route,
)

TODAY = date(2026, 11, 23)
TURKU, SALO, UNKNOWN = "853", "734", "999"
TURKU_CENTRE, SHARED_CENTRE, SALO_CENTRE, INACTIVE_CENTRE, FALLBACK = 1, 2, 3, 4, 99


def make_config(
    *rules: Rule,
    centres: tuple[Centre, ...] = (),
    municipalities: tuple[Municipality, ...] = (),
) -> RoutingConfig:
    """Turku and Salo, each with its own centre as default, a centre shared by both, an inactive
    Turku centre and a fallback that serves nobody; `centres` and `municipalities` replace by id."""
    all_centres = {
        c.id: c
        for c in (
            Centre(TURKU_CENTRE, True, frozenset({TURKU})),
            Centre(SHARED_CENTRE, True, frozenset({TURKU, SALO})),
            Centre(SALO_CENTRE, True, frozenset({SALO})),
            Centre(INACTIVE_CENTRE, False, frozenset({TURKU})),
            Centre(FALLBACK, True, frozenset()),
            *centres,
        )
    }
    all_municipalities = {
        m.code: m
        for m in (
            Municipality(TURKU, TURKU_CENTRE),
            Municipality(SALO, SALO_CENTRE),
            *municipalities,
        )
    }
    return RoutingConfig(all_centres, all_municipalities, list(rules), FALLBACK, version="test")


def rule(id: int = 10, owner: str | None = TURKU, position: int = 1, **fields) -> Rule:
    fields.setdefault("target_centre", SHARED_CENTRE)
    return Rule(id=id, owner=owner, position=position, **fields)


def request(**facts) -> RequestFacts:
    defaults = dict(
        municipality=TURKU,
        postal_code="20100",
        topic="parenting",
        child_ages=(4,),
        service_language="fi",
        urgent=False,
        channel="web",
    )
    return RequestFacts(**{**defaults, **facts})


def decide(config: RoutingConfig, facts: RequestFacts, today: date = TODAY) -> Decision:
    """Route on both paths, check they agree, and return the explained decision."""
    router = compile_config(config)
    explained = router.route(facts, today)
    fast = router.route(facts, today, explain=False)
    assert (fast.centre, fast.via, fast.rule) == (explained.centre, explained.via, explained.rule)
    assert fast.trace == ()
    return explained


def outcomes(decision: Decision) -> list[tuple[int | None, str, str | None]]:
    return [(step.rule, step.outcome, step.condition) for step in decision.trace]


# --- conditions ------------------------------------------------------------------------------

CONDITION_CASES = [
    # (rule conditions, request facts, the condition that fails or None when the rule matches)
    ({}, dict(topic=None, child_ages=(), postal_code=None, channel=None), None),
    (dict(topics={"parenting", "sleep"}), dict(topic="sleep"), None),
    (dict(topics={"parenting"}), dict(topic="school"), "topic"),
    (dict(topics={"parenting"}), dict(topic=None), "topic"),
    (dict(min_age=0, max_age=6), dict(child_ages=(4,)), None),
    (dict(min_age=0, max_age=6), dict(child_ages=(0,)), None),
    (dict(min_age=0, max_age=6), dict(child_ages=(6,)), None),
    (dict(min_age=0, max_age=6), dict(child_ages=(7,)), "age"),
    (dict(min_age=0, max_age=6), dict(child_ages=(12, 3)), None),
    (dict(min_age=0, max_age=6), dict(child_ages=(3, 12)), None),  # any child, not only the last
    (dict(min_age=0, max_age=6), dict(child_ages=()), "age"),
    (dict(min_age=0, max_age=6), dict(child_ages=(EXPECTING,)), "age"),
    (dict(min_age=EXPECTING, max_age=EXPECTING), dict(child_ages=(EXPECTING,)), None),
    (dict(min_age=EXPECTING, max_age=EXPECTING), dict(child_ages=(0,)), "age"),
    (dict(max_age=2), dict(child_ages=(EXPECTING,)), None),
    (dict(min_age=13), dict(child_ages=(17,)), None),
    (dict(min_age=13), dict(child_ages=(12,)), "age"),
    (dict(min_age=13), dict(child_ages=(18,)), None),  # beyond the form's range: still judged
    (dict(max_age=12), dict(child_ages=(18,)), "age"),
    (dict(languages={"sv"}), dict(service_language="sv"), None),
    (dict(languages={"sv"}), dict(service_language="fi"), "language"),
    # With an interpreter the family's own language is the one a language condition looks at.
    (dict(languages={"ar"}), dict(interpreter_language="ar"), None),
    (dict(languages={"ar"}), dict(service_language="sv", interpreter_language="ar"), None),
    (dict(languages={"ar"}), dict(service_language="fi"), "language"),
    (dict(languages={"fi"}), dict(service_language="fi", interpreter_language="ar"), "language"),
    (dict(languages={"ar", "so"}), dict(interpreter_language="so"), None),
    (dict(languages={"en"}), dict(interpreter_language="en"), None),
    (dict(interpreter=True), dict(interpreter_language="ar"), None),
    (dict(interpreter=True), dict(interpreter_language=None), "interpreter"),
    (dict(interpreter=True), dict(interpreter_language=""), "interpreter"),
    (dict(interpreter=False), dict(interpreter_language=None), None),
    (dict(interpreter=False), dict(interpreter_language="ar"), "interpreter"),
    (dict(interpreter=True, languages={"ar"}), dict(interpreter_language="ar"), None),
    (dict(interpreter=True, languages={"ar"}), dict(interpreter_language="so"), "language"),
    (dict(interpreter=False, channels={"school"}), dict(interpreter_language="ar"), "interpreter"),
    (dict(postal_codes={"20100", "20200"}), dict(postal_code="20200"), None),
    (dict(postal_codes={"20100"}), dict(postal_code="20500"), "postal_code"),
    (dict(postal_codes={"20100"}), dict(postal_code=None), "postal_code"),
    (dict(channels={"library", "school"}), dict(channel="library"), None),
    (dict(channels={"library"}), dict(channel="web"), "channel"),
    (dict(channels={"library"}), dict(channel=None), "channel"),
    (dict(urgent=True), dict(urgent=True), None),
    (dict(urgent=True), dict(urgent=False), "urgency"),
    (dict(urgent=False), dict(urgent=False), None),
    (dict(urgent=False), dict(urgent=True), "urgency"),
    # several conditions fail: the first in CONDITIONS order is reported
    (dict(channels={"school"}, topics={"money"}, languages={"sv"}), {}, "topic"),
    (dict(urgent=True, min_age=13), dict(child_ages=(2,)), "age"),
]


@pytest.mark.parametrize("conditions, facts, failed", CONDITION_CASES)
def test_condition_matches_or_names_what_failed(conditions, facts, failed):
    decision = decide(make_config(rule(**conditions)), request(**facts))

    if failed is None:
        assert (decision.via, decision.rule, decision.centre) == ("rule", 10, SHARED_CENTRE)
        assert outcomes(decision) == [(10, "matched", None)]
    else:
        assert decision.via == "municipality_default"
        assert outcomes(decision)[0] == (10, "condition_failed", failed)


def test_condition_failure_detail_gives_expected_and_got_values():
    config = make_config(
        rule(1, topics={"sleep", "money"}),
        rule(2, position=2, min_age=EXPECTING, max_age=0),
        rule(3, position=3, urgent=True),
    )
    trace = decide(config, request(topic="school", child_ages=(3, 5))).trace

    assert trace[0].detail == {"expected": ["money", "sleep"], "got": "school"}
    assert trace[1].detail == {"expected": {"min_age": -1, "max_age": 0}, "got": [3, 5]}
    assert trace[2].detail == {"expected": True, "got": False}


def test_interpreter_failure_detail_names_the_interpreter_language():
    config = make_config(
        rule(1, languages={"sv", "so"}),
        rule(2, position=2, interpreter=False),
        rule(3, position=3, interpreter=True),
    )
    trace = decide(config, request(interpreter_language="ar")).trace
    assert trace[0].detail == {"expected": ["so", "sv"], "got": "ar", "interpreter": True}
    assert trace[1].detail == {"expected": False, "got": "ar"}
    assert (trace[2].outcome, trace[2].rule) == ("matched", 3)

    trace = decide(config, request(service_language="sv")).trace
    assert trace[0].outcome == "matched"
    trace = decide(config, request(service_language="fi")).trace
    assert trace[0].detail == {"expected": ["so", "sv"], "got": "fi"}  # no interpreter: no flag
    assert trace[1].outcome == "matched"


def test_describe_says_interpreter_language():
    config = make_config(rule(1, languages={"sv"}), rule(2, position=2, interpreter=False),
                         rule(3, position=3, interpreter=True))
    trace = decide(config, request(interpreter_language="ar")).trace
    assert describe(trace[0]) == "Rule 1 did not match: interpreter language ar is not one of sv."
    assert describe(trace[1]) == (
        "Rule 2 did not match: the rule is only for requests without an interpreter "
        "(interpreter language ar)."
    )
    trace = decide(make_config(rule(3, interpreter=True)), request()).trace
    assert describe(trace[0]) == (
        "Rule 3 did not match: the rule is only for requests needing an interpreter."
    )


# --- order -----------------------------------------------------------------------------------


def test_own_rules_are_tried_before_region_wide_rules_whatever_their_position():
    config = make_config(
        rule(1, owner=None, position=0, target_centre=SHARED_CENTRE),
        rule(2, owner=TURKU, position=50, target_centre=TURKU_CENTRE),
    )
    decision = decide(config, request())

    assert (decision.rule, decision.centre) == (2, TURKU_CENTRE)


def test_region_wide_rule_applies_when_no_own_rule_matches():
    config = make_config(
        rule(1, owner=None, position=0),
        rule(2, owner=TURKU, position=0, topics={"money"}),
    )
    decision = decide(config, request(topic="sleep"))

    assert decision.rule == 1
    assert outcomes(decision) == [(2, "condition_failed", "topic"), (1, "matched", None)]


def test_rules_are_tried_by_position_not_by_list_order_and_ties_go_to_the_lower_id():
    config = make_config(
        rule(5, position=3, target_centre=TURKU_CENTRE),
        rule(9, position=1, topics={"money"}),
        rule(8, position=2, target_centre=SHARED_CENTRE),
        rule(7, position=2, target_centre=TURKU_CENTRE),
    )
    decision = decide(config, request())

    assert (decision.rule, decision.centre) == (7, TURKU_CENTRE)
    assert [step.rule for step in decision.trace] == [9, 7]


def test_first_matching_rule_wins_even_when_later_ones_match_too():
    config = make_config(
        rule(1, position=1, target_centre=TURKU_CENTRE),
        rule(2, position=2, target_centre=SHARED_CENTRE),
    )

    assert decide(config, request()).rule == 1


def test_rules_of_other_municipalities_are_neither_tried_nor_traced():
    config = make_config(rule(1, owner=SALO, position=0), rule(2, owner=TURKU, position=5))
    decision = decide(config, request(municipality=TURKU))

    assert [step.rule for step in decision.trace] == [2]


# --- skips -----------------------------------------------------------------------------------

SKIP_CASES = [
    # (the rule tried first, its trace outcome, its detail)
    (rule(1, active=False), "skipped_inactive_rule", {}),
    (
        rule(1, valid_from=TODAY + timedelta(days=1)),
        "skipped_not_valid_today",
        {"valid_from": "2026-11-24", "valid_until": None, "today": "2026-11-23"},
    ),
    (
        rule(1, valid_until=TODAY - timedelta(days=1)),
        "skipped_not_valid_today",
        {"valid_from": None, "valid_until": "2026-11-22", "today": "2026-11-23"},
    ),
    (
        rule(1, target_centre=INACTIVE_CENTRE),
        "skipped_inactive_target",
        {"centre": INACTIVE_CENTRE, "missing": False},
    ),
    (rule(1, target_centre=42), "skipped_inactive_target", {"centre": 42, "missing": True}),
    (
        rule(1, target_centre=SALO_CENTRE),
        "skipped_target_not_serving",
        {"centre": SALO_CENTRE, "municipality": TURKU},
    ),
    (
        rule(1, owner=None, position=0, target_centre=SALO_CENTRE),
        "skipped_target_not_serving",
        {"centre": SALO_CENTRE, "municipality": TURKU},
    ),
]


@pytest.mark.parametrize("skipped, outcome, detail", SKIP_CASES)
def test_skipped_rule_is_traced_with_its_reason_and_the_next_rule_wins(skipped, outcome, detail):
    config = make_config(skipped, rule(2, owner=None, position=9, target_centre=TURKU_CENTRE))
    decision = decide(config, request())

    assert (decision.rule, decision.centre) == (2, TURKU_CENTRE)
    assert outcomes(decision) == [(1, outcome, None), (2, "matched", None)]
    assert decision.trace[0].detail == detail


def test_only_the_first_reason_is_reported_in_a_fixed_order():
    # Each rule has every reason of the rule below it, and one more.
    yesterday = TODAY - timedelta(days=1)
    config = make_config(
        rule(1, position=1, active=False, valid_until=yesterday, target_centre=42, topics={"x"}),
        rule(2, position=2, valid_until=yesterday, target_centre=42, topics={"x"}),
        rule(3, position=3, target_centre=42, topics={"x"}),
        rule(4, position=4, target_centre=SALO_CENTRE, topics={"x"}),
        rule(5, position=5, topics={"x"}),
    )

    assert outcomes(decide(config, request()))[:5] == [
        (1, "skipped_inactive_rule", None),
        (2, "skipped_not_valid_today", None),
        (3, "skipped_inactive_target", None),
        (4, "skipped_target_not_serving", None),
        (5, "condition_failed", "topic"),
    ]


@pytest.mark.parametrize("owner", [TURKU, None])
def test_rule_may_target_the_fallback_centre_though_it_serves_nobody(owner):
    decision = decide(make_config(rule(1, owner=owner, target_centre=FALLBACK)), request())

    assert (decision.via, decision.centre) == ("rule", FALLBACK)


def test_rule_targeting_an_inactive_fallback_centre_is_skipped():
    config = make_config(
        rule(1, target_centre=FALLBACK), centres=(Centre(FALLBACK, False, frozenset()),)
    )
    decision = decide(config, request())

    assert outcomes(decision)[0] == (1, "skipped_inactive_target", None)
    assert decision.via == "municipality_default"


@pytest.mark.parametrize(
    "valid_from, valid_until, valid",
    [
        (TODAY, None, True),
        (None, TODAY, True),
        (TODAY, TODAY, True),
        (TODAY + timedelta(days=1), None, False),
        (None, TODAY - timedelta(days=1), False),
        (TODAY - timedelta(days=30), TODAY + timedelta(days=30), True),
    ],
)
def test_validity_dates_are_inclusive(valid_from, valid_until, valid):
    config = make_config(rule(1, valid_from=valid_from, valid_until=valid_until))

    assert (decide(config, request()).via == "rule") is valid


def test_compiled_router_follows_validity_as_the_days_pass():
    # One router for 120 days: more days than it caches, so the cache is also emptied on the way.
    start, end = TODAY + timedelta(days=10), TODAY + timedelta(days=20)
    router = compile_config(make_config(rule(1, valid_from=start, valid_until=end)))

    for offset in [*range(120), 15, 5, 15]:
        day = TODAY + timedelta(days=offset)
        expected = "rule" if start <= day <= end else "municipality_default"
        assert router.route(request(), day, explain=False).via == expected, day


# --- default and fallback --------------------------------------------------------------------


def test_without_a_matching_rule_the_municipality_default_centre_is_used():
    decision = decide(make_config(rule(1, topics={"money"})), request())

    assert (decision.centre, decision.via, decision.rule) == (
        TURKU_CENTRE,
        "municipality_default",
        None,
    )
    assert outcomes(decision)[-1] == (None, "default_centre", None)
    assert decision.trace[-1].detail == {"centre": TURKU_CENTRE, "municipality": TURKU}


def test_default_centre_is_used_when_active_even_if_it_does_not_serve_the_municipality():
    config = make_config(municipalities=(Municipality(TURKU, SALO_CENTRE),))

    assert decide(config, request()).centre == SALO_CENTRE


@pytest.mark.parametrize(
    "default, reason",
    [(None, "not_set"), (42, "missing"), (INACTIVE_CENTRE, "inactive")],
)
def test_unusable_default_centre_sends_the_request_to_the_region_fallback(default, reason):
    config = make_config(municipalities=(Municipality(TURKU, default),))
    decision = decide(config, request())

    assert (decision.centre, decision.via) == (FALLBACK, "region_fallback")
    assert outcomes(decision) == [
        (None, "default_centre_unusable", None),
        (None, "region_fallback", None),
    ]
    assert decision.trace[0].detail == {"centre": default, "municipality": TURKU, "reason": reason}
    assert decision.trace[1].detail["reason"] == "no_usable_default"
    assert decision.trace[1].detail == {
        "centre": FALLBACK, "municipality": TURKU, "reason": "no_usable_default", "active": True,
    }


@pytest.mark.parametrize("fallback", [Centre(FALLBACK, False, frozenset()), None])
def test_region_fallback_is_used_even_when_inactive_or_missing(fallback):
    config = make_config(municipalities=(Municipality(TURKU, None),))
    centres = {id: c for id, c in config.centres.items() if id != FALLBACK}
    if fallback is not None:
        centres[FALLBACK] = fallback
    config = RoutingConfig(centres, config.municipalities, config.rules, FALLBACK)
    decision = decide(config, request())

    assert (decision.centre, decision.via) == (FALLBACK, "region_fallback")
    assert decision.trace[-1].detail["active"] is False


def test_unknown_municipality_goes_straight_to_the_region_fallback():
    config = make_config(rule(1, owner=None, position=0, target_centre=FALLBACK))
    decision = decide(config, request(municipality=UNKNOWN))

    assert (decision.centre, decision.via, decision.rule) == (FALLBACK, "region_fallback", None)
    assert outcomes(decision) == [(None, "region_fallback", None)]
    assert decision.trace[0].detail == {
        "centre": FALLBACK,
        "municipality": UNKNOWN,
        "reason": "unknown_municipality",
        "active": True,
    }


# --- the two paths and the public functions --------------------------------------------------


def test_explain_false_gives_the_same_decision_without_a_trace():
    config = make_config(
        rule(1, active=False),
        rule(2, position=2, topics={"money"}),
        rule(3, position=3, target_centre=SALO_CENTRE),
        rule(4, owner=None, position=1, min_age=0, max_age=6, target_centre=TURKU_CENTRE),
    )
    router = compile_config(config)
    explained = router.route(request(), TODAY, explain=True)
    fast = router.route(request(), TODAY, explain=False)

    assert len(explained.trace) == 4
    assert fast == Decision(TURKU_CENTRE, "rule", 4, ())
    assert (explained.centre, explained.via, explained.rule) == (TURKU_CENTRE, "rule", 4)


def test_route_accepts_a_configuration_or_a_compiled_router():
    config = make_config(rule(1))

    assert route(config, request(), TODAY) == route(compile_config(config), request(), TODAY)
    assert route(config, request(), TODAY, explain=False).trace == ()


def test_route_explains_by_default_and_judges_on_the_day_given():
    config = make_config(rule(1, valid_until=TODAY), rule(2, position=2))

    explained = route(config, request(), TODAY)
    assert (explained.rule, outcomes(explained)) == (1, [(1, "matched", None)])
    assert route(config, request(), TODAY, explain=True).trace == explained.trace
    for explain in (True, False):
        assert route(config, request(), TODAY + timedelta(days=1), explain).rule == 2


def test_compiled_router_carries_the_configuration_version():
    assert compile_config(make_config()).version == "test"


def test_collections_given_as_lists_are_stored_frozen():
    made = Rule(1, TURKU, 1, SHARED_CENTRE, topics=["sleep"], channels=["web"])
    facts = RequestFacts(TURKU, child_ages=[3, EXPECTING])

    assert made.topics == frozenset({"sleep"}) and isinstance(made.channels, frozenset)
    assert facts.child_ages == (3, EXPECTING)
    assert {made, facts}  # hashable


def _steps_of_every_kind() -> list[routing.TraceStep]:
    config = make_config(
        rule(1, active=False),
        rule(2, position=2, valid_until=TODAY - timedelta(days=1)),
        rule(3, position=3, target_centre=INACTIVE_CENTRE),
        rule(4, position=4, target_centre=SALO_CENTRE),
        rule(5, position=5, topics={"money"}),
        rule(6, position=6, min_age=EXPECTING, max_age=0),
        rule(7, position=7, languages={"sv"}),
        rule(8, position=8, postal_codes={"21100"}),
        rule(9, position=9, channels={"school"}),
        rule(10, position=10, urgent=True),
        rule(11, position=11, max_age=3),
        rule(12, position=12, min_age=14),
        rule(13, position=13, interpreter=True),
        municipalities=(Municipality(SALO, 42),),
    )
    router = compile_config(config)
    return [
        step
        for facts in (request(), request(municipality=SALO), request(municipality=UNKNOWN))
        for step in router.route(facts, TODAY).trace
    ] + list(router.route(request(topic="money", child_ages=(EXPECTING,)), TODAY).trace)


def test_traces_cover_every_outcome_and_condition_and_are_json_safe():
    steps = _steps_of_every_kind()

    assert {step.outcome for step in steps} == set(OUTCOMES)
    assert {step.condition for step in steps} - {None} == set(CONDITIONS)
    assert json.loads(json.dumps([step.as_dict() for step in steps]))


def test_describe_gives_a_sentence_for_every_step():
    for step in _steps_of_every_kind():
        sentence = describe(step)
        assert sentence.endswith(".") and sentence[0].isupper(), sentence
        if step.rule is not None:
            assert f"Rule {step.rule} " in sentence
        for key in ("centre", "municipality"):
            if step.detail.get(key) is not None:
                assert str(step.detail[key]) in sentence, sentence


def test_describe_names_the_values_that_made_a_condition_fail():
    router = compile_config(
        make_config(rule(1, min_age=EXPECTING, max_age=0), rule(2, position=2, topics={"money"}))
    )
    trace = router.route(request(child_ages=(3, 5), topic="sleep"), TODAY).trace

    assert describe(trace[0]) == (
        "Rule 1 did not match: no child's age (3, 5) is between expecting and 0."
    )
    assert describe(trace[1]) == "Rule 2 did not match: topic sleep is not one of money."


def test_routing_package_imports_only_the_standard_library():
    package = Path(routing.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names, f"{module.name}: {name}"
