"""The audit trail of one region: who viewed or changed which request, newest first.

Reads RequestEvents (never their free text, which may hold personal data) joined with the
request's reference and the actor's name. Plain SQLAlchemy: no Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession
from helpbutton.models import (
    AdminAction,
    Centre,
    EventKind,
    HelpRequest,
    Municipality,
    RequestEvent,
    RoleAssignment,
    User,
)
from helpbutton.models.admin_action import FAMILY_SEARCHED
from helpbutton.statistics.queries import local_midnight_utc

PAGE = 100


@dataclass(frozen=True)
class AuditFilter:
    region_id: int
    user_id: int | None = None
    reference: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def normalise_reference(value: str | None) -> str | None:
    """References are read aloud and typed: ignore case, spaces and dashes."""
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    return cleaned or None


def events(session: DbSession, f: AuditFilter, page: int = 1) -> tuple[list[Any], bool]:
    """One page of events (rows with id, created_at, kind, data, actor_id, actor_name,
    reference, request_id), and whether an older page exists."""
    query = (sa.select(RequestEvent.id, RequestEvent.created_at, RequestEvent.kind,
                       RequestEvent.data, RequestEvent.actor_id,
                       User.display_name.label("actor_name"), HelpRequest.reference,
                       HelpRequest.id.label("request_id"))
             .join(HelpRequest, HelpRequest.id == RequestEvent.request_id)
             .outerjoin(User, User.id == RequestEvent.actor_id)
             .where(HelpRequest.region_id == f.region_id))
    if f.user_id:
        query = query.where(RequestEvent.actor_id == f.user_id)
    if f.reference:
        query = query.where(HelpRequest.reference == f.reference)
    if f.kind:
        query = query.where(RequestEvent.kind == EventKind(f.kind))
    if f.date_from:
        query = query.where(RequestEvent.created_at >= local_midnight_utc(f.date_from))
    if f.date_to:
        query = query.where(
            RequestEvent.created_at < local_midnight_utc(f.date_to + timedelta(days=1)))
    rows = session.execute(query.order_by(RequestEvent.id.desc())
                           .limit(PAGE + 1).offset((max(page, 1) - 1) * PAGE)).all()
    return list(rows[:PAGE]), len(rows) > PAGE


def family_searches(session: DbSession, f: AuditFilter) -> list[Any]:
    """The newest searches for a family in the region (rows with created_at, actor_name and
    data: how it was searched and how many were found; the terms were never stored). A search
    concerns no one request: a filter by reference or by kind of event leaves them out."""
    if f.reference or f.kind:
        return []
    query = (sa.select(AdminAction.created_at, AdminAction.data,
                       User.display_name.label("actor_name"))
             .outerjoin(User, User.id == AdminAction.actor_id)
             .where(AdminAction.action == FAMILY_SEARCHED, AdminAction.region_id == f.region_id))
    if f.user_id:
        query = query.where(AdminAction.actor_id == f.user_id)
    if f.date_from:
        query = query.where(AdminAction.created_at >= local_midnight_utc(f.date_from))
    if f.date_to:
        query = query.where(
            AdminAction.created_at < local_midnight_utc(f.date_to + timedelta(days=1)))
    return list(session.execute(query.order_by(AdminAction.id.desc()).limit(PAGE)).all())


def people(session: DbSession, region_id: int) -> list[tuple[int, str]]:
    """Accounts with a role in the region (any scope), by name: the choices of "who"."""
    in_region = sa.or_(
        RoleAssignment.region_id == region_id,
        RoleAssignment.municipality_code.in_(
            sa.select(Municipality.code).where(Municipality.region_id == region_id)),
        RoleAssignment.centre_id.in_(sa.select(Centre.id).where(Centre.region_id == region_id)),
    )
    rows = session.execute(sa.select(User.id, User.display_name).where(
        User.id.in_(sa.select(RoleAssignment.user_id).where(in_region)))
        .order_by(User.display_name, User.id)).all()
    return [(user_id, name) for user_id, name in rows]


def names(session: DbSession, user_ids: set[int], centre_ids: set[int]
          ) -> tuple[dict[int, str], dict[int, Centre]]:
    users: dict[int, str] = {uid: name for uid, name in session.execute(
        sa.select(User.id, User.display_name).where(User.id.in_(user_ids)))} if user_ids else {}
    centres = {c.id: c for c in session.scalars(
        sa.select(Centre).where(Centre.id.in_(centre_ids)))} if centre_ids else {}
    return users, centres


__all__ = ["AuditFilter", "events", "family_searches", "people", "names", "normalise_reference",
           "PAGE"]
