"""The empty form's page, made once per process and language and served again with fresh tokens.

A family opening the form gets the same page as every other family in that language and entry:
the choices (cached for a minute, `choices.form_choices`), the texts and the links are the same.
Only two values differ from one showing to the next: the CSRF token (bound to this browser's
session) and the submission key (new for every showing). Rendering the page (some 300
municipalities, the topics, the age boxes, a few dozen WTForms widgets) costs several
milliseconds; putting two strings into a page already made costs microseconds.

So the page is rendered once with a mark in place of each token, split at the marks, and kept
with the choices it was made from: when `form_choices` gives new choices (an administrator's
change, after its minute), every kept page is dropped and made again. Only the plain showing is
kept: no partner's button (`?p=`), no query string at all, no notice, no error, the database
there. Whatever else goes through `_render_form` as before.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from flask import current_app, request
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

_STORE = "public_form_pages"
# Letters and digits only: HTML escaping leaves them as they are, and no text of the page
# holds them.
CSRF_MARK = "csrf0" + "7f3a9c1e5b" * 3
KEY_MARK = "skey0" + "2d8e4b6a0c" * 3
_MARKS = re.compile(f"({CSRF_MARK}|{KEY_MARK})")


def cacheable() -> bool:
    """A plain showing: nothing in the query string that could change the page."""
    return request.method in ("GET", "HEAD") and not request.query_string


def page(entry, key: tuple, render: Callable[[str, str], str]) -> str:
    """The page for `key` (language, entry) with this request's tokens. `render(csrf, key)`
    makes it with the given values in place of the CSRF token and the submission key."""
    store = current_app.extensions.setdefault(_STORE, {"entry": None, "pages": {}})
    if store["entry"] is not entry:  # new choices: every page is made again
        store["entry"], store["pages"] = entry, {}
    # The links of the page are built under the app's root path (behind a proxy's prefix).
    key = (*key, request.script_root)
    parts = store["pages"].get(key)
    if parts is None:
        parts = _split(render(CSRF_MARK, KEY_MARK))
        if parts is None:  # a mark missing or shown twice: never keep such a page
            return render(generate_csrf(), secrets.token_urlsafe(24))
        store["pages"][key] = parts
    values = {CSRF_MARK: str(escape(generate_csrf())), KEY_MARK: secrets.token_urlsafe(24)}
    return "".join(values.get(part, part) for part in parts)


def _split(html: str) -> tuple[str, ...] | None:
    if html.count(CSRF_MARK) != 1 or html.count(KEY_MARK) != 1:
        return None
    return tuple(_MARKS.split(html))
