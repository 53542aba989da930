"""`flask users`: create, list and deactivate staff accounts from the command line.

The first region administrator of a new installation is made here. Nobody types a password
on the command line (it would stay in the shell history): `create` prints a one-time link
for setting it, and for an administrator the two-factor secret, once.
"""
import click
import sqlalchemy as sa
from flask.cli import AppGroup
from sqlalchemy import orm as so

from helpbutton import policy
from helpbutton.accounts import operations, principals, totp
from helpbutton.extensions import db
from helpbutton.mail.links import absolute_url
from helpbutton.models import Region, Role, RoleAssignment, User

users = AppGroup("users", help="Staff accounts: create, list, deactivate.")


def _grant(role: str, region_code: str | None, centre_id: int | None,
           municipality: str | None) -> policy.Grant:
    session = db.session
    if role in policy.CENTRE_ROLES:
        if centre_id is None:
            raise click.UsageError(f"--centre is needed for the role {role}")
        grant = principals.centre_grant(session, role, centre_id)
        if grant is None:
            raise click.BadParameter(f"no centre with id {centre_id}", param_hint="--centre")
        return grant
    if role == policy.MUNICIPALITY_ADMIN:
        if not municipality:
            raise click.UsageError("--municipality is needed for the role municipality_admin")
        grant = principals.municipality_grant(session, municipality)
        if grant is None:
            raise click.BadParameter(f"no municipality with code {municipality}",
                                     param_hint="--municipality")
        return grant
    if not region_code:
        raise click.UsageError("--region is needed for the role region_admin")
    region = session.scalar(sa.select(Region).where(Region.code == region_code))
    if region is None:
        raise click.BadParameter(f"no region with code {region_code} (load it first: "
                                 "flask refdata load)", param_hint="--region")
    return policy.Grant(policy.REGION_ADMIN, region.id)


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", required=True, type=click.Choice(policy.ROLES))
@click.option("--region", "region_code", help="Region code, e.g. 02 (for region_admin).")
@click.option("--centre", "centre_id", type=int, help="Centre id (for staff and lead).")
@click.option("--municipality", help="Municipality code, e.g. 853 (for municipality_admin).")
@click.option("--language", default="fi", type=click.Choice(["fi", "sv", "en"]))
def create(email, display_name, role, region_code, centre_id, municipality, language):
    """Create an account and print its set-password link (and two-factor secret)."""
    grant = _grant(role, region_code, centre_id, municipality)
    try:
        user, raw = operations.create_account(db.session, email=email,
                                              display_name=display_name,
                                              language=language, grants=[grant])
    except operations.EmailTaken:
        raise click.ClickException(f"an account with the email {email} already exists") from None
    _created(user, raw, role, two_factor=role in policy.ADMIN_ROLES)


@users.command("create-operator")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--language", default="fi", type=click.Choice(["fi", "sv", "en"]))
def create_operator(email, display_name, language):
    """Create a national operator (starts counties and invites their first administrator;
    sees no personal data) and print its set-password link and two-factor secret."""
    try:
        user, raw = operations.create_account(db.session, email=email,
                                              display_name=display_name,
                                              language=language, grants=[])
    except operations.EmailTaken:
        raise click.ClickException(f"an account with the email {email} already exists") from None
    user.roles.append(RoleAssignment(role=Role.OPERATOR))
    _created(user, raw, policy.OPERATOR, two_factor=True)


def _created(user: User, raw: str, role: str, *, two_factor: bool) -> None:
    secret = None
    if two_factor:
        secret = totp.new_secret()
        user.totp_secret = secret
        user.totp_enabled = True
    db.session.commit()
    click.echo(f"Created account {user.id} ({role}).")
    click.echo("Set the password with this one-time link (valid 3 days):")
    click.echo("  " + absolute_url("accounts.reset_password", token=raw))
    if secret:
        click.echo("Two-factor sign-in: add this key to an authenticator app now; "
                   "it is not shown again.")
        click.echo(f"  key: {totp.grouped(secret)}")
        click.echo(f"  uri: {totp.provisioning_uri(secret, user.email)}")


@users.command("list")
def list_users():
    """List accounts with their roles."""
    query = sa.select(User).options(so.selectinload(User.roles)).order_by(User.email)
    for user in db.session.scalars(query):
        grants = sorted(principals.grants_of(user), key=lambda g: (g.role, str(g.centre_id)))
        described = ", ".join(
            g.role + (f" centre={g.centre_id}" if g.centre_id else "")
            + (f" municipality={g.municipality_code}"
               if g.role == policy.MUNICIPALITY_ADMIN else "")
            for g in grants) or ("operator" if principals.is_operator(user) else "no roles")
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email:40} {state:12} {described}")


@users.command("deactivate")
@click.argument("email")
def deactivate(email):
    """Deactivate an account; its sessions end at once."""
    user = db.session.scalar(sa.select(User).where(
        sa.func.lower(User.email) == operations.normalise_email(email)))
    if user is None:
        raise click.ClickException(f"no account with the email {email}")
    operations.deactivate(db.session, user)
    db.session.commit()
    click.echo(f"Deactivated {user.email}.")
