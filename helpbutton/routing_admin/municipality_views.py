"""A municipality's settings, its centres and the history of its configuration."""
from flask import render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from helpbutton import policy
from helpbutton.accounts.session import require
from helpbutton.extensions import db
from helpbutton.models import Municipality, Region
from helpbutton.routing_admin import access, history, operations, store
from helpbutton.routing_admin.blueprint import bp
from helpbutton.routing_admin.common import Lookups, asks_reason, override_reason, show_problems
from helpbutton.routing_admin.forms import CentreForm, MunicipalityForm
from helpbutton.routing_admin.validation import Problem
from helpbutton.web import confirm
from helpbutton.web.guarded import discard, done, guarded


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
@guarded(access.may_admin_municipality, load=access.find_municipality)
def municipality_settings(m: Municipality):
    code = m.code
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
    status = 200
    problems: list[Problem] = []
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
            refusal = invalid.problems
            show_problems(form, refusal, {"default_centre_id": "default_centre"})
            return discard(lambda: _settings_page(m, form, region_admin, 400, refusal))
        return done(url_for("routing_admin.municipality_settings", code=code),
                    _("Changes saved.") if changes else _("Nothing was changed."))
    elif request.method == "POST":
        status = 400
    return _settings_page(m, form, region_admin, status, problems)


def _settings_page(m: Municipality, form, region_admin: bool, status: int, problems=()):
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
    return render_template("routing_admin/municipality_centres.html", municipality=m,
                           lookups=lookups,
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
    status = 200
    problems: list[Problem] = []
    if form.validate_on_submit():
        parts = ("routing_admin.centre_deactivate", centre.id if centre else None)
        if centre is not None and centre.active and not form.active.data \
                and not confirm.confirmed(*parts):
            name = centre.name(lookups.lang)
            return confirm.ask(
                title=_("Take %(centre)s out of use?", centre=name), consequences=[
                    _("No new request goes to %(centre)s: rules that send requests there are "
                      "skipped, and the requests go to the default or the region's fallback "
                      "centre instead (the coverage report shows where).", centre=name),
                    _("Requests already there stay, and its staff still see them.")],
                button=_("Take the centre out of use"),
                cancel=url_for("routing_admin.centre_edit", code=m.code, centre_id=centre.id),
                parts=parts)
        try:
            saved = operations.save_centre(db.session, access.actor_for(region), m.code,
                                           form.draft(), centre,
                                           override_reason=override_reason())
        except operations.Invalid as invalid:
            refusal = invalid.problems
            show_problems(form, refusal)
            return discard(lambda: _centre_form_page(m, form, centre, 400, refusal))
        return done(url_for("routing_admin.centre_edit", code=m.code, centre_id=saved.id),
                    _("The centre was saved."))
    elif request.method == "POST":
        status = 400
    return _centre_form_page(m, form, centre, status, problems)


def _centre_form_page(m: Municipality, form, centre, status: int, problems=()):
    region = _region_of(m)
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
@guarded(access.may_admin_municipality, load=access.find_municipality)
def centre_new(m: Municipality):
    return _centre_page(m)


@bp.route("/m/<code>/centres/<int:centre_id>", methods=["GET", "POST"])
@require(policy.is_admin)
@guarded(access.may_admin_hosted_centre, load=access.find_hosted_centre)
def centre_edit(found: access.HostedCentre):
    return _centre_page(found.municipality, found.centre)


@bp.get("/m/<code>/history")
@require(policy.is_admin)
def history_page(code: str):
    m = access.municipality(code)
    region = _region_of(m)
    return render_template("routing_admin/routing_history.html", municipality=m,
                           changes=history.changes_for(db.session, region.id, code),
                           lookups=Lookups(region))

