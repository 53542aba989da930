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
    service_names: dict = field(default_factory=dict)  # lang → the county's name for it
    example: bool = False

    @classmethod
    def of(cls, region) -> CountyEmergency:
        return cls(county_names={lang: region.official_name(lang) for lang in LANGS},
                   phone=region.social_emergency_phone or None,
                   service_names={lang: region.social_emergency_name(lang) or ""
                                  for lang in LANGS},
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
        service = county.service_names.get(lang) or county.service_names.get("fi") or None
        return SocialEmergency(county.county(lang), county.phone, service=service,
                               example=county.example)
    return SocialEmergency(county.county(lang))


def county_number(region) -> bool:
    """Whether the county has a number of its own (the demo's example is none)."""
    return bool(region.social_emergency_phone) and not region.social_emergency_example


def applies(region, municipality) -> bool:
    """Whether a number that is in use applies to the municipality: its own, or its county's
    (an example does not). Without one, its administrators are told (triage/counts.py)."""
    return bool(municipality.social_emergency_phone) or county_number(region)
