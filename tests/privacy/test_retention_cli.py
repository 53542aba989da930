"""`flask retention purge`: the same erasure from the command line (and cron)."""
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from helpbutton.models import AdminAction, Outcome, RequestStatus
from tests.factories import PERSONAL, make_request


@pytest.fixture
def old_and_new(db, demo):
    now = datetime.now(UTC)
    closed = dict(status=RequestStatus.CLOSED, outcome=Outcome.NO_NEED)
    old = make_request(db.session, personal=True, created_at=now - timedelta(days=410),
                       closed_at=now - timedelta(days=400), **closed)
    new = make_request(db.session, personal=True, created_at=now - timedelta(days=20),
                       closed_at=now - timedelta(days=10), **closed)
    db.session.commit()
    return old, new


def test_dry_run_says_how_many_and_erases_nothing(db, runner, old_and_new):
    result = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Region 05: 1 request(s)" in result.output and "dry run" in result.output
    db.session.expire_all()
    assert old_and_new[0].contact_name == PERSONAL["contact_name"]
    assert db.session.scalar(sa.select(sa.func.count(AdminAction.id))) == 0


def test_purge_erases_and_says_so_without_naming_anyone(db, runner, old_and_new):
    old, new = old_and_new
    result = runner.invoke(args=["retention", "purge", "--region", "05"])
    assert result.exit_code == 0, result.output
    assert "erased the personal data of 1 request(s)" in result.output
    assert old.reference not in result.output
    db.session.expire_all()
    assert old.contact_name is None and old.erased_at is not None
    assert new.contact_name == PERSONAL["contact_name"]
    again = runner.invoke(args=["retention", "purge"])
    assert "of 0 request(s)" in again.output


def test_an_unknown_region_is_an_error(db, runner, old_and_new):
    result = runner.invoke(args=["retention", "purge", "--region", "99"])
    assert result.exit_code != 0
    assert "no region with code '99'" in result.output
