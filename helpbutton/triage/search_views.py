"""Find a family: a posted form (the terms stay out of URLs, and so out of every log and the
browser's history), searched in the worker's own centres, every search on record."""
from flask import current_app, render_template
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts.session import current_principal, current_user
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.triage import find_family, labels
from helpbutton.triage import operations as triage
from helpbutton.triage.blueprint import bp
from helpbutton.triage.search_forms import FindFamilyForm
from helpbutton.web.guarded import discard, guarded


def _problem(problem: str) -> str:
    return {
        "email": _("Check the email address, for example name@example.fi."),
        "phone": _("Check the phone number, for example 040 123 4567 or "
                   "+46 70 123 4567."),
    }.get(problem, _("Type a reference, a phone number or an email address."))


def _region_of(principal: policy.Principal) -> int:
    """Where the search is on record: the region of the person's centres (the lowest id,
    should they work in several regions)."""
    return min(g.region_id for g in principal.grants
               if g.centre_id in policy.visible_centre_ids(principal))


def _page(form: FindFamilyForm, status: int = 200, **context):
    return render_template("triage/find.html", form=form, labels=labels,
                           lang=current_language(), **context), status


@bp.route("/find", methods=["GET", "POST"])
@guarded(policy.can_find_families)
def find():
    form = FindFamilyForm()
    if not form.is_submitted():
        return _page(form)
    if not form.validate():
        return discard(_page(form, 400))
    term = find_family.read_term(form.term.data)
    if isinstance(term, find_family.NotATerm):
        form.term.errors = [*form.term.errors, _problem(term.problem)]
        return discard(_page(form, 400))
    principal = current_principal()
    found = find_family.search(db.session, principal, term)
    more = len(found) > find_family.RESULTS_MAX
    found = found[:find_family.RESULTS_MAX]
    triage.record_family_search(db.session, current_user(), _region_of(principal), term.by,
                                len(found))
    # How and how many, never what: the log names neither the terms nor a reference.
    current_app.logger.info("family search by user %s: by %s, %d found",
                            principal.user_id, term.by, len(found))
    # Committed with the page: the search is on record once the results are shown.
    return _page(form, searched=True, found=found, more=more, by=term.by)
