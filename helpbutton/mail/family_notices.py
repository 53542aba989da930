"""Notices to a family without any content: by SMS here (the email half is merged from the
branch that writes the email notices, with the same `notify_family`).

What an SMS to a family may hold (DESIGN.md, privacy): no name, topic, centre, reference or
message text — a phone is often shared. The confirmation carries the family's private
follow-up link (its key, as in the confirmation email); the body is blanked once sent
(outbox.SECRET_KINDS), and the number too (outbox.FAMILY_KINDS).

Who gets an SMS (docs/sms.md):
* only when SMS is configured (SMS_GATEWAY_URL), the family gave a phone number, its
  personal data is not erased, and it did not say that messages may not be left
  (HelpRequest.may_leave_message is False: then nothing at all is sent to it, and the
  confirmation is on the screen only — except an email confirmation it ticked itself);
* "family_confirmation": when no email confirmation goes to the family (a family that asked
  for the email gets its link once, by email, not twice);
* "family_new_message": every time staff write, to every family with a phone number.
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from helpbutton.dbtypes import DbSession
from helpbutton.mail import notifications, outbox
from helpbutton.models import HelpRequest, OutboxChannel, OutboxMessage
from helpbutton.sms import gateway as sms_gateway

KINDS = ("family_confirmation", "family_new_message")


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


def sms_text(kind: str, lang: str, follow_up_url: str | None = None) -> str:
    """The SMS in `lang`: nothing about the family, its request or the centre."""
    with force_locale(lang):
        if kind == "family_confirmation":
            return _("Your request for help has been received. Your private link: %(url)s",
                     url=follow_up_url)
        return _("You have a new message about your request for help. Open your private "
                 "link.")


def notify_family(session: DbSession, help_request: HelpRequest, kind: str, *,
                  follow_up_url: str | None = None) -> list[OutboxMessage]:
    """Queue what the family is to be told of `kind` (KINDS) in the caller's transaction;
    the messages queued (none when the family is not to be notified). Flushes."""
    if kind not in KINDS:
        raise ValueError(f"unknown family notice {kind!r}")
    queued: list[OutboxMessage] = []
    if not gets_sms(help_request):
        return queued
    if kind == "family_confirmation" and not (
            follow_up_url and sends_sms_confirmation(help_request)):
        return queued
    if help_request.id is None:
        session.flush()
    lang = notifications._language(help_request.ui_language)
    text = sms_text(kind, lang, follow_up_url)
    queued.append(outbox.enqueue(
        session, kind=kind, channel=OutboxChannel.SMS, recipient=help_request.phone,
        language=lang, subject=kind, body_text=text, request_id=help_request.id,
        dedup_key=f"sms:{kind}:{help_request.id}" if kind == "family_confirmation" else None,
    ))
    session.flush()
    return queued
