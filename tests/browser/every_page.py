"""axe-core (WCAG 2.2 AA and best practice) on every staff and admin page, in fi, sv and en:
the checks; `test_every_page_axe_<lang>.py` run them, a file per language so that the test
workers (pytest-xdist, a file per worker) share them.

The pages are those of the access matrix (tests/staff/test_access_matrix.py): every GET of
/staff/ and /admin/ that answers a page, as the first role that may see it. The states are the
pages an empty POST answers (a form sent back with its errors, a confirmation step). The
public pages are checked in tests/browser/test_public_form.py.

Chromium's requests are answered by the Flask test client (tests/browser/routed.py), so the
demo data of the test's transaction and the real sessions are used.
"""
import pytest
from flask import url_for

from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve
from tests.counties.test_operator import _operator
from tests.signin import signed_in_client
from tests.staff.test_access_matrix import EXPECTED, URL_VALUES, protected_rules

ROLES_IN_ORDER = ("staff", "lead", "municipality_admin", "region_admin")
NOT_PAGES = ("api.", "statistics.csv", "routing_admin.export", "accounts.sign_out")


@pytest.fixture(scope="module")
def browser():
    yield from launch()


def _pages(app, db):
    """(role, method, url) of every staff and admin page and every page an empty POST shows."""
    pages = []
    with app.test_request_context():
        for rule in sorted(protected_rules(app), key=lambda r: r.endpoint):
            if rule.endpoint.startswith(NOT_PAGES):
                continue
            method = "GET" if "GET" in rule.methods else "POST"
            wanted = (200,) if method == "GET" else (200, 400)
            role = next((r for r in ROLES_IN_ORDER if EXPECTED[rule.endpoint][r] in wanted), None)
            if role:
                url = url_for(rule.endpoint, **{a: URL_VALUES[a](db) for a in rule.arguments})
                pages.append((role, method, url))
    return pages


def check_every_page(app, db, fast_sign_in, browser, lang: str) -> None:
    app.config["WTF_CSRF_ENABLED"] = False  # the empty POSTs: their answers are the states
    clients = {}
    for role in ROLES_IN_ORDER:
        clients[role] = fast_sign_in(role)
        clients[role].post("/staff/account/language", data={"language": lang})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    checked, failures = 0, []
    try:
        for role, method, url in _pages(app, db):
            page.unroute(f"{ORIGIN}/**")
            page.route(f"{ORIGIN}/**", serve(clients[role]))
            if method == "GET":
                response = page.goto(ORIGIN + url)
                status = response.status
            else:
                answer = clients[role].post(url)
                if "text/html" not in answer.content_type:
                    continue
                page.goto(f"{ORIGIN}/static/css/app.css")
                page.set_content(answer.get_data(as_text=True))
                status = answer.status_code
            if page.locator("html").get_attribute("lang") != lang:
                failures.append(f"{method} {url} as {role}: not in {lang}")
                continue
            assert page.locator("h1").count() >= 1, f"{method} {url} ({status}) has a heading"
            found = axe.violations(page)
            checked += 1
            if found:
                failures.append(f"{method} {url} as {role}:\n{axe.report(found)}")
    finally:
        context.close()
    assert checked >= 45, f"only {checked} pages checked"
    assert not failures, "\n".join(failures)


# The national operator's pages (no demo role opens them): the list, a county's page, and the
# county page as an empty invitation answers it (the form's errors).
OPERATOR_PAGES = (("GET", "/admin/counties/"), ("GET", "/admin/counties/varsinais-suomi"),
                  ("POST", "/admin/counties/varsinais-suomi/administrator"))


def check_operator_pages(app, db, browser, lang: str) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    client = signed_in_client(app, _operator(db))
    client.post("/staff/account/language", data={"language": lang})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    failures = []
    try:
        page.route(f"{ORIGIN}/**", serve(client))
        for method, url in OPERATOR_PAGES:
            if method == "GET":
                assert page.goto(ORIGIN + url).status == 200, url
            else:
                answer = client.post(url)
                assert answer.status_code == 400, url
                page.goto(f"{ORIGIN}/static/css/app.css")
                page.set_content(answer.get_data(as_text=True))
            assert page.locator("html").get_attribute("lang") == lang, url
            assert page.locator("h1").count() >= 1, url
            found = axe.violations(page)
            if found:
                failures.append(f"{method} {url}:\n{axe.report(found)}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
