"""Reference data: the counties, their municipalities, postal codes and the default topics.

Loaded from the CSV/YAML files in `data/`; running it again changes nothing unless the files did.
"""
import csv
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
import yaml

from helpbutton.dbtypes import DbSession
from helpbutton.models import LanguageStatus, Municipality, PostalCode, Region, Topic
from helpbutton.models.region import ALAND_CODE  # noqa: F401 (Åland's code, re-exported)
from helpbutton.refdata.upsert import sync_rows

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class UnknownRegion(ValueError):
    pass


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _read_yaml(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return yaml.safe_load(f)




def _counties() -> dict[str, dict[str, str]]:
    """data/counties.csv by short Finnish name ("Varsinais-Suomi")."""
    return {row["name_fi"]: row for row in _read_csv("counties.csv")}


def county_slugs() -> list[str]:
    """Every county's slug (data/counties.csv): the only words a county's entry URL takes."""
    return [row["slug"] for row in _counties().values()]


def available_regions() -> list[str]:
    return list(_counties())


def load_all(session: DbSession) -> Counter:
    """Every county's reference data (and Åland's); running it again changes nothing."""
    changes: Counter = Counter()
    municipalities = _read_csv("municipalities.csv")
    postal_codes = _read_csv("postal_codes.csv")
    for name in available_regions():
        changes.update(load_region(session, name, municipalities, postal_codes))
    return changes


def load_region(session: DbSession, region_name: str = "Varsinais-Suomi",
                municipalities: list[dict[str, str]] | None = None,
                postal_codes: list[dict[str, str]] | None = None) -> Counter:
    """Load one county's reference data; returns counts of created/updated rows by kind. A
    county loaded here is not in service until the operator starts it (it keeps whatever it
    had when loaded again)."""
    counties = _counties()
    if region_name not in counties:
        raise UnknownRegion(region_name)
    county = counties[region_name]
    rows = [r for r in municipalities or _read_csv("municipalities.csv")
            if r["wellbeing_county"] == county["official_fi"]]
    changes: Counter = Counter()

    code = county["code"]
    region = sync_rows(session, Region, "code", {code: {
        "slug": county["slug"],
        **{f"name_{lang}": county[f"name_{lang}"] for lang in ("fi", "sv", "en")},
        **{f"official_name_{lang}": county[f"official_{lang}"] for lang in ("fi", "sv", "en")},
    }}, changes, "region")[code]
    session.flush()

    sync_rows(session, Municipality, "code", {
        row["code"]: {
            "region_id": region.id,
            "name_fi": row["name_fi"],
            "name_sv": row["name_sv"],
            "language_status": LanguageStatus(row["language"]),
        }
        for row in rows
    }, changes, "municipality")
    session.flush()

    codes = {row["code"] for row in rows}
    sync_rows(session, PostalCode, "code", {
        row["postal_code"]: {
            "municipality_code": row["municipality_code"],
            "name_fi": row["name_fi"].title(),
            "name_sv": row["name_sv"].title(),
        }
        for row in postal_codes or _read_csv("postal_codes.csv")
        if row["municipality_code"] in codes
    }, changes, "postal code")

    # Topics are edited in the app later: only create missing ones, never overwrite.
    existing_topics = set(session.scalars(
        sa.select(Topic.code).where(Topic.region_id == region.id)))
    for position, topic in enumerate(_read_yaml("topics.yaml"), start=1):
        if topic["code"] in existing_topics:
            continue
        values = {"position": position * 10}
        for lang in ("fi", "sv", "en"):
            values[f"label_{lang}"] = topic[lang]["label"]
            values[f"help_{lang}"] = topic[lang]["help"]
            values[f"notice_{lang}"] = topic[lang].get("notice")
        session.add(Topic(region_id=region.id, code=topic["code"], **values))
        changes["topic created"] += 1
    session.flush()
    return changes


def add_topic_languages(session: DbSession, region_id: int) -> int:
    """The default topics' texts in the other public languages (data/topics_languages.yaml,
    machine-produced, so given by the demo only): given to a topic still named as by
    default, in the languages it has no text of its own in; never over an administrator's
    text. Returns the topics changed."""
    others = _read_yaml("topics_languages.yaml")
    defaults = {topic["code"]: topic["fi"]["label"] for topic in _read_yaml("topics.yaml")}
    changed = 0
    for topic in session.scalars(sa.select(Topic).where(Topic.region_id == region_id)):
        given = others.get(topic.code)
        if not given or topic.label_fi != defaults.get(topic.code):
            continue
        texts = {field: dict(values) for field, values in (topic.texts or {}).items()}
        for lang, fields in given.items():
            for field, text in fields.items():
                texts.setdefault(field, {}).setdefault(lang, text)
        if texts != (topic.texts or {}):
            topic.texts = texts
            changed += 1
    session.flush()
    return changed
