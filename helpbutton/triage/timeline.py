"""A request's timeline as sentences in the staff's language: who did what, and when.

Every view stays in the audit trail (one event per page load), but the timeline shows one
person's views of one day as one entry, at the first view, with the count: otherwise the
redirect after every action would bury what happened under "opened"."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from helpbutton.models import STAFF_CHANNELS, EventKind, RequestEvent
from helpbutton.models.request import CREATED_LABELS, EVENT_KIND_LABELS
from helpbutton.triage import labels

RECORDED_CHANNELS = frozenset(c.value for c in STAFF_CHANNELS)


@dataclass
class TimelineEntry:
    at: datetime
    actor: str | None
    sentence: str
    text: str | None  # free text (note, reason, contact note): erased with the request
    kind: str
    count: int = 1  # views of that person that day, collapsed into this entry


def referenced_ids(events: list[RequestEvent]) -> tuple[set[int], set[int]]:
    """User ids and centre ids the events' data mention (to load them in one query each)."""
    users, centres = set(), set()
    for event in events:
        data = event.data or {}
        for key in ("assignee", "previous"):
            if isinstance(data.get(key), int):
                users.add(data[key])
        if event.kind in (EventKind.FORWARDED, EventKind.ROUTED):
            for key in ("from", "to", "centre"):
                if isinstance(data.get(key), int):
                    centres.add(data[key])
    return users, centres


def _local_day(at: datetime, zone: ZoneInfo) -> date:
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(zone).date()


def entries(events: list[RequestEvent], user_name, centre_name,
            now: datetime | None = None) -> list[TimelineEntry]:
    """The events in order, each person's views of a (local) day collapsed into the first."""
    zone = ZoneInfo(current_app.config.get("DISPLAY_TIMEZONE", "Europe/Helsinki"))
    today = _local_day(now or datetime.now(UTC), zone)
    result: list[TimelineEntry] = []
    views: dict[tuple, TimelineEntry] = {}
    for e in events:
        if e.kind is EventKind.VIEWED:
            key = (e.actor_id, _local_day(e.created_at, zone))
            if key in views:
                views[key].count += 1
                views[key].sentence = _opened(views[key].count, key[1] == today)
                continue
        entry = TimelineEntry(e.created_at, e.actor.display_name if e.actor else None,
                              describe(e, user_name, centre_name), e.text, e.kind.value)
        if e.kind is EventKind.VIEWED:
            views[key] = entry
        result.append(entry)
    return result


def _opened(count: int, today: bool) -> str:
    if today:
        return ngettext("Opened the request, %(num)d time today.",
                        "Opened the request, %(num)d times today.", count)
    return ngettext("Opened the request, %(num)d time that day.",
                    "Opened the request, %(num)d times that day.", count)


def recorded_by_staff(data: dict | None) -> bool:
    """A "created" event's data: the request came by a channel only a worker records."""
    return (data or {}).get("channel") in RECORDED_CHANNELS


def kind_label(kind: str, data: dict | None = None) -> str:
    """The name of one event's kind (the audit trail says it before the sentence): a request
    a worker recorded is not one the family sent."""
    if kind == EventKind.CREATED.value:
        return str(CREATED_LABELS["recorded" if recorded_by_staff(data) else "sent"])
    return str(EVENT_KIND_LABELS.get(kind, kind))


def describe(event: RequestEvent, user_name, centre_name) -> str:
    d = event.data or {}
    kind = event.kind
    if kind is EventKind.CREATED:
        if recorded_by_staff(d):
            # A worker recorded it (the event's actor, whom the entry names).
            channel = labels.CHANNEL.get(d.get("channel"), d.get("channel"))
            return _("Recorded the request for the family (%(channel)s).", channel=channel)
        return _("The family sent the request.")
    if kind is EventKind.ROUTED:
        return _("Routed to %(centre)s.", centre=centre_name(d.get("centre")))
    if kind is EventKind.VIEWED:
        return _("Opened the request.")
    if kind is EventKind.CLAIMED:
        return _("Claimed the request.")
    if kind is EventKind.RELEASED:
        return _("Released the request (held by %(name)s).", name=user_name(d.get("previous")))
    if kind is EventKind.ASSIGNED:
        if d.get("assignee") is None:
            return _("Took the request from %(name)s.", name=user_name(d.get("previous")))
        return _("Assigned the request to %(name)s.", name=user_name(d.get("assignee")))
    if kind is EventKind.STATUS_CHANGED:
        status = labels.STATUS.get(d.get("to"), d.get("to"))
        if d.get("outcome"):
            return _("Changed the status to %(status)s (outcome: %(outcome)s).", status=status,
                     outcome=labels.OUTCOME.get(d["outcome"], d["outcome"]))
        return _("Changed the status to %(status)s.", status=status)
    if kind is EventKind.NOTE:
        return _("Wrote a note.")
    if kind is EventKind.CONTACT_ATTEMPT:
        result = labels.CONTACT_RESULT.get(d.get("result"), d.get("result"))
        if d.get("first_contact"):
            return _("Contact attempt: %(result)s. First contact recorded.", result=result)
        return _("Contact attempt: %(result)s.", result=result)
    if kind is EventKind.FORWARDED:
        return _("Forwarded the request from %(from)s to %(to)s.",
                 **{"from": centre_name(d.get("from")), "to": centre_name(d.get("to"))})
    if kind is EventKind.NOTIFIED:
        if d.get("reminder") == "overdue":
            if d.get("to") == "centre":
                return _("The centre was reminded that the request is overdue.")
            return _("The centre's leads were reminded that the request is overdue.")
        if d.get("reminder") == "due_soon":
            if d.get("to") == "centre":
                return _("The centre was reminded that the request is due soon.")
            return _("The centre's leads were reminded that the request is due soon.")
        return _("A notification was sent.")
    if kind is EventKind.ESCALATED:
        if d.get("to") == "region_admins":
            return _("Still open %(days)s working days after the due time: the region's "
                     "administrators were told.", days=d.get("after_working_days"))
        return _("Still open %(days)s working days after the due time: the municipality's "
                 "administrators were told.", days=d.get("after_working_days"))
    if kind is EventKind.WITHDRAWN:
        return _("The family withdrew the request.")
    if kind is EventKind.EXPORTED:
        return _("The request was exported.")
    if kind is EventKind.ERASED:
        return _("Personal data was erased.")
    # The conversation shows the text; the timeline only that it was written.
    if kind is EventKind.FAMILY_MESSAGE:
        if d.get("kind") == "addition":
            return _("The family added information to the request.")
        return _("The family wrote a message.")
    if kind is EventKind.STAFF_MESSAGE:
        return _("Wrote to the family.")
    if kind is EventKind.LINK_SENT:
        if not d.get("channels"):
            return _("A new private link was made.")
        if d.get("by") == "family":
            return _("The family asked for a new private link; it was sent to the contact "
                     "it gave. The earlier link no longer works.")
        if d.get("new_contact"):
            return _("A new private link was sent to the contact the family named. The "
                     "earlier link no longer works.")
        return _("A new private link was sent to the family's contact. The earlier link no "
                 "longer works.")
    if kind is EventKind.LINK_CLOSED:
        if d.get("new_contact"):
            return _("Closed the family's private link and replaced its contact details with "
                     "the contact the family named.")
        return _("Closed the family's private link.")
    return kind.value
