"""Every write goes one way: POST routes through `helpbutton.web.guarded`, and `.commit(` only
there, in the `flask` commands and in the outbox worker."""
import re
from pathlib import Path

import pytest
from flask import Blueprint

from helpbutton import create_app
from helpbutton.web.guarded import POLICY, PUBLIC, commit_or_rollback, write_path_of

PACKAGE = Path(__file__).resolve().parents[2] / "helpbutton"
# The staff and admin sides' routes that have no policy to ask: signing in and out, and
# setting a password from an emailed link (they go through the unit of work instead).
SIGN_IN_ENDPOINTS = {"accounts.sign_in", "accounts.verify", "accounts.enrol",
                     "accounts.sign_out", "accounts.forgot_password", "accounts.reset_password"}
STAFF_AND_ADMIN = ("/staff/", "/admin/")
COMMIT = re.compile(r"\.commit\(")
# A savepoint's commit() only releases it inside the request's transaction (the routing
# checks undo a refused change that way); it commits nothing.
SAVEPOINT_RELEASE = re.compile(r"\bsavepoint\.commit\(")


def _app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def unguarded_post_routes(app) -> list[str]:
    """POST routes whose view does not go through the guarded path: any route without a mark,
    and a staff or admin route (other than signing in) without the policy's."""
    wrong = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        mark = write_path_of(app.view_functions[rule.endpoint])
        staff_side = rule.rule.startswith(STAFF_AND_ADMIN) and \
            rule.endpoint not in SIGN_IN_ENDPOINTS
        if mark is None or (staff_side and mark != POLICY):
            wrong.append(f"{rule.endpoint} ({rule.rule}): {mark or 'not guarded'}")
    return sorted(wrong)


def test_every_post_route_goes_through_the_guarded_path():
    app = _app()
    posts = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    assert len(posts) > 30  # the check looks at the real routes
    assert unguarded_post_routes(app) == []


def test_sign_in_and_the_public_side_use_the_unit_of_work_without_a_policy():
    app = _app()
    marks = {endpoint: write_path_of(app.view_functions[endpoint])
             for endpoint in (*SIGN_IN_ENDPOINTS, "intake.index", "intake.withdraw",
                              "api.create_request")}
    assert set(marks.values()) == {PUBLIC}, marks


def test_an_unguarded_post_route_is_reported():
    app = _app()
    extra = Blueprint("extra", __name__)

    @extra.post("/admin/extra/<int:thing_id>/delete")
    def delete(thing_id):
        return "deleted"

    @extra.post("/fi/extra")
    def public_extra():
        return "done"

    app.register_blueprint(extra)
    assert unguarded_post_routes(app) == [
        "extra.delete (/admin/extra/<int:thing_id>/delete): not guarded",
        "extra.public_extra (/fi/extra): not guarded"]


def test_a_staff_route_with_only_the_unit_of_work_is_reported():
    from helpbutton.web.guarded import unit_of_work

    app = _app()
    extra = Blueprint("extra", __name__)

    @extra.post("/staff/extra")
    @unit_of_work
    def skips_the_policy():
        return "done"

    app.register_blueprint(extra)
    assert unguarded_post_routes(app) == ["extra.skips_the_policy (/staff/extra): public"]


def test_commit_or_rollback_refuses_outside_a_guarded_view():
    app = _app()
    with app.test_request_context("/"), pytest.raises(RuntimeError):
        commit_or_rollback()


def commits_outside_the_write_path(package: Path) -> list[str]:
    """Where `.commit(` is written outside web/guarded.py, the `flask` commands (*/cli.py) and
    the outbox worker (mail/outbox.py)."""
    allowed = {package / "web" / "guarded.py", package / "mail" / "outbox.py"}
    found = []
    for path in sorted(package.rglob("*.py")):
        if path in allowed or path.name == "cli.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COMMIT.search(line) and not SAVEPOINT_RELEASE.search(line):
                found.append(f"{path.relative_to(package)}:{number}")
    return found


def test_commits_happen_only_in_the_guarded_path_the_commands_and_the_worker():
    assert (PACKAGE / "web" / "guarded.py").read_text(encoding="utf-8").count(".commit(") >= 2
    assert commits_outside_the_write_path(PACKAGE) == []


def test_the_commit_scan_finds_a_commit_in_a_view(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "guarded.py").write_text("db.session.commit()\n")
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "cli.py").write_text("db.session.commit()\n")
    (tmp_path / "shop" / "views.py").write_text("x = 1\ndb.session.commit()\n")
    assert commits_outside_the_write_path(tmp_path) == ["shop/views.py:2"]
