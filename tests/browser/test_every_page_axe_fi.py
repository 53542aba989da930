"""axe-core on every staff and admin page and state in Finnish (tests/browser/every_page.py)."""
import pytest

from tests.browser.every_page import browser, check_every_page, check_operator_pages  # noqa: F401

pytestmark = pytest.mark.browser


# What axe checks is the page, not the database under it: SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite://"])
def test_every_staff_and_admin_page_passes_axe(app, db, demo, fast_sign_in, browser):  # noqa: F811
    check_every_page(app, db, fast_sign_in, browser, "fi")


@pytest.mark.parametrize("database_url", ["sqlite://"])
def test_the_operators_pages_pass_axe(app, db, demo, browser):  # noqa: F811
    check_operator_pages(app, db, browser, "fi")
