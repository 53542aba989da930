"""The one home of the names shown for codes: languages, channels, yes and no; and the look-up
of centre, rule, municipality and topic names, in one language.

Staff pages never show a stored code ("sv", "web", True): they show the word from here, in the
page's language (tests/web/test_no_codes.py renders every staff and admin page to check it).
The configuration pages load the whole region's rows, a request's page only the rows its trace
and timeline mention (one query per kind); both read the names here, so a centre or a rule is
called the same on every page.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpbutton import interpreter_languages
from helpbutton.dbtypes import DbSession
from helpbutton.i18n import current_language
from helpbutton.models import Centre, Municipality, RoutingRule, Topic
from helpbutton.models.partner import CHANNEL_LABELS

# The languages of the service, by code: the word for each, in the page's language.
LANGUAGE_LABELS = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}


# Every language a rule or a request can name: the service's, then the interpreter languages.
LANGUAGE_ORDER = (*LANGUAGE_LABELS, *(c for c in interpreter_languages.INTERPRETER_LANGUAGES
                                      if c not in LANGUAGE_LABELS))


def language_name(code: Any) -> str:
    """"sv" → "ruotsi" on a Finnish page; an interpreter language by Babel's name in the
    page's language ("ar" → "arabia"); an unknown code shows as given (old data)."""
    if code is None or code == "":
        return "–"
    label = LANGUAGE_LABELS.get(str(code))
    if label is not None:
        return str(label)
    if str(code) in interpreter_languages.INTERPRETER_CODES:
        return interpreter_languages.name_in(str(code), current_language())
    return str(code)


def language_names(codes: Iterable[Any] | None) -> str:
    """Languages in the service's order (fi, sv, en, then the interpreter languages), not in
    the order they were stored."""
    order = list(LANGUAGE_ORDER)
    ordered = sorted(codes or (), key=lambda c: order.index(c) if c in order else len(order))
    return ", ".join(language_name(c) for c in ordered) or "–"


def interpreter_language_name(code: Any) -> str:
    """An interpreter's language in the page's language ("ar" → "arabia" on a Finnish page);
    a code Babel does not know shows as given."""
    if code is None or code == "":
        return "–"
    return interpreter_languages.name_in(str(code), current_language())


def channel_name(code: Any) -> str:
    if code is None or code == "":
        return "–"
    value = getattr(code, "value", code)
    return str(CHANNEL_LABELS.get(str(value), value))


def channel_names(codes: Iterable[Any] | None) -> str:
    return ", ".join(channel_name(c) for c in codes or ()) or "–"


def yes_no(value: Any) -> str:
    """True/False as the words "yes"/"no"; None (not set) as a dash."""
    if value is None:
        return "–"
    return _("Yes") if value else _("No")


def init_app(app: Flask) -> None:
    """The names as template filters: `{{ rule.languages|language_names }}`."""
    for function in (language_name, language_names, interpreter_language_name, channel_name,
                     channel_names, yes_no):
        app.add_template_filter(function)


@dataclass
class Names:
    """The look-ups an explanation or a history entry names things with."""

    centre: Callable[[Any], str]
    municipality: Callable[[Any], str]
    rule: Callable[[Any], str]
    topic: Callable[[Any], str]

NEW_RULE = -1  # the rule being edited, in a preview
DRAFT_RULE_BASE = -1000  # rule n of an import being checked is DRAFT_RULE_BASE - n


def _by(session: DbSession, model, column, values: Iterable | None, region_id: int) -> list:
    """All the region's rows, or those with the given keys (ids are unique across regions,
    topic codes only within one)."""
    if values is None:
        return list(session.scalars(sa.select(model).where(model.region_id == region_id)))
    values = sorted(values)
    if not values:
        return []
    query = sa.select(model).where(column.in_(values))
    if model is Topic:
        query = query.where(Topic.region_id == region_id)
    return list(session.scalars(query))


class NameLookup:
    def __init__(self, session: DbSession, region_id: int, lang: str, *,
                 centre_ids: Iterable[int] | None = None,
                 rule_ids: Iterable[int] | None = None,
                 municipality_codes: Iterable[str] | None = None,
                 topic_codes: Iterable[str] | None = None) -> None:
        """The region's rows of each kind; only those named where ids or codes are given."""
        self.lang = lang
        self.extra_centres: dict[int, str] = {}  # centres not yet saved (an import's check)
        self.centres = {c.id: c for c in _by(session, Centre, Centre.id, centre_ids, region_id)}
        self.rules = {r.id: r for r in _by(session, RoutingRule, RoutingRule.id, rule_ids,
                                           region_id)}
        self.municipalities = {m.code: m for m in _by(
            session, Municipality, Municipality.code, municipality_codes, region_id)}
        self.topics = {t.code: t for t in _by(session, Topic, Topic.code, topic_codes,
                                              region_id)}

    def centre(self, centre_id: Any) -> str:
        centre = self.centres.get(centre_id)
        if centre is not None:
            return centre.name(self.lang)
        return self.extra_centres.get(centre_id) or _("an unknown centre")

    def rule(self, rule_id: Any) -> str:
        if rule_id is None or rule_id == NEW_RULE:
            return _("The new rule")
        if isinstance(rule_id, int) and rule_id < DRAFT_RULE_BASE:
            return _("Rule %(number)s", number=DRAFT_RULE_BASE - rule_id)
        rule = self.rules.get(rule_id)
        if rule is not None and rule.name:
            return _("The rule “%(name)s”", name=rule.name)
        return _("Rule %(number)s", number=rule_id)

    def municipality(self, code: Any) -> str:
        found = self.municipalities.get(str(code))
        return found.name(self.lang) if found else str(code)

    def topic(self, code: Any) -> str:
        found = self.topics.get(code)
        return found.label(self.lang) if found else str(code)

    def names(self) -> Names:
        return Names(centre=self.centre, municipality=self.municipality, rule=self.rule,
                     topic=self.topic)
