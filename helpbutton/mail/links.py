"""Absolute links for mail and for what is read away from the site (the API's follow-up link,
a new account's set-password link).

Built from the app's URL map bound to PUBLIC_BASE_URL (the outbox worker and the commands have
no request, and a request's own host is not what mail must point at), with the app's URL
defaults applied as `url_for` applies them: a renamed or removed route fails loudly with a
BuildError instead of mailing a dead link. The host is taken from PUBLIC_BASE_URL itself, not
from SERVER_NAME; a path in it is kept as the root. The bound map is made once per process and
base (a request context made for each link cost more than the rest of a notification).
"""
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter

_ADAPTERS = "absolute_url_adapters"


def _adapter(base: str) -> MapAdapter:
    adapters = current_app.extensions.setdefault(_ADAPTERS, {})
    adapter = adapters.get(base)
    if adapter is None:
        parts = urlsplit(base)
        adapter = adapters[base] = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter


def absolute_url(endpoint: str, **values) -> str:
    current_app.inject_url_defaults(endpoint, values)
    return _adapter(current_app.config["PUBLIC_BASE_URL"]).build(
        endpoint, values, force_external=True)
