"""Every configuration change, recorded: who, when, what changed ({field: [old, new]}), the
other municipalities it affects (it shows in their histories too) and any reason given."""
from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so

from helpbutton.dbtypes import DbSession
from helpbutton.models import ConfigChange, config_change_municipality


def json_safe(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value)
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: json_safe(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as {field: [old, new]} (a new object: old is None)."""
    return {key: [before.get(key), after.get(key)]
            for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)}


def record(session: DbSession, *, region_id: int, municipality_code: str | None,
           actor_id: int | None, entity: str, entity_id: Any, action: str,
           changes: dict[str, Any], affected: set[str] | frozenset[str] = frozenset(),
           reason: str | None = None) -> ConfigChange:
    change = ConfigChange(region_id=region_id, municipality_code=municipality_code,
                          actor_id=actor_id, entity=entity,
                          entity_id=None if entity_id is None else str(entity_id),
                          action=action, changes=changes, reason=reason)
    session.add(change)
    session.flush()
    others = sorted(set(affected) - {municipality_code})
    if others:
        session.execute(sa.insert(config_change_municipality), [
            {"change_id": change.id, "municipality_code": code} for code in others])
    return change


def affected_codes(session: DbSession, change: ConfigChange) -> list[str]:
    return sorted(session.scalars(sa.select(config_change_municipality.c.municipality_code)
                                  .where(config_change_municipality.c.change_id == change.id)))


def changes_for(session: DbSession, region_id: int, municipality_code: str | None,
                *, limit: int = 200) -> list[ConfigChange]:
    """Newest first: a municipality's changes and those made elsewhere that affect it, or the
    region-wide ones (code None)."""
    if municipality_code is None:
        where: sa.ColumnElement[bool] = ConfigChange.municipality_code.is_(None)
    else:
        where = sa.or_(ConfigChange.municipality_code == municipality_code, ConfigChange.id.in_(
            sa.select(config_change_municipality.c.change_id).where(
                config_change_municipality.c.municipality_code == municipality_code)))
    return list(session.scalars(
        sa.select(ConfigChange).where(ConfigChange.region_id == region_id, where)
        .options(so.selectinload(ConfigChange.actor))
        .order_by(ConfigChange.created_at.desc(), ConfigChange.id.desc()).limit(limit)))
