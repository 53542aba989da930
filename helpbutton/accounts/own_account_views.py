"""The signed-in person's own account: language, password, two-factor status."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, refresh

from helpbutton.accounts.blueprint import STAFF, bp
from helpbutton.accounts import session as staff_session
from helpbutton.accounts.sign_in_forms import LanguageForm
from helpbutton.extensions import db


@bp.get(STAFF + "/account")
@staff_session.login_required
def account():
    user = staff_session.current_user()
    form = LanguageForm(language=user.language)
    return render_template("accounts/account.html", user=user, language_form=form)


@bp.post(STAFF + "/account/language")
@staff_session.login_required
def set_language():
    user = staff_session.current_user()
    form = LanguageForm()
    if form.validate_on_submit():
        user.language = form.language.data
        db.session.commit()
        g.user_language = user.language
        refresh()  # the confirmation already in the new language
        flash(_("Language changed."), "success")
    back = staff_session.safe_next(request.form.get("next")) or url_for("accounts.account")
    return redirect(back)
