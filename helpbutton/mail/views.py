"""The region administrator's view of mail the worker gave up on, with a "send again" button.

A stop-gap until the admin area exists: one page under /admin/outbox/. It shows what the
listing of `flask outbox failed` shows — a family's address never, only the kind of message.
"""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpbutton import policy
from helpbutton.accounts.session import current_principal, require
from helpbutton.extensions import db
from helpbutton.mail import outbox
from helpbutton.web.guarded import done, guarded

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")

KIND_LABELS = {
    "centre_new_request": _l("New request, to a centre"),
    "centre_forwarded_request": _l("Forwarded request, to a centre"),
    "family_confirmation": _l("Confirmation, to a family"),
    "family_new_message": _l("New message notice, to a family"),
    "overdue_reminder": _l("Overdue reminder"),
    "due_soon_reminder": _l("Due-soon reminder"),
    "escalation": _l("Long overdue, to administrators"),
    "request_withdrawn": _l("Withdrawn request, to a centre"),
    "daily_digest": _l("Daily summary"),
    "password_reset": _l("Password reset"),
    "new_account": _l("New account"),
}
CHANNEL_LABELS = {"email": _l("Email"), "sms": _l("Text message (SMS)")}


def failure_reason(message) -> str:
    """Why the message was given up on, in the reader's language."""
    if outbox.is_refused(message):
        if message.channel.value == "sms":
            return _("The SMS gateway refused this phone number, so it was not tried again.")
        return _("The recipient was refused, so it was not tried again.")
    return _("Sending failed every time it was tried, so the service stopped trying.")


def _region_id() -> int:
    """The administrator's county (the first, should they administer several)."""
    return policy.administered_region_ids(current_principal())[0]


@bp.get("/")
@require(policy.is_region_admin)
def index():
    region_id = _region_id()
    return render_template(
        "mail/outbox.html", messages=outbox.failed_messages(db.session, region_id),
        summary=outbox.summary(db.session, region_id=region_id),
        kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        recipient=outbox.display_recipient, is_family=outbox.is_family,
        channel_label=lambda m: CHANNEL_LABELS.get(m.channel.value, m.channel.value),
        reason=failure_reason,
    )


@bp.post("/<int:message_id>/retry")
@require(policy.is_region_admin)
@guarded(policy.can_manage_outbox)
def retry(message_id: int):
    if outbox.retry(db.session, message_id, region_id=_region_id()):
        return done(url_for("mail.index"), _("The message will be sent again."))
    return done(url_for("mail.index"), _("This message is no longer waiting to be sent again."),
                category="info")
