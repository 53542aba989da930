"""Every routing configuration change runs through `checked`: the change is made in a savepoint,
the routing before and after is compared (`invariants.compare`), and the change is undone and
refused when

- a municipality's administrator would change where another municipality's requests go, or
- requests in a protected language would lose service in it (only the region's administrator
  may confirm that, with a reason, which the history keeps).

What it finds also says which municipalities the change affects, for their histories."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from helpbutton import routing as engine
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Municipality, Region, Topic
from helpbutton.routing_admin import invariants, store
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.validation import Invalid, Problem

REASON_MAX = 500


def _today() -> date:
    return datetime.now(UTC).astimezone(ZoneInfo("Europe/Helsinki")).date()


@dataclass
class Outcome:
    """What the checked change affects; filled in when the block ends without a refusal."""

    affected: set[str] = field(default_factory=set)  # municipality codes
    reason: str | None = None  # the region administrator's reason for losing language service
    touched: set[str] = field(default_factory=set)  # set by the change: areas of its centres


def state(session: DbSession, region: Region,
          config: engine.RoutingConfig | None = None) -> invariants.State:
    """The region's routing now (or `config`), with each centre's languages as in the session."""
    if config is None:
        router = routing_service.router_for(session, region)
    else:
        router = engine.compile_config(config)
    return invariants.State(router, {cid: frozenset(langs) for cid, langs in
                                     store.centre_languages(session, region).items()})


def fresh_state(session: DbSession, region: Region) -> invariants.State:
    """The routing as the session's flushed (not yet committed) changes make it."""
    return state(session, region, routing_service.build_config(session, region))


def protected(session: DbSession, region: Region) -> dict[str, frozenset[str]]:
    return {m.code: invariants.protected_languages(m.languages) for m in session.scalars(
        sa.select(Municipality).where(Municipality.region_id == region.id))}


def compare(session: DbSession, region: Region, before: invariants.State,
            after: invariants.State, today: date | None = None) -> invariants.Comparison:
    return invariants.compare(before, after, store.topic_codes(session, region),
                              today or _today(), protected(session, region))


def _names(session: DbSession, codes) -> dict[str, str]:
    found = [session.get(Municipality, c) for c in sorted(codes)]
    return {"values": ", ".join(m.name_fi for m in found),
            "values_sv": ", ".join(m.name_sv for m in found)}


def problems_of(session: DbSession, region: Region, comparison: invariants.Comparison,
                code: str | None, *, region_wide: bool, reason: str | None,
                leaving: frozenset[str] = frozenset()) -> list[Problem]:
    """Why the compared change may not be made (empty: it may). `leaving`: municipalities a
    centre's area would lose; none of their requests may fall through elsewhere silently."""
    problems = []
    still_needed = leaving & set(comparison.moved)
    if still_needed:
        problems.append(Problem("serves_still_needed", "serves", _names(session, still_needed)))
    others = [c for c in comparison.moved_elsewhere(code) if c not in still_needed]
    if others and not region_wide:
        problems.append(Problem("moves_other_municipalities", None, _names(session, others)))
    if comparison.losses and not (region_wide and reason):
        problems.append(Problem("language_service_lost", None, {
            "combinations": describe_losses(session, region, comparison.losses),
            "can_confirm": region_wide}))
    if reason is not None and len(reason) > REASON_MAX:
        problems.append(Problem("too_long", "override_reason", {"max": REASON_MAX}))
    return problems


def describe_losses(session: DbSession, region: Region,
                    losses: list[invariants.LanguageLoss]) -> list[dict]:
    """The lost combinations with names in every language (the message picks the user's)."""
    topics = {t.code: t for t in session.scalars(sa.select(Topic).where(
        Topic.region_id == region.id))}
    described = []
    for loss in losses:
        m = session.get(Municipality, loss.municipality)
        centre = session.get(Centre, loss.centre)
        topic = topics.get(loss.topic)
        described.append({
            "municipality": {"fi": m.name_fi, "sv": m.name_sv, "en": m.name_fi},
            "language": loss.language,
            "topic": {lang: topic.label(lang) if topic else str(loss.topic)
                      for lang in ("fi", "sv", "en")},
            "bands": list(loss.age_bands),
            "centre": {lang: centre.name(lang) if centre else str(loss.centre)
                       for lang in ("fi", "sv", "en")},
        })
    return described


def affected_by(comparison: invariants.Comparison, touched: set[str]) -> set[str]:
    return set(comparison.moved) | {loss.municipality for loss in comparison.losses} | touched


@contextmanager
def checked(session: DbSession, region: Region, code: str | None, *, region_wide: bool,
            override_reason: str | None = None,
            leaving: frozenset[str] = frozenset(), dry_run: bool = False) -> Iterator[Outcome]:
    """Run the change made in the block in a savepoint; keep it only if it keeps the
    invariants (else undo it and raise Invalid). A dry run is undone either way."""
    reason = (override_reason or "").strip() or None
    outcome = Outcome()
    before = state(session, region) if region.fallback_centre_id is not None else None
    savepoint = session.begin_nested()
    try:
        yield outcome
        session.flush()
        # Without a fallback centre nothing routes yet, so there is nothing to compare.
        comparison = invariants.Comparison() if before is None else \
            compare(session, region, before, fresh_state(session, region))
        problems = problems_of(session, region, comparison, code, region_wide=region_wide,
                               reason=reason, leaving=leaving)
        if problems:
            raise Invalid(problems)
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()  # releases the savepoint; the request commits once, later
    outcome.affected = affected_by(comparison, outcome.touched) - {code}
    outcome.reason = reason if comparison.losses else None
