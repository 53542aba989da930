"""The family's private link from the request page: send a new one to the family's contact,
or close it at once and send a new one only to a contact the family names
(intake/private_link.py). Guarded POSTs asking `policy.private_link_refusal`; the timeline
records them without the address."""
from flask import abort
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user
from helpbutton.extensions import db
from helpbutton.intake import private_link
from helpbutton.models import HelpRequest
from helpbutton.triage.blueprint import bp
from helpbutton.triage.link_forms import CloseLinkForm
from helpbutton.triage.request_views import (
    _empty_form_or_400,
    _page,
    _show,
    may_work,
    visible_request,
)
from helpbutton.web.guarded import done, guarded, refused


def link_state(req: HelpRequest) -> policy.RequestState:
    return policy.RequestState(req.centre_id, req.assignee_id, closed=not req.is_open,
                               erased=req.erased_at is not None,
                               link_closed=req.follow_up_token_hash is None)


def _refused_now(req: HelpRequest, action: str):
    code = policy.private_link_refusal(current_principal(), action, link_state(req))
    if code is None:
        return None
    if code == "not_allowed":
        abort(403)
    messages = {
        "erased": _("The personal data of this request has been erased; it cannot be changed."),
        "link_closed": _("The family's private link is closed. A new one goes only to a "
                         "contact the family names: use the form to close the link."),
    }
    return refused(_page(req), messages.get(code, _("The change could not be made.")))


@bp.post("/requests/<int:request_id>/link/send")
@guarded(may_work, load=visible_request)
def send_link(req: HelpRequest):
    """A new private link to the contact on the request; the old one stops working."""
    _empty_form_or_400()
    if (not_now := _refused_now(req, policy.SEND_LINK)) is not None:
        return not_now
    channels = private_link.send_new_link(db.session, req, lang=req.ui_language, by="staff",
                                          actor_id=current_user().id)
    if not channels:
        return refused(_page(req), _("No new link could be sent: the request has no email "
                                     "address, and no phone number a text message can go "
                                     "to."))
    sent: dict[tuple[str, ...], str] = {
        ("email",): _("A new private link was sent by email. The earlier link no longer "
                      "works."),
        ("sms",): _("A new private link was sent by text message. The earlier link no longer "
                    "works."),
    }
    return done(_page(req), sent.get(tuple(channels), _(
        "A new private link was sent by email and by text message. The earlier link no longer "
        "works.")))


@bp.post("/requests/<int:request_id>/link/close")
@guarded(may_work, load=visible_request)
def close_link(req: HelpRequest):
    """Close the link at once; with a contact the family names, it replaces the request's
    contact and a new link goes there only."""
    if (not_now := _refused_now(req, policy.CLOSE_LINK)) is not None:
        return not_now
    form = CloseLinkForm()
    if not form.validate_on_submit():
        return _show(req, 400, close_link_form=form)
    contact = form.new_contact()
    channels = private_link.close_link(db.session, req, actor_id=current_user().id,
                                       new_contact=contact)
    if contact is None:
        return done(_page(req), _("The private link was closed."))
    if channels:
        return done(_page(req), _("The private link was closed and a new one was sent to "
                                  "the contact the family named."))
    return done(_page(req), _("The private link was closed and the contact details were "
                              "replaced, but no new link could be sent there (text messages "
                              "are not in use): tell the family its reference."), category="info")
