"""Idempotent loading: insert what is missing, update only what differs."""
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm as so


def upsert(session: so.Session, model, key: dict[str, Any], values: dict[str, Any]):
    """Return (instance, change) where change is "created", "updated" or None."""
    instance = session.scalar(sa.select(model).filter_by(**key))
    if instance is None:
        instance = model(**key, **values)
        session.add(instance)
        return instance, "created"
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return instance, ("updated" if changed else None)
