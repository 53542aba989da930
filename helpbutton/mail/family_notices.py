"""Notices to a family without any content: the one place a family is told, by every channel
it gave, that something waits behind its private link.

`notify_family(session, help_request, kind, ...)` queues what applies through the outbox, in
the caller's transaction (nothing is sent if the change that caused it is rolled back).

What a notice may hold (DESIGN.md, privacy): no name, topic, centre, reference or message
text — a shared mailbox or a phone's lock screen may show it. The confirmation carries the
family's private follow-up link (its key); its body is blanked once sent (outbox.SECRET_KINDS)
and the address or number too (outbox.FAMILY_KINDS).

Who gets what (docs/sms.md):
* nothing at all to a family whose personal data is erased, or that said messages may not be
  left (HelpRequest.may_leave_message is False) — except the email confirmation it ticked
  itself on the form (intake), and the link shown on the confirmation page;
* "family_confirmation" by SMS, when SMS is configured (SMS_GATEWAY_URL), the family gave a
  phone number, and no email confirmation goes to it (a family that asked for the email gets
  its link once, by email, not twice);
* "family_new_message" — staff wrote — by email to a family that gave one, and by SMS to a
  family that gave a phone number (when SMS is on).

No link in the new-message notice, by choice: only the SHA-256 of the private link's token is
stored, so the link cannot be rebuilt for every request (the API's, a link sent again), and a
link with every notice would put the key to the family's conversation in many more messages
than the one confirmation. The notice asks the family to open the link it received; it is a
FAMILY_KIND but not a SECRET_KIND.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from helpbutton.dbtypes import DbSession
from helpbutton.mail import notifications, outbox
from helpbutton.models import HelpRequest, OutboxChannel, OutboxMessage
from helpbutton.sms import gateway as sms_gateway

CONFIRMATION = "family_confirmation"
NEW_MESSAGE = "family_new_message"
KINDS = (CONFIRMATION, NEW_MESSAGE)


def sms_enabled() -> bool:
    return sms_gateway.enabled(current_app.config)


def may_notify(help_request: HelpRequest) -> bool:
    """The family may be sent notices at all: it did not say messages are unsafe."""
    return help_request.may_leave_message is not False and help_request.erased_at is None


def gets_sms(help_request: HelpRequest) -> bool:
    return bool(sms_enabled() and help_request.phone and may_notify(help_request))


def sends_sms_confirmation(help_request: HelpRequest) -> bool:
    """The family's confirmation goes by SMS (and the confirmation page says so)."""
    return gets_sms(help_request) and not (help_request.wants_email_confirmation
                                           and help_request.email)


def new_message_channels(help_request: HelpRequest) -> tuple[str, ...]:
    """How a family would be told that staff wrote: ("email", "sms"), either, or neither."""
    if not may_notify(help_request):
        return ()
    return tuple(channel for channel, given in (
        ("email", bool(help_request.email)), ("sms", gets_sms(help_request))) if given)


def sms_text(kind: str, lang: str, follow_up_url: str | None = None) -> str:
    """The SMS in `lang`: nothing about the family, its request or the centre."""
    with force_locale(lang):
        if kind == CONFIRMATION:
            return _("Your request for help has been received. Your private link: %(url)s",
                     url=follow_up_url)
        return _("You have a new message about your request for help. Open your private "
                 "link.")


def _sms(session: DbSession, help_request: HelpRequest, kind: str, text: str,
         dedup_key: str | None = None) -> OutboxMessage:
    return outbox.enqueue(
        session, kind=kind, channel=OutboxChannel.SMS, recipient=help_request.phone,
        language=notifications.family_language(help_request), subject=kind, body_text=text,
        request_id=help_request.id, dedup_key=dedup_key)


def notify_family(session: DbSession, help_request: HelpRequest, kind: str, *,
                  follow_up_url: str | None = None,
                  now: datetime | None = None) -> list[OutboxMessage]:
    """Queue the notice `kind` (KINDS) to the family by every channel that applies; the
    messages queued (none when the family is not to be told). Flushes; the caller commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown family notice {kind!r}")
    if not may_notify(help_request):
        return []
    if help_request.id is None:
        session.flush()
    lang = notifications.family_language(help_request)
    queued: list[OutboxMessage] = []
    if kind == CONFIRMATION:
        # The email confirmation is intake's (notifications.confirm_to_family): here only
        # the SMS a family without one gets.
        if follow_up_url and sends_sms_confirmation(help_request):
            queued.append(_sms(session, help_request, kind,
                               sms_text(kind, lang, follow_up_url),
                               dedup_key=f"sms:{kind}:{help_request.id}"))
    else:
        if help_request.email:
            queued.append(notifications.queue_mail(
                session, kind, help_request.email, lang,
                lambda **_kw: _("New message about your request for help"),
                request_id=help_request.id, now=now,
            ))
        if gets_sms(help_request):
            queued.append(_sms(session, help_request, kind, sms_text(kind, lang)))
    session.flush()
    return queued
