"""Changing a password, and setting one from an emailed one-time link."""
from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from helpbutton.accounts import session as staff_session
from helpbutton.accounts import throttle, tokens
from helpbutton.accounts.blueprint import STAFF, bp
from helpbutton.accounts.own_account_views import may_change, own_account
from helpbutton.accounts.passwords import hash_password, verify_password
from helpbutton.accounts.sign_in_forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    ResetPasswordForm,
)
from helpbutton.accounts.sign_in_views import find_user_by_email
from helpbutton.dbtypes import utcnow
from helpbutton.extensions import db
from helpbutton.mail import notifications
from helpbutton.mail.links import absolute_url
from helpbutton.models import TokenPurpose, User
from helpbutton.web.guarded import commit_or_rollback, done, guarded, unit_of_work

RESETS_PER_HOUR = 3


def set_password(user: User, password: str) -> None:
    """New password: every session and every open link of the account ends."""
    user.password_hash = hash_password(password)
    staff_session.end_everywhere(user)
    tokens.spend_all(db.session, user)
    throttle.unlock(user)


@bp.route(STAFF + "/account/password", methods=["GET", "POST"])
@guarded(may_change, load=own_account)
def change_password(user: User):
    form = ChangePasswordForm()
    form.personal = (user.email, user.display_name)
    if form.validate_on_submit():
        if verify_password(user.password_hash, form.current_password.data):
            set_password(user, form.new_password.data)

            def go_on():
                current_app.logger.info("password changed by user %s", user.id)
                # This device goes on in a new session; every other one has ended.
                staff_session.start(user, staff_session.FULL)

            return done(url_for("accounts.account"),
                        _("Your password has been changed. You have been signed out on other "
                          "devices."), after=go_on)
        form.current_password.errors.append(_("The current password is wrong."))
    return render_template("accounts/change_password.html", form=form), 400 if form.errors else 200


@bp.route(STAFF + "/password/forgot", methods=["GET", "POST"])
@unit_of_work
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form), \
            400 if form.errors else 200
    user = find_user_by_email(form.email.data)
    now = utcnow()
    # The count is asked for every address (of nobody: no rows), so that it takes as long.
    sent = tokens.issued_since(db.session, user or User(id=0), TokenPurpose.RESET,
                               now - timedelta(hours=1))
    if user is not None and user.active and sent < RESETS_PER_HOUR:
        raw = tokens.issue(db.session, user, TokenPurpose.RESET, now)
        notifications.password_reset(db.session, user,
                                     absolute_url("accounts.reset_password", token=raw))
        user_id = user.id  # read before the commit expires it (a query more than for nobody)
        commit_or_rollback()  # the link is logged as queued only once it is
        current_app.logger.info("password reset link queued for user %s", user_id)
    else:
        _the_same_work_for_nobody(form.email.data, now)
    # The same answer, after the same work, whether or not the address has an account.
    return render_template("accounts/forgot_password_sent.html")


def _the_same_work_for_nobody(email: str, now) -> None:
    """What sending a link costs (a token, the mail rendered, rows written and committed),
    kept nowhere: the answer's time must not tell which addresses have an account."""
    savepoint = db.session.begin_nested()
    raw = tokens.new_raw_token()
    tokens.hash_token(raw)
    stand_in = User(email=email.strip()[:254], language="fi")
    notifications.password_reset(db.session, stand_in,
                                 absolute_url("accounts.reset_password", token=raw))
    db.session.flush()
    savepoint.rollback()
    commit_or_rollback()


@bp.route(STAFF + "/password/reset/<token>", methods=["GET", "POST"])
@unit_of_work
def reset_password(token: str):
    found = tokens.find_valid(db.session, token)
    if found is None:
        return render_template("accounts/reset_invalid.html"), 410
    user = db.session.get(User, found.user_id)
    form = ResetPasswordForm()
    form.personal = (user.email, user.display_name)
    if form.validate_on_submit():
        set_password(user, form.new_password.data)

        def go_on():
            current_app.logger.info("password set from a one-time link by user %s", user.id)
            staff_session.end()

        return done(url_for("accounts.sign_in"),
                    _("Your password has been set. You can now sign in."), after=go_on)
    return render_template("accounts/reset_password.html", form=form,
                           new_account=found.purpose is TokenPurpose.NEW_ACCOUNT), \
        400 if form.errors else 200
