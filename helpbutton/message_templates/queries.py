"""Reading templates: what a request's page offers staff, and what the admin pages list.

Nothing here writes. `templates_for` and `template_text` are the request page's: the lead's
message form lists the first and, when a worker picks one ("use this template", no JavaScript:
the form is shown again), fills the message box with the second.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import sqlalchemy as sa

from helpbutton.content_languages.rules import swedish_first
from helpbutton.dbtypes import DbSession
from helpbutton.models import HelpRequest, MessageTemplate, Municipality


class TemplateText(NamedTuple):
    """A template as offered for one request: `language` is the one the text is in, which
    is Finnish (`fallback` True) when the template has none in the language asked for."""

    id: int
    name: str
    body: str
    language: str
    fallback: bool


def required_languages(session: DbSession, region_id: int,
                       municipality_code: str | None) -> tuple[str, ...]:
    """The languages a template of this owner must have: Finnish always (every other
    language falls back to it) and Swedish where it is an official language of the
    municipality, or, for a region-wide template, of any municipality of the region."""
    if municipality_code is not None:
        municipality = session.get(Municipality, municipality_code)
        official: Iterable[str] = municipality.languages if municipality else ()
    else:
        statuses = session.scalars(sa.select(Municipality.language_status).where(
            Municipality.region_id == region_id).distinct())
        official = {lang for status in statuses for lang in status.languages}
    return ("fi", "sv") if "sv" in set(official) else ("fi",)


def _offered(session: DbSession, region_id: int, municipality_code: str
             ) -> list[MessageTemplate]:
    return list(session.scalars(sa.select(MessageTemplate).where(
        MessageTemplate.region_id == region_id, MessageTemplate.active.is_(True),
        sa.or_(MessageTemplate.municipality_code == municipality_code,
               MessageTemplate.municipality_code.is_(None)))))


def _text(template: MessageTemplate, language: str, sv_first: bool = False) -> TemplateText:
    shown = template.text_language(language, sv_first)
    return TemplateText(template.id, template.name(shown), template.body(shown), shown,
                        shown != language)


def templates_for(session: DbSession, help_request: HelpRequest,
                  language: str) -> list[TemplateText]:
    """The active templates of the request's municipality, then the region-wide ones, each
    in `language` (or Finnish — Swedish first in a Swedish-majority municipality — marked
    `fallback`), by name within each group."""
    found = _offered(session, help_request.region_id, help_request.municipality_code)
    municipality = session.get(Municipality, help_request.municipality_code)
    sv_first = swedish_first(municipality.language_status if municipality else None)
    texts = [(t.municipality_code is None, _text(t, language, sv_first)) for t in found]
    texts.sort(key=lambda pair: (pair[0], pair[1].name.casefold(), pair[1].id))
    return [text for _, text in texts]


def template_text(session: DbSession, help_request: HelpRequest, template_id: object,
                  language: str) -> TemplateText | None:
    """The template a worker picked for this request's message, in `language` — or None
    when the id is not one of the templates offered for it (another municipality's, an
    inactive one, rubbish from a form): the form is then shown again as it was."""
    try:
        wanted = int(str(template_id))
    except ValueError:
        return None
    return next((t for t in templates_for(session, help_request, language) if t.id == wanted),
                None)


# The names the picker's fields post under (templates/message_templates/_pick.html).
PICK_BUTTON, PICK_FIELD = "use_template", "template_id"


def picked(session: DbSession, help_request: HelpRequest, formdata: Mapping[str, Any],
           language: str) -> TemplateText | None:
    """The template the message form's "Use this template" button asks for (the picker's
    fields in `formdata`, e.g. `request.form`), or None when the form was sent for another
    reason or names no template offered for this request."""
    if not formdata.get(PICK_BUTTON):
        return None
    return template_text(session, help_request, formdata.get(PICK_FIELD), language)


# --- the admin pages ------------------------------------------------------------------------

def listed(session: DbSession, region_ids: Iterable[int], municipality_codes: Iterable[str],
           read_region_ids: Iterable[int]) -> list[MessageTemplate]:
    """The templates of the administrator's scope (`policy.message_template_owners`):
    every template of the regions administered, those of the municipalities administered
    and the region-wide ones of those municipalities' regions."""
    region_ids, codes, read = list(region_ids), list(municipality_codes), list(read_region_ids)
    return list(session.scalars(sa.select(MessageTemplate).where(sa.or_(
        MessageTemplate.region_id.in_(region_ids),
        MessageTemplate.municipality_code.in_(codes),
        sa.and_(MessageTemplate.municipality_code.is_(None),
                MessageTemplate.region_id.in_(read))))
        .order_by(MessageTemplate.region_id, MessageTemplate.municipality_code.is_not(None),
                  MessageTemplate.municipality_code, MessageTemplate.active.desc(),
                  MessageTemplate.name_fi, MessageTemplate.id)))
