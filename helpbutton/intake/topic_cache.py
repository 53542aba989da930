"""A county's active topics as the submit path needs them (id and code), per process.

Keyed by the county's routing version (`routing_admin.router`): changing or deactivating a
topic goes through the routing administration, which bumps it, so every process reads the
topic again on its next submission. Only topics found are kept, for at most TTL_SECONDS, so a
topic added some other way (a data load) is never refused for long, and one deactivated so is
accepted no longer than the form keeps offering it (`intake/choices.py`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from helpbutton.dbtypes import DbSession
from helpbutton.models import Region, Topic

TTL_SECONDS = 60
MAX_ENTRIES = 2000
_KEY = "intake_topics"


@dataclass(frozen=True)
class TopicRef:
    id: int
    code: str


def active_topic(session: DbSession, region: Region, code: str) -> TopicRef | None:
    cache = current_app.extensions.setdefault(_KEY, {})
    # created_at tells apart counties that share an id in different databases.
    key = (region.id, region.created_at, region.routing_version, code)
    hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < TTL_SECONDS:
        return hit[1]
    row = session.execute(sa.select(Topic.id, Topic.code).where(
        Topic.region_id == region.id, Topic.code == code, Topic.active)).first()
    if row is None:
        cache.pop(key, None)
        return None
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    found = TopicRef(row.id, row.code)
    cache[key] = (time.monotonic(), found)
    return found
