"""What the form offers (municipalities, topics), as plain values cached for a short while.

Plain values, not database rows, so that the form can be shown again with everything the family
typed even when the database has just become unavailable (the submit then answers 503).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from helpbutton.emergency import CountyEmergency, SocialEmergency, social_emergency
from helpbutton.intake.operations import current_region
from helpbutton.models import Municipality, Topic

TTL_SECONDS = 60  # an administrator's change to topics shows within a minute


@dataclass(frozen=True)
class MunicipalityChoice:
    code: str
    name_fi: str
    name_sv: str
    social_emergency_phone: str | None

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi


@dataclass(frozen=True)
class TopicChoice:
    code: str
    labels: dict
    helps: dict
    notices: dict

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels["fi"]

    def help(self, lang: str) -> str:
        return self.helps.get(lang) or self.helps["fi"]

    def notice(self, lang: str) -> str | None:
        return self.notices.get(lang) or self.notices.get("fi")


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

    def region_name(self, lang: str) -> str:
        return self.region_names.get(lang) or self.region_names["fi"]

    def municipality(self, code: str | None) -> MunicipalityChoice | None:
        return next((m for m in self.municipalities if m.code == code), None)

    def topic(self, code: str | None) -> TopicChoice | None:
        return next((t for t in self.topics if t.code == code), None)


def _load(session) -> FormChoices:
    return choices_of_region(session, current_region(session))


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
    langs = ("fi", "sv", "en")
    return FormChoices(
        region_id=region.id,
        region_names={lang: region.name(lang) for lang in langs},
        promise_working_days=region.promise_working_days,
        urgent_promise_working_days=region.urgent_promise_working_days,
        retention_days=region.retention_days,
        municipalities=tuple(
            MunicipalityChoice(m.code, m.name_fi, m.name_sv, m.social_emergency_phone)
            for m in municipalities
        ),
        topics=tuple(
            TopicChoice(
                t.code,
                {lang: getattr(t, f"label_{lang}") for lang in langs},
                {lang: getattr(t, f"help_{lang}") for lang in langs},
                {lang: getattr(t, f"notice_{lang}") for lang in langs},
            )
            for t in topics
        ),
        emergency=CountyEmergency.of(region),
    )


def form_choices(session, *, fresh: bool = False) -> FormChoices:
    """The current choices; raises the database's error when it cannot be read and none cached."""
    cache = current_app.extensions.setdefault("public_form_choices", {})
    cached = cache.get("value")
    if cached and not fresh and time.monotonic() - cache["at"] < TTL_SECONDS:
        return cached
    value = _load(session)
    cache.update(value=value, at=time.monotonic())
    return value


def last_known_choices() -> FormChoices | None:
    """Whatever was loaded last, however old: for answering while the database is away."""
    return current_app.extensions.get("public_form_choices", {}).get("value")
