"""Launching Debian's Chromium, and routing its requests to a Flask test client.

With routing there is no server thread: the test client's session (a signed-in administrator)
and CSRF tokens are the real ones (page tests outside tests/browser/ use this).
"""
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ORIGIN = "http://localhost"


def launch():
    """Generator for a module-scoped fixture: one Chromium, skipped (CI: failed) if missing."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (make browser)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve(client):
    """A Playwright route handler answering every request with `client`."""
    def answer(route, request):
        url = urlsplit(request.url)
        response = client.open(url.path + (f"?{url.query}" if url.query else ""),
                               method=request.method, data=request.post_data_buffer,
                               headers={"Content-Type": request.headers.get("content-type", "")})
        body = response.get_data()
        response.close()  # static files are streamed from an open file
        route.fulfill(status=response.status_code, body=body,
                      headers={k: v for k, v in response.headers.items()
                               if k.lower() != "content-length"})
    return answer
