"""A request's page and its actions. Every action is a POST with a CSRF token that redirects
back to the page with a message (POST-redirect-GET); a form with mistakes is shown again with
what was typed. An unknown id and another centre's request both answer 404. Each action goes
through the guarded path: the request is loaded, the policy asked, the operation run and the
change committed once (or rolled back with the reason said)."""
from flask import abort, make_response, render_template, url_for
from flask import request as http_request
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.conversation import operations as conversation
from helpbutton.conversation import queries as conversation_queries
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.mail import family_notices
from helpbutton.message_templates import queries as message_templates
from helpbutton.models import Centre, HelpRequest, Outcome, RequestStatus, User
from helpbutton.triage import operations as triage
from helpbutton.triage import queries as queue
from helpbutton.triage import request_page
from helpbutton.triage.blueprint import bp
from helpbutton.triage.forms import ContactForm, MessageForm, NoteForm, StatusForm
from helpbutton.web.guarded import done, guarded, refused


def visible_request(request_id: int) -> HelpRequest:
    """The request, when it is with one of the person's centres; otherwise 404, the same
    answer as for an id that does not exist (nothing tells that it exists elsewhere)."""
    req = queue.find_visible(db.session, current_principal(), request_id)
    if req is None:
        abort(404)
    return req


def request_or_forwarded(request_id: int) -> HelpRequest:
    """As `visible_request`, but a request this person's centre forwarded away answers with
    where it went and when, not "does not exist" (nothing of the family is shown)."""
    req = queue.find_visible(db.session, current_principal(), request_id)
    if req is None:
        gone = request_page.forwarded_away(db.session, current_principal(), request_id)
        if gone is None:
            abort(404)
        abort(make_response(render_template("triage/forwarded.html", gone=gone)))
    return req


def may_view(principal, req: HelpRequest) -> bool:
    return policy.can_view_request(principal, req.centre_id)


def may_work(principal, req: HelpRequest) -> bool:
    return policy.can_work_request(principal, req.centre_id)


def may_lead(principal, req: HelpRequest) -> bool:
    return policy.can_lead_centre(principal, req.centre_id)


def may_release(principal, req: HelpRequest) -> bool:
    if req.assignee_id is None:  # the operation then says "Nobody holds this request"
        return may_work(principal, req)
    return policy.can_release_request(principal, req.centre_id, req.assignee_id)


def state_of(req: HelpRequest) -> policy.RequestState:
    return policy.RequestState(req.centre_id, req.assignee_id, closed=not req.is_open,
                               erased=req.erased_at is not None)


def _not_now(req: HelpRequest, action: str):
    """The policy's word on `action` in the request's present state: a closed or erased
    request refuses what no longer applies (a stale page's button, say) with the reason,
    before any operation runs. Not this person's to do at all was already a 403/404."""
    code = policy.request_action_refusal(current_principal(), action, state_of(req))
    if code is None:
        return None
    if code == "not_allowed":
        abort(403)
    return refused(_page(req), _said(code))


def _page(req: HelpRequest) -> str:
    return url_for("triage.request", request_id=req.id)


def _show(req: HelpRequest, status: int = 200, **forms):
    """Render the page; opening it (even to show a form's mistakes) is recorded as a view,
    and committed with the page. The page shows the conversation: the view's event says how
    many messages it showed (the audit trail of reading them), and a worker who may work the
    request has read the family's messages now (who and when)."""
    user = current_user()
    messages = conversation_queries.messages(db.session, req.id)
    unread = {m.id for m in messages if m.author.value == "family" and m.read_at is None}
    event = triage.record_view(db.session, user, req)
    if messages:
        event.data = {"messages": len(messages), "unread": len(unread)}
    if unread and may_work(current_principal(), req):
        conversation.mark_read_by_staff(db.session, user, req)
    context = request_page.build(db.session, req, current_principal(), user,
                                 conversation=request_page.Conversation(messages, unread),
                                 **forms)
    return render_template("triage/request.html", **context), status


def _reason(error: triage.TriageError) -> str:
    return _said(error.code)


def _said(code: str) -> str:
    messages = {
        "closed": _("The request is closed. Reopen it first."),
        "erased": _("The personal data of this request has been erased; it cannot be changed."),
        "not_claimed": _("Nobody holds this request."),
        "outcome_required": _("Choose the outcome to close the request."),
        "invalid_target": _("That choice is not possible for this request."),
    }
    return messages.get(code, _("The change could not be made."))


def _carry_out(req: HelpRequest, action, message: str):
    """Run one triage action: `message` said once it is stored, or the reason it was not."""
    try:
        action()
    except triage.AlreadyClaimed as lost:
        name = lost.winner.display_name if lost.winner else _("someone else")
        return refused(_page(req), _("%(name)s claimed this request first.", name=name))
    except triage.TriageError as error:
        return refused(_page(req), _reason(error))
    return done(_page(req), message)


def _empty_form_or_400() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


@bp.get("/requests/<int:request_id>")
@guarded(may_view, load=request_or_forwarded)
def request(req: HelpRequest):
    return _show(req)


@bp.post("/requests/<int:request_id>/claim")
@guarded(may_work, load=visible_request)
def claim(req: HelpRequest):
    _empty_form_or_400()
    if (not_now := _not_now(req, policy.CLAIM)) is not None:
        return not_now
    return _carry_out(req, lambda: triage.claim(db.session, current_user(), req),
                      _("You hold this request now."))


@bp.post("/requests/<int:request_id>/release")
@guarded(may_release, load=visible_request)
def release(req: HelpRequest):
    _empty_form_or_400()
    if (not_now := _not_now(req, policy.RELEASE)) is not None:
        return not_now
    return _carry_out(req, lambda: triage.release(db.session, current_user(), req),
                      _("The request is back in the centre's queue."))


@bp.post("/requests/<int:request_id>/assign")
@guarded(may_lead, load=visible_request)
def assign(req: HelpRequest):
    if (not_now := _not_now(req, policy.ASSIGN)) is not None:
        return not_now
    form = request_page.assign_form(db.session, req)
    if not form.validate_on_submit():
        return _show(req, 400, assign_form=form)
    assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
    return _carry_out(req, lambda: triage.assign(db.session, current_user(), req, assignee),
                      _("Assigned to %(name)s.", name=assignee.display_name) if assignee
                      else _("Nobody holds the request now."))


@bp.post("/requests/<int:request_id>/contact")
@guarded(may_work, load=visible_request)
def contact(req: HelpRequest):
    if (not_now := _not_now(req, policy.CONTACT)) is not None:
        return not_now
    form = ContactForm()
    if not form.validate_on_submit():
        return _show(req, 400, contact_form=form)
    return _carry_out(req, lambda: triage.record_contact_attempt(
        db.session, current_user(), req, triage.ContactResult(form.result.data), form.text.data),
        _("The contact attempt was recorded."))


@bp.post("/requests/<int:request_id>/note")
@guarded(may_work, load=visible_request)
def note(req: HelpRequest):
    if (not_now := _not_now(req, policy.NOTE)) is not None:
        return not_now
    form = NoteForm()
    if not form.validate_on_submit():
        return _show(req, 400, note_form=form)
    return _carry_out(req, lambda: triage.add_note(db.session, current_user(), req, form.text.data),
                      _("The note was saved."))


@bp.post("/requests/<int:request_id>/message")
@guarded(may_work, load=visible_request)
def message(req: HelpRequest):
    if (not_now := _not_now(req, policy.MESSAGE)) is not None:
        return not_now
    if http_request.form.get(message_templates.PICK_BUTTON):
        # "Use this template": the form again with the template's text, nothing sent.
        template = message_templates.picked(db.session, req, http_request.form,
                                            request_page.template_language(req))
        form = MessageForm(formdata=None, body=template.body if template else None)
        if template is None:
            form.body.errors = [_("Choose one of the templates offered.")]
            return _show(req, 400, message_form=form)
        return _show(req, message_form=form)
    form = MessageForm()
    if not form.validate_on_submit():
        return _show(req, 400, message_form=form)
    try:
        conversation.staff_writes(db.session, current_user(), req, form.body.data)
    except conversation.ConversationClosed:
        return refused(_page(req), _said("closed"))
    except conversation.MessageInvalid:  # blank once trimmed
        form.body.errors = [_("Write the message.")]
        return _show(req, 400, message_form=form)
    said = {
        ("email", "sms"): _("The message was sent. The family was told by email and by text "
                            "message that it has a new message (without its content)."),
        ("email",): _("The message was sent. The family was told by email that it has a new "
                      "message (without its content)."),
        ("sms",): _("The message was sent. The family was told by text message that it has a "
                    "new message (without its content)."),
    }.get(family_notices.new_message_channels(req), _(
        "The message was sent. The family is not told of it: it sees the message when it "
        "opens its private link."))
    return done(_page(req), said)


@bp.post("/requests/<int:request_id>/status")
@guarded(may_work, load=visible_request)
def status(req: HelpRequest):
    if (not_now := _not_now(req, policy.STATUS)) is not None:
        return not_now
    form = StatusForm()
    if not form.validate_on_submit():
        return _show(req, 400, status_form=form)
    outcome = Outcome(form.outcome.data) if form.outcome.data else None
    return _carry_out(req, lambda: triage.change_status(
        db.session, current_user(), req, RequestStatus(form.status.data), outcome),
        _("The status was saved."))


@bp.post("/requests/<int:request_id>/forward")
@guarded(may_work, load=visible_request)
def forward(req: HelpRequest):
    if (not_now := _not_now(req, policy.FORWARD)) is not None:
        return not_now
    form = request_page.forward_form(db.session, req)
    if not form.validate_on_submit():
        return _show(req, 400, forward_form=form)
    target = db.session.get(Centre, form.centre.data)
    try:
        triage.forward(db.session, current_user(), req, target, form.reason.data)
    except triage.TriageError as error:
        return refused(_page(req), _reason(error))
    # The request is no longer ours (unless we work there too): back to the queue.
    back = _page(req) if may_view(current_principal(), req) else url_for("triage.index")
    return done(back, _("The request was forwarded to %(centre)s.", centre=target.name(_lang())))


def _lang() -> str:

    return current_language()
