"""Retry-After for any breached limit, and the public form's limits on stored requests,
counted in Flask-Limiter's storage: only a request that is stored counts, so a family
correcting its mistakes is never locked out.

Apart from `ratelimit_keys` because the limiter (in `extensions`) is built with those keys.
"""
import math
import time

from flask import current_app
from limits import parse_many

from helpbutton.extensions import limiter


def seconds_until_reset() -> int:
    """For Retry-After: when the breached Flask-Limiter limit's window ends (at least 1 s)."""
    current = limiter.current_limit
    if current is None:
        return 60
    reset_time = current.window[0]  # (reset time, remaining)
    return max(1, math.ceil(reset_time - time.time()))


# --- the public form: only stored requests count ---------------------------------------------

def shared_connection_limit(per_hour: int) -> str:
    """A partner's connection: its hourly limit, and a tenth of it (at least 3) a minute."""
    return f"{per_hour} per hour;{max(3, per_hour // 10)} per minute"


def _strategy():
    if not limiter.enabled or not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    return limiter.limiter


def submission_wait(limits: str, key: str, namespace: str = "form") -> int | None:
    """None when one more stored request fits `limits` for `key`; otherwise the seconds until
    it would. Counts nothing (see count_submission). `namespace` keeps another page's counts
    (the lost-link page's) apart from the form's."""
    strategy = _strategy()
    if strategy is None:
        return None
    for item in parse_many(limits):
        if not strategy.test(item, namespace, key):
            reset_time, _remaining = strategy.get_window_stats(item, namespace, key)
            return max(1, math.ceil(reset_time - time.time()))
    return None


def count_submission(limits: str, key: str, namespace: str = "form") -> None:
    strategy = _strategy()
    if strategy is not None:
        for item in parse_many(limits):
            strategy.hit(item, namespace, key)
