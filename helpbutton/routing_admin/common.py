"""Small helpers shared by the admin views: problems onto forms, names, today's date."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import flash

from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.models import Centre, Municipality, Region, RoutingRule, Topic
from helpbutton.routing_admin.messages import problem_text
from helpbutton.routing_admin.validation import Problem
from helpbutton.triage.explain import Names

HELSINKI = ZoneInfo("Europe/Helsinki")


def today() -> date:
    return datetime.now(timezone.utc).astimezone(HELSINKI).date()


def show_problems(form, problems: list[Problem], aliases: dict[str, str] | None = None) -> None:
    """Each problem under its field (a problem without a field is flashed)."""
    for problem in problems:
        name = (aliases or {}).get(problem.field, problem.field)
        field = getattr(form, name, None) if name else None
        if field is None:
            flash(problem_text(problem), "error")
            continue
        field.errors = [*field.errors, problem_text(problem)]


def override_reason() -> str | None:
    """The region administrator's reason for taking away service in a language (if given)."""
    from flask import request

    return (request.form.get("override_reason") or "").strip() or None


def asks_reason(region_admin: bool, problems=(), result=None) -> bool:
    """Whether the page asks the region's administrator for a reason to confirm a change
    that takes away service in a language (nobody else can confirm one)."""
    return region_admin and (any(p.code == "language_service_lost" for p in problems)
                             or bool(getattr(result, "language_losses", None)))


class Lookups:
    """Names of the region's centres, rules, topics and municipalities in the user's language."""

    def __init__(self, region: Region):
        lang = current_language()
        self.lang = lang
        self.extra_centres: dict[int, str] = {}  # centres not yet saved (an import's check)
        self.centres = {c.id: c for c in db.session.scalars(
            sa.select(Centre).where(Centre.region_id == region.id))}
        self.topics = {t.code: t for t in db.session.scalars(
            sa.select(Topic).where(Topic.region_id == region.id))}
        self.rules = {r.id: r for r in db.session.scalars(
            sa.select(RoutingRule).where(RoutingRule.region_id == region.id))}
        self.municipalities = {m.code: m for m in db.session.scalars(
            sa.select(Municipality).where(Municipality.region_id == region.id))}

    def centre(self, centre_id) -> str:
        centre = self.centres.get(centre_id)
        if centre is None:
            return self.extra_centres.get(centre_id, str(centre_id))
        return centre.name(self.lang)

    def topic(self, code) -> str:
        topic = self.topics.get(code)
        return topic.label(self.lang) if topic else str(code)

    def rule(self, rule_id) -> str:
        from flask_babel import gettext as _

        if rule_id is None or rule_id == -1:
            return _("The new rule")
        if rule_id < -1000:
            return _("Rule %(number)d", number=-1000 - rule_id)
        rule = self.rules.get(rule_id)
        if rule is not None and rule.name:
            return _("Rule \"%(name)s\"", name=rule.name)
        return _("Rule %(id)s", id=rule_id)

    def municipality(self, code) -> str:
        m = self.municipalities.get(code)
        return m.name(self.lang) if m else str(code)

    def names(self) -> Names:
        return Names(centre=self.centre, municipality=self.municipality, rule=self.rule,
                     topic=self.topic)


def history_context() -> dict:
    from flask_babel import lazy_gettext as _l

    return {
        "helsinki": HELSINKI,
        "entity_labels": {"rule": _l("Rule"), "centre": _l("Centre"),
                          "municipality": _l("Municipality settings"), "topic": _l("Topic"),
                          "region": _l("Region settings"), "import": _l("Import")},
        "action_labels": {"created": _l("added"), "changed": _l("changed"), "moved": _l("moved"),
                          "activated": _l("taken into use"),
                          "deactivated": _l("taken out of use"), "imported": _l("imported")},
    }
