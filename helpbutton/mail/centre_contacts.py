"""What a centre's mail needs of it (address, language, name in that language), per process.

The submit path tells the request's centre at once, and read the centre's row for it on every
submission. Kept here under the county's routing version (`routing_admin.router`): a centre is
changed through the routing administration, which bumps it, so every process reads the centre
again on its next submission; a change in this process (any write of a Centre) empties the
cache at once, and an entry lives at most TTL_SECONDS whatever happens elsewhere.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app

from helpbutton import process_cache
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Region

TTL_SECONDS = 60
MAX_ENTRIES = 2000
_KEY = "centre_contacts"
STAFF_LANGUAGES = ("fi", "sv")  # centres are addressed in a language of their own


@dataclass(frozen=True)
class CentreContact:
    id: int
    email: str
    language: str
    name: str


def language_of(centre: Centre) -> str:
    """The centre's first service language among fi/sv; Finnish otherwise."""
    for lang in centre.languages or ():
        if lang in STAFF_LANGUAGES:
            return lang
    return "fi"


def contact(session: DbSession, centre_id: int, region: Region) -> CentreContact:
    cache = current_app.extensions.setdefault(_KEY, {})
    # created_at tells apart counties that share an id in different databases.
    key = (region.id, region.created_at, region.routing_version, centre_id)
    hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < TTL_SECONDS:
        return hit[1]
    centre = session.get(Centre, centre_id)
    if centre is None:
        raise LookupError(f"no centre {centre_id}")
    lang = language_of(centre)
    found = CentreContact(centre.id, centre.notification_email, lang, centre.name(lang))
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[key] = (time.monotonic(), found)
    return found


forget = process_cache.emptied_on_write(Centre, _KEY)
