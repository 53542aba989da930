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
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from helpbutton import formatting, local_time
from helpbutton.dbtypes import DbSession
from helpbutton.mail import outbox
from helpbutton.mail.links import absolute_url
from helpbutton.models import (
    Centre,
    EventKind,
    HelpRequest,
    OutboxMessage,
    RequestEvent,
    Role,
    RoleAssignment,
    User,
)

EMERGENCY_NUMBER = "112"
STAFF_LANGUAGES = ("fi", "sv")  # centres are addressed in a language of their own


# ----------------------------------------------------------------------------- helpers

def _language(lang: str | None) -> str:
    languages = current_app.config.get("LANGUAGES", ("fi", "sv", "en"))
    return lang if lang in languages else current_app.config.get("DEFAULT_LANGUAGE", "fi")


def centre_language(centre: Centre) -> str:
    """The centre's first service language among fi/sv; Finnish otherwise."""
    for lang in centre.languages or ():
        if lang in STAFF_LANGUAGES:
            return lang
    return "fi"


def local_date(moment: datetime) -> date:
    return local_time.local_date(moment)


def _render(kind: str, lang: str, **context) -> tuple[str, str]:
    env = current_app.jinja_env
    context = {"lang": lang, "emergency_number": EMERGENCY_NUMBER, **context}
    text = env.get_template(f"email/{kind}.txt").render(context)
    html = env.get_template(f"email/{kind}.html").render(context)
    return text, html


def _queue(session: DbSession, kind: str, recipient: str, lang: str, subject_fn, *,
           request_id: int | None = None, dedup_key: str | None = None,
           now: datetime | None = None, **context) -> OutboxMessage:
    """Render subject and both parts in `lang` and put the message in the outbox."""
    with force_locale(lang):
        subject = subject_fn(**context)
        text, html = _render(kind, lang, subject=subject, **context)
    return outbox.enqueue(
        session, kind=kind, recipient=recipient, language=lang, subject=subject,
        body_text=text, body_html=html, request_id=request_id, dedup_key=dedup_key, now=now,
    )


def _centre_of(session: DbSession, help_request: HelpRequest) -> Centre:
    return help_request.centre or session.get(Centre, help_request.centre_id)


def _request_url(help_request: HelpRequest) -> str:
    return absolute_url("triage.request", request_id=help_request.id)


def _queue_url(centre_id: int, *, overdue: bool = False) -> str:
    """The centre's queue in the staff area (filters are codes, nothing personal)."""
    if overdue:
        return absolute_url("triage.index", centre=centre_id, due="overdue")
    return absolute_url("triage.index", centre=centre_id)


# ----------------------------------------------------------------------------- to the centre

def notify_centre_new_request(session: DbSession, help_request: HelpRequest) -> OutboxMessage:
    """Tell the centre a new request is in its queue: its name and a link, nothing else."""
    if help_request.id is None:
        session.flush()
    centre = _centre_of(session, help_request)
    lang = centre_language(centre)
    return _queue(
        session, "centre_new_request", centre.notification_email, lang,
        lambda centre_name, **_kw: _("New request for %(centre)s", centre=centre_name),
        request_id=help_request.id, centre_name=centre.name(lang),
        request_url=_request_url(help_request),
    )


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
        lambda reference, **_kw: _("Your request for help has been received (%(reference)s)",
                                   reference=reference),
        request_id=help_request.id, reference=help_request.reference, due_date=due_text,
        follow_up_url=follow_up_url,
    )


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
        lambda reference, **_kw: _("Your new link to your request for help (%(reference)s)",
                                   reference=reference),
        request_id=help_request.id, reference=help_request.reference,
        follow_up_url=follow_up_url,
    )


# ----------------------------------------------------------------------------- reminders

def _active_leads(session: DbSession, centre_id: int) -> list[User]:
    return list(session.scalars(
        sa.select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.LEAD, RoleAssignment.centre_id == centre_id,
               User.active.is_(True))
        .order_by(User.id).distinct()
    ))


def _overdue_by_centre(session: DbSession, now: datetime) -> dict[int, list[HelpRequest]]:
    rows = session.scalars(
        sa.select(HelpRequest)
        .where(HelpRequest.is_open, HelpRequest.due_at < now,
               HelpRequest.erased_at.is_(None))
        .order_by(HelpRequest.centre_id, HelpRequest.due_at)
    )
    grouped: dict[int, list[HelpRequest]] = {}
    for row in rows:
        grouped.setdefault(row.centre_id, []).append(row)
    return grouped


def _already_queued(session: DbSession, dedup_key: str) -> bool:
    return session.scalar(
        sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.dedup_key == dedup_key)
    ) > 0


def remind_overdue(session: DbSession, now: datetime) -> int:
    """Remind each centre's leads, once a day, of the requests past their due time.

    One message per lead per local day (its dedup key), so a request is in at most one
    reminder a day; the request's timeline gets a NOTIFIED event saying the leads were
    reminded. A centre without an active lead is reminded at its notification address.
    Returns the number of messages queued. Flushes; the caller commits.
    """
    day = local_date(now).isoformat()
    queued = 0
    for centre_id, requests in _overdue_by_centre(session, now).items():
        centre = session.get(Centre, centre_id)
        if centre is None or not centre.active:
            continue
        recipients = [(f"user{u.id}", u.email, _language(u.language))
                      for u in _active_leads(session, centre_id)]
        if not recipients:
            recipients = [("centre", centre.notification_email, centre_language(centre))]
        sent_here = 0
        for who, address, lang in recipients:
            key = f"overdue:{centre_id}:{who}:{day}"
            if _already_queued(session, key):
                continue
            _queue(
                session, "overdue_reminder", address, lang,
                lambda count, centre_name, **_kw: ngettext(
                    "%(num)d overdue request at %(centre)s",
                    "%(num)d overdue requests at %(centre)s", count, centre=centre_name),
                dedup_key=key, now=now, count=len(requests), centre_name=centre.name(lang),
                queue_url=_queue_url(centre_id, overdue=True),
            )
            sent_here += 1
        if sent_here:
            for help_request in requests:
                session.add(RequestEvent(
                    request_id=help_request.id, kind=EventKind.NOTIFIED, created_at=now,
                    data={"reminder": "overdue", "recipients": sent_here},
                ))
        queued += sent_here
    session.flush()
    return queued


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
