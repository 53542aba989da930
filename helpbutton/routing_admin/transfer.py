"""Export and import of a municipality's routing configuration as a readable YAML file.

The file holds the centres the municipality hosts, its default centre and social emergency
number, and its rules in order. Centres are referred to by a stable key, their notification
email (`key` may name another), so that a rule may also point at a centre another municipality
or the region hosts. An import is checked whole with the same rules as the forms before
anything is written, then applied in the caller's transaction: all or nothing. Hosted centres
missing from the file are left as they are; the rules are replaced (existing rules keep their
ids, in order, so that the history still follows them).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from helpbutton import routing as engine
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, Municipality, RoutingRule
from helpbutton.routing_admin import checks, history, operations, store
from helpbutton.routing_admin.validation import (
    CentreDraft,
    CentreFacts,
    Invalid,
    Problem,
    RuleDraft,
    Scope,
    validate_centre,
    validate_default_centre,
    validate_phone,
    validate_rule,
)

FORMAT = "pyyda-apua/routing-config"
VERSION = 1
TOP_KEYS = {"format", "version", "municipality", "municipality_name", "social_emergency_phone",
            "default_centre", "centres", "rules"}
CENTRE_KEYS = {"key", "name_fi", "name_sv", "name_en", "languages", "serves",
               "notification_email", "phone", "hours_fi", "hours_sv", "hours_en", "active"}
RULE_KEYS = {"name", "target_centre", "active", "topics", "min_age", "max_age", "languages",
             "postal_codes", "channels", "urgent", "interpreter", "valid_from", "valid_until"}


@dataclass(frozen=True)
class ImportProblem:
    """A problem and where: the file itself, the n-th centre or the n-th rule (from 1)."""

    where: str  # "file", "centre", "rule"
    problem: Problem
    index: int | None = None
    label: str = ""  # the rule's name or the centre's key


class ImportRejected(ValueError):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportSummary:
    centres_created: int = 0
    centres_changed: int = 0
    rules_before: int = 0
    rules_after: int = 0
    changes: dict[str, Any] = field(default_factory=dict)


# --- export ---------------------------------------------------------------------------------

def export_config(session: DbSession, actor: operations.Actor, code: str) -> dict[str, Any]:
    municipality = session.get(Municipality, code)
    region = actor.region
    centres = [c for c in store.region_centres(session, region) if c.host_municipality_code == code]
    rules = store.municipality_rules(session, region, code)
    return {
        "format": FORMAT,
        "version": VERSION,
        "municipality": code,
        "municipality_name": municipality.name_fi,
        "social_emergency_phone": municipality.social_emergency_phone,
        "default_centre": municipality.default_centre.notification_email
        if municipality.default_centre else None,
        "centres": [_centre_out(c) for c in centres],
        "rules": [_rule_out(r) for r in rules],
    }


def _centre_out(centre: Centre) -> dict[str, Any]:
    data = {"key": centre.notification_email}
    data.update(operations.centre_snapshot(centre))
    return data


def _rule_out(rule: RoutingRule) -> dict[str, Any]:
    data = history.snapshot(rule, store.RULE_FIELDS)
    del data["target_centre_id"]
    return {"name": data.pop("name"), "target_centre": rule.target_centre.notification_email,
            **data}


def dump_yaml(data: dict[str, Any]) -> str:
    header = ("# Routing configuration of a municipality (Pyydä apua). Centres are referred to\n"
              "# by their key (the notification email). Edit and import it again.\n"
              "# A rule's languages: fi, sv, en or a family's interpreter language (ar, so, ...);\n"
              "# its interpreter: true (only requests needing one), false (none) or null.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- reading and checking -------------------------------------------------------------------

def load_yaml(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise ImportRejected([ImportProblem("file", Problem("yaml_syntax", None,
                                                            {"line": line}))]) from None
    if not isinstance(data, dict):
        raise ImportRejected([ImportProblem("file", Problem("not_a_config"))])
    return data


class _Reader:
    """Typed access to one mapping of the file, collecting problems instead of failing."""

    def __init__(self, data: dict, allowed: set[str], problems: list[Problem]):
        self.data, self.problems = data, problems
        for key in sorted(set(map(str, data)) - allowed):
            problems.append(Problem("unknown_key", key, {"key": key}))

    def _bad(self, key: str) -> None:
        self.problems.append(Problem("wrong_type", key, {"key": key}))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.problems.append(Problem("required", key, {"key": key}))
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self._bad(key)
            return None
        return str(value).strip()

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or any(isinstance(v, (bool, dict, list)) or v is None
                                              for v in value):
            self._bad(key)
            return []
        return [str(v).strip() for v in value]

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(key)
            return None
        return value

    def flag(self, key: str, default: bool | None) -> bool | None:
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, bool):
            self._bad(key)
            return default
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self._bad(key)
            return None


@dataclass
class _Plan:
    centres: list[tuple[str, CentreDraft, Centre | None]]
    default_key: str | None
    phone: str | None
    rules: list[tuple[RuleDraft, str | None]]  # draft (target id as planned), target key
    default_id: int | None = None  # as planned: a new centre has a negative id


def check_import(session: DbSession, actor: operations.Actor, code: str,
                 data: dict[str, Any]) -> _Plan:
    """Everything wrong with the file, or the plan to apply it (nothing is written)."""
    problems: list[ImportProblem] = []

    def file_problems(found: list[Problem]) -> None:
        problems.extend(ImportProblem("file", p) for p in found)

    top: list[Problem] = []
    reader = _Reader(data, TOP_KEYS, top)
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        top.append(Problem("wrong_format", "format", {"format": FORMAT, "version": VERSION}))
    if str(data.get("municipality")) != code:
        top.append(Problem("other_municipality", "municipality", {
            "got": str(data.get("municipality")), "expected": code}))
    phone = reader.text("social_emergency_phone")
    top += validate_phone(phone, "social_emergency_phone")
    default_key = reader.text("default_centre")
    centre_items, rule_items = data.get("centres") or [], data.get("rules") or []
    for key, items in (("centres", centre_items), ("rules", rule_items)):
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            top.append(Problem("wrong_type", key, {"key": key}))
    file_problems(top)
    if problems:
        raise ImportRejected(problems)

    region = actor.region
    scope = store.scope_for(session, region, code)
    hosted = {c.notification_email: c for c in store.region_centres(session, region)
              if c.host_municipality_code == code}
    centres = _read_centres(session, actor, centre_items, hosted, scope, problems)
    # Centres as they will be: the region's, with the file's versions of the hosted ones.
    facts = dict(scope.centres)
    resolved: dict[str, int] = {}
    by_email: dict[str, list[int]] = {}
    for centre_id, centre in scope.centres.items():
        by_email.setdefault(centre.email, []).append(centre_id)
    for number, (key, draft, existing) in enumerate(centres, start=1):
        centre_id = existing.id if existing is not None else -number
        facts[centre_id] = CentreFacts(centre_id, draft.name_fi, draft.active,
                                       frozenset(draft.serves), draft.notification_email,
                                       {"fi": draft.name_fi, "sv": draft.name_sv,
                                        "en": draft.name_en})
        resolved[key] = centre_id
    planned = dataclasses.replace(scope, centres=facts)

    def resolve(key: str | None) -> tuple[int | None, Problem | None]:
        if key is None:
            return None, None
        if key in resolved:
            return resolved[key], None
        found = by_email.get(key, [])
        if len(found) == 1:
            return found[0], None
        return None, Problem("unknown_centre_key" if not found else "ambiguous_centre_key",
                             None, {"key": key})

    default_id, problem = resolve(default_key)
    if problem is not None:
        file_problems([Problem(problem.code, "default_centre", problem.params)])
    elif default_id is not None:
        file_problems(validate_default_centre(default_id, planned))

    rules: list[tuple[RuleDraft, str | None]] = []
    for number, item in enumerate(rule_items if isinstance(rule_items, list) else [], start=1):
        found: list[Problem] = []
        r = _Reader(item, RULE_KEYS, found)
        target_key = r.text("target_centre", required=True)
        draft = RuleDraft(
            target_centre=None, name=r.text("name") or "", topics=r.strings("topics"),
            min_age=r.integer("min_age"), max_age=r.integer("max_age"),
            languages=r.strings("languages"), postal_codes=r.strings("postal_codes"),
            channels=r.strings("channels"), urgent=r.flag("urgent", None),
            interpreter=r.flag("interpreter", None), active=bool(r.flag("active", True)),
            valid_from=r.day("valid_from"), valid_until=r.day("valid_until"))
        target_id, problem = resolve(target_key)
        if problem is not None:
            found.append(Problem(problem.code, "target_centre", problem.params))
        elif target_key is not None:
            draft.target_centre = target_id
            found += validate_rule(draft, planned)
        else:
            found += [p for p in validate_rule(draft, planned) if p.field != "target_centre"]
        problems.extend(ImportProblem("rule", p, number, draft.name) for p in found)
        rules.append((draft, target_key))
    if problems:
        raise ImportRejected(problems)
    return _Plan(centres, default_key, phone, rules, default_id)


def _read_centres(session: DbSession, actor: operations.Actor, items: list,
                  hosted: dict[str, Centre], scope: Scope, problems: list[ImportProblem]):
    centres: list[tuple[str, CentreDraft, Centre | None]] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        found: list[Problem] = []
        r = _Reader(item, CENTRE_KEYS, found)
        email = r.text("notification_email", required=True) or ""
        key = r.text("key") or email
        if key in seen:
            found.append(Problem("duplicate_key", "key", {"key": key}))
        seen.add(key)
        draft = CentreDraft(
            name_fi=r.text("name_fi") or "", name_sv=r.text("name_sv") or "",
            name_en=r.text("name_en") or "", languages=r.strings("languages"),
            serves=r.strings("serves"), notification_email=email, phone=r.text("phone"),
            hours_fi=r.text("hours_fi"), hours_sv=r.text("hours_sv"),
            hours_en=r.text("hours_en"), active=bool(r.flag("active", True)))
        found += validate_centre(draft, scope)
        existing = hosted.get(key) or hosted.get(email)
        if existing is not None:
            found += operations.shared_centre_problems(actor, existing, draft) or \
                operations.default_still_served(session, existing, set(draft.serves))
        problems.extend(ImportProblem("centre", p, number, key) for p in found)
        centres.append((key, draft, hosted.get(key) or hosted.get(email)))
    return centres


def planned_config(session: DbSession, actor: operations.Actor, code: str,
                   plan: _Plan) -> engine.RoutingConfig:
    """The routing configuration as it would be after the import (to show what it changes).
    New centres have negative ids; rules keep the ids of the rules they would replace."""
    config = store.current_config(session, actor.region)
    centres = dict(config.centres)
    for number, (_key, draft, existing) in enumerate(plan.centres, start=1):
        centre_id = existing.id if existing is not None else -number
        centres[centre_id] = engine.Centre(centre_id, draft.active, frozenset(draft.serves),
                                           draft.name_fi)
    municipalities = dict(config.municipalities)
    municipalities[code] = engine.Municipality(code, plan.default_id)
    existing_rules = store.municipality_rules(session, actor.region, code)
    rules = [store.engine_rule(draft, existing_rules[n - 1].id if n <= len(existing_rules)
                               else -1000 - n, code, n * 10)
             for n, (draft, _key) in enumerate(plan.rules, start=1)]
    return dataclasses.replace(
        store.with_rules_of(config, code, rules), centres=centres, municipalities=municipalities)


def new_centre_names(plan: _Plan) -> dict[int, str]:
    return {-n: draft.name_fi for n, (_k, draft, existing) in enumerate(plan.centres, start=1)
            if existing is None}


# --- applying -------------------------------------------------------------------------------

def import_config(session: DbSession, actor: operations.Actor, code: str,
                  data: dict[str, Any], *, dry_run: bool = False,
                  override_reason: str | None = None) -> ImportSummary:
    """Check the whole file, then apply it (flushes; the caller commits or rolls back).
    Raises ImportRejected, with every problem found, before keeping anything: a dry run
    applies the file in a savepoint to check what it does to routing, then undoes it."""
    plan = check_import(session, actor, code, data)
    summary = ImportSummary(rules_after=len(plan.rules))
    existing_rules = store.municipality_rules(session, actor.region, code)
    summary.rules_before = len(existing_rules)
    touched = set().union(set(), *(operations.touched_by(c, d) for _k, d, c in plan.centres))
    leaving = frozenset(m.code for _k, d, c in plan.centres if c is not None
                        for m in c.municipalities if m.code not in d.serves)
    try:
        with checks.checked(session, actor.region, code, region_wide=actor.region_wide,
                            override_reason=override_reason, leaving=leaving,
                            dry_run=dry_run) as outcome:
            _apply(session, actor, code, plan, existing_rules, summary)
            outcome.touched = touched
    except Invalid as invalid:
        raise ImportRejected([ImportProblem("file", p) for p in invalid.problems]) from None
    if not dry_run:
        operations._changed(session, actor, code, "import", None, "imported", summary.changes,
                            outcome)
    return summary


def _apply(session: DbSession, actor: operations.Actor, code: str, plan: _Plan,
           existing_rules: list[RoutingRule], summary: ImportSummary) -> None:
    ids: dict[str, int] = {}
    for key, draft, existing in plan.centres:
        before = operations.centre_snapshot(existing) if existing is not None else None
        centre = existing or Centre(region_id=actor.region.id, host_municipality_code=code)
        if existing is None:
            session.add(centre)
            summary.centres_created += 1
        operations._apply_centre(session, centre, draft)
        session.flush()
        if before is not None and before != operations.centre_snapshot(centre):
            summary.centres_changed += 1
        ids[key] = centre.id

    def resolve(key: str | None) -> int | None:
        if key is None:
            return None
        if key in ids:
            return ids[key]
        return next(c.id for c in store.region_centres(session, actor.region)
                    if c.notification_email == key)

    municipality = session.get(Municipality, code)
    before = history.snapshot(municipality, ("default_centre_id", "social_emergency_phone"))
    municipality.default_centre_id = resolve(plan.default_key)
    municipality.social_emergency_phone = plan.phone
    for number, (rule_draft, target_key) in enumerate(plan.rules, start=1):
        rule_draft.target_centre = resolve(target_key)
        rule = existing_rules[number - 1] if number <= len(existing_rules) else None
        if rule is None:
            rule = RoutingRule(region_id=actor.region.id, municipality_code=code)
            session.add(rule)
        store.apply_draft(rule, rule_draft)
        rule.position = number * 10
    for rule in existing_rules[len(plan.rules):]:
        session.delete(rule)
    session.flush()
    after = history.snapshot(municipality, ("default_centre_id", "social_emergency_phone"))
    summary.changes = {
        "centres_created": [None, summary.centres_created],
        "centres_changed": [None, summary.centres_changed],
        "rules": [summary.rules_before, summary.rules_after],
        **history.diff(before, after),
    }

