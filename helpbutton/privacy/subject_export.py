"""A data-subject export: everything stored about one request, as a readable JSON file.

For the region administrator answering a family's request to see its data (GDPR art. 15).
Taking an export is itself recorded on the request's timeline (EXPORTED), before the file is
built, so the file shows that it was taken. Secrets are not exported: the follow-up link is
stored only as a hash, and the export says whether one exists.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from helpbutton import interpreter_languages, local_time
from helpbutton.dbtypes import DbSession
from helpbutton.models import (
    EventKind,
    HelpRequest,
    OutboxMessage,
    RequestEvent,
    RequestMessage,
    User,
)

FORMAT = "helpbutton-request-export/1"


def _time(value: datetime | None) -> str | None:
    return local_time.local(value).isoformat(timespec="seconds") if value else None


def _value(enum_or_none) -> Any:
    return getattr(enum_or_none, "value", enum_or_none)


def _person(user: User | None) -> str | None:
    return user.display_name if user else None


def _timeline(request: HelpRequest) -> list[dict[str, Any]]:
    return [{"time": _time(e.created_at), "what": e.kind.value, "by": _person(e.actor),
             "facts": e.data or {}, "text": e.text} for e in request.events]


def _mail(session: DbSession, request: HelpRequest) -> list[dict[str, Any]]:
    messages = session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.request_id == request.id).order_by(OutboxMessage.id))
    return [{"kind": m.kind, "channel": _value(m.channel), "to": m.recipient, "subject": m.subject,
             "queued": _time(m.created_at), "status": _value(m.status), "sent": _time(m.sent_at)}
            for m in messages]


def _messages(session: DbSession, request: HelpRequest, lang: str) -> list[dict[str, Any]]:
    """The conversation: who wrote (the family, or the centre's worker by name, as on the
    timeline), when, what, and when the other side read it."""
    messages = session.scalars(sa.select(RequestMessage).where(
        RequestMessage.request_id == request.id)
        .order_by(RequestMessage.created_at, RequestMessage.id))
    return [{"time": _time(m.created_at), "from": m.author.value, "kind": m.kind.value,
             "centre": m.centre.name(lang) if m.centre else None,
             "by": _person(m.staff_author), "text": m.body, "read_at": _time(m.read_at)}
            for m in messages]


def build(session: DbSession, request: HelpRequest, lang: str = "fi") -> dict[str, Any]:
    """The export as data (no recording; see `export_request`)."""
    r = request
    return {
        "format": FORMAT,
        "exported_at": _time(datetime.now(UTC)),
        "reference": r.reference,
        "created_at": _time(r.created_at),
        "region": r.municipality.region.name(lang),
        "municipality": {"code": r.municipality_code, "name": r.municipality.name(lang)},
        "postal_code": r.postal_code,
        "topic": {"code": r.topic.code, "label": r.topic.label(lang)},
        "child_ages": r.child_ages,
        "age_band": r.age_band,
        "description": r.description,
        "urgent": r.urgent,
        "service_language": r.service_language,
        "form_language": r.ui_language,
        # The family's own language when it asked to be served with an interpreter.
        "interpreter_language": {
            "code": r.interpreter_language,
            "name": interpreter_languages.name_in(r.interpreter_language, lang),
        } if r.interpreter_language else None,
        "contact": {
            "method": _value(r.contact_method), "name": r.contact_name, "phone": r.phone,
            "email": r.email, "when": r.contact_times,
            "email_confirmation_wanted": r.wants_email_confirmation,
            "may_leave_message": r.may_leave_message,
            "if_someone_else_answers": r.if_someone_else_answers,
        },
        "consent_given_at": _time(r.consent_at),
        "follow_up_link": "exists" if r.follow_up_token_hash else "none",
        "came_through": {"channel": _value(r.channel),
                         "partner": r.partner.name if r.partner else None},
        "handling": {
            "status": _value(r.status), "centre": r.centre.name(lang),
            "assignee": _person(r.assignee), "due_at": _time(r.due_at),
            "first_contact_at": _time(r.first_contact_at), "outcome": _value(r.outcome),
            "closed_at": _time(r.closed_at), "personal_data_erased_at": _time(r.erased_at),
        },
        "routing": {"via": r.routing_via, "rule": r.routing_rule_id, "steps": r.routing_trace},
        "timeline": _timeline(r),
        "messages": _messages(session, r, lang),
        "mail": _mail(session, r),
    }


def export_request(session: DbSession, actor: User, request: HelpRequest,
                   lang: str = "fi") -> dict[str, Any]:
    """Record the export on the request's timeline, then build it. Flushes; caller commits."""
    session.add(RequestEvent(request_id=request.id, kind=EventKind.EXPORTED, actor_id=actor.id,
                             created_at=datetime.now(UTC), data={"format": FORMAT}))
    session.flush()
    session.expire(request, ["events"])
    return build(session, request, lang)


def to_json(export: dict[str, Any]) -> str:
    # Indented and with letters as they are (ä, ö, å), so that a person can read the file.
    return json.dumps(export, ensure_ascii=False, indent=2) + "\n"


def filename(request: HelpRequest) -> str:
    return f"request-{request.reference}.json"
