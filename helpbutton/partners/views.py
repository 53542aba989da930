"""Partner buttons under /admin/partners/: the region administrator's pages.

List, create, edit, deactivate, API keys, and the copy-paste button code. Who may: the policy
(`is_region_admin`), for the list as a whole and for each partner's region.
"""
import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from helpbutton import i18n, policy, public_languages, security
from helpbutton.accounts.session import current_principal, require
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.models import Channel, Municipality, Partner, Region
from helpbutton.partners import networks as partner_networks
from helpbutton.partners import operations as partners
from helpbutton.partners.forms import (
    CHANNEL_LABELS,
    NewPartnerForm,
    PartnerForm,
    PartnerNetworksForm,
)
from helpbutton.web import confirm
from helpbutton.web.guarded import discard, done, guarded

bp = Blueprint("partners", __name__, url_prefix="/admin/partners")


def _region() -> Region:
    """The administrator's region (the first, should they administer several)."""
    return db.session.get(Region, policy.administered_region_ids(current_principal())[0])


def find_partner(partner_id: int) -> Partner:
    return db.get_or_404(Partner, partner_id)


def may_manage(principal, partner: Partner) -> bool:
    return policy.can_manage_partners(principal, partner.region_id)


def _partner(partner_id: int) -> Partner:
    """For the pages that only read."""
    partner = find_partner(partner_id)
    if not may_manage(current_principal(), partner):
        abort(403)
    return partner


def _municipalities(region_id: int) -> list[Municipality]:
    return list(db.session.scalars(
        sa.select(Municipality).where(Municipality.region_id == region_id)
        .order_by(Municipality.name_fi)))


def _details(form: PartnerForm) -> partners.PartnerDetails:
    return partners.PartnerDetails(name=form.name.data or "", channel=Channel(form.channel.data),
                                   municipality_code=form.municipality_code.data or None)


def _log(partner: Partner, what: str) -> None:
    current_app.logger.info("partner %s: %s by user %s", partner.id, what,
                            current_principal().user_id)


@bp.get("/")
@require(policy.is_region_admin)
def index():
    region = _region()
    return render_template("partners/index.html",
                           partners=partners.region_partners(db.session, region),
                           channel_labels=CHANNEL_LABELS, lang=current_language())


@bp.route("/new", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(policy.can_manage_partners)
def create():
    region = _region()
    form = NewPartnerForm()
    form.set_municipalities(_municipalities(region.id), current_language())
    if form.validate_on_submit():
        partner, key = partners.create_partner(db.session, region, _details(form),
                                               with_api_key=form.api_access.data)
        added = _("Partner added. Copy the button code below to their page.")
        if key:
            # The key is on this one page: committed with it, the message shown on it.
            flash(added, "success")
            _log(partner, "created")
            return _show_key(partner, key)
        return done(url_for("partners.button", partner_id=partner.id), added,
                    after=lambda: _log(partner, "created"))
    return render_template("partners/form.html", form=form, partner=None), \
        400 if form.errors else 200


@bp.route("/<int:partner_id>", methods=["GET", "POST"])
@require(policy.is_region_admin)
@guarded(may_manage, load=find_partner)
def edit(partner: Partner):
    form = PartnerForm(obj=partner, channel=partner.channel.value,
                       municipality_code=partner.municipality_code or "")
    form.set_municipalities(_municipalities(partner.region_id), current_language())
    if form.validate_on_submit():
        partners.update_partner(db.session, partner, _details(form))
        return done(url_for("partners.edit", partner_id=partner.id), _("Changes saved."),
                    after=lambda: _log(partner, "changed"))
    return render_template("partners/form.html", form=form, partner=partner,
                           button_form=EmptyForm(),
                           networks_form=_networks_form(partner)), 400 if form.errors else 200


def _networks_form(partner: Partner, formdata=None) -> PartnerNetworksForm:
    if formdata is not None:
        return PartnerNetworksForm()
    return PartnerNetworksForm(formdata=None, networks=partner.networks or "",
                               form_limit_per_hour=partner.form_limit_per_hour)


@bp.post("/<int:partner_id>/networks")
@guarded(may_manage, load=find_partner)
def networks(partner: Partner):
    """A shared connection (a library's public computers) may send more requests an hour."""
    form = _networks_form(partner, formdata=True)
    if form.validate_on_submit():
        if (form.networks.data or "").strip() and not form.form_limit_per_hour.data:
            form.form_limit_per_hour.errors.append(
                _("Give the number of requests an hour for these networks."))
        else:
            try:
                partner_networks.set_networks(db.session, partner, form.networks.data,
                                              form.form_limit_per_hour.data)
            except partner_networks.NetworksInvalid as invalid:
                form.networks.errors.append(_(
                    "This is not a network address of one place (like 192.0.2.0/24): "
                    "%(value)s", value=str(invalid)[:60]))
            else:
                return _saved(partner, "networks changed", _("Changes saved."))
    details = PartnerForm(formdata=None, obj=partner, channel=partner.channel.value,
                          municipality_code=partner.municipality_code or "")
    details.set_municipalities(_municipalities(partner.region_id), current_language())
    return discard((render_template("partners/form.html", form=details, partner=partner,
                                    button_form=EmptyForm(), networks_form=form), 400))


def _empty_form_or_400() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _ask(partner: Partner, parts: tuple, title: str, consequences: list[str], button: str):
    return confirm.ask(title=title, consequences=consequences, button=button,
                       cancel=url_for("partners.edit", partner_id=partner.id), parts=parts)


def _saved(partner: Partner, what: str, message: str):
    return done(url_for("partners.edit", partner_id=partner.id), message,
                after=lambda: _log(partner, what))


@bp.post("/<int:partner_id>/deactivate")
@require(policy.is_region_admin)
@guarded(may_manage, load=find_partner)
def deactivate(partner: Partner):
    _empty_form_or_400()
    parts = ("partners.deactivate", partner.id, partner.active)
    if not confirm.confirmed(*parts):
        return _ask(partner, parts, _("Deactivate the partner %(name)s?", name=partner.name), [
            _("Its button still opens the form, but requests are no longer recorded as "
              "coming from it, and its API key no longer works.")],
            _("Deactivate the partner"))
    partners.set_active(db.session, partner, False)
    return _saved(partner, "deactivated", _(
        "The partner is deactivated. Its button still opens the form, but requests are "
        "no longer recorded as coming from it, and its API key no longer works."))


@bp.post("/<int:partner_id>/activate")
@require(policy.is_region_admin)
@guarded(may_manage, load=find_partner)
def activate(partner: Partner):
    _empty_form_or_400()
    partners.set_active(db.session, partner, True)
    return _saved(partner, "activated", _("The partner is active again."))


@bp.post("/<int:partner_id>/api-key")
@require(policy.is_region_admin)
@guarded(may_manage, load=find_partner)
def rotate_key(partner: Partner):
    _empty_form_or_400()
    parts = ("partners.rotate_key", partner.id, partner.api_key_hash)
    if partner.api_key_hash and not confirm.confirmed(*parts):
        # Only replacing a key destroys something; the first key is made at once.
        return _ask(partner, parts, _("Replace the API key of %(name)s?", name=partner.name), [
            _("A new key is shown once. The present key stops working at once: the partner's "
              "system is refused until it uses the new one.")],
            _("Replace the API key"))
    key = partners.rotate_api_key(db.session, partner)
    _log(partner, "new API key")
    return _show_key(partner, key)  # committed with the page that shows the key


@bp.post("/<int:partner_id>/api-key/revoke")
@require(policy.is_region_admin)
@guarded(may_manage, load=find_partner)
def revoke_key(partner: Partner):
    _empty_form_or_400()
    parts = ("partners.revoke_key", partner.id, partner.api_key_hash)
    if not confirm.confirmed(*parts):
        return _ask(partner, parts, _("Remove the API key of %(name)s?", name=partner.name), [
            _("Requests sent with the key are refused at once. A new key can be made later.")],
            _("Remove the API key"))
    partners.revoke_api_key(db.session, partner)
    return _saved(partner, "API key removed",
                  _("The API key was removed. Requests sent with it are refused."))


def _show_key(partner: Partner, key: str):
    # Shown in this one response only (never in a redirect, a flash or the session, which
    # lives in the browser's cookie); staff pages are sent with Cache-Control: no-store.
    return render_template("partners/key.html", partner=partner, key=key)


@bp.get("/<int:partner_id>/button")
@require(policy.is_region_admin)
def button(partner_id: int):
    partner = _partner(partner_id)
    # The preview is the snippet itself, inline style and all: let this page show exactly it.
    security.allow_style_attributes(partners.BUTTON_STYLE)
    # The address this page was served from (a host in TRUSTED_HOSTS), not PUBLIC_BASE_URL,
    # which may name another port or host: the snippet works where the administrator is.
    base_url = request.host_url
    snippets = [
        (shown, partners.button_snippet(base_url, partner, shown.code),
         partners.button_url(base_url, partner, shown.code))
        for shown in public_languages.PUBLIC_LANGUAGES if shown.code in i18n.languages()
    ]
    return render_template("partners/button.html", partner=partner, snippets=snippets)
