"""Finding the objects whose texts an administrator keeps, who may change them (asking
`helpbutton.policy`, with the same rule as the object's own form), and saving them."""
from __future__ import annotations

from typing import Any, NamedTuple

import sqlalchemy as sa

from helpbutton import policy
from helpbutton.content_languages import rules
from helpbutton.content_languages.kinds import KINDS
from helpbutton.dbtypes import DbSession
from helpbutton.models import Centre, MessageTemplate, Municipality, Region, Topic
from helpbutton.models.admin_action import AdminAction
from helpbutton.models.legal_text import LegalTexts

TEXTS_SAVED = "content_texts_saved"  # AdminAction: which object, which languages

MODELS = {"topic": Topic, "centre": Centre, "region": Region, "template": MessageTemplate}


class Target(NamedTuple):
    """An object whose texts are kept: its kind (kinds.KINDS), itself and its county."""

    kind: str
    obj: Any
    region_id: int

    @property
    def key(self) -> tuple[str, int]:
        # Legal texts are the county's: found by the county's id.
        return (self.kind, self.region_id if self.kind == "legal" else self.obj.id)

    def texts(self) -> dict[str, dict[str, str]]:
        return {f.name: rules.texts_of(self.obj, f.name) for f in KINDS[self.kind].fields}


def find(session: DbSession, kind: str, object_id: int) -> Target | None:
    if kind == "legal":
        region = session.get(Region, object_id)
        if region is None:
            return None
        stored = session.scalar(sa.select(LegalTexts).where(LegalTexts.region_id == region.id))
        return Target(kind, stored or LegalTexts(region_id=region.id), region.id)
    model = MODELS.get(kind)
    obj: Any = session.get(model, object_id) if model else None
    if obj is None:
        return None
    return Target(kind, obj, obj.id if kind == "region" else obj.region_id)


def may_read(principal, target: Target) -> bool:
    """Whether the object is in this administrator's scope at all (else: not found)."""
    if target.kind == "template":
        return policy.can_read_message_template(principal, target.region_id,
                                                target.obj.municipality_code)
    if target.kind == "centre":
        return policy.can_admin_centre(principal, target.obj.host_municipality_code,
                                       target.region_id)
    return policy.is_region_admin(principal, target.region_id)


def may_edit(principal, target: Target | None) -> bool:
    """The permission that edits the object today."""
    if target is None:
        return False
    if target.kind == "template":
        return policy.can_keep_message_templates(principal, target.region_id,
                                                 target.obj.municipality_code)
    if target.kind == "centre":
        centre = target.obj
        if not policy.can_admin_centre(principal, centre.host_municipality_code,
                                       target.region_id):
            return False
        serves = [m.code for m in centre.municipalities]
        region = centre.region
        return not policy.centre_changes_refused(
            principal, target.region_id, centre.host_municipality_code, serves, serves,
            ["hours"], is_fallback=region is not None and region.fallback_centre_id == centre.id)
    return policy.is_region_admin(principal, target.region_id)


def swedish_places(session: DbSession, target: Target) -> str:
    """Where a family reading this object's texts has Swedish as the first fallback."""
    code = (target.obj.host_municipality_code if target.kind == "centre"
            else target.obj.municipality_code if target.kind == "template" else None)
    if code is not None:
        municipality = session.get(Municipality, code)
        sv = rules.swedish_first(municipality.language_status if municipality else None)
        return rules.SV_ALL if sv else rules.SV_NONE
    statuses = set(session.scalars(sa.select(Municipality.language_status).where(
        Municipality.region_id == target.region_id).distinct()))
    return rules.SV_SOME if any(rules.swedish_first(s) for s in statuses) else rules.SV_NONE


def in_scope(session: DbSession, principal) -> list[Target]:
    """What the overview lists: a county's administrator the county's topics, centres, county
    texts, templates and legal texts; a municipality's its centres and templates. Only what
    this person may change; never another county's."""
    targets: list[Target] = []
    for region_id in policy.administered_region_ids(principal):
        region = session.get(Region, region_id)
        targets += [Target("topic", t, region_id) for t in session.scalars(
            sa.select(Topic).where(Topic.region_id == region_id)
            .order_by(Topic.position, Topic.code))]
        targets += [Target("centre", c, region_id) for c in session.scalars(
            sa.select(Centre).where(Centre.region_id == region_id).order_by(Centre.name_fi))]
        targets.append(Target("region", region, region_id))
        targets += [Target("template", t, region_id) for t in session.scalars(
            sa.select(MessageTemplate).where(MessageTemplate.region_id == region_id)
            .order_by(MessageTemplate.municipality_code.is_not(None), MessageTemplate.name_fi))]
        found = find(session, "legal", region_id)
        if found is not None:
            targets.append(found)
    regions = set(policy.administered_region_ids(principal))
    codes = sorted(policy.administered_municipality_codes(principal))
    if codes:
        targets += [Target("centre", c, c.region_id) for c in session.scalars(
            sa.select(Centre).where(Centre.host_municipality_code.in_(codes),
                                    Centre.region_id.not_in(regions))
            .order_by(Centre.name_fi))]
        targets += [Target("template", t, t.region_id) for t in session.scalars(
            sa.select(MessageTemplate).where(MessageTemplate.municipality_code.in_(codes),
                                             MessageTemplate.region_id.not_in(regions))
            .order_by(MessageTemplate.name_fi))]
    return [t for t in targets if may_edit(principal, t)]


def save(session: DbSession, target: Target, user_id: int | None,
         entered: dict[str, dict[str, str | None]]) -> tuple[str, ...]:
    """Store the texts entered in the other public languages (an empty one is removed).
    Returns the languages whose texts changed (none: nothing was stored)."""
    obj = target.obj
    before = obj.texts or {}
    after = dict(before)
    for field in KINDS[target.kind].fields:
        after = rules.with_texts(after, field.name, entered.get(field.name, {}))
    changed = tuple(lang for lang in rules.JSON_LANGUAGES if any(
        (before.get(f.name) or {}).get(lang) != (after.get(f.name) or {}).get(lang)
        for f in KINDS[target.kind].fields))
    if not changed:
        return ()
    obj.texts = after or None
    if target.kind == "legal" and obj.id is None:
        session.add(obj)
    session.add(AdminAction(actor_id=user_id, region_id=target.region_id, action=TEXTS_SAVED,
                            data={"kind": target.kind, "id": target.key[1],
                                  "languages": list(changed)}))
    session.flush()
    return changed
