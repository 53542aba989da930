"""A municipality's settings, its centres and the history of its configuration."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from helpbutton import policy
from helpbutton.routing_admin import access
from helpbutton.routing_admin.blueprint import bp
from helpbutton.routing_admin.common import Lookups, asks_reason, override_reason, show_problems
from helpbutton.routing_admin.forms import CentreForm, MunicipalityForm
from helpbutton.accounts.session import require
from helpbutton.extensions import db
from helpbutton.models import Municipality, Region
from helpbutton.routing_admin import history, operations, store


def _region_of(m: Municipality) -> Region:
    return db.session.get(Region, m.region_id)


@bp.get("/m/<code>/")
@require(policy.is_admin)
def municipality(code: str):
    m = access.municipality(code)
    region = _region_of(m)
    lookups = Lookups(region)
    return render_template("routing_admin/municipality_index.html", municipality=m, lookups=lookups,
                           rule_count=len(store.municipality_rules(db.session, region, code)))


@bp.route("/m/<code>/settings", methods=["GET", "POST"])
@require(policy.is_admin)
def municipality_settings(code: str):
    m = access.municipality(code)
    region = _region_of(m)
    lookups = Lookups(region)
    region_admin = access.is_region_admin_of(region.id)
    form = MunicipalityForm(obj=m) if request.method == "GET" else MunicipalityForm()
    if request.method == "GET":
        form.default_centre.data = str(m.default_centre_id or "")
    serving = [c for c in lookups.centres.values()
               if c.serves(code) or c.id == region.fallback_centre_id]
    form.default_centre.choices = [SelectChoice("", _("None: the region's fallback centre"))] + [
        SelectChoice(str(c.id), c.name(lookups.lang)) for c in serving]
    status, problems = 200, []
    if form.validate_on_submit():
        chosen = form.default_centre.data
        try:
            changes = operations.save_municipality(
                db.session, access.actor_for(region), m,
                default_centre_id=int(chosen) if chosen and chosen.isdigit() else None,
                social_emergency_phone=(form.social_emergency_phone.data or "").strip() or None,
                active=bool(form.active.data) if region_admin else None,
                override_reason=override_reason())
        except operations.Invalid as invalid:
            db.session.rollback()
            problems = invalid.problems
            show_problems(form, problems, {"default_centre_id": "default_centre"})
            status = 400
        else:
            db.session.commit()
            flash(_("Changes saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("routing_admin.municipality_settings", code=code))
    elif request.method == "POST":
        status = 400
    return render_template("routing_admin/municipality_settings.html", municipality=m, form=form,
                           region_admin=region_admin,
                           ask_reason=asks_reason(region_admin, problems)), status


@bp.get("/m/<code>/centres")
@require(policy.is_admin)
def centres(code: str):
    m = access.municipality(code)
    lookups = Lookups(_region_of(m))
    hosted = [c for c in lookups.centres.values() if c.host_municipality_code == code]
    others = [c for c in lookups.centres.values()
              if c.host_municipality_code != code and c.serves(code)]
    key = lambda c: c.name(lookups.lang)  # noqa: E731
    return render_template("routing_admin/municipality_centres.html", municipality=m, lookups=lookups,
                           hosted=sorted(hosted, key=key), others=sorted(others, key=key))


def _centre_page(m: Municipality, centre=None):
    region = _region_of(m)
    lookups = Lookups(region)
    form = CentreForm(obj=centre) if request.method == "GET" else CentreForm()
    form.serves.choices = [SelectChoice(x.code, x.name(lookups.lang)) for x in sorted(
        lookups.municipalities.values(), key=lambda x: x.name_fi)]
    if request.method == "GET":
        if centre is not None:
            form.serves.data = [x.code for x in centre.municipalities]
            form.languages.data = list(centre.languages or [])
        else:
            form.serves.data, form.languages.data = [m.code], list(m.languages)
    status, problems = 200, []
    if form.validate_on_submit():
        try:
            saved = operations.save_centre(db.session, access.actor_for(region), m.code,
                                           form.draft(), centre,
                                           override_reason=override_reason())
        except operations.Invalid as invalid:
            db.session.rollback()
            problems = invalid.problems
            show_problems(form, problems)
            status = 400
        else:
            db.session.commit()
            flash(_("The centre was saved."), "success")
            return redirect(url_for("routing_admin.centre_edit", code=m.code, centre_id=saved.id))
    elif request.method == "POST":
        status = 400
    shared = centre is not None and policy.is_shared_centre(
        centre.host_municipality_code, [x.code for x in centre.municipalities],
        centre.id == region.fallback_centre_id)
    unstaffed = centre is not None and centre.id not in store.staffed_centre_ids(db.session,
                                                                                   region)
    return render_template("routing_admin/municipality_centre_form.html", municipality=m, form=form,
                           centre=centre, shared=shared, unstaffed=unstaffed,
                           region_admin=access.is_region_admin_of(region.id),
                           ask_reason=asks_reason(access.is_region_admin_of(region.id),
                                                  problems)), status


@bp.route("/m/<code>/centres/new", methods=["GET", "POST"])
@require(policy.is_admin)
def centre_new(code: str):
    return _centre_page(access.municipality(code))


@bp.route("/m/<code>/centres/<int:centre_id>", methods=["GET", "POST"])
@require(policy.is_admin)
def centre_edit(code: str, centre_id: int):
    m = access.municipality(code)
    return _centre_page(m, access.hosted_centre(m, centre_id))


@bp.get("/m/<code>/history")
@require(policy.is_admin)
def history_page(code: str):
    m = access.municipality(code)
    region = _region_of(m)
    return render_template("routing_admin/routing_history.html", municipality=m,
                           changes=history.changes_for(db.session, region.id, code),
                           lookups=Lookups(region))

