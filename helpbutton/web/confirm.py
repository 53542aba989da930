"""Destructive administration asks first, on a page of its own that needs no JavaScript.

Deactivating a centre, a topic, an account or a partner, removing or replacing a partner's
API key and resetting someone's two-factor sign-in are each one POST that would act at once.
The view asks `confirmed(...)` first: without the confirmation it answers with `ask(...)`, a
page that says what will happen, carries the posted fields on as hidden inputs and adds a
`confirm` token; the same POST with the token goes ahead. The token is bound to the action,
the target and the target's present state (`parts`), so a confirmation page left open
cannot confirm a change to something that has changed since: it is asked again.
(A rule's move and (de)activation have their own page with the impact: routing_admin.)
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app, render_template, request

from helpbutton.web.guarded import discard

_NOT_CARRIED = frozenset({"confirm", "csrf_token"})


def token(*parts: object) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def confirmed(*parts: object) -> bool:
    return hmac.compare_digest(request.form.get("confirm", ""), token(*parts))


def ask(*, title: str, consequences: list[str], button: str, cancel: str, parts: tuple):
    """The confirmation page (nothing is changed, nothing committed). `cancel`: the URL of
    the page the action was started from."""
    carried = [(name, value) for name, value in request.form.items(multi=True)
               if name not in _NOT_CARRIED]
    return discard(render_template("web/confirm.html", title=title, consequences=consequences,
                                   button=button, cancel=cancel, carried=carried,
                                   confirm=token(*parts)))
