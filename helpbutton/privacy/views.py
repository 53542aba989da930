"""Region administrators' privacy pages under /admin/: find a request by its reference, export
everything stored about it, erase its personal data, and read the audit trail.

Every export and erasure is on the request's timeline; every use of the audit view is recorded
(AdminAction) and logged, the log naming only the user and which filters were used.
"""
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user, require
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.models import AdminAction, HelpRequest
from helpbutton.models.admin_action import AUDIT_VIEWED
from helpbutton.privacy import audit, retention, subject_export
from helpbutton.privacy.forms import KIND_LABELS, AuditFilterForm, EraseForm
from helpbutton.triage import labels, timeline
from helpbutton.web.guarded import done, guarded

bp = Blueprint("privacy", __name__, url_prefix="/admin")


def _region_id() -> int:
    """The administrator's region (the first, should they administer several)."""
    return policy.administered_region_ids(current_principal())[0]


def find_request(reference: str) -> HelpRequest:
    found = db.session.scalar(sa.select(HelpRequest).where(
        HelpRequest.reference == audit.normalise_reference(reference)))
    if found is None:
        abort(404)
    return found


def may_manage(principal, found: HelpRequest) -> bool:
    return policy.can_manage_personal_data(principal, found.region_id)


def _log(what: str, found: HelpRequest) -> None:
    # The request's id, not its reference nor anything about the family.
    current_app.logger.info("privacy: %s of request %s by user %s", what, found.id,
                            current_principal().user_id)


@bp.get("/privacy/")
@require(policy.is_region_admin)
def find():
    reference = audit.normalise_reference(request.args.get("reference"))
    found = None
    if reference:
        found = db.session.scalar(sa.select(HelpRequest).where(
            HelpRequest.reference == reference, HelpRequest.region_id == _region_id()))
    return render_template("privacy/find.html", reference=request.args.get("reference", ""),
                           searched=bool(reference), found=found,
                           lang=current_language()), (404 if reference and not found else 200)


@bp.route("/requests/<reference>/export", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(may_manage, load=find_request)
def export(found: HelpRequest):
    form = EmptyForm()
    if form.validate_on_submit():
        data = subject_export.export_request(db.session, current_user(), found,
                                             current_language())
        _log("export", found)
        # Committed with the file: the export is on the request's timeline.
        return Response(subject_export.to_json(data), mimetype="application/json",
                        headers={"Content-Disposition":
                                 f'attachment; filename="{subject_export.filename(found)}"'})
    return render_template("privacy/export.html", found=found, form=form,
                           lang=current_language())


@bp.route("/requests/<reference>/erase", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(may_manage, load=find_request)
def erase(found: HelpRequest):
    form = EraseForm()
    if found.erased_at is None and form.validate_on_submit():
        retention.erase_on_request(db.session, current_user(), found, form.reason.data)
        return done(url_for("privacy.find", reference=found.reference),
                    _("The personal data of request %(reference)s was erased.",
                      reference=found.reference), after=lambda: _log("erasure", found))
    status = 400 if form.errors else 200
    return render_template("privacy/erase.html", found=found, form=form,
                           lang=current_language()), status


@bp.get("/audit")
@require(policy.can_view_audit_trail)
@guarded(policy.can_view_audit_trail)
def audit_trail():
    region_id = _region_id()
    form = AuditFilterForm(request.args)
    form.user.choices = [SelectChoice("", _("Anyone"))] + [
        SelectChoice(str(user_id), name) for user_id, name in audit.people(db.session, region_id)]
    form.kind.choices = [SelectChoice("", _("Anything"))] + [
        SelectChoice(k, str(v)) for k, v in KIND_LABELS.items()]
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    rows, more, entries, searches = [], False, [], []
    valid = form.validate()
    if valid:
        f = audit.AuditFilter(
            region_id, int(form.user.data) if form.user.data else None,
            audit.normalise_reference(form.reference.data), form.kind.data or None,
            form.date_from.date, form.date_to.date)
        rows, more = audit.events(db.session, f, page)
        entries = _describe(rows)
        searches = audit.family_searches(db.session, f) if page == 1 else []
        used = {name: value for name, value in (
            ("user", f.user_id), ("reference", f.reference), ("kind", f.kind),
            ("from", f.date_from and f.date_from.isoformat()),
            ("to", f.date_to and f.date_to.isoformat())) if value}
        # Looking at the trail is itself on record (committed with the page).
        db.session.add(AdminAction(actor_id=current_user().id, region_id=region_id,
                                   action=AUDIT_VIEWED, data={"filters": used, "page": page}))
        current_app.logger.info("audit trail viewed by user %s (filters: %s, page %s)",
                                current_user().id, ", ".join(sorted(used)) or "none", page)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("privacy/audit.html", form=form, entries=entries, page=page,
                           more=more, args=args, searches=searches,
                           search_by=labels.SEARCH_BY,
                           kind_label=timeline.kind_label), (200 if valid else 400)


def _describe(rows) -> list[dict]:
    """Each event as a sentence (the staff timeline's wording), without any free text."""
    events: list[Any] = [_EventView(r) for r in rows]  # shaped like RequestEvent
    user_ids, centre_ids = timeline.referenced_ids(events)
    users, centres = audit.names(db.session, user_ids, centre_ids)
    lang = current_language()

    def user_name(user_id):
        return users.get(user_id, _("someone"))

    def centre_name(centre_id):
        centre = centres.get(centre_id)
        return centre.name(lang) if centre else _("another centre")

    return [{"at": e.created_at, "actor": e.actor_name, "reference": e.reference,
             "kind": e.kind.value, "data": e.data,
             "sentence": timeline.describe(e, user_name, centre_name)}
            for e in events]


class _EventView:
    """A row shaped like a RequestEvent, for the timeline's wording."""

    def __init__(self, row):
        self.created_at, self.kind, self.data = row.created_at, row.kind, row.data
        self.actor_name, self.reference = row.actor_name, row.reference
