"""Message templates under /admin/message-templates/: the administrators' pages.

Every administrator opens the list and sees the templates of their scope
(`policy.message_template_owners`). A template is kept (`policy.can_keep_message_templates`)
by its region's administrator and, when it is a municipality's, by that municipality's; a
municipality's administrator reads the region-wide ones. Another municipality's or region's
template is not found (404), as if it did not exist.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from helpbutton import policy
from helpbutton.accounts.session import current_principal, require
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.message_templates import operations, queries
from helpbutton.message_templates.blueprint import bp
from helpbutton.message_templates.forms import REASONS, NewTemplateForm, TemplateForm
from helpbutton.message_templates.operations import Owner, TemplateDraft, TemplateInvalid
from helpbutton.models import MessageTemplate, Municipality, Region
from helpbutton.models.message_template import TEMPLATE_LANGUAGES
from helpbutton.web import confirm
from helpbutton.web.guarded import discard, done, guarded


@dataclass(frozen=True)
class OwnerChoice:
    key: str  # "r<region id>" or a municipality's code
    owner: Owner
    label: str


def _owner_key(owner: Owner) -> str:
    return owner.municipality_code or f"r{owner.region_id}"


def _owner_label(owner: Owner, lang: str) -> str:
    if owner.municipality_code is None:
        region = db.session.get(Region, owner.region_id)
        return _("Region-wide: %(region)s", region=region.name(lang))
    municipality = db.session.get(Municipality, owner.municipality_code)
    return municipality.name(lang)


def _owner_choices(principal) -> list[OwnerChoice]:
    """The owners this administrator keeps templates for: their regions (region-wide, then
    every municipality of the region), then the municipalities they administer."""
    lang = current_language()
    regions, codes, _read = policy.message_template_owners(principal)
    choices: list[OwnerChoice] = []
    for region_id in regions:
        choices.append(OwnerChoice(f"r{region_id}", Owner(region_id),
                                   _owner_label(Owner(region_id), lang)))
    municipalities = db.session.scalars(sa.select(Municipality).where(sa.or_(
        Municipality.region_id.in_(regions), Municipality.code.in_(codes)))
        .order_by(Municipality.name_fi))
    for m in municipalities:
        choices.append(OwnerChoice(m.code, Owner(m.region_id, m.code), m.name(lang)))
    return choices


def asked_owner() -> Owner | None:
    """Whose template a new one is: the form's (or the link's) `owner`, else the first this
    administrator keeps. Unknown: 404. Whether they may: the policy, in `may_keep_owner`."""
    key = request.values.get("owner", "").strip()
    if not key:
        choices = _owner_choices(current_principal())
        return choices[0].owner if choices else None
    if key.startswith("r") and key[1:].isascii() and key[1:].isdigit() and len(key) < 10:
        if db.session.get(Region, int(key[1:])) is None:
            abort(404)
        return Owner(int(key[1:]))
    # A municipality's number has three digits (and nothing a database cannot compare).
    municipality = db.session.get(Municipality, key) \
        if len(key) == 3 and key.isascii() and key.isdigit() else None
    if municipality is None:
        abort(404)
    return Owner(municipality.region_id, municipality.code)


def may_keep_owner(principal, owner: Owner | None) -> bool:
    return owner is not None and policy.can_keep_message_templates(
        principal, owner.region_id, owner.municipality_code)


def find_template(template_id: int) -> MessageTemplate:
    """The template, if this person may at least read it; otherwise not found (404), so that
    another municipality's or region's templates do not even show they exist."""
    template = db.get_or_404(MessageTemplate, template_id)
    if not policy.can_read_message_template(current_principal(), template.region_id,
                                            template.municipality_code):
        abort(404)
    return template


def may_keep(principal, template: MessageTemplate) -> bool:
    return policy.can_keep_message_templates(principal, template.region_id,
                                             template.municipality_code)


def _draft(form: TemplateForm) -> TemplateDraft:
    return TemplateDraft(
        names={lang: getattr(form, f"name_{lang}").data or "" for lang in TEMPLATE_LANGUAGES},
        bodies={lang: getattr(form, f"body_{lang}").data or "" for lang in TEMPLATE_LANGUAGES},
        active=bool(form.active.data))


def _show_reasons(form: TemplateForm, invalid: TemplateInvalid) -> None:
    """The operation's reasons on their fields (a field the form already faulted keeps its
    own message)."""
    for name, reason in invalid.errors.items():
        target = getattr(form, name, None) or getattr(form, "owner", None)
        if target is not None and not target.errors:
            target.errors = [*target.errors, str(REASONS.get(reason, REASONS["invalid"]))]


def _checked(form: TemplateForm, owner: Owner) -> bool:
    """Sent, and right by both the form and the operation's rules; every mistake is shown
    at once (a text too long and a missing Swedish name alike)."""
    valid = form.validate_on_submit()
    if request.method != "POST":
        return False
    try:
        operations.check(db.session, owner, _draft(form))
    except TemplateInvalid as invalid:
        _show_reasons(form, invalid)
        return False
    return valid


def _log(template_id: int, what: str) -> None:
    current_app.logger.info("message template %s: %s by user %s", template_id, what,
                            current_principal().user_id)


def _required_words(owner: Owner) -> list[str]:
    return list(queries.required_languages(db.session, owner.region_id,
                                           owner.municipality_code))


# --- the list -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    label: str
    keepable: bool
    templates: list[MessageTemplate]


@bp.get("/")
@require(policy.can_open_message_templates)
def index():
    principal = current_principal()
    lang = current_language()
    found = queries.listed(db.session, *policy.message_template_owners(principal))
    groups: list[Group] = []
    for template in found:
        owner = Owner(template.region_id, template.municipality_code)
        label = _owner_label(owner, lang)
        if groups and groups[-1].label == label:
            groups[-1].templates.append(template)
        else:
            groups.append(Group(label, may_keep(principal, template), [template]))
    return render_template("message_templates/index.html", groups=groups,
                           owners=_owner_choices(principal), lang=lang)


# --- adding and changing --------------------------------------------------------------------

def _new_form(principal) -> NewTemplateForm:
    form = NewTemplateForm()
    form.owner.choices = [SelectChoice(c.key, c.label) for c in _owner_choices(principal)]
    return form


@bp.route("/new", methods=["GET", "POST"])
@require(policy.can_open_message_templates)
@guarded(may_keep_owner, load=asked_owner)
def create(owner: Owner):
    form = _new_form(current_principal())
    if request.method == "GET":
        form.owner.data = _owner_key(owner)
    if _checked(form, owner):
        try:
            template = operations.create_template(db.session, owner, _draft(form))
        except TemplateInvalid as invalid:
            _show_reasons(form, invalid)
        else:
            return done(url_for("message_templates.index"), _("Template added."),
                        after=lambda: _log(template.id, "created"))
    page = render_template("message_templates/form.html", form=form, template=None,
                           owner_label=None, required=_required_words(owner))
    return discard((page, 400 if form.errors else 200))


def _edit_page(template: MessageTemplate, form: TemplateForm | None, status: int = 200):
    owner = Owner(template.region_id, template.municipality_code)
    keepable = may_keep(current_principal(), template)
    return render_template(
        "message_templates/form.html", form=form if keepable else None, template=template,
        owner_label=_owner_label(owner, current_language()), required=_required_words(owner),
        button_form=EmptyForm(), languages=TEMPLATE_LANGUAGES), status


@bp.get("/<int:template_id>")
@require(policy.can_open_message_templates)
def show(template_id: int):
    """The template's form, or its texts to read (a region-wide one to a municipality's
    administrator)."""
    template = find_template(template_id)
    return _edit_page(template, TemplateForm(formdata=None, obj=template))


@bp.post("/<int:template_id>")
@require(policy.can_open_message_templates)
@guarded(may_keep, load=find_template)
def save(template: MessageTemplate):
    form = TemplateForm()
    if _checked(form, Owner(template.region_id, template.municipality_code)):
        try:
            operations.update_template(db.session, template, _draft(form))
        except TemplateInvalid as invalid:
            _show_reasons(form, invalid)
        else:
            return done(url_for("message_templates.show", template_id=template.id),
                        _("Changes saved."), after=lambda: _log(template.id, "changed"))
    return discard(_edit_page(template, form, 400))


def _empty_form_or_400() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _set_active(template: MessageTemplate, active: bool, said: str):
    _empty_form_or_400()
    operations.set_active(db.session, template, active)
    return done(url_for("message_templates.show", template_id=template.id), said,
                after=lambda: _log(template.id, "activated" if active else "deactivated"))


@bp.post("/<int:template_id>/deactivate")
@require(policy.can_open_message_templates)
@guarded(may_keep, load=find_template)
def deactivate(template: MessageTemplate):
    """No longer offered; kept, and offered again with one click (no confirmation needed)."""
    return _set_active(template, False, _("The template is no longer offered to staff."))


@bp.post("/<int:template_id>/activate")
@require(policy.can_open_message_templates)
@guarded(may_keep, load=find_template)
def activate(template: MessageTemplate):
    return _set_active(template, True, _("The template is offered to staff again."))


@bp.post("/<int:template_id>/delete")
@require(policy.can_open_message_templates)
@guarded(may_keep, load=find_template)
def delete(template: MessageTemplate):
    """Deleting cannot be undone: asked first (helpbutton/web/confirm)."""
    _empty_form_or_400()
    parts = ("message_templates.delete", template.id, str(template.updated_at))
    if not confirm.confirmed(*parts):
        return confirm.ask(
            title=_("Delete the template %(name)s?", name=template.name(current_language())),
            consequences=[_("The template is removed for good and no longer offered to "
                            "staff. Messages already written from it keep their text."),
                          _("To stop offering it for now, deactivate it instead.")],
            button=_("Delete the template"),
            cancel=url_for("message_templates.show", template_id=template.id), parts=parts)
    template_id = template.id
    operations.delete_template(db.session, template)
    return done(url_for("message_templates.index"), _("The template was deleted."),
                after=lambda: _log(template_id, "deleted"))
