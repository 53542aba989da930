"""The writes of message templates: they check, flush and never commit (the view's
`done()` commits). A template holds no family data, so nothing here is personal."""
from __future__ import annotations

from dataclasses import dataclass, field

from helpbutton import text_rules
from helpbutton.dbtypes import DbSession, utcnow
from helpbutton.message_templates.queries import required_languages
from helpbutton.models import MessageTemplate, Municipality
from helpbutton.models.message_template import TEMPLATE_LANGUAGES

NAME_MAX = 80
# A template is the start of a message to the family, which must fit the message's own limit.
BODY_MAX = 2000


class TemplateInvalid(ValueError):
    """`errors` maps a field ("name_sv", "body_fi", "owner") to a reason: "required",
    "too_long", "name_without_text", "text_without_name", "invalid"."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Owner:
    """Whose a template is: a region's (`municipality_code` None) or a municipality's."""

    region_id: int
    municipality_code: str | None = None


@dataclass(frozen=True)
class TemplateDraft:
    names: dict[str, str] = field(default_factory=dict)  # language → name
    bodies: dict[str, str] = field(default_factory=dict)  # language → text
    active: bool = True


def _clean(text: str | None) -> str:
    return (text or "").strip()


def check(session: DbSession, owner: Owner, draft: TemplateDraft) -> None:
    errors: dict[str, str] = {}
    if owner.municipality_code is not None:
        municipality = session.get(Municipality, owner.municipality_code)
        if municipality is None or municipality.region_id != owner.region_id:
            raise TemplateInvalid({"owner": "invalid"})
    required = required_languages(session, owner.region_id, owner.municipality_code)
    for lang in TEMPLATE_LANGUAGES:
        name, body = _clean(draft.names.get(lang)), _clean(draft.bodies.get(lang))
        if len(name) > NAME_MAX:
            errors[f"name_{lang}"] = "too_long"
        if len(body) > BODY_MAX:
            errors[f"body_{lang}"] = "too_long"
        if text_rules.has_refused_characters(name) or text_rules.has_refused_characters(body):
            errors.setdefault(f"name_{lang}" if text_rules.has_refused_characters(name)
                              else f"body_{lang}", "invalid")
        if lang in required:
            if not name:
                errors.setdefault(f"name_{lang}", "required")
            if not body:
                errors.setdefault(f"body_{lang}", "required")
        elif name and not body:
            errors.setdefault(f"body_{lang}", "name_without_text")
        elif body and not name:
            errors.setdefault(f"name_{lang}", "text_without_name")
    if errors:
        raise TemplateInvalid(errors)


def _apply(template: MessageTemplate, draft: TemplateDraft) -> None:
    for lang in TEMPLATE_LANGUAGES:
        name, body = _clean(draft.names.get(lang)), _clean(draft.bodies.get(lang))
        setattr(template, f"name_{lang}", name or None)
        setattr(template, f"body_{lang}", body or None)
    template.active = draft.active


def create_template(session: DbSession, owner: Owner, draft: TemplateDraft) -> MessageTemplate:
    check(session, owner, draft)
    template = MessageTemplate(region_id=owner.region_id,
                               municipality_code=owner.municipality_code)
    _apply(template, draft)
    session.add(template)
    session.flush()
    return template


def update_template(session: DbSession, template: MessageTemplate,
                    draft: TemplateDraft) -> None:
    """Change the names and texts (and whether it is offered); its owner stays."""
    check(session, Owner(template.region_id, template.municipality_code), draft)
    _apply(template, draft)
    template.updated_at = utcnow()
    session.flush()


def set_active(session: DbSession, template: MessageTemplate, active: bool) -> None:
    template.active = active
    template.updated_at = utcnow()
    session.flush()


def delete_template(session: DbSession, template: MessageTemplate) -> None:
    """Gone for good. Messages already written from it keep their text: a message copies
    the template's text when the worker picks it, and keeps no link to it."""
    session.delete(template)
    session.flush()
