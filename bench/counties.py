"""Every county of Finland in a benchmark's database (`--all-counties`), beside the one-region
setup the benchmarks had: the reference data of all 21 wellbeing services counties, Helsinki and
Åland (`reference_data.load_all`), every county but Åland in service with a fallback centre, a
centre per municipality and a few rules of its own, and one county (Varsinais-Suomi) with the
benchmark's large routing configuration.

Not a benchmark itself (it has no command): bench/routing.py and bench/queue_pages.py use it.
"""
from __future__ import annotations

import itertools
import random

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Municipality, Region, RoutingRule
from helpbutton.refdata import reference_data
from helpbutton.routing import RoutingConfig

LARGEST = "05"  # Varsinais-Suomi: the county the large configuration goes to (docs/benchmarks.md)
_serial = itertools.count(1)
TOPICS = ["everyday", "parenting", "development", "pregnancy_baby", "relationship",
          "school_daycare", "youth", "mental_health", "substances", "violence_safety",
          "money_work_housing", "other"]


def load(session: DbSession, all_counties: bool) -> Region:
    """The reference data of every county, or of Varsinais-Suomi alone; returns it."""
    if all_counties:
        reference_data.load_all(session)
    else:
        reference_data.load_region(session, "Varsinais-Suomi")
    session.flush()
    return session.scalar(sa.select(Region).where(Region.code == LARGEST))


def _centre(region: Region, name: str, host: str, serves: list[Municipality],
            active: bool = True) -> Centre:
    return Centre(region_id=region.id, host_municipality_code=host, name_fi=name, name_sv=name,
                  name_en=name, languages=["fi"], active=active, phone="+358 2 000 0000",
                  notification_email=f"bench.{region.code}.{next(_serial)}@example.invalid",
                  is_example=True, municipalities=serves)


def store_config(session: DbSession, region: Region, config: RoutingConfig
                 ) -> tuple[dict[int, int], dict[int, int]]:
    """Store a generated configuration (bench/routing.py's `make_config`) as the region's
    centres, default centres and rules; returns the generated ids → the stored ids, of the
    centres and of the rules (to compare the decisions)."""
    municipalities = {m.code: m for m in region.municipalities}
    host = min(municipalities)
    centres = {}
    for cid, spec in config.centres.items():
        serves = [municipalities[c] for c in sorted(spec.serves)]
        centres[cid] = _centre(region, spec.name, min(spec.serves, default=host), serves,
                               spec.active)
    session.add_all(centres.values())
    session.flush()
    ids = {cid: centre.id for cid, centre in centres.items()}
    region.fallback_centre_id = ids[config.fallback_centre]
    region.in_service = True
    for code, spec in config.municipalities.items():
        municipalities[code].default_centre_id = (
            ids[spec.default_centre] if spec.default_centre is not None else None)
    rule_ids = {}
    for rule in config.rules:
        row = RoutingRule(
            region_id=region.id, municipality_code=rule.owner, position=rule.position,
            name=rule.name, topics=sorted(rule.topics), min_age=rule.min_age,
            max_age=rule.max_age, languages=sorted(rule.languages),
            postal_codes=sorted(rule.postal_codes), channels=sorted(rule.channels),
            urgent=rule.urgent, interpreter=rule.interpreter,
            target_centre_id=ids[rule.target_centre], active=rule.active,
            valid_from=rule.valid_from, valid_until=rule.valid_until)
        session.add(row)
        rule_ids[rule.id] = row
    session.flush()
    return ids, {gid: row.id for gid, row in rule_ids.items()}


def start_other_counties(session: DbSession, rng: random.Random, rules_per_county: int
                         ) -> list[Region]:
    """Every county but the largest and Åland in service: a fallback centre serving all its
    municipalities, a centre per municipality (its default) and `rules_per_county` rules
    (a topic, sometimes an age band, owned by a municipality or county-wide)."""
    regions = session.scalars(sa.select(Region).where(
        Region.code.not_in([LARGEST, reference_data.ALAND_CODE])).order_by(Region.code)).all()
    for region in regions:
        municipalities = list(region.municipalities)
        fallback = _centre(region, f"{region.name_fi} fallback", municipalities[0].code,
                           municipalities)
        own = [_centre(region, f"{m.name_fi} centre", m.code, [m]) for m in municipalities]
        session.add_all([fallback, *own])
        session.flush()
        region.fallback_centre_id = fallback.id
        region.in_service = True
        for m, centre in zip(municipalities, own, strict=True):
            m.default_centre_id = centre.id
        for position in range(1, rules_per_county + 1):
            i = rng.randrange(len(municipalities) + 1)
            owner = municipalities[i] if i < len(municipalities) else None
            low, high = rng.choice([(None, None), (None, None), (0, 6), (7, 12), (13, 17)])
            session.add(RoutingRule(
                region_id=region.id, municipality_code=owner.code if owner else None,
                position=position * 10, name=f"Rule {position}",
                topics=rng.sample(TOPICS, rng.randint(1, 2)), min_age=low, max_age=high,
                target_centre_id=(own[i] if owner else fallback).id))
    session.flush()
    return list(regions)


def counts(session: DbSession) -> str:
    """What the database holds, in one line."""
    def n(model) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(model))
    serving = session.scalar(sa.select(sa.func.count(Region.id)).where(Region.in_service))
    return (f"{n(Region)} regions ({serving} in service), {n(Municipality)} municipalities, "
            f"{n(Centre)} centres, {n(RoutingRule)} rules")
