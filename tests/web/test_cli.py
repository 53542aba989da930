import sqlalchemy as sa

from helpbutton.models import Municipality, User


def test_refdata_load_reports_what_it_did_then_nothing(runner, db):
    first = runner.invoke(args=["refdata", "load"])
    assert first.exit_code == 0
    assert "308 municipality created" in first.output and "23 region created" in first.output
    second = runner.invoke(args=["refdata", "load"])
    assert "already up to date" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Municipality)) == 308


def test_refdata_load_of_one_county(runner, db):
    result = runner.invoke(args=["refdata", "load", "--region", "Keski-Suomi"])
    assert result.exit_code == 0
    assert "Keski-Suomi: 22 municipality created" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Municipality)) == 22


def test_refdata_load_names_the_regions_when_given_an_unknown_one(runner):
    result = runner.invoke(args=["refdata", "load", "--region", "Atlantis"])
    assert result.exit_code != 0
    assert "Keski-Suomi" in result.output


def test_demo_load_prints_the_accounts(runner, db):
    runner.invoke(args=["refdata", "load"])
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0
    assert "region.admin@example.invalid" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) >= 6


def test_demo_load_refuses_a_production_configuration(app, runner, db):
    runner.invoke(args=["refdata", "load"])
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "Refusing to load demo data into a production configuration" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
