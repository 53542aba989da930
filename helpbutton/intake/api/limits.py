"""Rate limits of the API: per partner key and per address.

The keys are keyed hashes, never the API key or the IP address itself: Flask-Limiter logs the
key of a breached limit, and neither a secret nor an address may end up in a log.
"""
from flask import current_app, request

from helpbutton.ratelimit_keys import address_key, keyed  # noqa: F401 (address_key re-exported)

# Defaults; each can be set in the app's config. A partner's server sends every family's
# request from one address, so the address limit is the looser of the two.
DEFAULTS = {
    "API_RATELIMIT_PER_KEY": "30 per minute;1000 per day",
    "API_RATELIMIT_PER_ADDRESS": "60 per minute;2000 per day",
}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def partner_key() -> str:
    """Callers without a key share their address's bucket here; the address limit still holds."""
    token = bearer_token()
    return "key:" + keyed(token) if token else address_key()


def per_key_limit() -> str:
    return current_app.config.get("API_RATELIMIT_PER_KEY", DEFAULTS["API_RATELIMIT_PER_KEY"])


def per_address_limit() -> str:
    return current_app.config.get("API_RATELIMIT_PER_ADDRESS",
                                  DEFAULTS["API_RATELIMIT_PER_ADDRESS"])
