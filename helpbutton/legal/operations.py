"""The county administrator's edit of the legal texts: flushes, never commits (the view's
`done()` does). The audit trail records which fields changed, not what they say."""
from __future__ import annotations

from helpbutton.contact_details import normalize_email, normalize_phone
from helpbutton.dbtypes import DbSession
from helpbutton.legal.queries import texts_of
from helpbutton.models import AdminAction, LegalTexts, Region

LEGAL_TEXTS_CHANGED = "legal_texts_changed"


def _normal(name: str, value: str) -> str:
    if not value:
        return ""
    if name.endswith("_email"):
        return normalize_email(value, allow_reserved=True) or value
    if name.endswith("_phone"):
        return normalize_phone(value) or value
    return value


def save_legal_texts(session: DbSession, region: Region, actor_id: int,
                     values: dict[str, str]) -> list[str]:
    """Store the county's texts; returns the names of the fields that changed."""
    stored = texts_of(session, region.id)
    if stored is None:
        stored = LegalTexts(region_id=region.id)
        session.add(stored)
    changed = []
    for name, value in values.items():
        value = _normal(name, value)
        if (getattr(stored, name) or "") != value:
            setattr(stored, name, value)
            changed.append(name)
    if changed:
        session.add(AdminAction(actor_id=actor_id, region_id=region.id,
                                action=LEGAL_TEXTS_CHANGED, data={"fields": changed}))
    session.flush()
    return changed
