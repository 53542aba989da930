"""Rate-limit keys: keyed hashes, never an IP address or a secret itself.

Flask-Limiter logs the key of a breached limit, and no address may end up in a log.
"""
import hashlib
import hmac

from flask import current_app, request


def keyed(value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def address_key() -> str:
    return "addr:" + keyed(request.remote_addr or "unknown")
