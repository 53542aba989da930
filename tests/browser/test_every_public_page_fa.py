"""axe-core on every public page and state in Persian, and none of their strings without a
translation, and its layout mirrored (tests/browser/every_page.py: check_public_pages).

Right to left, at a phone's 390 px and a desktop's 1280 px: html has dir="rtl", nothing is wider
than the window or scrolls sideways, targets are at least 24 px, the main heading begins on the
right, and phone numbers, the reference, links and addresses read left to right. A screenshot
of each page at each width is saved in a temporary folder, printed (pytest -s shows it).
"""
import tempfile
from pathlib import Path

import pytest

from tests.browser.every_page import browser, check_public_pages  # noqa: F401

pytestmark = pytest.mark.browser


# What axe checks is the page, not the database under it: SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite://"])
def test_every_public_page_is_mirrored_fits_and_passes_axe(app, db, demo, browser):  # noqa: F811
    shots = Path(tempfile.mkdtemp(prefix="pyyda-apua-fa-"))
    print(f"screenshots of the Persian pages: {shots}")
    check_public_pages(app, browser, "fa", shots=shots)
