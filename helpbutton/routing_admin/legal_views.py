"""The county administrator's legal texts: the privacy notice's data-protection officer and the
accessibility statement's feedback contact and supervising authority, in fi, sv and en."""
from flask import render_template, request, url_for
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts.session import require
from helpbutton.extensions import db
from helpbutton.legal import operations, queries
from helpbutton.legal.forms import LegalTextsForm
from helpbutton.routing_admin import access
from helpbutton.routing_admin.blueprint import bp
from helpbutton.web.guarded import done, guarded


@bp.route("/region/legal", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(policy.is_region_admin)
def legal_texts():
    region = access.region()
    stored = queries.texts_of(db.session, region.id)
    form = LegalTextsForm(obj=stored) if request.method == "GET" else LegalTextsForm()
    if form.validate_on_submit():
        changed = operations.save_legal_texts(db.session, region,
                                              access.actor_for(region).user_id, form.values())
        return done(url_for("routing_admin.legal_texts"),
                    _("Changes saved.") if changed else _("Nothing was changed."))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "routing_admin/legal_texts.html", form=form, region=region,
        missing=queries.missing(db.session, region),
        default_authority=queries.ACCESSIBILITY_AUTHORITY,
        default_authority_url=queries.ACCESSIBILITY_AUTHORITY_URL), status
