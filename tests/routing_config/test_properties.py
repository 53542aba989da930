"""Shadowing and "what would go elsewhere" over generated configurations."""
import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from helpbutton.routing import EXPECTING, MAX_CHILD_AGE, RequestFacts, compile_config
from helpbutton.routing_admin import shadowing
from tests.routing.test_properties import (
    BASE_DAY,
    CHANNELS,
    CODES,
    INTERPRETER_LANGUAGES,
    POSTAL_CODES,
    SERVICE_LANGUAGES,
    TOPICS,
    configs,
    optional,
    request_days,
    untimed,
)

single_child_requests = st.builds(
    RequestFacts,
    municipality=st.sampled_from(CODES),
    postal_code=optional(st.sampled_from(POSTAL_CODES)),
    topic=st.sampled_from(TOPICS),
    child_ages=st.one_of(st.just(()), st.integers(EXPECTING, MAX_CHILD_AGE).map(lambda a: (a,))),
    service_language=st.sampled_from(SERVICE_LANGUAGES),
    urgent=st.booleans(),
    channel=st.sampled_from(CHANNELS),
    interpreter_language=optional(st.sampled_from(INTERPRETER_LANGUAGES)),
)


@untimed
@given(configs(), request_days)
def test_a_shadowed_rule_never_wins(config, cases):
    router = compile_config(config)
    for facts, today in cases:
        decision = router.route(facts, today, explain=False)
        if facts.municipality in config.municipalities:
            assert decision.rule not in shadowing.shadowed_rules(config, facts.municipality)


@untimed
@given(configs(), request_days)
def test_removing_a_shadowed_rule_changes_no_decision(config, cases):
    router = compile_config(config)
    for code in CODES:
        shadowed = shadowing.shadowed_rules(config, code)
        if not shadowed:
            continue
        # Only this municipality's requests are routed below, so its shadowed rules can all go.
        pruned = compile_config(dataclasses.replace(
            config, rules=[r for r in config.rules if r.id not in shadowed]))
        for facts, today in cases:
            if facts.municipality != code:
                continue
            before = router.route(facts, today, explain=False)
            after = pruned.route(facts, today, explain=False)
            assert (before.centre, before.via) == (after.centre, after.via)


@untimed
@given(configs(), configs(), st.lists(single_child_requests, min_size=1, max_size=10))
def test_moved_requests_finds_a_change_whenever_one_exists(old, new, facts_list):
    new = dataclasses.replace(old, rules=new.rules)  # same centres, other rules
    before, after = compile_config(old), compile_config(new)
    for facts in facts_list:
        if before.route(facts, BASE_DAY, explain=False).centre == \
                after.route(facts, BASE_DAY, explain=False).centre:
            continue
        moved = shadowing.moved_requests(before, after, facts.municipality, TOPICS,
                                         POSTAL_CODES, BASE_DAY)
        assert moved
        for m in moved:
            assert m.before.centre != m.after.centre
            assert m.after == after.route(m.facts, BASE_DAY, explain=False)
