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
  family that gave a phone number (when SMS is on);
* "family_new_link" — a new private link the family asked for on the lost-link page, or a
  worker sent — to the contact the family typed there (`to`; when that one cannot carry
  it, SMS not being in use, to the request's other contact), or to every contact on the
  request. It goes even to a family that said messages may not be left: the family asked for
  it itself, or told a worker where it is safe.

No link in the new-message notice, by choice: only the SHA-256 of the private link's token is
stored, so the link cannot be rebuilt for every request (the API's, a link sent again), and a
link with every notice would put the key to the family's conversation in many more messages
than the one confirmation. The notice asks the family to open the link it received; it is a
FAMILY_KIND but not a SECRET_KIND.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from helpbutton.dbtypes import DbSession
from helpbutton.i18n import in_language
from helpbutton.mail import notifications, outbox
from helpbutton.models import HelpRequest, OutboxChannel, OutboxMessage
from helpbutton.sms import gateway as sms_gateway

CONFIRMATION = "family_confirmation"
NEW_MESSAGE = "family_new_message"
FAMILY_NEW_LINK = "family_new_link"
KINDS = (CONFIRMATION, NEW_MESSAGE, FAMILY_NEW_LINK)
EMAIL, SMS = OutboxChannel.EMAIL.value, OutboxChannel.SMS.value


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
    with in_language(lang):
        if kind == CONFIRMATION:
            return _("Your request for help has been received. Your private link: %(url)s",
                     url=follow_up_url)
        if kind == FAMILY_NEW_LINK:
            return _("Your new private link to your request for help: %(url)s. The earlier "
                     "link no longer works.", url=follow_up_url)
        return _("You have a new message about your request for help. Open your private "
                 "link.")


def _sms(session: DbSession, help_request: HelpRequest, kind: str, text: str,
         dedup_key: str | None = None) -> OutboxMessage:
    return outbox.enqueue(
        session, kind=kind, channel=OutboxChannel.SMS, recipient=help_request.phone,
        language=notifications.family_language(help_request), subject=kind, body_text=text,
        request_id=help_request.id, dedup_key=dedup_key)


def notify_family(session: DbSession, help_request: HelpRequest, kind: str, *,
                  follow_up_url: str | None = None, lang: str | None = None,
                  to: str | None = None, now: datetime | None = None) -> list[OutboxMessage]:
    """Queue the notice `kind` (KINDS) to the family by every channel that applies (`to`:
    only EMAIL or only SMS); the messages queued (none when the family is not to be told).
    `lang`: the language to write in (default: the form's). Flushes; the caller commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown family notice {kind!r}")
    if help_request.erased_at is not None:
        return []
    if kind == FAMILY_NEW_LINK:
        return _new_link(session, help_request, follow_up_url, lang, to)
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


def new_link_channels(help_request: HelpRequest) -> tuple[str, ...]:
    """The channels a new private link can go by for this request now."""
    return tuple(channel for channel, given in (
        (EMAIL, bool(help_request.email)),
        (SMS, bool(sms_enabled() and help_request.phone))) if given)


def _new_link(session: DbSession, help_request: HelpRequest, follow_up_url: str | None,
              lang: str | None, to: str | None) -> list[OutboxMessage]:
    if not follow_up_url:
        raise ValueError("a new link's notice needs the link")
    available = new_link_channels(help_request)
    # To the contact typed; if that one cannot carry it (SMS not in use), to the others.
    channels = [to] if to in available else list(available)
    queued: list[OutboxMessage] = []
    if EMAIL in channels:
        mail = notifications.new_link_to_family(session, help_request, follow_up_url, lang)
        if mail is not None:
            queued.append(mail)
    if SMS in channels:
        if help_request.id is None:
            session.flush()
        text = sms_text(FAMILY_NEW_LINK, notifications.language_or_default(
            lang or help_request.ui_language), follow_up_url)
        queued.append(_sms(session, help_request, FAMILY_NEW_LINK, text))
    session.flush()
    return queued
