"""The social emergency service (sosiaalipäivystys) a public page or mail names: one rule.

A number a family may call in a crisis is never invented. What applies to a municipality:
its own number (`Municipality.social_emergency_phone`) if it has one, else its county's
(`Region.social_emergency_phone`, with the name the county gives the service), else none, and
the page gives the national guidance: 112, and the county's social emergency service by the
county's name. A number marked as an example (the demo's) is always shown as one.

Plain values, no Flask and no database: the public form keeps them in its cached choices.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from helpbutton.contact_details import normalize_phone
from helpbutton.content_languages.rules import Shown, pick, swedish_first, texts_of

LANGS = ("fi", "sv", "en")


class _Named(Protocol):
    @property
    def social_emergency_phone(self) -> str | None: ...

    def name(self, lang: str) -> str: ...


@dataclass(frozen=True)
class CountyEmergency:
    """A county's own number and names, as plain values."""

    county_names: dict = field(default_factory=dict)  # lang → the official name
    phone: str | None = None
    # lang → the county's name for it, in every public language it has
    service_names: dict = field(default_factory=dict)
    example: bool = False

    @classmethod
    def of(cls, region) -> CountyEmergency:
        return cls(county_names={lang: region.official_name(lang) for lang in LANGS},
                   phone=region.social_emergency_phone or None,
                   service_names=texts_of(region, "social_emergency_name"),
                   example=bool(region.social_emergency_example))

    def county(self, lang: str) -> str:
        return self.county_names.get(lang) or self.county_names.get("fi") or ""


@dataclass(frozen=True)
class SocialEmergency:
    """What to tell a family: `phone` None means the national guidance (112 and the county's
    service by `county`'s name). `municipality` is set when the municipality's own number
    applies; `service` is the county's name for its service when the county's does."""

    county: str
    phone: str | None = None
    service: str | None = None
    municipality: str | None = None
    example: bool = False
    # The language `service` is written in, when it is not the page's (a fallback).
    service_language: str | None = None

    @property
    def service_shown(self) -> Shown:
        """The service's name, with the language it is in when a fallback (for `lang=`)."""
        return Shown(self.service, self.service_language or "", bool(self.service_language))

    @property
    def tel(self) -> str:
        """The number for a tel: link (E.164), or its digits when it does not parse."""
        phone = self.phone or ""
        return normalize_phone(phone) or "".join(c for c in phone if c.isdigit() or c == "+")


def social_emergency(county: CountyEmergency, municipality: _Named | None,
                     lang: str) -> SocialEmergency:
    own = municipality.social_emergency_phone if municipality is not None else None
    if own:
        return SocialEmergency(county.county(lang), own, municipality=municipality.name(lang))
    if county.phone:
        shown = pick(county.service_names, lang, _swedish_first(municipality))
        return SocialEmergency(county.county(lang), county.phone, service=shown.text,
                               example=county.example,
                               service_language=shown.language if shown.fallback else None)
    return SocialEmergency(county.county(lang))


def _swedish_first(municipality) -> bool:
    """A Swedish-majority municipality (a form's choice, or a stored one)."""
    if municipality is None:
        return False
    if hasattr(municipality, "swedish_first"):
        return bool(municipality.swedish_first)
    return swedish_first(getattr(municipality, "language_status", None))


def county_number(region) -> bool:
    """Whether the county has a number of its own (the demo's example is none)."""
    return bool(region.social_emergency_phone) and not region.social_emergency_example


def applies(region, municipality) -> bool:
    """Whether a number that is in use applies to the municipality: its own, or its county's
    (an example does not). Without one, its administrators are told (triage/counts.py)."""
    return bool(municipality.social_emergency_phone) or county_number(region)
