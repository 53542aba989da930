"""axe-core on every public page and state in Finnish, Swedish and plain-language Finnish,
and none of their strings without a translation (tests/browser/every_page.py: check_public_pages).
"""
import pytest

from tests.browser.every_page import browser, check_public_pages  # noqa: F401

pytestmark = pytest.mark.browser


# What axe checks is the page, not the database under it: SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite://"])
@pytest.mark.parametrize("code", ['fi', 'sv', 'selko'])
def test_every_public_page_passes_axe_and_is_translated(app, db, demo, browser, code):  # noqa: F811
    check_public_pages(app, browser, code)
