"""Reference data: a region, its municipalities, postal codes and the default topics.

Loaded from the CSV/YAML files in `data/`; running it again changes nothing unless the files did.
"""
import csv
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
import yaml

from helpbutton.dbtypes import DbSession
from helpbutton.models import LanguageStatus, Municipality, PostalCode, Region, Topic
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


def available_regions() -> list[str]:
    return list(_read_yaml("regions.yaml"))


def load_region(session: DbSession, region_name: str = "Varsinais-Suomi") -> Counter:
    """Load one region's reference data; returns counts of created/updated rows by kind."""
    regions = _read_yaml("regions.yaml")
    if region_name not in regions:
        raise UnknownRegion(region_name)
    settings = regions[region_name]
    rows = [r for r in _read_csv("municipalities.csv") if r["region"] == region_name]
    changes: Counter = Counter()

    code = rows[0]["region_code"]
    region = sync_rows(session, Region, "code", {code: {
        "name_fi": region_name, "name_sv": settings["name_sv"], "name_en": settings["name_en"],
    }}, changes, "region")[code]
    if changes["region created"]:
        region.promise_working_days = settings["promise_working_days"]
        region.retention_days = settings["retention_days"]
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
        for row in _read_csv("postal_codes.csv")
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
