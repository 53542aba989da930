"""What a drafted rule (or a set of rules) would change, worked out before anything is saved."""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date

from helpbutton import routing as engine
from helpbutton.dbtypes import DbSession
from helpbutton.models import Region
from helpbutton.routing_admin import checks, invariants, shadowing, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.validation import RuleDraft


@dataclass(frozen=True)
class Impact:
    newly_shadowed: dict[int, int]  # {rule id: id of the earlier rule that answers first}
    draft_shadowed_by: int | None  # the draft itself can never win, because of this rule
    moved: list[shadowing.MovedGroup]  # of every municipality whose requests would move
    moved_count: int
    # Requests that would lose service in a protected language (the change will be refused
    # unless the region's administrator confirms it with a reason), and the municipalities
    # besides `code` whose requests would go elsewhere.
    language_losses: list[dict] = dataclasses.field(default_factory=list)
    other_municipalities: list[str] = dataclasses.field(default_factory=list)


def draft_rule(session: DbSession, region: Region, code: str, draft: RuleDraft,
               rule_id: int | None) -> engine.Rule:
    """The draft as the engine sees it: an edited rule keeps its place, a new one goes last."""
    rules = store.municipality_rules(session, region, code)
    existing = next((r for r in rules if r.id == rule_id), None)
    position = existing.position if existing is not None else \
        max((r.position for r in rules), default=0) + 10
    return store.engine_rule(draft, rule_id or store.DRAFT_ID, code, position)


def of_config(session: DbSession, region: Region, code: str,
              after: engine.RoutingConfig, today: date, draft_id: int | None = None,
              extra_languages: dict[int, frozenset[str]] | None = None) -> Impact:
    before = routing_service.router_for(session, region)
    compiled = engine.compile_config(after)
    shadow_before = shadowing.shadowed_rules(before.config, code)
    shadow_after = shadowing.shadowed_rules(after, code)
    state_before = checks.state(session, region)
    state_after = invariants.State(compiled, {**state_before.centre_languages,
                                              **(extra_languages or {})})
    comparison = checks.compare(session, region, state_before, state_after, today)
    topics = store.topic_codes(session, region)
    moved = []
    for moved_code in sorted(set(comparison.moved) | {code}, key=lambda c: c != code):
        moved += shadowing.moved_requests(before, compiled, moved_code, topics,
                                          store.postal_codes_of(session, region, moved_code),
                                          today)
    newly = {rid: by for rid, by in shadow_after.items()
             if rid != draft_id and shadow_before.get(rid) != by}
    return Impact(newly, shadow_after.get(draft_id) if draft_id is not None else None,
                  shadowing.group_moved(moved), len(moved),
                  checks.describe_losses(session, region, comparison.losses),
                  comparison.moved_elsewhere(code))


def of_draft(session: DbSession, region: Region, code: str, draft: RuleDraft,
             rule_id: int | None, today: date) -> Impact:
    rule = draft_rule(session, region, code, draft, rule_id)
    after = store.with_rule(store.current_config(session, region), rule)
    return of_config(session, region, code, after, today, rule.id)


def fingerprint(region: Region, draft: RuleDraft, rule_id: int | None) -> str:
    """Ties a "save" to the checked draft and configuration version: if either changed since
    the check, the page checks again instead of saving."""
    text = f"{region.id}:{region.routing_version}:{rule_id}:{draft!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def of_move(session: DbSession, region: Region, code: str, rule_id: int, step: int,
            today: date) -> Impact | None:
    """The impact of moving a rule one place (None when it cannot move that way)."""
    config = store.current_config(session, region)
    own = shadowing.ordered_rules(config, code)
    own = [r for r in own if r.owner == code]
    index = next(i for i, r in enumerate(own) if r.id == rule_id)
    target = index + step
    if not 0 <= target < len(own):
        return None
    own[index], own[target] = own[target], own[index]
    moved = [dataclasses.replace(r, position=(n + 1) * 10) for n, r in enumerate(own)]
    return of_config(session, region, code, store.with_rules_of(config, code, moved), today)


def of_activation(session: DbSession, region: Region, code: str, rule_id: int, active: bool,
                  today: date) -> Impact:
    config = store.current_config(session, region)
    rule = next(r for r in config.rules if r.id == rule_id)
    return of_config(session, region, code,
                     store.with_rule(config, dataclasses.replace(rule, active=active)), today)


def action_fingerprint(region: Region, rule_id: int, action: str) -> str:
    text = f"{region.id}:{region.routing_version}:{rule_id}:{action}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]
