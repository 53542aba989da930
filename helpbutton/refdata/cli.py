"""`flask refdata …` and `flask demo load`: reference data and the invented demo data."""
import click
from flask import current_app
from flask.cli import AppGroup

from helpbutton.extensions import db
from helpbutton.refdata import demo_data, reference_data

refdata = AppGroup("refdata", help="Reference data: regions, municipalities, postal codes, topics.")
demo = AppGroup("demo", help="Invented demo data for trying the app.")


@refdata.command("load")
@click.option("--region", "region_name", default=None,
              help="Load only this county (its Finnish name, e.g. Keski-Suomi).")
def refdata_load(region_name: str | None) -> None:
    """Load every county's reference data (or one county's); running it again changes
    nothing. A county loaded here is not in service until it is started."""
    try:
        changes = (reference_data.load_region(db.session, region_name) if region_name
                   else reference_data.load_all(db.session))
    except reference_data.UnknownRegion:
        raise click.BadParameter(
            f"unknown region {region_name!r}; choose one of: "
            + ", ".join(reference_data.available_regions()),
            param_hint="--region",
        ) from None
    db.session.commit()
    name = region_name or "All counties"
    if not changes:
        click.echo(f"{name}: already up to date.")
    for what, count in sorted(changes.items()):
        click.echo(f"{name}: {count} {what}")


@refdata.command("regions")
def refdata_regions() -> None:
    """List the regions that can be loaded."""
    for name in reference_data.available_regions():
        click.echo(name)


@demo.command("load")
def demo_load() -> None:
    """Create demo centres, rules, partners, message templates and accounts (all marked as
    examples) for Varsinais-Suomi, Keski-Suomi and Päijät-Häme, and start those counties."""
    if current_app.config.get("ENV_NAME") == "production":
        # Demo accounts share one published password, and demo rules would route families.
        raise click.ClickException(
            "Refusing to load demo data into a production configuration (HELPBUTTON_ENV="
            "production): its accounts have a published password. Use a development database.")
    loaded = demo_data.load_demo_all(db.session)
    if not loaded:
        raise click.ClickException("Load the counties' reference data first: flask refdata load")
    db.session.commit()
    click.echo(f"Demo accounts (password for all: {demo_data.DEMO_PASSWORD}):")
    for region, accounts in loaded.items():
        click.echo(f"{region.name_fi} ({region.code}):")
        for account in accounts:
            scope = account.centre or account.municipality or "region"
            click.echo(f"  {account.email:44} {account.role.value:20} {scope}")
    missing = [c.code for c in demo_data.COUNTIES if c.code not in {r.code for r in loaded}]
    if missing:
        click.echo(f"Not loaded (flask refdata load): counties {', '.join(missing)}")
