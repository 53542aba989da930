"""`flask statistics rebuild`: count every request again into the per-day statistics
(`statistics_day`). They are kept with every change, so this is needed only after a new
dimension or a change of the display time zone (the dashboard counts from the requests
directly until then), or to check them. Prints counts only."""
import time

import click
from flask.cli import AppGroup

from helpbutton.extensions import db
from helpbutton.statistics import rollup

statistics = AppGroup("statistics", help="The statistics' per-day counts.")


@statistics.command("rebuild")
def rebuild() -> None:
    """Count every request again into the per-day statistics."""
    start = time.perf_counter()
    rows = rollup.rebuild(db.session)
    db.session.commit()
    click.echo(f"Rebuilt the per-day statistics: {rows} rows in "
               f"{time.perf_counter() - start:.1f} s.")
