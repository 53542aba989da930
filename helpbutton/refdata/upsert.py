"""Idempotent loading: insert what is missing, update only what differs."""
from collections import Counter
from typing import Any

import sqlalchemy as sa

from helpbutton.dbtypes import DbSession


def sync_rows(
    session: DbSession, model, key: str, rows: dict[Any, dict[str, Any]], changes: Counter,
    label: str,
) -> dict[Any, Any]:
    """Make `model` hold `rows` (key value → attribute values); returns instances by key.

    Existing rows are read in one query, so loading hundreds of rows costs a few statements.
    Rows not in `rows` are left alone: other regions' data shares these tables.
    """
    column = getattr(model, key)
    with session.no_autoflush:
        existing = {
            getattr(obj, key): obj
            for obj in session.scalars(sa.select(model).where(column.in_(list(rows))))
        }
        for key_value, values in rows.items():
            instance = existing.get(key_value)
            if instance is None:
                instance = model(**{key: key_value}, **values)
                session.add(instance)
                existing[key_value] = instance
                changes[f"{label} created"] += 1
            elif any(getattr(instance, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(instance, name, value)
                changes[f"{label} updated"] += 1
    return existing
