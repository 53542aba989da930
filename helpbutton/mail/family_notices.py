"""What the family is told, by every channel it gave: the one place a family notice is queued.

`notify_family(session, help_request, kind, ...)` queues the notice of `kind` through the
outbox (in the caller's transaction; no commit) and returns the channels it went to. This
version sends email only: a family that gave only a phone number gets nothing here (the SMS
channel is added beside the email one, in this same function).

Kinds:
* ``family_new_link`` — a new private follow-up link (`link`: its absolute URL), to the
  request's contact as it is now (after a worker replaced it with one the family named, only
  there).
"""
from __future__ import annotations

from helpbutton.dbtypes import DbSession
from helpbutton.mail import notifications
from helpbutton.models import HelpRequest

FAMILY_NEW_LINK = "family_new_link"
EMAIL = "email"


def notify_family(session: DbSession, help_request: HelpRequest, kind: str, *,
                  link: str | None = None, lang: str | None = None) -> list[str]:
    """Queue the family's notice of `kind`; the channels it was queued for (empty: none could
    carry it). `lang`: the language to write in (default: the language of the family's form)."""
    channels: list[str] = []
    if kind == FAMILY_NEW_LINK:
        if link is None:
            raise ValueError("a new link's notice needs the link")
        if notifications.new_link_to_family(session, help_request, link, lang) is not None:
            channels.append(EMAIL)
        return channels
    raise ValueError(f"unknown family notice {kind!r}")


def reachable_channels(help_request: HelpRequest) -> list[str]:
    """The channels a family notice can go to for this request now (email only here)."""
    return [EMAIL] if help_request.email else []
