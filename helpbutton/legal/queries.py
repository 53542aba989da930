"""What a county's legal texts say, and which of them are still missing.

Nothing is invented: a missing contact is left out of the public page (the controller is always
named, from the county's official name) and listed on the administrator's home.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from helpbutton.content_languages.rules import Shown
from helpbutton.dbtypes import DbSession
from helpbutton.models import LegalTexts, Region

# The data-protection supervisory authority (a fact: the GDPR's Finnish supervisor).
DATA_PROTECTION_AUTHORITY = {
    "fi": "Tietosuojavaltuutetun toimisto",
    "sv": "Dataombudsmannens byrå",
    "en": "Office of the Data Protection Ombudsman",
}
DATA_PROTECTION_AUTHORITY_URL = {
    "fi": "https://tietosuoja.fi",
    "sv": "https://tietosuoja.fi/sv",
    "en": "https://tietosuoja.fi/en",
}
# The supervising authority of the Act on the Provision of Digital Services (306/2019): see
# docs/legal.md for what this default relies on. A county may correct it on its page.
ACCESSIBILITY_AUTHORITY = {
    "fi": "Liikenne- ja viestintävirasto Traficom (saavutettavuusvalvonta)",
    "sv": "Transport- och kommunikationsverket Traficom (tillsynen över tillgänglighet)",
    "en": "Finnish Transport and Communications Agency Traficom (accessibility supervision)",
}
ACCESSIBILITY_AUTHORITY_URL = "https://www.saavutettavuusvaatimukset.fi"
AUTHORITY_LANGUAGES = ("fi", "sv", "en")  # the languages the authorities' names exist in


def authority_language(lang: str) -> str:
    """The language an authority's official name is shown in: the page's where it has one
    (plain-language Finnish reads the Finnish), else English (its site's third language)."""
    lang = "fi" if lang == "selko" else lang
    return lang if lang in AUTHORITY_LANGUAGES else "en"

LANGUAGE_NAMES = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str
    address: str
    url: str = ""

    def __bool__(self) -> bool:
        return bool(self.email or self.phone or self.address or self.url)


@dataclass(frozen=True)
class CountyTexts:
    """What one county's privacy notice and accessibility statement show, in one language."""

    region: Region
    controller: str
    dpo: Contact  # falsy: no contact entered, the notice names the controller only
    feedback: Contact  # falsy: no feedback contact entered
    authority_name: str
    authority_url: str
    is_example: bool
    # The same names with the language each is in (a fallback is marked on the page).
    dpo_shown: Shown | None = None
    authority_shown: Shown | None = None


def texts_of(session: DbSession, region_id: int) -> LegalTexts | None:
    return session.scalar(sa.select(LegalTexts).where(LegalTexts.region_id == region_id))


def county_texts(session: DbSession, region: Region, lang: str) -> CountyTexts:
    stored = texts_of(session, region.id)
    if stored is None:
        stored = LegalTexts(region_id=region.id)
    dpo = stored.text("dpo_name", lang)
    authority = stored.text("authority_name", lang)
    if not authority.text:  # the default: in the page's language, else English
        shown = authority_language(lang)
        authority = Shown(ACCESSIBILITY_AUTHORITY[shown], shown, shown != lang)
    return CountyTexts(
        region=region, controller=region.official_name(lang),
        dpo=Contact(stored.dpo_name(lang) or "", stored.dpo_email or "", stored.dpo_phone or "",
                    stored.dpo_address or ""),
        feedback=Contact("", stored.feedback_email or "", stored.feedback_phone or "", "",
                         stored.feedback_url or ""),
        authority_name=authority.text or "",
        authority_url=stored.authority_url or ACCESSIBILITY_AUTHORITY_URL,
        is_example=bool(stored.is_example), dpo_shown=dpo, authority_shown=authority)


def counties_in_service(session: DbSession) -> list[Region]:
    return list(session.scalars(sa.select(Region).where(Region.serves)
                                .order_by(Region.name_fi)))


def county_by_slug(session: DbSession, slug: str) -> Region | None:
    """A county in service by its slug (None for others: their families' details are never
    stored, so they have no notice here)."""
    return session.scalar(sa.select(Region).where(Region.slug == slug,
                                                  Region.serves))


def missing(session: DbSession, region: Region) -> list[str]:
    """What the county's administrator has still to enter, as sentences for their home page."""
    stored = texts_of(session, region.id) or LegalTexts(region_id=region.id)
    found: list[str] = []
    if not (stored.dpo_email or stored.dpo_phone):
        found.append(str(_l("Privacy notice: the data-protection officer's email or phone")))
    if not stored.dpo_address:
        found.append(str(_l("Privacy notice: the data-protection officer's postal address")))
    for lang, language in LANGUAGE_NAMES.items():
        if not getattr(stored, f"dpo_name_{lang}"):
            found.append(str(_l("Privacy notice: the data-protection officer's name or title "
                                "in %(language)s", language=language)))
    if not (stored.feedback_email or stored.feedback_phone or stored.feedback_url):
        found.append(str(_l("Accessibility statement: the feedback contact (email, phone or "
                            "form)")))
    return found
