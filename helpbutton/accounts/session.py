"""The staff session: who is signed in, how far, and for how long.

Flask's signed cookie holds one small dict. The server can still end a session at any time:
the dict carries the account's `session_version`, and bumping that number in the database
(sign-out, password change, deactivation, two-factor reset) makes every copy of the cookie
worthless. A session also ends after inactivity and after an absolute limit.

Stages: after the password, a session is PASSWORD_ONLY until the two-factor code is given
(or ENROL until two-factor sign-in is set up, when it is required); only a FULL session
opens the staff pages.

Language: a language chosen on the sign-in pages (`?lang=`, the links at the top) is kept in
the cookie (LANGUAGE) through every step — wrong password, the code, enrolment, a password
link — and survives the new session each step starts. When the sign-in completes, it becomes
the account's own language (`adopt_sign_in_language`): the person chose it, and the pages,
the menu's language switch and the mail the account gets then agree. Without a choice the
account's stored language rules once the password is accepted. After signing out (or an
expired session) the sign-in page stays in the account's language (SHOWN_LANGUAGE), which
the next person to sign in on that computer does not adopt.
"""
import secrets
from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l

from helpbutton import policy
from helpbutton.accounts.principals import principal_for
from helpbutton.dbtypes import utcnow
from helpbutton.extensions import db
from helpbutton.i18n import STAFF_PATHS
from helpbutton.models import User

KEY = "staff_auth"
FULL = "full"
PASSWORD_ONLY = "totp"
ENROL = "enrol"
# The API authenticates partners by key and sets its own caching; staff sessions are for these.
LANGUAGE = "staff_lang"  # chosen on the sign-in pages: adopted when the sign-in completes
SHOWN_LANGUAGE = "staff_lang_shown"  # after signing out or an expired session: shown only


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config.get("STAFF_SESSION_IDLE_MINUTES", 30))


def absolute_limit() -> timedelta:
    return timedelta(hours=current_app.config.get("STAFF_SESSION_MAX_HOURS", 12))


def start(user: User, stage: str, next_url: str | None = None) -> None:
    """A new session: whatever was in the old one (including its CSRF token) is dropped."""
    now = utcnow().timestamp()
    _clear()
    session[KEY] = {"uid": user.id, "sv": user.session_version, "sid": secrets.token_hex(16),
                    "start": now, "seen": now, "stage": stage, "next": safe_next(next_url)}
    _forget_cached()


def promote(user: User) -> None:
    """The second factor is done: a fresh full session (new id, same absolute start)."""
    data = dict(session.get(KEY) or {})
    next_url = data.get("next")
    started = data.get("start")
    start(user, FULL, next_url)
    if started:
        session[KEY] = {**session[KEY], "start": started}


def end(shown_language: str | None = None) -> None:
    """The session ends; the sign-in page that follows may go on in `shown_language` (the
    account's), which is only shown, never adopted by whoever signs in next."""
    session.clear()
    if shown_language:
        session[SHOWN_LANGUAGE] = shown_language
    _forget_cached()


def _clear() -> None:
    """A new session: drop everything of the old one but the language chosen."""
    kept = {k: session[k] for k in (LANGUAGE, SHOWN_LANGUAGE) if k in session}
    session.clear()
    session.update(kept)


def sign_in_language() -> str | None:
    """The language chosen on the sign-in pages of this browser, if any."""
    chosen = session.get(LANGUAGE)
    return chosen if chosen in current_app.config["STAFF_LANGUAGES"] else None


def shown_language(user: User | None) -> str | None:
    """The language this session's pages are in: the account's once fully signed in, before
    that the one chosen on the sign-in pages (or the account's)."""
    if user is not None and current_user() is user:
        return user.language
    return sign_in_language() or (user.language if user is not None else None)


def adopt_sign_in_language(user: User) -> None:
    """The sign-in is complete: a language chosen on its pages becomes the account's (the
    caller commits it with the sign-in)."""
    chosen = sign_in_language()
    if chosen and chosen != user.language:
        user.language = chosen
        g.user_language = chosen


def _forget_cached() -> None:
    # Flask-WTF keeps the CSRF token of the old session in `g`; a new session needs a new one.
    for name in ("_staff_auth", "_principal",
                 current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")):
        g.pop(name, None)


def end_everywhere(user: User) -> None:
    """End every session of the account, on every device."""
    user.session_version = (user.session_version or 1) + 1


def take_next() -> str:
    data = session.get(KEY) or {}
    return data.get("next") or url_for("triage.home")


def safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no `//`) may be a redirect target."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


def _load() -> tuple[User, str] | None:
    if "_staff_auth" in g:
        return g._staff_auth
    result = None
    data = session.get(KEY)
    if data:
        user = db.session.get(User, data.get("uid"))
        now = utcnow().timestamp()
        if (user is None or not user.active or user.session_version != data.get("sv")
                or now - data.get("start", 0) > absolute_limit().total_seconds()
                or now - data.get("seen", 0) > idle_limit().total_seconds()):
            end(user.language if user is not None else None)
            g.staff_session_ended = True
        else:
            # Rewriting the cookie on every request is the price of an inactivity limit.
            session[KEY] = {**data, "seen": now}
            stage = data.get("stage")
            # Half-way through signing in, the language chosen on the sign-in page holds.
            g.user_language = user.language if stage == FULL else (
                sign_in_language() or user.language)
            result = (user, stage)
    g._staff_auth = result
    return result


def pending_user(stage: str) -> User | None:
    """The user whose session is at `stage` (e.g. waiting for the two-factor code)."""
    loaded = _load()
    return loaded[0] if loaded and loaded[1] == stage else None


def current_user() -> User | None:
    """The fully signed-in user, or None."""
    loaded = _load()
    return loaded[0] if loaded and loaded[1] == FULL else None


def current_principal() -> policy.Principal | None:
    if "_principal" not in g:
        user = current_user()
        g._principal = principal_for(user) if user else None
    return g._principal


def redirect_to_sign_in():
    loaded = _load()
    if loaded and loaded[1] == PASSWORD_ONLY:
        return redirect(url_for("accounts.verify"))
    if loaded and loaded[1] == ENROL:
        return redirect(url_for("accounts.enrol"))
    if g.get("staff_session_ended"):
        flash(_l("Your session has ended. Please sign in again."), "info")
    target = request.full_path if request.method == "GET" else None
    target = target.rstrip("?") if target else None
    return redirect(url_for("accounts.sign_in", next=safe_next(target)))


def login_required(view):
    """A full session is needed; anyone else goes to sign-in (and comes back after)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user() is None:
            return redirect_to_sign_in()
        return view(*args, **kwargs)
    return wrapper


def require(check):
    """`@require(policy.can_manage_accounts)`: signed in, and the policy says yes (else 403).
    For decisions about one object, call the policy in the view and `abort(403)`."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if current_user() is None:
                return redirect_to_sign_in()
            if not check(current_principal()):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def load_for_staff_paths() -> None:
    """Before every request under /staff/ and /admin/: check the session (so that an
    expired one ends now) and apply the signed-in user's language."""
    # `g` outlives a request when an app context was already pushed (as in tests): start clean.
    # Flask-Babel's cached locale (`_flask_babel`) too, or a request would keep the last one's.
    for name in ("_staff_auth", "_principal", "staff_session_ended", "user_language",
                 "_flask_babel", current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")):
        g.pop(name, None)
    if not request.path.startswith(STAFF_PATHS):
        return
    chosen = request.args.get("lang")
    if chosen in current_app.config["STAFF_LANGUAGES"]:
        session[LANGUAGE] = chosen  # until signed in; afterwards User.language rules
    if _load() is None:
        shown = session.get(SHOWN_LANGUAGE)
        g.user_language = sign_in_language() or (
            shown if shown in current_app.config["STAFF_LANGUAGES"] else None)


def no_store(response):
    """Staff pages must not be kept by browsers or proxies (shared computers)."""
    if request.path.startswith(STAFF_PATHS) or g.get("_staff_auth"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response
