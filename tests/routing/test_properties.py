"""Routing properties over generated configurations, checked against a naive scan of all rules."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.routing import naive_blocker, naive_order, naive_route
from helpbutton.routing import (
    EXPECTING,
    Centre,
    Municipality,
    RequestFacts,
    RoutingConfig,
    Rule,
    compile_config,
)

# Small pools, so that generated rules and requests often meet.
CODES = ["001", "002", "003"]
UNKNOWN = "999"  # a code no configuration knows
CENTRE_IDS = range(1, 6)
REFERENCED_IDS = range(1, 7)  # centre 6 never exists: rules and defaults may still point at it
TOPICS = ["baby", "school", "money"]
LANGUAGES = ["fi", "sv", "en", "ar", "so"]  # besides the service's, interpreter languages
SERVICE_LANGUAGES = ["fi", "sv", "en"]
INTERPRETER_LANGUAGES = ["ar", "so", "en", "ku"]  # en: also a service language; ku: in no rule
POSTAL_CODES = ["20100", "20200", "21100"]
CHANNELS = ["web", "library", "school"]
BASE_DAY = date(2026, 11, 23)
AGES = st.integers(EXPECTING, 18)  # 18: past the form's range, which routing must still survive

days = st.integers(-3, 3).map(lambda n: BASE_DAY + timedelta(days=n))


def condition(values: list[str]) -> st.SearchStrategy[frozenset[str]]:
    # Empty half the time: an empty condition matches everything.
    return st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(values), min_size=1))


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


rule_fields = st.fixed_dictionaries(
    {
        "owner": st.sampled_from([*CODES, None, "004"]),  # 004: owner unknown to the config
        "position": st.integers(0, 4),  # few positions, so ties happen
        "target_centre": st.sampled_from(REFERENCED_IDS),
        "active": st.booleans(),
        "topics": condition(TOPICS),
        "min_age": optional(AGES),
        "max_age": optional(AGES),
        "languages": condition(LANGUAGES),
        "postal_codes": condition(POSTAL_CODES),
        "channels": condition(CHANNELS),
        "urgent": optional(st.booleans()),
        "interpreter": optional(st.booleans()),
        "valid_from": optional(days),
        "valid_until": optional(days),
    }
)


@st.composite
def configs(draw: st.DrawFn) -> RoutingConfig:
    centres = {
        i: Centre(i, draw(st.booleans()), draw(st.frozensets(st.sampled_from(CODES))))
        for i in draw(st.sets(st.sampled_from(CENTRE_IDS)))
    }
    municipalities = {
        code: Municipality(code, draw(optional(st.sampled_from(REFERENCED_IDS)))) for code in CODES
    }
    fields = draw(st.lists(rule_fields, max_size=12))
    ids = draw(st.permutations(range(1, len(fields) + 1)))  # ids unrelated to list order
    rules = [Rule(id=i, **f) for i, f in zip(ids, fields, strict=False)]
    return RoutingConfig(centres, municipalities, rules, draw(st.sampled_from(REFERENCED_IDS)))


requests = st.builds(
    RequestFacts,
    municipality=st.sampled_from([*CODES, UNKNOWN]),
    postal_code=optional(st.sampled_from(POSTAL_CODES)),
    topic=optional(st.sampled_from(TOPICS)),
    child_ages=st.lists(AGES, max_size=3).map(tuple),
    service_language=st.sampled_from(SERVICE_LANGUAGES),
    urgent=st.booleans(),
    channel=optional(st.sampled_from(CHANNELS)),
    interpreter_language=optional(st.sampled_from(INTERPRETER_LANGUAGES)),
)
# Several requests per configuration, on several days, so one router's caches are exercised.
request_days = st.lists(st.tuples(requests, days), min_size=1, max_size=8)


# Timing varies on a loaded machine; what these tests check is correctness.
untimed = settings(deadline=None)


def key(decision) -> tuple[int, str, int | None]:
    return decision.centre, decision.via, decision.rule


@untimed
@given(configs(), request_days)
def test_both_paths_decide_as_the_naive_scan_of_all_rules(config, cases):
    router = compile_config(config)
    for facts, today in cases:
        expected = naive_route(config, facts, today)
        assert key(router.route(facts, today, explain=False)) == expected
        assert key(router.route(facts, today, explain=True)) == expected


@untimed
@given(configs(), request_days)
def test_decided_centre_is_active_and_serves_or_is_the_default_or_the_fallback(config, cases):
    router = compile_config(config)
    for facts, today in cases:
        decision = router.route(facts, today, explain=False)
        centre = config.centres.get(decision.centre)
        if decision.via == "rule":
            assert centre is not None and centre.active
            assert facts.municipality in centre.serves or decision.centre == config.fallback_centre
        elif decision.via == "municipality_default":
            # The default centre is accepted when active, whether or not it lists the municipality.
            assert centre is not None and centre.active
            assert decision.centre == config.municipalities[facts.municipality].default_centre
        else:
            assert (decision.via, decision.centre) == ("region_fallback", config.fallback_centre)


@untimed
@given(configs(), request_days)
def test_trace_lists_the_rules_tried_in_order_with_the_reasons_of_the_reference(config, cases):
    router = compile_config(config)
    for facts, today in cases:
        decision = router.route(facts, today, explain=True)
        tried = sorted(
            (r for r in config.rules if r.owner in (facts.municipality, None)), key=naive_order
        )
        rule_steps = [step for step in decision.trace if step.rule is not None]
        if facts.municipality not in config.municipalities:
            assert rule_steps == []
            continue
        assert [step.rule for step in rule_steps] == [r.id for r in tried][: len(rule_steps)]
        for step, rule in zip(rule_steps, tried, strict=False):
            expected = naive_blocker(config, rule, facts, today) or ("matched", None)
            assert (step.outcome, step.condition) == expected
        if decision.via == "rule":
            last = decision.trace[-1]
            assert (last.outcome, last.rule) == ("matched", decision.rule)
        else:
            assert len(rule_steps) == len(tried)  # every rule was tried and passed over
            assert decision.trace[-1].outcome in ("default_centre", "region_fallback")


@untimed
@given(configs(), requests.filter(lambda facts: facts.municipality in CODES), days)
def test_first_matching_rule_wins(config, facts, today):
    new_centre = Centre(7, True, frozenset({facts.municipality}))
    catch_all = Rule(id=100, owner=facts.municipality, position=-1, target_centre=7)
    centres = {**config.centres, 7: new_centre}
    before = compile_config(config).route(facts, today, explain=False)

    first = replace(config, centres=centres, rules=[*config.rules, catch_all])
    last = replace(
        config, centres=centres, rules=[*config.rules, replace(catch_all, owner=None, position=99)]
    )

    assert compile_config(first).route(facts, today, explain=False).rule == 100
    after = compile_config(last).route(facts, today, explain=False)
    assert after.rule == (before.rule if before.via == "rule" else 100)
