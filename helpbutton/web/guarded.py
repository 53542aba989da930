"""The one path every write of a web request goes through: the request's unit of work.

A staff or admin view that may write is decorated with `@guarded(allow, load=...)`:

1. nobody signed in: off to the sign-in page;
2. `load(**view_args)` finds what the view acts on (aborting 404 itself when there is none);
3. `allow(principal, loaded)` — a `helpbutton.policy` function, or a one-line adapter to one —
   says yes, or the answer is 403 before the view runs: no action can skip the policy;
4. the view runs the operation (operations flush, never commit) and ends with `done(...)`,
   `refused(...)`, `discard(...)` or any other response;
5. committed once (`done`, or any other response: a page that records its own viewing) or
   rolled back (`refused`, `discard`, or an exception); only then the message is flashed and
   the redirect or page returned, so "saved" is never said of a change that was not.

Sign-in, password links, the public form and the API have no policy to ask:
`@unit_of_work` gives them the same steps 4 and 5. Every view function with either decorator
is marked (`WRITE_PATH`); a test fails for a POST route whose view is not, and another for a
`.commit(` anywhere but here, the `flask` commands and the outbox worker.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort, flash, g, redirect
from werkzeug.wrappers import Response

from helpbutton.accounts import session as staff_session
from helpbutton.extensions import db

WRITE_PATH = "write_path"  # attribute on a view function: POLICY or PUBLIC
POLICY = "policy"
PUBLIC = "public"


@dataclass(frozen=True)
class _Ending:
    """How a view ended: keep the changes or not, then a message and a response."""

    keep: bool
    response: Any
    message: str | None = None
    category: str = "success"
    after: Callable[[], None] | None = None


def done(to: str, message: str | None = None, *, category: str = "success",
         after: Callable[[], None] | None = None) -> _Ending:
    """Commit, run `after` (a log line, say), flash `message` and redirect to `to`."""
    return _Ending(True, redirect(to), message, category, after)


def refused(to: str, message: str, *, category: str = "error") -> _Ending:
    """Roll back, flash why and redirect to `to` (an operation refused in this state)."""
    return _Ending(False, redirect(to), message, category)


def discard(response: Any) -> _Ending:
    """Roll back and answer `response`: a form shown again with its mistakes, a dry run.
    A function instead of a response is called after the rollback, so that a page about a
    dry run shows the stored state, not the rolled-back one."""
    return _Ending(False, response)


def commit_or_rollback() -> None:
    """Commit now, inside the view, where the view must answer a failed commit itself (the
    public form shows the family's text again) or must act only once the change is stored
    (a session starts only after its sign-in is recorded). Rolls back and re-raises on error."""
    if not g.get("_unit_of_work"):
        raise RuntimeError("commit_or_rollback() outside a @guarded or @unit_of_work view")
    try:
        db.session.commit()
    except BaseException:
        _roll_back()
        raise


def _roll_back() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  the connection is gone; the pool replaces it
        pass


def _anything_to_commit() -> bool:
    """A transaction begun, or objects added or changed: a view that touched no database (the
    public form's page as kept, say) needs no commit, and this request no session at all."""
    if not db.session.registry.has():
        return False
    session = db.session()
    return bool(session.in_transaction() or session.new or session.dirty or session.deleted)


def _run(view: Callable, *args, **kwargs):
    g._unit_of_work = True
    try:
        ending = view(*args, **kwargs)
    except BaseException:
        _roll_back()
        raise
    finally:
        g._unit_of_work = False
    if not isinstance(ending, _Ending):
        ending = _Ending(True, ending)
    if ending.keep:
        try:
            if _anything_to_commit():
                db.session.commit()
        except BaseException:
            _roll_back()
            raise
        if ending.after is not None:
            ending.after()
    else:
        _roll_back()
    response = ending.response
    if callable(response) and not isinstance(response, Response):
        response = response()
    if ending.message:
        flash(ending.message, ending.category)
    return response


def guarded(allow: Callable[..., bool], *, load: Callable[..., Any] | None = None):
    """`@guarded(policy.can_manage_accounts)`: the view gets its URL arguments.
    `@guarded(may_work, load=visible_request)`: the view gets what `load` found, once
    `may_work(principal, found)` said yes."""
    def decorator(view):
        @wraps(view)
        def wrapper(**view_args):
            principal = staff_session.current_principal()
            if principal is None:
                return staff_session.redirect_to_sign_in()
            if load is None:
                if not allow(principal):
                    abort(403)
                return _run(view, **view_args)
            loaded = load(**view_args)
            if not allow(principal, loaded):
                abort(403)
            return _run(view, loaded)
        setattr(wrapper, WRITE_PATH, POLICY)
        return wrapper
    return decorator


def unit_of_work(view):
    """The same commit-once-or-roll-back for views with no policy to ask: sign-in, password
    links, the public form and follow-up page, the API."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        return _run(view, *args, **kwargs)
    setattr(wrapper, WRITE_PATH, PUBLIC)
    return wrapper


def write_path_of(view) -> str | None:
    """POLICY, PUBLIC or None: how a view function's writes are guarded (through any
    decorators above ours that kept `functools.wraps`)."""
    while view is not None:
        mark = getattr(view, WRITE_PATH, None)
        if mark:
            return mark
        view = getattr(view, "__wrapped__", None)
    return None
