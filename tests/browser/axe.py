"""axe-core, the newest release pinned in package.json, run in Chromium from node_modules.

`make test` installs it (`npm ci`); it is evaluated into the page from the local file, never
loaded from a CDN. Page-level evaluation is not subject to the app's CSP, so pages keep it.
"""
import json
import os
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


@cache
def _source() -> str:
    if not AXE_JS.exists():
        message = f"{AXE_JS.name} is missing: run `npm ci` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def version(page) -> str:
    _inject(page)
    return page.evaluate("axe.version")


def _inject(page) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())


def violations(page) -> list[dict]:
    _inject(page)
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", OPTIONS)


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {json.dumps(n['target'])}: {n['failureSummary']}" for n in v["nodes"][:5]]
    return "\n".join(lines)


def assert_no_violations(page) -> None:
    found = violations(page)
    assert not found, f"{page.url}\n{report(found)}"


def assert_copy_passes(page, axe_page, *, css: bool = True, phone: bool = True) -> None:
    """axe needs script: it runs on a copy of the page (with our CSS) in a second context,
    while the page itself is used with script off. The copy is taken only once the page has
    finished loading and shows its heading: a copy taken mid-navigation is a blank document."""
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    page.wait_for_load_state("load")
    axe_page.set_content(page.content())
    if css:
        assert axe_page.evaluate("getComputedStyle(document.body).margin") == "0px", "CSS loaded"
    assert_no_violations(axe_page)
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), \
            "no sideways scrolling on a phone"
