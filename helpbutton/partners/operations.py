"""Partners that show the "Pyydä apua" button, their public slugs and their API keys.

A partner's API key is shown once, when it is made; only its SHA-256 is stored, so a leaked
database does not leak keys. The keys are 256-bit random, so an unsalted fast hash is enough
(there is nothing to brute-force), and looking a key up by its hash compares no secret in Python.
"""
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from html import escape

import sqlalchemy as sa
from flask_babel import gettext as _

from helpbutton import public_languages
from helpbutton.dbtypes import DbSession
from helpbutton.i18n import in_language
from helpbutton.models import Channel, Municipality, Partner, Region

# Channels a partner's button can stand for; WEB is the region's own site, API is how a
# partner's own system sends requests (recorded as such whatever the partner's channel).
PARTNER_CHANNELS = (
    Channel.LIBRARY, Channel.SCHOOL, Channel.DAYCARE, Channel.CLINIC, Channel.MUNICIPALITY,
    Channel.WEBSITE,
)
NAME_MAX = 160
_SLUG_STEM_MAX = 30


class PartnerInvalid(ValueError):
    """A partner's details break a rule; `errors` maps the field to a message code."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class PartnerDetails:
    name: str
    channel: Channel
    municipality_code: str | None


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_api_key() -> str:
    return secrets.token_urlsafe(32)


def _slug_stem(name: str) -> str:
    # "Turun pääkirjasto" -> "turun-paakirjasto": ASCII so the link survives any copy-paste.
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return stem[:_SLUG_STEM_MAX].rstrip("-") or "partner"


def new_slug(session: DbSession, name: str) -> str:
    """A readable slug with a random tail, so partners' links cannot be guessed in a row."""
    stem = _slug_stem(name)
    while True:
        slug = f"{stem}-{secrets.token_hex(3)}"
        if session.scalar(sa.select(Partner.id).where(Partner.slug == slug)) is None:
            return slug


def check_details(session: DbSession, region: Region, details: PartnerDetails) -> None:
    errors: dict[str, str] = {}
    name = details.name.strip()
    if not name:
        errors["name"] = "required"
    elif len(name) > NAME_MAX:
        errors["name"] = "too_long"
    if details.channel not in PARTNER_CHANNELS:
        errors["channel"] = "invalid"
    if details.municipality_code is not None:
        municipality = session.get(Municipality, details.municipality_code)
        if municipality is None or municipality.region_id != region.id:
            errors["municipality_code"] = "invalid"
    if errors:
        raise PartnerInvalid(errors)


def create_partner(
    session: DbSession, region: Region, details: PartnerDetails, *, with_api_key: bool = False
) -> tuple[Partner, str | None]:
    """Create a partner; returns it and, if asked for, its API key (shown once, never stored)."""
    check_details(session, region, details)
    partner = Partner(
        region_id=region.id,
        slug=new_slug(session, details.name),
        name=details.name.strip(),
        channel=details.channel,
        municipality_code=details.municipality_code,
        active=True,
    )
    key = None
    if with_api_key:
        key = new_api_key()
        partner.api_key_hash = hash_api_key(key)
    session.add(partner)
    session.flush()
    return partner, key


def update_partner(session: DbSession, partner: Partner, details: PartnerDetails) -> None:
    """Change name, channel or municipality. The slug stays: printed links keep working."""
    check_details(session, partner_region(session, partner), details)
    partner.name = details.name.strip()
    partner.channel = details.channel
    partner.municipality_code = details.municipality_code
    session.flush()


def set_active(session: DbSession, partner: Partner, active: bool) -> None:
    partner.active = active
    session.flush()


def rotate_api_key(session: DbSession, partner: Partner) -> str:
    """Give the partner a new key; the old one stops working at once."""
    key = new_api_key()
    partner.api_key_hash = hash_api_key(key)
    session.flush()
    return key


def revoke_api_key(session: DbSession, partner: Partner) -> None:
    partner.api_key_hash = None
    session.flush()


def partner_by_api_key(session: DbSession, key: str | None) -> Partner | None:
    """The partner whose key this is (active or not: the caller tells 401 from 403), or None."""
    if not key:
        return None
    return session.scalar(sa.select(Partner).where(Partner.api_key_hash == hash_api_key(key)))


def partner_by_slug(session: DbSession, slug: str | None) -> Partner | None:
    """The active partner behind a button link (?p=<slug>), or None for unknown or inactive."""
    # A NUL cannot be compared in PostgreSQL (an error, not "no match"); no slug has one.
    if not slug or len(slug) > 40 or "\x00" in slug:
        return None
    return session.scalar(
        sa.select(Partner).where(Partner.slug == slug, Partner.active.is_(True))
    )


def partner_region(session: DbSession, partner: Partner) -> Region:
    return session.get(Region, partner.region_id)


def region_partners(session: DbSession, region: Region) -> list[Partner]:
    return list(session.scalars(
        sa.select(Partner).where(Partner.region_id == region.id)
        .order_by(Partner.active.desc(), Partner.name, Partner.id)
    ))


# The button: a plain link with inline styles, so it works on any page without our CSS or any
# script, and cannot break the partner's own layout. Colours give 7:1 contrast (WCAG AAA).
BUTTON_STYLE = (
    "display:inline-block;padding:12px 20px;background:#1f5f4a;color:#ffffff;"
    "font:600 18px/1.2 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "text-decoration:none;border-radius:6px;border:2px solid #1f5f4a"
)


def button_url(base_url: str, partner: Partner, lang: str) -> str:
    return f"{base_url.rstrip('/')}/{lang}/?p={partner.slug}"


def button_label(lang: str) -> str:
    """The button's words in a public language: the service's name as the form shows it."""
    with in_language(lang):
        return _("Ask for help")


def button_snippet(base_url: str, partner: Partner, lang: str) -> str:
    """The copy-paste HTML for the partner's button in one public language."""
    shown = public_languages.language(lang)
    return (
        f'<a href="{escape(button_url(base_url, partner, lang))}" lang="{shown.tag}" '
        f'dir="{shown.direction}" style="{BUTTON_STYLE}">{escape(button_label(lang))}</a>'
    )
