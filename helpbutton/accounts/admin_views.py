"""Account administration: list, create, edit roles, deactivate, reset two-factor."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts.blueprint import ADMIN_USERS, bp
from helpbutton.accounts import operations, roles
from helpbutton.accounts.forms import AccountForm
from helpbutton.accounts.session import current_principal, require
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.accounts.principals import grants_of
from helpbutton.mail.links import absolute_url
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.models import Role, User
from helpbutton.mail import notifications



@bp.context_processor
def labels():
    def role_label(assignment) -> str:
        lang = current_language()
        if assignment.role is Role.STAFF:
            return _("Staff, %(centre)s", centre=assignment.centre.name(lang))
        if assignment.role is Role.LEAD:
            return _("Team lead, %(centre)s", centre=assignment.centre.name(lang))
        if assignment.role is Role.MUNICIPALITY_ADMIN:
            return _("Administrator, %(municipality)s",
                     municipality=assignment.municipality.name(lang))
        return _("Region administrator, %(region)s", region=assignment.region.name(lang))
    return {"role_label": role_label}


def _manageable(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if not policy.can_manage_user(current_principal(), grants_of(user)):
        abort(403)
    return user


@bp.get(ADMIN_USERS + "/")
@require(policy.can_manage_accounts)
def index():
    users = operations.manageable_users(db.session, current_principal())
    return render_template("accounts/index.html", users=users)


@bp.route(ADMIN_USERS + "/new", methods=["GET", "POST"])
@require(policy.can_manage_accounts)
def create():
    options = roles.options_for(db.session, current_principal())
    form = AccountForm()
    chosen = roles.parse(request.form, options) if request.method == "POST" else set()
    role_error = None
    if form.validate_on_submit():
        if not chosen:
            role_error = _("Choose at least one role.")
        elif operations.email_taken(db.session, form.email.data):
            form.email.errors.append(_("An account with this email address already exists."))
        else:
            user, raw = operations.create_account(
                db.session, email=form.email.data, display_name=form.display_name.data,
                language=form.language.data, grants=chosen)
            notifications.new_account(db.session, user,
                                      absolute_url("accounts.reset_password", token=raw))
            db.session.commit()
            current_app.logger.info("account %s created by user %s", user.id,
                                    current_principal().user_id)
            flash(_("Account created. A link for setting the password was sent by email."),
                  "success")
            return redirect(url_for("accounts.edit", user_id=user.id))
    status = 400 if (form.errors or role_error) else 200
    return render_template("accounts/form.html", form=form, options=options,
                           chosen=roles.selected(chosen), role_error=role_error,
                           user=None), status


@bp.route(ADMIN_USERS + "/<int:user_id>", methods=["GET", "POST"])
@require(policy.can_manage_accounts)
def edit(user_id: int):
    user = _manageable(user_id)
    principal = current_principal()
    options = roles.options_for(db.session, principal)
    form = AccountForm(obj=user)
    role_error = None
    if request.method == "POST":
        chosen = roles.parse(request.form, options)
        if form.validate_on_submit():
            if not chosen:
                role_error = _("Choose at least one role.")
            elif operations.email_taken(db.session, form.email.data, except_id=user.id):
                form.email.errors.append(_("An account with this email address already exists."))
            elif not policy.can_change_grants(principal, grants_of(user), chosen):
                abort(403)
            else:
                user.display_name = form.display_name.data.strip()
                user.email = operations.normalise_email(form.email.data)
                user.language = form.language.data
                operations.set_grants(db.session, user, chosen)
                db.session.commit()
                current_app.logger.info("account %s changed by user %s", user.id,
                                        principal.user_id)
                flash(_("Changes saved."), "success")
                return redirect(url_for("accounts.edit", user_id=user.id))
    else:
        chosen = set(grants_of(user))
    status = 400 if (form.errors or role_error) else 200
    return render_template(
        "accounts/form.html", form=form, options=options, chosen=roles.selected(chosen),
        role_error=role_error, user=user,
        can_deactivate=policy.can_deactivate_user(principal, user.id, grants_of(user))), status


def _post_action(user_id: int, action, message: str, *, self_allowed: bool = False):
    user = _manageable(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not self_allowed and not policy.can_deactivate_user(
            current_principal(), user.id, grants_of(user)):
        abort(403)
    action(db.session, user)
    db.session.commit()
    current_app.logger.info("account %s: %s by user %s", user.id, action.__name__,
                            current_principal().user_id)
    flash(message, "success")
    return redirect(url_for("accounts.edit", user_id=user.id))


@bp.post(ADMIN_USERS + "/<int:user_id>/deactivate")
@require(policy.can_manage_accounts)
def deactivate(user_id: int):
    return _post_action(user_id, operations.deactivate,
                        _("The account is deactivated and its sessions have ended."))


@bp.post(ADMIN_USERS + "/<int:user_id>/activate")
@require(policy.can_manage_accounts)
def activate(user_id: int):
    return _post_action(user_id, operations.reactivate, _("The account is active again."))


@bp.post(ADMIN_USERS + "/<int:user_id>/two-factor/reset")
@require(policy.can_manage_accounts)
def reset_two_factor(user_id: int):
    return _post_action(user_id, operations.reset_two_factor,
                        _("Two-factor sign-in was reset. The person sets it up again at "
                          "their next sign-in."))
