"""Absolute links for mail and for what is read away from the site (the API's follow-up link,
a new account's set-password link).

Built by `url_for` inside a request context of PUBLIC_BASE_URL (the outbox worker and the
commands have no request, and a request's own host is not what mail must point at): a renamed
or removed route fails loudly with a BuildError instead of mailing a dead link. The host is
taken from PUBLIC_BASE_URL itself, not from SERVER_NAME; a path in it is kept as the root.
"""
from urllib.parse import urlsplit

from flask import current_app, url_for


def absolute_url(endpoint: str, **values) -> str:
    base = current_app.config["PUBLIC_BASE_URL"]
    parts = urlsplit(base)
    with current_app.test_request_context(base_url=base):
        return f"{parts.scheme}://{parts.netloc}{url_for(endpoint, **values)}"
