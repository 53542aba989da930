"""Values a process keeps in the app's extensions, read from rows it may write itself: any
insert, update or delete of such a row in this process empties them at once (other processes
rely on their own keys and time limits)."""
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app, has_app_context


def emptied_on_write(model: type, key: str) -> Callable[[], None]:
    """Empty `current_app.extensions[key]` whenever this process writes a `model` row; returns
    the function that empties it."""
    def forget() -> None:
        if has_app_context():
            current_app.extensions.pop(key, None)

    def changed(mapper, connection, target) -> None:
        forget()

    for event in ("after_insert", "after_update", "after_delete"):
        sa.event.listen(model, event, changed)
    return forget
