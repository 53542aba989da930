"""Account administration: list, create, edit roles, deactivate, reset two-factor."""
from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from helpbutton import policy
from helpbutton.accounts import operations, roles
from helpbutton.accounts.blueprint import ADMIN_USERS, bp
from helpbutton.accounts.forms import AccountForm
from helpbutton.accounts.principals import grants_of
from helpbutton.accounts.session import current_principal, require
from helpbutton.accounts.sign_in_forms import EmptyForm
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.mail import notifications
from helpbutton.mail.links import absolute_url
from helpbutton.models import Role, User
from helpbutton.web import confirm
from helpbutton.web.guarded import done, guarded


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


def find_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def may_manage(principal, user: User) -> bool:
    return policy.can_manage_user(principal, grants_of(user), user.region_id)


def may_deactivate(principal, user: User) -> bool:
    """Deactivating, reactivating, resetting two-factor: never one's own account."""
    return policy.can_deactivate_user(principal, user.id, grants_of(user), user.region_id)


def _log(user: User, what: str) -> None:
    current_app.logger.info("account %s%s by user %s", user.id, what,
                            current_principal().user_id)


@bp.get(ADMIN_USERS + "/")
@require(policy.can_manage_accounts)
def index():
    users = operations.manageable_users(db.session, current_principal())
    return render_template("accounts/index.html", users=users)


@bp.route(ADMIN_USERS + "/new", methods=["GET", "POST"])
@require(policy.can_manage_accounts)
@guarded(policy.can_manage_accounts)
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
            return done(url_for("accounts.edit", user_id=user.id),
                        _("Account created. A link for setting the password was sent by email."),
                        after=lambda: _log(user, " created"))
    status = 400 if (form.errors or role_error) else 200
    return render_template("accounts/form.html", form=form, options=options,
                           chosen=roles.selected(chosen), role_error=role_error,
                           user=None), status


@bp.route(ADMIN_USERS + "/<int:user_id>", methods=["GET", "POST"])
@require(policy.can_manage_accounts)
@guarded(may_manage, load=find_user)
def edit(user: User):
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
                return done(url_for("accounts.edit", user_id=user.id), _("Changes saved."),
                            after=lambda: _log(user, " changed"))
    else:
        chosen = set(grants_of(user))
    status = 400 if (form.errors or role_error) else 200
    return render_template(
        "accounts/form.html", form=form, options=options, chosen=roles.selected(chosen),
        role_error=role_error, user=user,
        can_deactivate=may_deactivate(principal, user)), status


def _post_action(user: User, action, message: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    action(db.session, user)
    return done(url_for("accounts.edit", user_id=user.id), message,
                after=lambda: _log(user, f": {action.__name__}"))


@bp.post(ADMIN_USERS + "/<int:user_id>/deactivate")
@require(policy.can_manage_accounts)
@guarded(may_deactivate, load=find_user)
def deactivate(user: User):
    parts = ("accounts.deactivate", user.id, user.active, user.session_version)
    if not confirm.confirmed(*parts):
        return _ask(user, parts, _("Deactivate the account of %(name)s?",
                                   name=user.display_name), [
            _("%(name)s can no longer sign in, and every session of the account ends at "
              "once, on every device.", name=user.display_name),
            _("The account and its history are kept: it can be activated again.")],
            _("Deactivate the account"))
    return _post_action(user, operations.deactivate,
                        _("The account is deactivated and its sessions have ended."))


def _ask(user: User, parts: tuple, title: str, consequences: list[str], button: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    return confirm.ask(title=title, consequences=consequences, button=button,
                       cancel=url_for("accounts.edit", user_id=user.id), parts=parts)


@bp.post(ADMIN_USERS + "/<int:user_id>/activate")
@require(policy.can_manage_accounts)
@guarded(may_deactivate, load=find_user)
def activate(user: User):
    return _post_action(user, operations.reactivate, _("The account is active again."))


@bp.post(ADMIN_USERS + "/<int:user_id>/two-factor/reset")
@require(policy.can_manage_accounts)
@guarded(may_deactivate, load=find_user)
def reset_two_factor(user: User):
    parts = ("accounts.reset_two_factor", user.id, user.totp_enabled, user.session_version)
    if not confirm.confirmed(*parts):
        return _ask(user, parts, _("Reset the two-factor sign-in of %(name)s?",
                                   name=user.display_name), [
            _("The authenticator app of %(name)s no longer works for signing in. They set "
              "up two-factor sign-in again at their next sign-in.", name=user.display_name)],
            _("Reset two-factor sign-in"))
    return _post_action(user, operations.reset_two_factor,
                        _("Two-factor sign-in was reset. The person sets it up again at "
                          "their next sign-in."))
