"""Who gets which email, in which language, with what in it; queued through the outbox.

Each builder renders `templates/email/<kind>.txt` and `.html` in the recipient's language and
adds the message to the caller's session (no commit), so the mail leaves only if the change
that caused it is committed.

What may be in a message (DESIGN.md, privacy):
* to staff: a link into the staff area and the centre's name, never anything about the family;
* to the family: the reference, the due date, what happens next, 112 and the follow-up link;
  never the description, topic, centre (a centre's name can reveal the topic) or contact details.

Rendering goes straight through the Jinja environment rather than `render_template`, so that
it works the same in the worker and in CLI commands, where there is no request and context
processors that expect one must not run.
"""
import hashlib
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import escape

from helpbutton import due, formatting, interpreter_languages, local_time, public_languages
from helpbutton.dbtypes import DbSession
from helpbutton.emergency import CountyEmergency, SocialEmergency, social_emergency
from helpbutton.i18n import in_language
from helpbutton.mail import centre_contacts, family_subjects, outbox
from helpbutton.mail.links import absolute_url
from helpbutton.models import (
    Centre,
    EventKind,
    HelpRequest,
    Municipality,
    OutboxMessage,
    Region,
    RequestEvent,
    Role,
    RoleAssignment,
    User,
)
from helpbutton.public_languages import PUBLIC_CODES

EMERGENCY_NUMBER = "112"
# A request due within this many hours (and not yet overdue) is in the "due soon" reminder.
DEFAULT_DUE_SOON_HOURS = 24


# ----------------------------------------------------------------------------- helpers

def _language(lang: str | None) -> str:
    languages = current_app.config.get("LANGUAGES", PUBLIC_CODES)
    return lang if lang in languages else current_app.config.get("DEFAULT_LANGUAGE", "fi")


def language_or_default(lang: str | None) -> str:
    """`lang` if the service speaks it, else the default language."""
    return _language(lang)


centre_language = centre_contacts.language_of


def local_date(moment: datetime) -> date:
    return local_time.local_date(moment)


def _render(kind: str, lang: str, **context) -> tuple[str, str]:
    env = current_app.jinja_env
    shown = public_languages.language(lang)
    context = {"lang": lang, "language_tag": shown.tag, "text_direction": shown.direction,
               "emergency_number": EMERGENCY_NUMBER, **context}
    text = env.get_template(f"email/{kind}.txt").render(context)
    html = env.get_template(f"email/{kind}.html").render(context)
    return text, html


def _queue(session: DbSession, kind: str, recipient: str, lang: str, subject_fn, *,
           request_id: int | None = None, dedup_key: str | None = None,
           now: datetime | None = None, **context) -> OutboxMessage:
    """Render subject and both parts in `lang` and put the message in the outbox."""
    with in_language(lang):
        subject = subject_fn(**context)
        text, html = _render(kind, lang, subject=subject, **context)
    return outbox.enqueue(
        session, kind=kind, recipient=recipient, language=lang, subject=subject,
        body_text=text, body_html=html, request_id=request_id, dedup_key=dedup_key, now=now,
    )


def queue_mail(session: DbSession, kind: str, recipient: str, lang: str, subject_fn,
               **kwargs) -> OutboxMessage:
    """`_queue` for the notices built elsewhere (mail/family_notices.py)."""
    return _queue(session, kind, recipient, lang, subject_fn, **kwargs)


def family_language(help_request: HelpRequest) -> str:
    """The language a family reads its mail in: the form's language."""
    return _language(help_request.ui_language)


def _centre_of(session: DbSession, help_request: HelpRequest) -> Centre:
    return help_request.centre or session.get(Centre, help_request.centre_id)


def _request_url(help_request: HelpRequest) -> str:
    return absolute_url("triage.request", request_id=help_request.id)


def _queue_url(centre_id: int, *, overdue: bool = False, by_due: bool = False) -> str:
    """The centre's queue in the staff area (filters are codes, nothing personal)."""
    if overdue:
        return absolute_url("triage.index", centre=centre_id, due="overdue")
    if by_due:
        return absolute_url("triage.index", centre=centre_id, sort="due")
    return absolute_url("triage.index", centre=centre_id)


# ----------------------------------------------------------------------------- to the centre

def notify_centre_new_request(session: DbSession, help_request: HelpRequest) -> OutboxMessage:
    """Tell the centre a new request is in its queue: its name and a link, nothing else.

    Sent for every request, in the family's submission: the centre's part is read from
    `centre_contacts`, and the message is made once per centre name and language and kept,
    as only the link differs from one request to the next."""
    if help_request.id is None:
        session.flush()
    region = session.get(Region, help_request.region_id)
    centre = centre_contacts.contact(session, help_request.centre_id, region)
    subject, text, html = _new_request_mail(centre, _request_url(help_request))
    return outbox.enqueue(
        session, kind="centre_new_request", recipient=centre.email, language=centre.language,
        subject=subject, body_text=text, body_html=html, request_id=help_request.id)


# In place of the link while the message is made (letters and digits: escaping keeps them).
_LINK_MARK = "link0" + "8c1f4e7a2b" * 3
_NEW_REQUEST_MAILS = "centre_new_request_mails"


def _new_request_mail(centre: centre_contacts.CentreContact, url: str) -> tuple[str, str, str]:
    made = current_app.extensions.setdefault(_NEW_REQUEST_MAILS, {})
    key = (centre.language, centre.name)
    parts = made.get(key)
    if parts is None:
        with in_language(centre.language):
            subject = _("New request for %(centre)s", centre=centre.name)
            text, html = _render("centre_new_request", centre.language, subject=subject,
                                 centre_name=centre.name, request_url=_LINK_MARK)
        if len(made) >= centre_contacts.MAX_ENTRIES:
            made.clear()
        parts = made[key] = (subject, text.split(_LINK_MARK), html.split(_LINK_MARK))
    subject, text_parts, html_parts = parts
    return subject, url.join(text_parts), str(escape(url)).join(html_parts)


def notify_centre_forwarded_request(session: DbSession, help_request: HelpRequest,
                                    from_centre: Centre) -> OutboxMessage:
    """Tell the receiving centre a request was forwarded to it, and from where."""
    if help_request.id is None:
        session.flush()
    centre = _centre_of(session, help_request)
    lang = centre_language(centre)
    return _queue(
        session, "centre_forwarded_request", centre.notification_email, lang,
        lambda centre_name, **_kw: _("Request forwarded to %(centre)s", centre=centre_name),
        request_id=help_request.id, centre_name=centre.name(lang),
        from_centre_name=from_centre.name(lang), request_url=_request_url(help_request),
    )


def notify_withdrawn(session: DbSession, help_request: HelpRequest) -> list[OutboxMessage]:
    """The family withdrew its request: tell the centre, and the worker who held it, with a
    link and the centre's name only. Once per request and recipient (dedup key)."""
    centre = _centre_of(session, help_request)
    recipients = [("centre", centre.notification_email, centre_language(centre))]
    assignee = help_request.assignee or (
        session.get(User, help_request.assignee_id) if help_request.assignee_id else None)
    if assignee is not None and assignee.active \
            and assignee.email.lower() != centre.notification_email.lower():
        recipients.append((f"user{assignee.id}", assignee.email, _language(assignee.language)))
    queued = []
    for who, address, lang in recipients:
        key = f"withdrawn:{help_request.id}:{who}"
        if _already_queued(session, key):
            continue
        queued.append(_queue(
            session, "request_withdrawn", address, lang,
            lambda centre_name, **_kw: _("A request at %(centre)s was withdrawn",
                                         centre=centre_name),
            request_id=help_request.id, dedup_key=key, centre_name=centre.name(lang),
            request_url=_request_url(help_request),
        ))
    session.flush()
    return queued


def notify_centre_family_message(session: DbSession, help_request: HelpRequest,
                                 message_id: int) -> OutboxMessage:
    """Tell the centre the family wrote (a reply or an addition): its name and a link to the
    request, never the message, the family, the topic or the reference. Once per message
    (its dedup key), so two workers or a retried request queue one mail."""
    centre = _centre_of(session, help_request)
    lang = centre_language(centre)
    return _queue(
        session, "centre_family_message", centre.notification_email, lang,
        lambda centre_name, **_kw: _("A family wrote to %(centre)s", centre=centre_name),
        request_id=help_request.id, dedup_key=f"family-message:{message_id}",
        centre_name=centre.name(lang), request_url=_request_url(help_request),
    )


# ----------------------------------------------------------------------------- to the family

def confirm_to_family(session: DbSession, help_request: HelpRequest,
                      follow_up_url: str) -> OutboxMessage | None:
    """The family's confirmation, only if they gave an email and asked for it."""
    if not (help_request.wants_email_confirmation and help_request.email):
        return None
    if help_request.id is None:
        session.flush()
    lang = _language(help_request.ui_language)
    due_text = formatting.long_day(help_request.due_at, lang)
    return _queue(
        session, "family_confirmation", help_request.email, lang,
        family_subjects.confirmation,
        request_id=help_request.id, reference=help_request.reference, due_date=due_text,
        follow_up_url=follow_up_url, social_emergency=_social_emergency(session, help_request,
                                                                        lang),
        interpreter=interpreter_languages.name_in(help_request.interpreter_language, lang)
        if help_request.interpreter_language else None,
    )


def _social_emergency(session: DbSession, help_request: HelpRequest,
                      lang: str) -> SocialEmergency | None:
    """The county's social emergency service for the family's mail: the county's number (or
    the national guidance with its name), never the municipality's, which would name a place."""
    region = session.get(Region, help_request.region_id)
    return social_emergency(CountyEmergency.of(region), None, lang) if region else None


def new_link_to_family(session: DbSession, help_request: HelpRequest, follow_up_url: str,
                       lang: str | None = None) -> OutboxMessage | None:
    """A new private link, to the family's email (None without one): the reference, the link
    and 112, nothing else. `lang`: the page the family asked on (else the form's language)."""
    if not help_request.email:
        return None
    if help_request.id is None:
        session.flush()
    lang = _language(lang or help_request.ui_language)
    return _queue(
        session, "family_new_link", help_request.email, lang,
        family_subjects.new_link,
        request_id=help_request.id, reference=help_request.reference,
        follow_up_url=follow_up_url, social_emergency=_social_emergency(session, help_request,
                                                                        lang),
        interpreter=interpreter_languages.name_in(help_request.interpreter_language, lang)
        if help_request.interpreter_language else None,
    )


# ----------------------------------------------------------------------------- reminders

def _active_leads(session: DbSession, centre_id: int) -> list[User]:
    return list(session.scalars(
        sa.select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.LEAD, RoleAssignment.centre_id == centre_id,
               User.active.is_(True))
        .order_by(User.id).distinct()
    ))


def _by_centre(rows) -> dict[int, list[HelpRequest]]:
    grouped: dict[int, list[HelpRequest]] = {}
    for row in rows:
        grouped.setdefault(row.centre_id, []).append(row)
    return grouped


def _open_requests(*conditions):
    return (sa.select(HelpRequest)
            .where(HelpRequest.is_open, HelpRequest.erased_at.is_(None), *conditions)
            .order_by(HelpRequest.centre_id, HelpRequest.due_at, HelpRequest.id))


def _overdue_by_centre(session: DbSession, now: datetime) -> dict[int, list[HelpRequest]]:
    return _by_centre(session.scalars(_open_requests(HelpRequest.due_at < now)))


def due_soon_hours() -> int:
    return int(current_app.config.get("REMINDER_DUE_SOON_HOURS", DEFAULT_DUE_SOON_HOURS))


def _due_soon_by_centre(session: DbSession, now: datetime) -> dict[int, list[HelpRequest]]:
    until = now + timedelta(hours=due_soon_hours())
    return _by_centre(session.scalars(_open_requests(HelpRequest.due_at >= now,
                                                     HelpRequest.due_at < until)))


def _already_queued(session: DbSession, dedup_key: str) -> bool:
    return session.scalar(
        sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.dedup_key == dedup_key)
    ) > 0


def _overdue_subject(count, centre_name, **_kw):
    return ngettext("%(num)d overdue request at %(centre)s",
                    "%(num)d overdue requests at %(centre)s", count, centre=centre_name)


def _due_soon_subject(count, centre_name, **_kw):
    return ngettext("%(num)d request due soon at %(centre)s",
                    "%(num)d requests due soon at %(centre)s", count, centre=centre_name)


def _remind(session: DbSession, now: datetime, reminder: str,
            grouped: dict[int, list[HelpRequest]]) -> int:
    """One reminder of a kind per centre, recipient and local day: to the centre's active
    leads, or to its notification address when it has none. Each request reminded gets a
    NOTIFIED event. Returns the number of messages queued; flushes."""
    day = local_date(now).isoformat()
    kind, subject_fn, prefix = {
        "overdue": ("overdue_reminder", _overdue_subject, "overdue"),
        "due_soon": ("due_soon_reminder", _due_soon_subject, "duesoon"),
    }[reminder]
    queued = 0
    for centre_id, requests in grouped.items():
        centre = session.get(Centre, centre_id)
        if centre is None or not centre.active:
            continue
        recipients = [(f"user{u.id}", u.email, _language(u.language))
                      for u in _active_leads(session, centre_id)]
        to = "leads"
        if not recipients:
            recipients = [("centre", centre.notification_email, centre_language(centre))]
            to = "centre"
        sent_here = 0
        for who, address, lang in recipients:
            key = f"{prefix}:{centre_id}:{who}:{day}"
            if _already_queued(session, key):
                continue
            _queue(
                session, kind, address, lang, subject_fn,
                dedup_key=key, now=now, count=len(requests), centre_name=centre.name(lang),
                queue_url=_queue_url(centre_id, overdue=reminder == "overdue",
                                     by_due=reminder == "due_soon"),
                hours=due_soon_hours(),
            )
            sent_here += 1
        if sent_here:
            for help_request in requests:
                session.add(RequestEvent(
                    request_id=help_request.id, kind=EventKind.NOTIFIED, created_at=now,
                    data={"reminder": reminder, "recipients": sent_here, "to": to},
                ))
        queued += sent_here
    session.flush()
    return queued


def remind_overdue(session: DbSession, now: datetime) -> int:
    """Remind each centre's leads, once a day, of the requests past their due time.

    One message per lead per local day (its dedup key), so a request is in at most one
    reminder a day; the request's timeline gets a NOTIFIED event saying the leads were
    reminded. A centre without an active lead is reminded at its notification address.
    Returns the number of messages queued. Flushes; the caller commits.
    """
    return _remind(session, now, "overdue", _overdue_by_centre(session, now))


def remind_due_soon(session: DbSession, now: datetime) -> int:
    """Remind each centre's leads, once a day, of the open requests due within the next
    REMINDER_DUE_SOON_HOURS (24) hours and not yet overdue; like `remind_overdue`."""
    return _remind(session, now, "due_soon", _due_soon_by_centre(session, now))


def send_reminders(session: DbSession, now: datetime) -> int:
    """The day's reminders: overdue, due soon, and escalations. Returns messages queued."""
    return (remind_overdue(session, now) + remind_due_soon(session, now)
            + escalate_overdue(session, now))


# ----------------------------------------------------------------------------- escalation

def _active_admins(session: DbSession, role: Role, condition) -> list[User]:
    return list(session.scalars(
        sa.select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == role, condition, User.active.is_(True))
        .order_by(User.id).distinct()
    ))


def _escalation_recipients(session: DbSession, help_request: HelpRequest,
                           cache: dict) -> tuple[str, list[User]]:
    """The administrators of the request's municipality; its region's when it has none."""
    key = (help_request.municipality_code, help_request.region_id)
    if key not in cache:
        admins = _active_admins(session, Role.MUNICIPALITY_ADMIN,
                                RoleAssignment.municipality_code == help_request.municipality_code)
        cache[key] = ("municipality_admins", admins) if admins else (
            "region_admins", _active_admins(session, Role.REGION_ADMIN,
                                            RoleAssignment.region_id == help_request.region_id))
    return cache[key]


def _due_for_escalation(session: DbSession, now: datetime) -> list[HelpRequest]:
    """Open requests still overdue their region's escalate_after_working_days working days
    after the due time, and not escalated before."""
    escalated = sa.select(RequestEvent.id).where(RequestEvent.request_id == HelpRequest.id,
                                                 RequestEvent.kind == EventKind.ESCALATED)
    rows = session.scalars(_open_requests(HelpRequest.due_at < now, ~escalated.exists()))
    zone = local_time.zone_name()
    regions: dict[int, Region | None] = {}
    found = []
    for row in rows:
        if row.region_id not in regions:
            regions[row.region_id] = session.get(Region, row.region_id)
        region = regions[row.region_id]
        days = max(region.escalate_after_working_days if region else 2, 1)
        if due.escalation_at(row.due_at, days, zone) <= now:
            found.append(row)
    return found


def escalate_overdue(session: DbSession, now: datetime) -> int:
    """Tell the municipality's administrators (the region's, if the municipality has none)
    of requests still open a set number of working days after their due time: one message
    per administrator and run, with counts per municipality and centre and a link to their
    administration home (they may not open requests; the link does not widen that). Each
    request escalates once: an ESCALATED event on its timeline. Returns messages queued."""
    requests = _due_for_escalation(session, now)
    cache: dict = {}
    per_user: dict[int, tuple[User, list[HelpRequest]]] = {}
    who_of: dict[int, tuple[str, int]] = {}
    for help_request in requests:
        to, admins = _escalation_recipients(session, help_request, cache)
        for admin in admins:
            per_user.setdefault(admin.id, (admin, []))[1].append(help_request)
        who_of[help_request.id] = (to, len(admins))
    queued = 0
    for admin, mine in per_user.values():
        ids = ",".join(str(r.id) for r in sorted(mine, key=lambda r: r.id))
        digest = hashlib.sha256(ids.encode()).hexdigest()[:32]
        key = f"escalation:user{admin.id}:{digest}"
        if _already_queued(session, key):
            continue
        lang = _language(admin.language)
        region = session.get(Region, mine[0].region_id)
        _queue(
            session, "escalation", admin.email, lang,
            lambda count, **_kw: ngettext(
                "%(num)d request is still unanswered after its due time",
                "%(num)d requests are still unanswered after their due time", count),
            dedup_key=key, now=now, count=len(mine), lines=_escalation_lines(session, mine, lang),
            days=region.escalate_after_working_days if region else 2,
            admin_url=absolute_url("routing_admin.index"),
        )
        queued += 1
    for help_request in requests:
        to, count = who_of[help_request.id]
        if not count:
            continue  # nobody to tell yet: tried again on the next run
        region = session.get(Region, help_request.region_id)
        session.add(RequestEvent(
            request_id=help_request.id, kind=EventKind.ESCALATED, created_at=now,
            data={"to": to, "recipients": count,
                  "after_working_days": region.escalate_after_working_days if region else None},
        ))
    session.flush()
    return queued


def _escalation_lines(session: DbSession, requests: list[HelpRequest],
                      lang: str) -> list[tuple[str, str, int]]:
    """(municipality, centre, count) for the message, in the reader's language."""
    counts: dict[tuple[str, int], int] = {}
    for r in requests:
        counts[(r.municipality_code, r.centre_id)] = counts.get(
            (r.municipality_code, r.centre_id), 0) + 1
    lines = []
    for (code, centre_id), count in counts.items():
        municipality = session.get(Municipality, code)
        centre = session.get(Centre, centre_id)
        lines.append((municipality.name(lang) if municipality else code,
                      centre.name(lang) if centre else "", count))
    return sorted(lines)


def send_daily_digest(session: DbSession, now: datetime) -> int:
    """Per centre that asked for it (Centre.daily_digest), counts of new, open and overdue
    requests, once per local day and only when something is open. Returns messages queued."""
    day = local_date(now).isoformat()
    since = now - timedelta(days=1)
    queued = 0
    centres = session.scalars(
        sa.select(Centre).where(Centre.active.is_(True), Centre.daily_digest.is_(True))
        .order_by(Centre.id)
    )
    for centre in centres:
        key = f"digest:{centre.id}:{day}"
        if _already_queued(session, key):
            continue
        counts = _centre_counts(session, centre.id, now, since)
        if not counts["open"]:
            continue
        lang = centre_language(centre)
        _queue(
            session, "daily_digest", centre.notification_email, lang,
            lambda centre_name, **_kw: _("Daily summary for %(centre)s", centre=centre_name),
            dedup_key=key, now=now, centre_name=centre.name(lang),
            queue_url=_queue_url(centre.id),
            **counts,
        )
        queued += 1
    session.flush()
    return queued


def _centre_counts(session: DbSession, centre_id: int, now: datetime,
                   since: datetime) -> dict[str, int]:
    is_open = HelpRequest.is_open

    def count(*conditions) -> int:
        return session.scalar(
            sa.select(sa.func.count(HelpRequest.id))
            .where(HelpRequest.centre_id == centre_id, *conditions)
        ) or 0

    return {
        "new": count(HelpRequest.created_at >= since),
        "open": count(is_open),
        "overdue": count(is_open, HelpRequest.due_at < now),
    }


# ----------------------------------------------------------------------------- accounts

def password_reset(session: DbSession, user: User, reset_url: str) -> OutboxMessage:
    lang = _language(user.language)
    return _queue(
        session, "password_reset", user.email, lang,
        lambda **_kw: _("Reset your password"), reset_url=reset_url,
    )


def new_account(session: DbSession, user: User, set_password_url: str) -> OutboxMessage:
    lang = _language(user.language)
    return _queue(
        session, "new_account", user.email, lang,
        lambda **_kw: _("Your account for Ask for help"),
        set_password_url=set_password_url, staff_url=absolute_url("triage.home"),
    )
