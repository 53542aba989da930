"""Sign-in, the two-factor step, two-factor enrolment and sign-out."""
import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from helpbutton.accounts import session as staff_session
from helpbutton.accounts import throttle, totp
from helpbutton.accounts.blueprint import STAFF, bp
from helpbutton.accounts.passwords import hash_password, verify_password
from helpbutton.accounts.principals import totp_required
from helpbutton.accounts.sign_in_forms import CodeForm, EmptyForm, SignInForm
from helpbutton.dbtypes import utcnow
from helpbutton.extensions import db
from helpbutton.models import User
from helpbutton.web.guarded import commit_or_rollback, done, unit_of_work

# Verified against when the email has no account, so that both answers take as long.
_DUMMY_HASH = hash_password("not-a-password-of-anyone")


def _hashes(email: str) -> tuple[str, str]:
    secret = current_app.config["SECRET_KEY"]
    address = request.remote_addr or "unknown"
    return throttle.keyed_hash(secret, address), throttle.keyed_hash(secret, email)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(
        sa.func.lower(User.email) == email.strip().lower()))


@bp.route(STAFF + "/sign-in", methods=["GET", "POST"])
@unit_of_work
def sign_in():
    if staff_session.current_user() is not None:
        return redirect(url_for("triage.home"))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = staff_session.safe_next(request.args.get("next"))
    if not form.validate_on_submit():
        return render_template("accounts/sign_in.html", form=form), 400 if form.errors else 200
    email = form.email.data.strip()
    now = utcnow()
    address_hash, account_hash = _hashes(email)
    if throttle.address_blocked(db.session, address_hash, now):
        return _refuse(form, _("Too many failed sign-in attempts from this network. "
                               "Try again in 15 minutes."))
    user = find_user_by_email(email)
    if throttle.account_locked(db.session, user, account_hash, now):
        return _refuse(form, _("Too many failed sign-in attempts for this account. Try again "
                               "in 15 minutes, or set a new password with the link below."))
    password_ok = verify_password(user.password_hash if user else _DUMMY_HASH, form.password.data)
    if not (user and user.active and password_ok):
        throttle.record_failure(db.session, user=user, address_hash=address_hash,
                                account_hash=account_hash, now=now)
        # Committed although the sign-in fails: the throttle must count every failure.
        commit_or_rollback()
        if user:
            current_app.logger.info("sign-in failed for user %s", user.id)
        return _refuse(form, _("The email address or password is wrong."), status=400)
    if user.totp_enabled:
        stage = staff_session.PASSWORD_ONLY
    elif totp_required(db.session, user):
        stage = staff_session.ENROL
    else:
        stage = staff_session.FULL
        throttle.record_success(db.session, user=user, address_hash=address_hash,
                                account_hash=account_hash, now=now)
        staff_session.adopt_sign_in_language(user)
    commit_or_rollback()  # the session starts only once the sign-in is on record
    staff_session.start(user, stage, form.next.data)
    current_app.logger.info("password accepted for user %s (next: %s)", user.id, stage)
    if stage == staff_session.PASSWORD_ONLY:
        return redirect(url_for("accounts.verify"))
    if stage == staff_session.ENROL:
        return redirect(url_for("accounts.enrol"))
    return redirect(staff_session.take_next())


def _refuse(form, message: str, status: int = 429):
    form.password.data = ""
    return render_template("accounts/sign_in.html", form=form, error=message), status


@bp.route(STAFF + "/sign-in/code", methods=["GET", "POST"])
@unit_of_work
def verify():
    user = staff_session.pending_user(staff_session.PASSWORD_ONLY)
    if user is None:
        return redirect(url_for("accounts.sign_in"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("accounts/verify.html", form=form), 400 if form.errors else 200
    now = utcnow()
    address_hash, account_hash = _hashes(user.email)
    if throttle.account_locked(db.session, user, account_hash, now) or \
            throttle.address_blocked(db.session, address_hash, now):
        staff_session.end(staff_session.shown_language(user))
        flash(_("Too many failed sign-in attempts. Try again in 15 minutes."), "error")
        return redirect(url_for("accounts.sign_in"))
    if not totp.accept(user, form.code.data, now):
        throttle.record_failure(db.session, user=user, address_hash=address_hash,
                                account_hash=account_hash, now=now)
        # Committed although the code is refused: the throttle must count every failure.
        commit_or_rollback()
        current_app.logger.info("two-factor code refused for user %s", user.id)
        form.code.errors.append(_("The code is wrong or already used. Wait for the next code "
                                  "and try again."))
        return render_template("accounts/verify.html", form=form), 400
    throttle.record_success(db.session, user=user, address_hash=address_hash,
                            account_hash=account_hash, now=now)
    staff_session.adopt_sign_in_language(user)
    commit_or_rollback()  # the full session starts only once the sign-in is on record
    staff_session.promote(user)
    return redirect(staff_session.take_next())


@bp.route(STAFF + "/two-factor", methods=["GET", "POST"])
@unit_of_work
def enrol():
    """Set up two-factor sign-in: required before anything else for an administrator who has
    not done it yet; optional for other staff (from their account page)."""
    user = staff_session.pending_user(staff_session.ENROL) or staff_session.current_user()
    if user is None:
        return staff_session.redirect_to_sign_in()
    if user.totp_enabled:
        flash(_("Two-factor sign-in is already on."), "info")
        return redirect(url_for("accounts.account"))
    if not user.totp_secret:
        # Kept on the account (never in the cookie) until a code proves the app has it;
        # committed with whatever page this request answers, a refused code included.
        user.totp_secret = totp.new_secret()
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        if totp.accept(user, form.code.data, utcnow()):
            user.totp_enabled = True
            was_pending = staff_session.pending_user(staff_session.ENROL) is not None
            if was_pending:
                address_hash, account_hash = _hashes(user.email)
                throttle.record_success(db.session, user=user, address_hash=address_hash,
                                        account_hash=account_hash, now=utcnow())
                staff_session.adopt_sign_in_language(user)
            commit_or_rollback()  # the full session starts only once two-factor is on record
            current_app.logger.info("two-factor sign-in set up by user %s", user.id)
            staff_session.promote(user)
            flash(_("Two-factor sign-in is now on."), "success")
            return redirect(staff_session.take_next() if was_pending
                            else url_for("accounts.account"))
        form.code.errors.append(_("The code did not match. Check the time on your phone and "
                                  "enter the newest code."))
        status = 400
    elif form.errors:
        status = 400
    uri = totp.provisioning_uri(user.totp_secret, user.email)
    return render_template(
        "accounts/enrol.html", form=form, secret=totp.grouped(user.totp_secret),
        uri=uri, qr=totp.qr_svg(uri),
        required=staff_session.pending_user(staff_session.ENROL) is not None), status


@bp.post(STAFF + "/sign-out")
@unit_of_work
def sign_out():
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.sign_in"))
    user = staff_session.current_user() or staff_session.pending_user(staff_session.PASSWORD_ONLY) \
        or staff_session.pending_user(staff_session.ENROL)
    if user is not None:
        staff_session.end_everywhere(user)
    # The sign-in page after this one in the language these pages were in.
    shown = staff_session.shown_language(user)
    return done(url_for("accounts.sign_in"), _("You have signed out."),
                after=lambda: staff_session.end(shown))
