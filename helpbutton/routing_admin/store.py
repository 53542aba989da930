"""Between the database and the plain modules: scopes for validation, drafts, engine configs."""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton import routing as engine
from helpbutton.dbtypes import DbSession
from helpbutton.models import (
    Centre,
    Municipality,
    PostalCode,
    Region,
    Role,
    RoleAssignment,
    RoutingRule,
    Topic,
    User,
)
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.validation import CentreFacts, RuleDraft, Scope

RULE_FIELDS = ("name", "topics", "min_age", "max_age", "languages", "postal_codes", "channels",
               "urgent", "interpreter", "target_centre_id", "active", "valid_from", "valid_until")
DRAFT_ID = -1  # the id a rule being drafted has in previews (real ids are positive)


def region_centres(session: DbSession, region: Region) -> list[Centre]:
    return list(session.scalars(
        sa.select(Centre).where(Centre.region_id == region.id)
        .options(so.selectinload(Centre.municipalities)).order_by(Centre.name_fi)))


def topic_codes(session: DbSession, region: Region, *, active_only: bool = True) -> list[str]:
    query = sa.select(Topic.code).where(Topic.region_id == region.id)
    if active_only:
        query = query.where(Topic.active)
    return list(session.scalars(query.order_by(Topic.position, Topic.code)))


def postal_codes_of(session: DbSession, region: Region, code: str | None) -> list[str]:
    query = sa.select(PostalCode.code).join(PostalCode.municipality)
    query = query.where(Municipality.region_id == region.id) if code is None \
        else query.where(PostalCode.municipality_code == code)
    return sorted(session.scalars(query))


def _names_of(row) -> dict[str, str]:
    """A centre's, municipality's or region's name in each language (for problems)."""
    return {lang: row.name(lang) for lang in ("fi", "sv", "en")}


def scope_for(session: DbSession, region: Region, code: str | None) -> Scope:
    municipality = session.get(Municipality, code) if code else None
    return Scope(
        municipality=code,
        municipality_name=municipality.name_fi if municipality else region.name_fi,
        municipality_names=_names_of(municipality or region),
        centres={c.id: CentreFacts(c.id, c.name_fi, c.active,
                                   frozenset(m.code for m in c.municipalities),
                                   c.notification_email, _names_of(c))
                 for c in region_centres(session, region)},
        topics=frozenset(topic_codes(session, region, active_only=False)),
        postal_codes=frozenset(postal_codes_of(session, region, code)),
        fallback_centre=region.fallback_centre_id,
        municipalities=frozenset(session.scalars(
            sa.select(Municipality.code).where(Municipality.region_id == region.id))),
    )


def municipality_rules(session: DbSession, region: Region, code: str | None) -> list[RoutingRule]:
    owner = RoutingRule.municipality_code.is_(None) if code is None \
        else RoutingRule.municipality_code == code
    return list(session.scalars(
        sa.select(RoutingRule).where(RoutingRule.region_id == region.id, owner)
        .options(so.selectinload(RoutingRule.target_centre))
        .order_by(RoutingRule.position, RoutingRule.id)))


def draft_of(rule: RoutingRule) -> RuleDraft:
    return RuleDraft(
        target_centre=rule.target_centre_id, name=rule.name or "",
        topics=list(rule.topics or []), min_age=rule.min_age, max_age=rule.max_age,
        languages=list(rule.languages or []), postal_codes=list(rule.postal_codes or []),
        channels=list(rule.channels or []), urgent=rule.urgent,
        interpreter=rule.interpreter, active=rule.active,
        valid_from=rule.valid_from, valid_until=rule.valid_until)


def apply_draft(rule: RoutingRule, draft: RuleDraft) -> None:
    rule.name = draft.name or ""
    rule.topics = sorted(draft.topics)
    rule.min_age, rule.max_age = draft.min_age, draft.max_age
    rule.languages = sorted(draft.languages)
    rule.postal_codes = sorted(draft.postal_codes)
    rule.channels = sorted(draft.channels)
    rule.urgent = draft.urgent
    rule.interpreter = draft.interpreter
    rule.target_centre_id = draft.target_centre
    rule.active = draft.active
    rule.valid_from, rule.valid_until = draft.valid_from, draft.valid_until


def engine_rule(draft: RuleDraft, rule_id: int, owner: str | None, position: int) -> engine.Rule:
    return engine.Rule(
        id=rule_id, owner=owner, position=position, target_centre=draft.target_centre or 0,
        active=draft.active, topics=frozenset(draft.topics), min_age=draft.min_age,
        max_age=draft.max_age, languages=frozenset(draft.languages),
        postal_codes=frozenset(draft.postal_codes), channels=frozenset(draft.channels),
        urgent=draft.urgent, interpreter=draft.interpreter, valid_from=draft.valid_from,
        valid_until=draft.valid_until,
        name=draft.name or "")


def current_config(session: DbSession, region: Region) -> engine.RoutingConfig:
    return routing_service.router_for(session, region).config


def with_rule(config: engine.RoutingConfig, rule: engine.Rule) -> engine.RoutingConfig:
    """The configuration with `rule` added, or replacing the rule of the same id."""
    rules = [r for r in config.rules if r.id != rule.id] + [rule]
    return dataclasses.replace(config, rules=rules, version=config.version + "+draft")


def with_rules_of(config: engine.RoutingConfig, code: str,
                  rules: list[engine.Rule]) -> engine.RoutingConfig:
    """The configuration with the municipality's rules replaced."""
    kept = [r for r in config.rules if r.owner != code]
    return dataclasses.replace(config, rules=kept + rules, version=config.version + "+draft")


def centre_languages(session: DbSession, region: Region) -> dict[int, tuple[str, ...]]:
    return {c.id: tuple(c.languages or ()) for c in region_centres(session, region)}


def staffed_centre_ids(session: DbSession, region: Region) -> frozenset[int]:
    """Centres of the region where at least one active account works (staff or lead)."""
    return frozenset(session.scalars(
        sa.select(RoleAssignment.centre_id).join(User, User.id == RoleAssignment.user_id)
        .join(Centre, Centre.id == RoleAssignment.centre_id)
        .where(Centre.region_id == region.id, User.active,
               RoleAssignment.role.in_([Role.STAFF, Role.LEAD])).distinct()))


def unstaffed_targets(session: DbSession, region: Region,
                      codes: frozenset[str] | None = None) -> list[Centre]:
    """Active centres that requests can be sent to (by an active rule, as a municipality's
    default or as the region's fallback) where nobody works: a gap in coverage. `codes`: only
    those the rules or defaults of these municipalities point at (None: the whole region)."""
    staffed = staffed_centre_ids(session, region)
    rules = sa.select(RoutingRule.target_centre_id).where(
        RoutingRule.region_id == region.id, RoutingRule.active)
    defaults = sa.select(Municipality.default_centre_id).where(
        Municipality.region_id == region.id, Municipality.default_centre_id.isnot(None))
    if codes is not None:
        rules = rules.where(sa.or_(RoutingRule.municipality_code.in_(codes),
                                   RoutingRule.municipality_code.is_(None)))
        defaults = defaults.where(Municipality.code.in_(codes))
    targets = set(session.scalars(rules)) | set(session.scalars(defaults))
    if region.fallback_centre_id is not None:
        targets.add(region.fallback_centre_id)
    return [c for c in region_centres(session, region)
            if c.id in targets - staffed and c.active]
