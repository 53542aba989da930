"""Rate-limit keys: keyed hashes, never an IP address or a secret itself.

Flask-Limiter logs the key of a breached limit, and no address may end up in a log.
"""
import hashlib
import hmac
import math
import time

from flask import current_app, request


def keyed(value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def address_key() -> str:
    return "addr:" + keyed(request.remote_addr or "unknown")


def seconds_until_reset() -> int:
    """For Retry-After: when the breached Flask-Limiter limit's window ends (at least 1 s)."""
    from helpbutton.extensions import limiter  # extensions imports this module

    current = limiter.current_limit
    if current is None:
        return 60
    reset_time = current.window[0]  # (reset time, remaining)
    return max(1, math.ceil(reset_time - time.time()))
