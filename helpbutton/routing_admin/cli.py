"""`flask routing ...`: export, import and coverage of a municipality's routing configuration."""
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from helpbutton.extensions import db
from helpbutton.models import Municipality, Region
from helpbutton.routing_admin import coverage, store, transfer
from helpbutton.routing_admin import router as routing_service
from helpbutton.routing_admin.messages import import_problem_text
from helpbutton.routing_admin.operations import Actor

routing = AppGroup("routing", help="Routing configuration: export, import, coverage.")


def _actor(code: str) -> Actor:
    municipality = db.session.get(Municipality, code)
    if municipality is None:
        raise click.BadParameter(f"no municipality with code {code!r}", param_hint="CODE")
    # A command-line change has no signed-in user; the history shows it as such.
    return Actor(region=db.session.get(Region, municipality.region_id), user_id=None)


@routing.command("export")
@click.argument("code")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of the standard output.")
def export_command(code: str, output: Path | None) -> None:
    """Write municipality CODE's routing configuration as YAML."""
    text = transfer.dump_yaml(transfer.export_config(db.session, _actor(code), code))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{code}: written to {output}")


@routing.command("import")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the file; change nothing.")
def import_command(code: str, file: Path, dry_run: bool) -> None:
    """Replace municipality CODE's routing configuration with FILE (all or nothing)."""

    actor = _actor(code)
    try:
        data = transfer.load_yaml(file.read_text(encoding="utf-8"))
        summary = transfer.import_config(db.session, actor, code, data, dry_run=dry_run)
    except transfer.ImportRejected as rejected:
        db.session.rollback()
        # The messages are translatable; the command line speaks English.
        with current_app.test_request_context(), force_locale("en"):
            for problem in rejected.problems:
                click.echo(import_problem_text(problem).striptags(), err=True)
        raise click.ClickException("nothing was changed") from None
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would change" if dry_run else "changed"
    click.echo(f"{code}: {verb}: {summary.centres_created} centre(s) created, "
               f"{summary.centres_changed} changed; rules {summary.rules_before} -> "
               f"{summary.rules_after}.")


@routing.command("coverage")
@click.argument("code")
def coverage_command(code: str) -> None:
    """Who answers each topic × age band × language in CODE; gaps are marked GAP."""
    actor = _actor(code)
    router = routing_service.router_for(db.session, actor.region)
    report = coverage.coverage(router, code, store.topic_codes(db.session, actor.region),
                               date.today(), store.centre_languages(db.session, actor.region),
                               staffed=store.staffed_centre_ids(db.session, actor.region))
    names = {c.id: c.name_fi for c in store.region_centres(db.session, actor.region)}
    for cell in report.cells:
        mark = "GAP" if cell.gap else "   "
        rule = f"rule {cell.decision.rule}" if cell.decision.rule else cell.decision.via
        why = f" [{', '.join(cell.reasons)}]" if cell.gap else ""
        click.echo(f"{mark} {cell.topic:20} {cell.age_band:9} {cell.language}  "
                   f"{names.get(cell.decision.centre, cell.decision.centre)} ({rule}){why}")
    counts = report.counts()
    click.echo(", ".join(f"{kind}: {counts[kind]}" for kind in coverage.CLASSES))
    click.echo(f"{len(report.gaps)} of {len(report.cells)} combinations are real gaps "
               "(a default or fallback answer is not one).")
