"""The database side of routing: build the engine's configuration from a region's tables.

The compiled router is cached per process, keyed by the region and its `routing_version`.
Whoever changes centres, municipalities' default centres or routing rules calls
`bump_routing_version` in the same transaction, so every process rebuilds on its next request.
"""
from __future__ import annotations

import threading
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton import routing as engine
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Municipality, Region, RoutingRule


class NoFallbackCentre(RuntimeError):
    """The region has no fallback centre, so a request could be left unrouted."""


_cache: dict[tuple, engine.Router] = {}
_lock = threading.Lock()


def _cache_key(region: Region) -> tuple:
    # created_at tells apart regions that share an id in different databases (tests, staging).
    return (region.id, region.created_at, region.routing_version)


def build_config(session: DbSession, region: Region) -> engine.RoutingConfig:
    """One snapshot of the region's routing configuration, as the engine's dataclasses."""
    if region.fallback_centre_id is None:
        raise NoFallbackCentre(f"region {region.code} has no fallback centre")
    centres = session.scalars(
        sa.select(Centre)
        .where(Centre.region_id == region.id)
        .options(so.selectinload(Centre.municipalities))
    ).all()
    municipalities = session.scalars(
        sa.select(Municipality).where(Municipality.region_id == region.id)
    ).all()
    rules = session.scalars(sa.select(RoutingRule).where(RoutingRule.region_id == region.id)).all()
    return engine.RoutingConfig(
        centres={
            c.id: engine.Centre(
                id=c.id,
                active=c.active,
                serves=frozenset(m.code for m in c.municipalities),
                name=c.name_fi,
            )
            for c in centres
        },
        municipalities={
            m.code: engine.Municipality(code=m.code, default_centre=m.default_centre_id)
            for m in municipalities
        },
        rules=[_rule(r) for r in rules],
        fallback_centre=region.fallback_centre_id,
        version=f"{region.id}:{region.routing_version}",
    )


def _rule(r: RoutingRule) -> engine.Rule:
    return engine.Rule(
        id=r.id,
        owner=r.municipality_code,
        position=r.position,
        target_centre=r.target_centre_id,
        active=r.active,
        topics=frozenset(r.topics or ()),
        min_age=r.min_age,
        max_age=r.max_age,
        languages=frozenset(r.languages or ()),
        postal_codes=frozenset(r.postal_codes or ()),
        channels=frozenset(r.channels or ()),
        urgent=r.urgent,
        interpreter=r.interpreter,
        valid_from=r.valid_from,
        valid_until=r.valid_until,
        name=r.name or "",
    )


def router_for(session: DbSession, region: Region) -> engine.Router:
    """The compiled router for the region's current routing version (built once per version)."""
    key = _cache_key(region)
    router = _cache.get(key)
    if router is None:
        router = engine.compile_config(build_config(session, region))
        with _lock:
            # Keep only the newest version of each region.
            for old in [k for k in _cache if k[0] == region.id]:
                del _cache[old]
            _cache[key] = router
    return router


def route_request(
    session: DbSession, region: Region, facts: engine.RequestFacts, today: date
) -> engine.Decision:
    """Where the request goes and why (the trace is always recorded)."""
    return router_for(session, region).route(facts, today, explain=True)


def trace_as_json(decision: engine.Decision) -> list[dict[str, Any]]:
    """The decision's trace in the form stored in HelpRequest.routing_trace."""
    return [step.as_dict() for step in decision.trace]


def bump_routing_version(session: DbSession, region: Region) -> None:
    """Mark the region's routing configuration changed; call it in the changing transaction."""
    # An SQL expression, so that two admins saving at once both count.
    region.routing_version = Region.routing_version + 1
    session.flush()
    session.refresh(region, ["routing_version"])


def clear_cache() -> None:
    with _lock:
        _cache.clear()
