"""What the request page shows: facts, the routing explanation, the timeline and the forms.

Everything named by id (centres, users, rules, municipalities, topics) is loaded with one
query per kind, so the page's cost does not grow with the length of the timeline.
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import orm as so
from wtforms.fields.choices import SelectChoice

from helpbutton import policy
from helpbutton.i18n import current_language
from helpbutton.models import (
    Centre,
    HelpRequest,
    Municipality,
    RequestEvent,
    RoutingRule,
    Topic,
    User,
)
from helpbutton.triage import operations as triage
from helpbutton.triage import explain, labels, timeline
from helpbutton.triage.forms import AssignForm, ContactForm, ForwardForm, NoteForm, StatusForm


def _by_id(session, model, ids, key="id") -> dict:
    if not ids:
        return {}
    column = getattr(model, key)
    return {getattr(row, key): row for row in session.scalars(
        sa.select(model).where(column.in_(sorted(ids))))}


def forward_form(session: so.Session, req: HelpRequest, **kwargs) -> ForwardForm:
    form = ForwardForm(**kwargs)
    lang = current_language()
    form.centre.choices = [SelectChoice(c.id, c.name(lang))
                           for c in triage.forward_targets(session, req)]
    return form


def assign_form(session: so.Session, req: HelpRequest, **kwargs) -> AssignForm:
    from flask_babel import gettext as _

    form = AssignForm(**kwargs)
    form.assignee.choices = [SelectChoice(0, _("Nobody (back to the queue)"))] + [
        SelectChoice(u.id, u.display_name)
        for u in triage.workers_of_centre(session, req.centre_id)]
    return form


def build(session: so.Session, req: HelpRequest, principal: policy.Principal, user: User,
          **forms) -> dict:
    lang = current_language()
    events = list(session.scalars(
        sa.select(RequestEvent).where(RequestEvent.request_id == req.id)
        .options(so.joinedload(RequestEvent.actor)).order_by(RequestEvent.id)))

    user_ids, centre_ids = timeline.referenced_ids(events)
    trace_centres, trace_municipalities, rule_ids = explain.referenced_ids(req.routing_trace)
    centres = _by_id(session, Centre, centre_ids | trace_centres | {req.centre_id})
    users = _by_id(session, User, user_ids)
    municipalities = _by_id(session, Municipality, trace_municipalities, key="code")
    rules = _by_id(session, RoutingRule, rule_ids)
    topic_codes = {c for step in req.routing_trace or () if step.get("condition") == "topic"
                   for c in [*(step.get("detail") or {}).get("expected", []),
                             (step.get("detail") or {}).get("got")] if c}
    topics = {t.code: t for t in session.scalars(sa.select(Topic).where(
        Topic.region_id == req.region_id, Topic.code.in_(sorted(topic_codes))))} \
        if topic_codes else {}

    from flask_babel import gettext as _

    def centre_name(cid):
        centre = centres.get(cid)
        return centre.name(lang) if centre else _("an unknown centre")

    def user_name(uid):
        found = users.get(uid)
        return found.display_name if found else _("someone")

    def rule_name(rid):
        rule = rules.get(rid)
        if rule is not None and rule.name:
            return _("The rule “%(name)s”", name=rule.name)
        return _("Rule %(number)s", number=rid)

    def municipality_name(code):
        found = municipalities.get(str(code))
        return found.name(lang) if found else str(code)

    def topic_name(code):
        found = topics.get(code)
        return found.label(lang) if found else str(code)

    names = explain.Names(centre=centre_name, municipality=municipality_name, rule=rule_name,
                          topic=topic_name)
    is_open = req.is_open and req.erased_at is None
    forms.setdefault("contact_form", ContactForm())
    forms.setdefault("note_form", NoteForm())
    forms.setdefault("status_form", StatusForm(status=req.status.value))
    forms.setdefault("forward_form", forward_form(session, req))
    forms.setdefault("assign_form", assign_form(session, req, assignee=req.assignee_id or 0))
    return {
        "req": req, "lang": lang, "labels": labels, "is_open": is_open,
        "explanation": explain.explain(req.routing_trace, names),
        "timeline": timeline.entries(events, user_name, centre_name),
        "is_mine": req.assignee_id == user.id,
        "can_release": req.assignee_id is not None and policy.can_release_request(
            principal, req.centre_id, req.assignee_id),
        "can_assign": policy.can_lead_centre(principal, req.centre_id),
        "now": datetime.now(timezone.utc),
        "centre_name": centre_name(req.centre_id),
        **forms,
    }
