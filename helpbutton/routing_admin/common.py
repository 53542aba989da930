"""Small helpers shared by the admin views: problems onto forms, names, today's date."""
from datetime import date

from flask import flash, request
from flask_babel import lazy_gettext as _l

from helpbutton import local_time
from helpbutton.extensions import db
from helpbutton.i18n import current_language
from helpbutton.models import Region
from helpbutton.names import NameLookup
from helpbutton.routing_admin.change_text import change_lines
from helpbutton.routing_admin.messages import problem_text
from helpbutton.routing_admin.validation import Problem


def today() -> date:
    return local_time.today()


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
    return (request.form.get("override_reason") or "").strip() or None


def asks_reason(region_admin: bool, problems=(), result=None) -> bool:
    """Whether the page asks the region's administrator for a reason to confirm a change
    that takes away service in a language (nobody else can confirm one)."""
    return region_admin and (any(p.code == "language_service_lost" for p in problems)
                             or bool(getattr(result, "language_losses", None)))


class Lookups(NameLookup):
    """The names of the region's centres, rules, topics and municipalities in the user's
    language, for the configuration pages."""

    def __init__(self, region: Region):
        super().__init__(db.session, region.id, current_language())


def history_context() -> dict:
    return {
        "change_lines": change_lines,
        "entity_labels": {"rule": _l("Rule"), "centre": _l("Centre"),
                          "municipality": _l("Municipality settings"), "topic": _l("Topic"),
                          "region": _l("Region settings"), "import": _l("Import")},
        "action_labels": {"created": _l("added"), "changed": _l("changed"), "moved": _l("moved"),
                          "activated": _l("taken into use"),
                          "deactivated": _l("taken out of use"), "imported": _l("imported")},
    }
