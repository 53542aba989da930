"""Time-based one-time codes (RFC 6238) for two-factor sign-in, each accepted once."""
import hmac
from datetime import datetime

import pyotp
import segno
from markupsafe import Markup

from helpbutton.models import User

ISSUER = "Pyydä apua"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account_name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The setup address as a QR code, inline SVG (nothing loaded from elsewhere)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff",
                                                border=4, svgclass="qr")
    return Markup(svg)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def accept(user: User, code: str, now: datetime, secret: str | None = None) -> bool:
    """Check `code` against the user's secret, allowing one step of clock drift either way,
    and refuse a step already used (a code seen over someone's shoulder cannot be replayed).
    On success the step is remembered on the user."""
    secret = secret or user.totp_secret
    code = "".join((code or "").split())
    if not secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            return True
    return False

