"""Security headers on every response: pages, API JSON, static files and error pages.

The content security policy allows nothing inline: no `<script>`, no `<style>`, no `style=`,
no `on…=` handlers, and nothing from another origin (pages load nothing from third parties).
`frame-ancestors 'none'` (and X-Frame-Options: DENY) everywhere: the partner button is a plain
link with its own inline style, pasted into the partner's page, so nothing of ours is ever framed.

One page needs an exception: the staff preview of that button shows the partner's snippet as it
is, with its `style` attribute. The view names the exact style it shows
(`allow_style_attributes`), and only that page's policy allows attributes with that hash.
"""
import base64
import hashlib
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Request, current_app, request
from werkzeug.exceptions import SecurityError

_STYLES_KEY = "helpbutton.csp_style_attributes"

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

HEADERS = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # Nothing here needs a device or sensor; a partner's page cannot lend us any either.
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb")),
}


# Made once: the policy of every page without an allowance, and the header names in lower case
# for the check of what a view has set already (as `setdefault` would, without its eight scans).
_PLAIN_POLICY = "; ".join(f"{name} {value}" for name, value in POLICY.items())
_HEADER_ITEMS = tuple((name.lower(), name, value) for name, value in HEADERS.items())


def style_hash(style: str) -> str:
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def allow_style_attributes(*styles: str) -> None:
    """Let this response's page carry `style="…"` attributes with exactly these values."""
    # Kept in the request's environ, not in `g`: `g` can outlive a request (a test's app
    # context), and this allowance must never reach another page.
    request.environ.setdefault(_STYLES_KEY, set()).update(styles)


def content_security_policy() -> str:
    styles = request.environ.get(_STYLES_KEY)
    if not styles:
        return _PLAIN_POLICY
    policy = dict(POLICY)
    # 'unsafe-hashes' lets a hash match a style attribute (CSP 3); other attributes and
    # every <style> element stay refused.
    policy["style-src-attr"] = " ".join(["'unsafe-hashes'", *sorted(map(style_hash, styles))])
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def _wants_hsts() -> bool:
    # Over https (as the proxy says, see PROXY_FIX_X_PROTO), and always in production, where
    # TLS is the only way in; browsers ignore the header over plain http anyway.
    return request.is_secure or current_app.config.get("ENV_NAME") == "production"


def add_headers(response):
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    if "content-security-policy" not in present:
        headers.add("Content-Security-Policy", content_security_policy())
    for lower, name, value in _HEADER_ITEMS:
        if lower not in present:
            headers.add(name, value)
    max_age = current_app.config.get("HSTS_MAX_AGE", 0)
    if max_age and _wants_hsts():
        headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    return response


class LimitedRequest(Request):
    """A body that cannot carry a file is read into memory whole (werkzeug applies no
    MAX_FORM_MEMORY_SIZE to it), so it gets the smaller MAX_BODY_WITHOUT_FILES."""

    @property
    def max_content_length(self) -> int | None:
        limit = super().max_content_length
        if self._max_content_length is not None or not current_app \
                or self.mimetype == "multipart/form-data":
            return limit
        small = current_app.config.get("MAX_BODY_WITHOUT_FILES")
        return small if limit is None else min(limit, small or limit)

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def relative_location(response):
    """A redirect to this very host goes without the host: routing's own redirects (the
    trailing slash) write the Host header into Location, and a forged one must not steer it."""
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        try:
            host = request.host.lower()
        except SecurityError:  # not in TRUSTED_HOSTS: answered 400, nothing to shorten
            return response
        ours = {host, (current_app.config.get("SERVER_NAME") or "").lower()}
        if parts.netloc and parts.netloc.lower() in ours:
            response.headers["Location"] = urlunsplit(
                ("", "", parts.path or "/", parts.query, parts.fragment))
    return response


def init_app(app: Flask) -> None:
    app.request_class = LimitedRequest
    app.after_request(add_headers)
    app.after_request(relative_location)
