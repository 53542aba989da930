"""`flask users`: the first administrator of a new installation, listing, deactivating."""
import re

import pyotp
import sqlalchemy as sa

from helpbutton.models import Role
from tests.signin import fresh_code, post_form, user_by_email


def test_first_region_admin_gets_a_password_link_and_a_two_factor_secret_once(
        app, runner, db, region, sign_in):
    result = runner.invoke(args=["users", "create", "--email", "First.Admin@example.invalid",
                                 "--name", "Ensimmäinen Ylläpitäjä", "--role", "region_admin",
                                 "--region", "05"])
    assert result.exit_code == 0, result.output
    user = user_by_email(db, "first.admin@example.invalid")
    assert [a.role for a in user.roles] == [Role.REGION_ADMIN]
    assert user.totp_enabled
    assert user.totp_secret.replace(" ", "") in result.output.replace(" ", "")
    assert "otpauth://totp/" in result.output
    link = re.search(r"/staff/password/reset/[\w-]+", result.output).group(0)

    client = app.test_client()
    password = "ensimmäinen aamu kahvila"
    post_form(client, link, {"new_password": password, "confirm": password})
    response = sign_in(client, user.email, password=password, secret=user.totp_secret)
    assert response.headers["Location"].endswith("/staff/")
    listing = runner.invoke(args=["users", "list"])
    assert "first.admin@example.invalid" in listing.output
    assert "region_admin" in listing.output
    assert pyotp.TOTP(user.totp_secret).verify(fresh_code(user.totp_secret))


def test_create_explains_a_missing_scope(runner, region):
    result = runner.invoke(args=["users", "create", "--email", "a@example.invalid",
                                 "--name", "A", "--role", "staff"])
    assert result.exit_code != 0
    assert "--centre" in result.output


def test_create_refuses_an_unknown_region_and_a_taken_email(runner, db, demo):
    unknown = runner.invoke(args=["users", "create", "--email", "b@example.invalid",
                                  "--name", "B", "--role", "region_admin", "--region", "99"])
    assert unknown.exit_code != 0 and "99" in unknown.output
    taken = runner.invoke(args=["users", "create", "--email", "turku.staff@example.invalid",
                                "--name", "C", "--role", "municipality_admin",
                                "--municipality", "853"])
    assert taken.exit_code != 0 and "already exists" in taken.output


def test_staff_account_from_the_command_line_has_no_two_factor(runner, db, demo):
    from helpbutton.models import Centre

    centre_id = db.session.scalar(sa.select(Centre.id).order_by(Centre.id))
    result = runner.invoke(args=["users", "create", "--email", "s@example.invalid", "--name",
                                 "S", "--role", "lead", "--centre", str(centre_id)])
    assert result.exit_code == 0, result.output
    assert "otpauth" not in result.output
    assert not user_by_email(db, "s@example.invalid").totp_enabled


def test_deactivate_ends_the_account(app, runner, db, demo, sign_in):
    client = app.test_client()
    sign_in(client, "turku.staff@example.invalid")
    result = runner.invoke(args=["users", "deactivate", "TURKU.STAFF@example.invalid"])
    assert result.exit_code == 0
    assert client.get("/staff/").status_code == 302
    assert "deactivated" in runner.invoke(args=["users", "list"]).output
    missing = runner.invoke(args=["users", "deactivate", "nobody@example.invalid"])
    assert missing.exit_code != 0
