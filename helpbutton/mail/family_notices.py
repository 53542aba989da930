"""Content-free notices to a family: "you have a new message about your request for help".

`notify_family` is the one place a family is told that something waits behind its private
link; it queues what applies through the outbox, in the caller's transaction (nothing is sent
if the change that caused it is rolled back). Today: an email, when the family gave an email
address. Nothing at all for a family without one. (SMS joins here.)

What a notice holds: that there is a new message, that it is read through the private link,
112, and nothing else — no message text, name, topic, centre or reference (a shared mailbox
or a lock screen may show it).

No link in it, by choice: only the SHA-256 of the private link's token is stored. The token of
a request sent through the form could be derived again from its stored submission key, but
not that of every request (the API's, a link sent again), and a link mailed with every notice
would put the key to the family's conversation in many more messages than the one
confirmation. So the notice asks the family to open the link it received; it is therefore not
one of the outbox's SECRET_KINDS, but it is a FAMILY_KIND (the address is hidden once sent)
and is erased with the request's other family mail.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from helpbutton.dbtypes import DbSession
from helpbutton.mail import notifications
from helpbutton.models import HelpRequest, OutboxMessage

NEW_MESSAGE = "family_new_message"
KINDS = (NEW_MESSAGE,)


def notify_family(session: DbSession, help_request: HelpRequest, kind: str, *,
                  now: datetime | None = None) -> list[OutboxMessage]:
    """Queue the notice `kind` to the family by every channel it gave; the messages queued
    (none for a family that gave no email address, or whose data was erased). Flushes
    nothing; the caller commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown family notice {kind!r}")
    if help_request.erased_at is not None:
        return []
    queued = []
    if help_request.email:
        queued.append(notifications.queue_mail(
            session, kind, help_request.email, notifications.family_language(help_request),
            lambda **_kw: _("New message about your request for help"),
            request_id=help_request.id, now=now,
        ))
    return queued
