"""/admin/counties/: the national operator's pages (see the package's docstring)."""
from flask import Blueprint, abort, current_app, render_template, url_for
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts import operations as accounts
from helpbutton.accounts.forms import AccountForm
from helpbutton.accounts.session import current_principal, current_user, require
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.mail import notifications
from helpbutton.mail.links import absolute_url
from helpbutton.models import Region
from helpbutton.operator import operations, queries
from helpbutton.operator.forms import CountyServiceForm
from helpbutton.web.guarded import done, guarded

bp = Blueprint("operator", __name__, url_prefix="/admin/counties")


def county(slug: str) -> Region:
    found = queries.county_by_slug(db.session, slug)
    if found is None:
        abort(404)
    return found


def may_operate(principal, _region: Region) -> bool:
    return policy.can_operate_counties(principal)


def may_invite(principal, region: Region) -> bool:
    status = queries.county_status(db.session, region)
    return policy.can_invite_county_administrator(principal, status.administrators_signed_in)


@bp.get("/")
@require(policy.can_operate_counties)
def index():
    return render_template(
        "operator/index.html", counties=queries.counties(db.session),
        invited=queries.invited_administrators(db.session, current_principal().user_id),
        lang=current_language())


def _page(region: Region, form=None, invite=None, status: int = 200):
    if form is None:
        form = CountyServiceForm(obj=region)
    if invite is None:
        invite = AccountForm(prefix="invite", formdata=None)
    county_status = queries.county_status(db.session, region)
    return render_template(
        "operator/county.html", region=region, form=form, invite=invite,
        status=county_status, lang=current_language(),
        may_invite=policy.can_invite_county_administrator(
            current_principal(), county_status.administrators_signed_in)), status


@bp.route("/<slug>", methods=["GET", "POST"])
@require(policy.can_operate_counties)
@guarded(may_operate, load=county)
def county_page(region: Region):
    form = CountyServiceForm(obj=region)
    if not form.is_submitted():
        return _page(region, form)
    if form.validate() and form.in_service.data and not operations.may_serve(region):
        form.in_service.errors = [_("Åland has no wellbeing services county: its families are "
                                    "always shown where to turn.")]
    if form.errors:
        return _page(region, form, status=400)
    operations.set_service(db.session, current_user(), region, in_service=form.in_service.data,
                           where_to_turn={n: getattr(form, n).data
                                          for n in operations.WHERE_TO_TURN})
    message = (_("%(county)s now uses the service.", county=region.name(current_language()))
               if region.in_service else
               _("%(county)s does not use the service: its families are shown where to turn.",
                 county=region.name(current_language())))
    return done(url_for("operator.county_page", slug=region.slug), message,
                after=lambda: current_app.logger.info(
                    "county %s service set to %s by user %s", region.code, region.in_service,
                    current_principal().user_id))


@bp.post("/<slug>/administrator")
@require(policy.can_operate_counties)
@guarded(may_invite, load=county)
def invite(region: Region):
    form = AccountForm(prefix="invite")
    if not form.validate_on_submit():
        return _page(region, invite=form, status=400)
    if accounts.email_taken(db.session, form.email.data):
        form.email.errors.append(_("An account with this email address already exists."))
        return _page(region, invite=form, status=400)
    user, raw = operations.invite_administrator(
        db.session, current_user(), region, email=form.email.data,
        display_name=form.display_name.data, language=form.language.data)
    notifications.new_account(db.session, user, absolute_url("accounts.reset_password",
                                                             token=raw))
    return done(url_for("operator.county_page", slug=region.slug),
                _("The administrator was invited. A link for setting the password was sent "
                  "by email."),
                after=lambda: current_app.logger.info(
                    "county %s administrator %s invited by user %s", region.code, user.id,
                    current_principal().user_id))
