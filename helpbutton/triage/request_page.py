"""What the request page shows: facts, the routing explanation, the timeline and the forms.

Everything named by id (centres, users, rules, municipalities, topics) is loaded with one
query per kind, so the page's cost does not grow with the length of the timeline.
"""
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import orm as so
from wtforms.fields.choices import SelectChoice

from helpbutton import formatting, policy
from helpbutton.dbtypes import DbSession
from helpbutton.i18n import current_language
from helpbutton.mail import family_notices
from helpbutton.message_templates.queries import templates_for
from helpbutton.models import (
    Centre,
    EventKind,
    HelpRequest,
    RequestEvent,
    RequestMessage,
    User,
)
from helpbutton.models.centre import centre_municipality
from helpbutton.names import NameLookup
from helpbutton.triage import explain, labels, timeline
from helpbutton.triage import operations as triage
from helpbutton.triage.forms import (
    AssignForm,
    ContactForm,
    ForwardForm,
    MessageForm,
    NoteForm,
    StatusForm,
)
from helpbutton.triage.link_forms import CloseLinkForm


def _by_id(session, model, ids, key="id") -> dict:
    if not ids:
        return {}
    column = getattr(model, key)
    return {getattr(row, key): row for row in session.scalars(
        sa.select(model).where(column.in_(sorted(ids))))}


@dataclass(frozen=True)
class Conversation:
    """The request's messages, oldest first, and which of the family's were unread when the
    page was opened (shown as new)."""

    messages: list[RequestMessage] = field(default_factory=list)
    unread_ids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class ForwardedAway:
    """Where a request went from one of this person's centres, and on which (local) day."""

    centre: str
    date: str  # in the reader's language, e.g. "3. joulukuuta 2026"


def forwarded_away(session: DbSession, principal: policy.Principal | None,
                   request_id: int) -> ForwardedAway | None:
    """For a request this person can no longer open: its last forward out of a centre they
    work in (so they had access before it), or None (the page answers 404 as for any other
    request). Says nothing of the family: only the centre and the date."""
    mine = policy.visible_centre_ids(principal)
    if not mine:
        return None
    forwards = session.scalars(sa.select(RequestEvent).where(
        RequestEvent.request_id == request_id, RequestEvent.kind == EventKind.FORWARDED)
        .order_by(RequestEvent.id.desc()))
    event = next((e for e in forwards if (e.data or {}).get("from") in mine), None)
    if event is None:
        return None
    centre = session.get(Centre, (event.data or {}).get("to"))
    return ForwardedAway(centre.name(current_language()) if centre else _("another centre"),
                         formatting.day(event.created_at))


def serving_municipality(session: DbSession, req: HelpRequest) -> set[int]:
    """Ids of the centres that serve the request's municipality (one query)."""
    return set(session.scalars(sa.select(centre_municipality.c.centre_id).where(
        centre_municipality.c.municipality_code == req.municipality_code)))


def forward_form(session: DbSession, req: HelpRequest, **kwargs) -> ForwardForm:
    """The centres a request may go to: first those serving the family's municipality (the
    likeliest right answer), then the rest of the region, after an empty "Choose a centre"."""
    form = ForwardForm(**kwargs)
    lang = current_language()
    near = serving_municipality(session, req)
    targets = sorted(triage.forward_targets(session, req), key=lambda c: c.name(lang))
    municipality = req.municipality.name(lang) if req.municipality else ""
    serving = _("Serving %(municipality)s", municipality=municipality)
    others = _("Other centres of the region")
    form.centre.choices = [SelectChoice("", _("Choose a centre"))] + [
        SelectChoice(c.id, c.name(lang), optgroup=serving) for c in targets if c.id in near
    ] + [SelectChoice(c.id, c.name(lang), optgroup=others) for c in targets if c.id not in near]
    return form


def assign_form(session: DbSession, req: HelpRequest, **kwargs) -> AssignForm:
    form = AssignForm(**kwargs)
    form.assignee.choices = [SelectChoice(0, _("Nobody (back to the queue)"))] + [
        SelectChoice(u.id, u.display_name)
        for u in triage.workers_of_centre(session, req.centre_id)]
    return form


def message_hint(req: HelpRequest) -> str:
    """Under the message box: how the family will learn of the message."""
    return {
        ("email", "sms"): _("The family reads it through its private link. It is told by email "
                            "and by text message that it has a new message, without the "
                            "content."),
        ("email",): _("The family reads it through its private link. It is told by email that "
                      "it has a new message, without the content."),
        ("sms",): _("The family reads it through its private link. It is told by text message "
                    "that it has a new message, without the content."),
    }.get(family_notices.new_message_channels(req), _(
        "The family is not told of new messages (no address, or it said messages are not "
        "safe): it sees the message when it next opens its private link."))


def template_language(req: HelpRequest) -> str:
    """Templates are offered in the language the family used on the form (any public language;
    a template without it is shown in its fallback, marked)."""
    return req.ui_language or req.service_language


def build(session: DbSession, req: HelpRequest, principal: policy.Principal, user: User,
          conversation: Conversation | None = None, **forms) -> dict:
    lang = current_language()
    events = list(session.scalars(
        sa.select(RequestEvent).where(RequestEvent.request_id == req.id)
        .options(so.joinedload(RequestEvent.actor)).order_by(RequestEvent.id)))

    user_ids, centre_ids = timeline.referenced_ids(events)
    trace_centres, trace_municipalities, rule_ids = explain.referenced_ids(req.routing_trace)
    users = _by_id(session, User, user_ids)
    topic_codes = {c for step in req.routing_trace or () if step.get("condition") == "topic"
                   for c in [*(step.get("detail") or {}).get("expected", []),
                             (step.get("detail") or {}).get("got")] if c}
    lookup = NameLookup(session, req.region_id, lang,
                        centre_ids=centre_ids | trace_centres | {req.centre_id},
                        rule_ids=rule_ids, municipality_codes=trace_municipalities,
                        topic_codes=topic_codes)
    centre_name = lookup.centre

    def user_name(uid):
        found = users.get(uid)
        return found.display_name if found else _("someone")

    names = lookup.names()
    is_open = req.is_open and req.erased_at is None
    forms.setdefault("contact_form", ContactForm())
    forms.setdefault("note_form", NoteForm())
    forms.setdefault("message_form", MessageForm(formdata=None))
    forms.setdefault("status_form", StatusForm(status=req.status.value))
    forms.setdefault("forward_form", forward_form(session, req))
    forms.setdefault("assign_form", assign_form(session, req, assignee=req.assignee_id or 0))
    forms.setdefault("close_link_form", CloseLinkForm())
    return {
        "req": req, "lang": lang, "labels": labels, "is_open": is_open,
        "message_templates": templates_for(session, req, template_language(req)),
        "message_hint": message_hint(req),
        "new_link_channels": family_notices.new_link_channels(req),
        "explanation": explain.explain(req.routing_trace, names),
        "timeline": timeline.entries(events, user_name, centre_name),
        "is_mine": req.assignee_id == user.id,
        "can_release": req.assignee_id is not None and policy.can_release_request(
            principal, req.centre_id, req.assignee_id),
        "can_assign": policy.can_lead_centre(principal, req.centre_id),
        # What the page offers: the same policy answer the POST routes ask (request_views).
        "actions": policy.offered_request_actions(principal, policy.RequestState(
            req.centre_id, req.assignee_id, closed=not req.is_open,
            erased=req.erased_at is not None)),
        # The family's private link (triage/link_views.py): what may be done to it now.
        "link_actions": policy.offered_link_actions(principal, policy.RequestState(
            req.centre_id, req.assignee_id, closed=not req.is_open,
            erased=req.erased_at is not None, link_closed=req.follow_up_token_hash is None)),
        "has_link": req.follow_up_token_hash is not None,
        "now": datetime.now(UTC),
        "centre_name": centre_name(req.centre_id),
        "conversation": conversation or Conversation(),
        **forms,
    }
