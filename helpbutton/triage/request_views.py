"""A request's page and its actions. Every action is a POST with a CSRF token that redirects
back to the page with a message (POST-redirect-GET); a form with mistakes is shown again with
what was typed. An unknown id and another centre's request both answer 404."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from helpbutton.i18n import current_language
from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user, login_required
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.extensions import db
from helpbutton.models import Centre, HelpRequest, Outcome, RequestStatus, User
from helpbutton.triage import queries as queue, operations as triage
from helpbutton.triage import request_page
from helpbutton.triage.blueprint import bp
from helpbutton.triage.forms import ContactForm, NoteForm, StatusForm


def _visible_or_404(request_id: int) -> HelpRequest:
    req = queue.find_visible(db.session, current_principal(), request_id)
    if req is None:
        abort(404)
    return req


def _back(req: HelpRequest):
    return redirect(url_for("triage.request", request_id=req.id))


def _show(req: HelpRequest, status: int = 200, **forms):
    """Render the page; opening it (even to show a form's mistakes) is recorded as a view."""
    triage.record_view(db.session, current_user(), req)
    context = request_page.build(db.session, req, current_principal(), current_user(), **forms)
    db.session.commit()
    return render_template("triage/request.html", **context), status


def _refused(req: HelpRequest, error: triage.TriageError):
    db.session.rollback()
    messages = {
        "closed": _("The request is closed. Reopen it first."),
        "erased": _("The personal data of this request has been erased; it cannot be changed."),
        "not_claimed": _("Nobody holds this request."),
        "outcome_required": _("Choose the outcome to close the request."),
        "invalid_target": _("That choice is not possible for this request."),
    }
    flash(messages.get(error.code, _("The change could not be made.")), "error")
    return _back(req)


def _carry_out(req: HelpRequest, action, done: str):
    """Run one triage action: committed and `done` said, or rolled back and the reason said."""
    try:
        action()
    except triage.TriageError as error:
        return _refused(req, error)
    db.session.commit()
    flash(done, "success")
    return _back(req)


@bp.get("/requests/<int:request_id>")
@login_required
def request(request_id: int):
    return _show(_visible_or_404(request_id))


@bp.post("/requests/<int:request_id>/claim")
@login_required
def claim(request_id: int):
    req = _visible_or_404(request_id)
    if not policy.can_work_request(current_principal(), req.centre_id):
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        triage.claim(db.session, current_user(), req)
    except triage.AlreadyClaimed as lost:
        db.session.rollback()
        name = lost.winner.display_name if lost.winner else _("someone else")
        flash(_("%(name)s claimed this request first.", name=name), "error")
        return _back(req)
    except triage.TriageError as error:
        return _refused(req, error)
    db.session.commit()
    flash(_("You hold this request now."), "success")
    return _back(req)


@bp.post("/requests/<int:request_id>/release")
@login_required
def release(request_id: int):
    req = _visible_or_404(request_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if req.assignee_id is not None and \
            not policy.can_release_request(current_principal(), req.centre_id, req.assignee_id):
        abort(403)
    return _carry_out(req, lambda: triage.release(db.session, current_user(), req),
                      _("The request is back in the centre's queue."))


@bp.post("/requests/<int:request_id>/assign")
@login_required
def assign(request_id: int):
    req = _visible_or_404(request_id)
    if not policy.can_lead_centre(current_principal(), req.centre_id):
        abort(403)
    form = request_page.assign_form(db.session, req)
    if not form.validate_on_submit():
        return _show(req, 400, assign_form=form)
    assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
    return _carry_out(req, lambda: triage.assign(db.session, current_user(), req, assignee),
                      _("Assigned to %(name)s.", name=assignee.display_name) if assignee
                      else _("Nobody holds the request now."))


@bp.post("/requests/<int:request_id>/contact")
@login_required
def contact(request_id: int):
    req = _visible_or_404(request_id)
    form = ContactForm()
    if not form.validate_on_submit():
        return _show(req, 400, contact_form=form)
    return _carry_out(req, lambda: triage.record_contact_attempt(
        db.session, current_user(), req, triage.ContactResult(form.result.data), form.text.data),
        _("The contact attempt was recorded."))


@bp.post("/requests/<int:request_id>/note")
@login_required
def note(request_id: int):
    req = _visible_or_404(request_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _show(req, 400, note_form=form)
    return _carry_out(req, lambda: triage.add_note(db.session, current_user(), req, form.text.data),
                      _("The note was saved."))


@bp.post("/requests/<int:request_id>/status")
@login_required
def status(request_id: int):
    req = _visible_or_404(request_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _show(req, 400, status_form=form)
    outcome = Outcome(form.outcome.data) if form.outcome.data else None
    return _carry_out(req, lambda: triage.change_status(
        db.session, current_user(), req, RequestStatus(form.status.data), outcome),
        _("The status was saved."))


@bp.post("/requests/<int:request_id>/forward")
@login_required
def forward(request_id: int):
    req = _visible_or_404(request_id)
    form = request_page.forward_form(db.session, req)
    if not form.validate_on_submit():
        return _show(req, 400, forward_form=form)
    target = db.session.get(Centre, form.centre.data)
    try:
        triage.forward(db.session, current_user(), req, target, form.reason.data)
    except triage.TriageError as error:
        return _refused(req, error)
    db.session.commit()
    # The request is no longer ours (unless we work there too): back to the queue.
    flash(_("The request was forwarded to %(centre)s.", centre=target.name(_lang())), "success")
    if policy.can_view_request(current_principal(), req.centre_id):
        return _back(req)
    return redirect(url_for("triage.index"))


def _lang() -> str:

    return current_language()
