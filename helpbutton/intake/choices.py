"""What the form offers (every county's municipalities, the serving counties' topics), as
plain values cached for a short while.

Plain values, not database rows, so that the form can be shown again with everything the family
typed even when the database has just become unavailable (the submit then answers 503).

The public entry serves every county at once (`Entry`): the family's municipality (chosen, or
found from its postal code) decides the county, and with it the routing, promise, retention,
topics and emergency numbers. `SINGLE_COUNTY` (a county's slug or code) limits the entry to one
county: then no other county's municipalities are offered at all.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from helpbutton.content_languages.rules import Shown, pick, swedish_first, texts_of
from helpbutton.emergency import CountyEmergency, SocialEmergency, social_emergency
from helpbutton.intake.operations import RegionNotConfigured
from helpbutton.models import Municipality, Region, Topic

TTL_SECONDS = 60  # an administrator's change to topics shows within a minute


@dataclass(frozen=True)
class MunicipalityChoice:
    code: str
    name_fi: str
    name_sv: str
    social_emergency_phone: str | None
    # Swedish-majority: an administrator's text missing in the family's language is shown
    # in Swedish rather than in Finnish (helpbutton/content_languages/rules.py).
    swedish_first: bool = False

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi


@dataclass(frozen=True)
class TopicChoice:
    """A topic's texts in every public language it has ({language: text})."""

    code: str
    labels: dict
    helps: dict
    notices: dict

    def shown(self, field: str, lang: str, sv_first: bool = False) -> Shown:
        """The text in `lang`, or its fallback (marked on the page with its own `lang`)."""
        texts = {"label": self.labels, "help": self.helps, "notice": self.notices}[field]
        return pick(texts, lang, sv_first)

    def label(self, lang: str, sv_first: bool = False) -> str:
        return self.shown("label", lang, sv_first).text or self.labels.get("fi") or self.code

    def help(self, lang: str, sv_first: bool = False) -> str:
        return self.shown("help", lang, sv_first).text or ""

    def notice(self, lang: str, sv_first: bool = False) -> str | None:
        return self.shown("notice", lang, sv_first).text


@dataclass(frozen=True)
class FormChoices:
    region_id: int
    region_names: dict
    promise_working_days: int
    urgent_promise_working_days: int
    retention_days: int
    municipalities: tuple[MunicipalityChoice, ...]
    topics: tuple[TopicChoice, ...]
    emergency: CountyEmergency = CountyEmergency()

    def social_emergency(self, municipality: MunicipalityChoice | None,
                         lang: str) -> SocialEmergency:
        """The social emergency service the page names (helpbutton/emergency.py)."""
        return social_emergency(self.emergency, municipality, lang)
    code: str = ""
    slug: str = ""
    # The county uses the service (and is not Åland): otherwise its families are shown where
    # to turn and nothing is stored.
    in_service: bool = True
    where_to_turn_texts: tuple[tuple[str, str | None], ...] = ()
    where_to_turn_phone: str | None = None

    def where_to_turn_shown(self, lang: str, sv_first: bool = False) -> Shown:
        return pick(dict(self.where_to_turn_texts), lang, sv_first)

    def where_to_turn(self, lang: str, sv_first: bool = False) -> str | None:
        return self.where_to_turn_shown(lang, sv_first).text

    def region_name(self, lang: str) -> str:
        return self.region_names.get(lang) or self.region_names["fi"]

    def municipality(self, code: str | None) -> MunicipalityChoice | None:
        return next((m for m in self.municipalities if m.code == code), None)

    def topic(self, code: str | None) -> TopicChoice | None:
        return next((t for t in self.topics if t.code == code), None)


@dataclass(frozen=True)
class Entry:
    """What a public entry offers: counties (by code), each with its municipalities; the
    national entry has every county, a county's own entry (/fi/<slug>/) only that one."""

    counties: tuple[FormChoices, ...]

    def by_slug(self, slug: str | None) -> FormChoices | None:
        return next((c for c in self.counties if c.slug == slug), None)

    def by_region_id(self, region_id: int | None) -> FormChoices | None:
        return next((c for c in self.counties if c.region_id == region_id), None)

    def county_of(self, municipality_code: str | None) -> FormChoices | None:
        if not municipality_code:
            return None
        return next((c for c in self.counties if c.municipality(municipality_code)), None)

    def municipality(self, code: str | None) -> MunicipalityChoice | None:
        county = self.county_of(code)
        return county.municipality(code) if county else None

    def only(self, county: FormChoices) -> Entry:
        return Entry((county,))

    def first_serving(self) -> FormChoices | None:
        """The county whose topics and promise a page shows before the family's municipality
        is known: the only one of a county's entry, else the first county in service."""
        if len(self.counties) == 1:
            return self.counties[0]
        return next((c for c in self.counties if c.in_service), None)

    def social_emergency(self, municipality: MunicipalityChoice | None,
                         lang: str) -> SocialEmergency | None:
        """The social emergency service a page names: the municipality's county's; before a
        municipality is known, a county entry's own; on the national entry none (the layout
        then gives the national guidance, 112, without naming a county)."""
        county = (self.county_of(municipality.code) if municipality
                  else self.counties[0] if len(self.counties) == 1 else None)
        return county.social_emergency(municipality, lang) if county else None

    def groups(self, lang: str):
        """(county name, municipalities sorted by name) per county, sorted by county name."""
        return [(c.region_name(lang), sorted(c.municipalities, key=lambda m: m.name(lang)))
                for c in sorted(self.counties, key=lambda c: c.region_name(lang))
                if c.municipalities]


def _single_county(regions, setting: str | None):
    if not setting:
        return regions
    return [r for r in regions if setting in (r.slug, r.code)]


def _load(session) -> Entry:
    regions = _single_county(
        session.scalars(sa.select(Region).order_by(Region.code)).all(),
        current_app.config.get("SINGLE_COUNTY"))
    ids = [r.id for r in regions]
    municipalities: dict[int, list] = {i: [] for i in ids}
    for m in session.scalars(sa.select(Municipality).where(
            Municipality.region_id.in_(ids), Municipality.active)):
        municipalities[m.region_id].append(m)
    serving = [r.id for r in regions if _serves(r)]
    topics: dict[int, list] = {i: [] for i in ids}
    for t in session.scalars(sa.select(Topic).where(Topic.region_id.in_(serving), Topic.active)
                             .order_by(Topic.position, Topic.id)):
        topics[t.region_id].append(t)
    return Entry(tuple(_choices(r, municipalities[r.id], topics[r.id]) for r in regions))


def _serves(region: Region) -> bool:
    return region.serves


def choices_of_region(session, region) -> FormChoices:
    """The form's choices in one region, read now (the record form of a worker, whose region
    need not be the public form's)."""
    municipalities = session.scalars(
        sa.select(Municipality).where(Municipality.region_id == region.id, Municipality.active)
    ).all()
    topics = session.scalars(
        sa.select(Topic).where(Topic.region_id == region.id, Topic.active)
        .order_by(Topic.position, Topic.id)
    ).all()
    return _choices(region, municipalities, topics)


def _choices(region, municipalities, topics) -> FormChoices:
    langs = ("fi", "sv", "en")
    return FormChoices(
        region_id=region.id,
        region_names={lang: region.name(lang) for lang in langs},
        promise_working_days=region.promise_working_days,
        urgent_promise_working_days=region.urgent_promise_working_days,
        retention_days=region.retention_days,
        municipalities=tuple(
            MunicipalityChoice(m.code, m.name_fi, m.name_sv, m.social_emergency_phone,
                               swedish_first(m.language_status))
            for m in municipalities
        ),
        topics=tuple(
            TopicChoice(t.code, texts_of(t, "label"), texts_of(t, "help"), texts_of(t, "notice"))
            for t in topics
        ),
        emergency=CountyEmergency.of(region),
        code=region.code,
        slug=region.slug,
        in_service=_serves(region),
        where_to_turn_texts=tuple(texts_of(region, "where_to_turn").items()),
        where_to_turn_phone=region.where_to_turn_phone,
    )


def form_choices(session, *, fresh: bool = False) -> Entry:
    """The current choices; raises the database's error when it cannot be read and none cached."""
    cache = current_app.extensions.setdefault("public_form_choices", {})
    cached = cache.get("value")
    if cached and not fresh and time.monotonic() - cache["at"] < TTL_SECONDS:
        return cached
    value = _load(session)
    if not value.counties:
        raise RegionNotConfigured(current_app.config.get("SINGLE_COUNTY") or "")
    cache.update(value=value, at=time.monotonic())
    return value


def last_known_choices() -> Entry | None:
    """Whatever was loaded last, however old: for answering while the database is away."""
    return current_app.extensions.get("public_form_choices", {}).get("value")
