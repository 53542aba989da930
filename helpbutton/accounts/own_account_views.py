"""The signed-in person's own account: language, password, two-factor status."""
from flask import g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh

from helpbutton import policy
from helpbutton.accounts import session as staff_session
from helpbutton.accounts.blueprint import STAFF, bp
from helpbutton.accounts.sign_in_forms import LanguageForm
from helpbutton.models import User
from helpbutton.web.guarded import done, guarded


def own_account() -> User:
    return staff_session.current_user()


def may_change(principal, user: User) -> bool:
    return policy.can_change_own_account(principal, user.id)


@bp.get(STAFF + "/account")
@staff_session.login_required
def account():
    user = staff_session.current_user()
    form = LanguageForm(language=user.language)
    return render_template("accounts/account.html", user=user, language_form=form)


@bp.post(STAFF + "/account/language")
@guarded(may_change, load=own_account)
def set_language(user: User):
    form = LanguageForm()
    back = staff_session.safe_next(request.form.get("next")) or url_for("accounts.account")
    if not form.validate_on_submit():
        return redirect(back)
    user.language = form.language.data
    g.user_language = user.language
    refresh()  # the confirmation already in the new language
    return done(back, _("Language changed."))
