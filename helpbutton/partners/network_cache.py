"""The partners whose own connections get the higher limit, read once a minute per process
rather than on every submission (`networks.partners_with_networks` is one query per POST).

Plain values in the app's extensions, as the form's choices are (`intake/choices.py`): a
change of a partner in this process is seen at once, in another process within TTL_SECONDS.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app

from helpbutton import process_cache
from helpbutton.dbtypes import DbSession
from helpbutton.models import Partner
from helpbutton.partners import networks

TTL_SECONDS = 60
_KEY = "partner_networks"


@dataclass(frozen=True)
class NetworkedPartner:
    """What `networks.shared_connection` reads of a partner."""

    id: int
    active: bool
    networks: str | None
    form_limit_per_hour: int | None


def partners_with_networks(session: DbSession, region_id: int) -> list[NetworkedPartner]:
    cache = current_app.extensions.setdefault(_KEY, {})
    cached = cache.get(region_id)
    if cached is not None and time.monotonic() - cached[0] < TTL_SECONDS:
        return cached[1]
    value = [NetworkedPartner(p.id, p.active, p.networks, p.form_limit_per_hour)
             for p in networks.partners_with_networks(session, region_id)]
    cache[region_id] = (time.monotonic(), value)
    return value


forget = process_cache.emptied_on_write(Partner, _KEY)
