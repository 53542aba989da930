"""`flask retention purge [--dry-run] [--region CODE]`: erase the personal data of requests
closed longer than the region's retention period. Run it daily from cron (docs/operations.md).
Prints counts only: never a reference or anything about a family."""
import click
from flask import current_app
from flask.cli import AppGroup

from helpbutton.extensions import db
from helpbutton.privacy import retention as service

retention = AppGroup("retention", help="The privacy lifecycle: erasing expired personal data.")


@retention.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say how many requests would be erased.")
@click.option("--region", "region_code", default=None,
              help="Only this region (its code, e.g. 02); default: every region.")
def purge(dry_run: bool, region_code: str | None) -> None:
    """Erase personal data of requests closed longer than the retention period."""
    results = service.purge(db.session, region_code=region_code, dry_run=dry_run)
    if not results:
        raise click.BadParameter(f"no region with code {region_code!r}", param_hint="--region")
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for r in results:
        when = r.cutoff.date().isoformat()
        if dry_run:
            click.echo(f"Region {r.region_code}: {r.count} request(s) closed before {when} "
                       "would be erased (dry run, nothing changed).")
        else:
            click.echo(f"Region {r.region_code}: erased the personal data of {r.count} "
                       f"request(s) closed before {when}.")
        current_app.logger.info("retention purge region %s: %s %s", r.region_code, r.count,
                                "would be erased (dry run)" if dry_run else "erased")
