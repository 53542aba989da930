"""`flask partners create/list`: partner buttons from the command line (e.g. before any admin
account exists). Keys are printed once, like on the admin page."""
import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from helpbutton.extensions import db
from helpbutton.models import Channel, Region
from helpbutton.partners import operations as partner_service

partners = AppGroup("partners", help="Partners that show the Ask for help button.")
_CHANNELS = [c.value for c in partner_service.PARTNER_CHANNELS]


def _region(code: str | None) -> Region:
    query = sa.select(Region)
    query = query.where(Region.code == code) if code else query.where(
        Region.name_fi == current_app.config["DEFAULT_REGION"])
    region = db.session.scalar(query)
    if region is None:
        raise click.ClickException("region not found; load it first (flask refdata load)")
    return region


@partners.command("create")
@click.option("--name", required=True, help="Name families know the place by.")
@click.option("--channel", required=True, type=click.Choice(_CHANNELS))
@click.option("--municipality", "municipality_code", default=None,
              help="Municipality number chosen in advance on the form, e.g. 853.")
@click.option("--api-key/--no-api-key", default=False, help="Also make an API key.")
@click.option("--region", "region_code", default=None,
              help="Region code (default: DEFAULT_REGION).")
def create(name, channel, municipality_code, api_key, region_code):
    """Add a partner and print its button link (and API key, shown once)."""
    region = _region(region_code)
    details = partner_service.PartnerDetails(name=name, channel=Channel(channel),
                                             municipality_code=municipality_code)
    try:
        partner, key = partner_service.create_partner(db.session, region, details,
                                                      with_api_key=api_key)
    except partner_service.PartnerInvalid as invalid:
        raise click.ClickException(
            "; ".join(f"{field}: {code}" for field, code in sorted(invalid.errors.items()))
        ) from None
    db.session.commit()
    base = current_app.config["PUBLIC_BASE_URL"]
    click.echo(f"Partner {partner.id} created: {partner.name}")
    click.echo(f"Button link: {partner_service.button_url(base, partner, 'fi')}")
    if key:
        click.echo(f"API key (shown once, store it safely): {key}")


@partners.command("list")
@click.option("--region", "region_code", default=None,
              help="Region code (default: DEFAULT_REGION).")
def list_partners(region_code):
    """List the region's partners."""
    for partner in partner_service.region_partners(db.session, _region(region_code)):
        state = "active" if partner.active else "inactive"
        api = "api-key" if partner.api_key_hash else "-"
        click.echo(f"{partner.id:5} {partner.slug:40} {partner.channel.value:13} "
                   f"{partner.municipality_code or '-':4} {state:8} {api:7} {partner.name}")
