"""Browser fixtures: the app served on 127.0.0.1, headless Chromium, and an axe check.

`live_server` → base URL of the app running in a thread (werkzeug) on a free port, with a
file-based SQLite database in a temporary folder holding Varsinais-Suomi and the demo data;
`live_app` → that app, for looking into or changing its database;
`browser_page` → a fresh Playwright page (own cookies) in Debian's Chromium;
`assert_no_axe_violations(page)` → axe-core's WCAG 2.2 A/AA and best-practice rules
must find nothing (tests/browser/axe.py).

Without /usr/bin/chromium the browser tests are skipped, except under CI=true, where they fail.
"""
import os
import threading

import pytest
from werkzeug.serving import make_server

from helpbutton import create_app
from helpbutton.extensions import db
from helpbutton.refdata import demo_data, reference_data
from tests.browser import axe
from tests.browser.routed import launch


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def app_on_disk(folder):
    """Generator: an app on a file-based SQLite database in `folder` with Varsinais-Suomi and
    the demo data (for a fixture; a test module wanting a fresh one per test uses it too)."""
    app = create_app({
        "SECRET_KEY": "browser-test-secret-key-long-enough-0000",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'app.sqlite'}",
        "MAIL_SUPPRESS_SEND": True,
        "PUBLIC_BASE_URL": "http://127.0.0.1",
    })
    with app.app_context():
        db.create_all()
        reference_data.load_region(db.session, "Varsinais-Suomi")
        demo_data.load_demo(db.session)
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def served(app):
    """Generator: the base URL of `app` served on a free loopback port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    yield from app_on_disk(tmp_path_factory.mktemp("live"))


@pytest.fixture(scope="module")
def live_server(live_app):
    yield from served(live_app)


@pytest.fixture(scope="module")
def _browser():
    yield from launch()


@pytest.fixture
def browser_page(_browser):
    context = _browser.new_context(locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_no_axe_violations(page) -> None:
    axe.assert_no_violations(page)
