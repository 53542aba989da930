"""axe-core (WCAG 2.2 AA and best practice) on every staff and admin page, in fi, sv and en:
the checks; `test_every_page_axe_<lang>.py` run them, a file per language so that the test
workers (pytest-xdist, a file per worker) share them.

The pages are those of the access matrix (tests/staff/test_access_matrix.py): every GET of
/staff/ and /admin/ that answers a page, as the first role that may see it. The states are the
pages an empty POST answers (a form sent back with its errors, a confirmation step).

The public pages and states, in every public language (check_public_pages, run by
`test_every_public_page_<languages>.py`): axe, no string without a translation, and in Arabic
and Persian the mirrored layout at 390 and 1280 px.

Chromium's requests are answered by the Flask test client (tests/browser/routed.py), so the
demo data of the test's transaction and the real sessions are used.
"""
import re
from urllib.parse import urlsplit

import pytest
from flask import url_for

from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve
from tests.counties.test_operator import _operator
from tests.public.conftest import FormDriver, hidden_fields
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


# --- the public side: every page and state in every public language ----------------------------
#
# Chromium's requests are answered in this process by a Flask test client of the test's app,
# so the app's record of the strings that lack a translation (`app.extensions["untranslated"]`,
# helpbutton/catalogue.py, on with I18N_RECORD_MISSING in tests/dbstate.py) is the one the
# pages were made with: a live server in a thread would be the same process too, but its app
# (tests/browser/conftest.py) is built without the test configuration. The family's
# confirmation mail is made while the form is sent, so its strings are recorded as well.

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The pages to open, in order; `None` marks the states reached by using the pages.
PUBLIC_GETS = ("/", "/varsinais-suomi/", "/privacy", "/accessibility",
               "/varsinais-suomi/privacy", "/varsinais-suomi/accessibility", "/link",
               "/link/sent", "/follow-up/unknown", "/no-such-page")
# What must read left to right in any language: phone numbers, the reference, the private
# link, email addresses, and the fields for a phone number, an email and a postal code.
LTR_SELECTOR = ("a.tel, span.tel, a[href^='tel:'], a[href^='mailto:'], .code, .private-link, "
                "input[type=tel], input[type=email], #postal_code, #reference, #contact")
# Those whose direction is not ltr, or whose first character is not left of their last one
# on the screen (on one line: "+358 2 100 0000" shown as "0000 100 2 358+" fails).
LTR_WRONG = """s => [...document.querySelectorAll(s)].filter(e => {
    if (getComputedStyle(e).direction !== 'ltr') return true;
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) if (walker.currentNode.data.trim()) texts.push(walker.currentNode);
    if (!texts.length) return false;
    const first = texts[0], last = texts[texts.length - 1];
    const at = (node, i) => {
      const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
      return r.getBoundingClientRect(); };
    const a = at(first, first.data.search(/\\S/)), b = at(last, last.data.trimEnd().length - 1);
    return Math.abs(a.top - b.top) < 2 && a.left > b.left;
  }).map(e => e.outerHTML.slice(0, 100))"""
# Where the main heading's text begins and ends, and the edges of main's content box.
HEADING_EDGES = """() => {
  const h = document.querySelector('main h1'), m = document.querySelector('main');
  const range = document.createRange(); range.selectNodeContents(h);
  const text = range.getBoundingClientRect(), box = m.getBoundingClientRect();
  const s = getComputedStyle(m);
  return {left: text.left, right: text.right,
          start: box.left + parseFloat(s.paddingLeft), end: box.right - parseFloat(s.paddingRight)};
}"""

# What a right-to-left page must show mirrored: a box's coloured edge on its right, and a
# radio button or check box to the right of its label.
NOT_MIRRORED = """() => {
  const wrong = [];
  for (const e of document.querySelectorAll('.emergency, .notice, .info, .safety, .field-error, '
                                            + '.topic-notice, .conversation .message')) {
    const s = getComputedStyle(e);
    if (e.checkVisibility() && parseFloat(s.borderLeftWidth) > parseFloat(s.borderRightWidth))
      wrong.push('edge on the left: ' + e.outerHTML.slice(0, 80));
  }
  for (const box of document.querySelectorAll('.choice > input, .check > input, .age > input')) {
    const label = box.parentElement.querySelector('label');
    if (!label || !box.checkVisibility()) continue;
    const b = box.getBoundingClientRect(), l = label.getBoundingClientRect();
    if (b.left < l.right - 1) wrong.push('box left of its label: ' + label.outerHTML.slice(0, 80));
  }
  return wrong.slice(0, 5);
}"""


def _send_the_form(client, lang: str) -> None:
    """The front page's form sent (by the test client: Chromium does not follow a redirect
    answered by a route) with a safety topic and an email confirmation."""

    sent = FormDriver(client).send(lang=lang, topic_code="violence_safety",
                                   email="perhe@example.org", wants_email_confirmation="y",
                                   service_language="interpreter",
                                   interpreter_language="en" if lang in ("fi", "sv", "selko")
                                   else lang)
    assert sent.status_code == 302, sent.get_data(as_text=True)[:3000]


def _submit_empty(page) -> None:
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _public_states(page, client, lang: str):
    """Generator: opens each public page and state of `lang` in turn, yielding its name."""
    for path in PUBLIC_GETS:
        response = page.goto(f"{ORIGIN}/{lang}{path}")
        assert response.status in (200, 404), (path, response.status)
        yield path
        if path == "/":
            _submit_empty(page)
            yield "/ sent empty (the errors)"
        elif path == "/link":
            _submit_empty(page)
            yield "/link sent empty (the errors)"
    _send_the_form(client, lang)
    page.goto(f"{ORIGIN}/{lang}/confirmation")
    yield "/confirmation (safety topic, with the private link)"
    link = page.locator(".private-link").get_attribute("href")
    reference = page.locator(".reference .code").inner_text().strip()
    page.goto(f"{ORIGIN}/{lang}/confirmation")
    yield "/confirmation again (without the link)"
    assert page.goto(link).status == 200
    yield "/follow-up/<token>"
    # The family adds to its request (its message then on the page), and asks for a new link
    # with its reference and email (the mail of the new link made in its language).
    follow_up = urlsplit(link).path
    hidden = hidden_fields(client.get(follow_up).get_data(as_text=True))
    added = client.post(f"{follow_up}/addition",
                        data={**hidden, "addition-body": "Iltapäivisin."})
    assert added.status_code in (302, 303), added.status_code
    hidden = hidden_fields(client.get(f"/{lang}/link").get_data(as_text=True))
    asked = client.post(f"/{lang}/link", data={**hidden, "reference": reference,
                                               "contact": "perhe@example.org"})
    assert asked.status_code in (302, 303), asked.get_data(as_text=True)[:2000]
    assert page.goto(f"{ORIGIN}{follow_up}").status == 404  # the earlier link stops working
    yield "/follow-up/<token> once a new link was sent"


def _layout_problems(page, where: str, lang) -> list[str]:
    from tests.browser.test_staff_layout import OVERFLOWING, SMALL_TARGETS

    problems = []
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        problems.append(f"{where}: scrolls sideways {width}")
    if wide := page.evaluate(OVERFLOWING):
        problems.append(f"{where}: past the window's edge {wide}")
    if small := page.evaluate(SMALL_TARGETS):
        problems.append(f"{where}: smaller than 24 x 24 px {small}")
    if lang.rtl:
        if page.locator("html").get_attribute("dir") != "rtl":
            problems.append(f"{where}: html is not dir=rtl")
        edges = page.evaluate(HEADING_EDGES)
        if abs(edges["right"] - edges["end"]) > 2 or edges["left"] < edges["start"] - 2:
            problems.append(f"{where}: the heading does not start on the right {edges}")
        if wrong := page.evaluate(NOT_MIRRORED):
            problems.append(f"{where}: not mirrored {wrong}")
        if not page.locator("a.tel").count():
            problems.append(f"{where}: no phone number")
        if wrong := page.evaluate(LTR_WRONG, LTR_SELECTOR):
            problems.append(f"{where}: not left to right {wrong}")
    return problems


def check_public_pages(app, browser, code: str, shots=None) -> None:
    """axe-core on every public page and state in the language `code`, at 1280 px; none of
    their strings without a translation; and, with `shots` (a folder), the layout at 390 and
    1280 px, a screenshot of each page at each width saved there: fitting the window, and in a
    right-to-left language the page mirrored with the numbers and references left to right."""
    from helpbutton.extensions import limiter
    from helpbutton.public_languages import BY_CODE

    lang = BY_CODE[code]
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "100 per minute"
    app.config["LOST_LINK_ATTEMPT_LIMIT"] = "100 per minute"
    limiter.reset()
    client = app.test_client()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.route(f"{ORIGIN}/**", serve(client))
    untranslated = app.extensions["untranslated"]
    untranslated.clear()
    checked, failures = [], []
    try:
        for where in _public_states(page, client, code):
            checked.append(where)
            if page.locator("html").get_attribute("lang") != lang.tag:
                failures.append(f"{where}: not in {lang.tag}")
                continue
            if not page.locator("main h1").count():
                failures.append(f"{where}: no heading")
                continue
            if found := axe.violations(page):
                failures.append(f"{where}:\n{axe.report(found)}")
            if shots is None:
                continue
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                name = re.sub(r"\W+", "_", where.split(" ")[0]).strip("_") or "front"
                shot = shots / f"{code}-{viewport['width']}-{len(checked):02d}-{name}.png"
                page.screenshot(path=str(shot), full_page=True)
                failures += _layout_problems(page, f"{where} at {viewport['width']} px", lang)
            page.set_viewport_size(DESKTOP)
    finally:
        context.close()
    assert len(checked) == len(PUBLIC_GETS) + 6, checked
    missing = sorted(msgid for locale, msgid in untranslated if locale == lang.locale)
    if missing:
        failures.append(f"untranslated in {lang.locale} on the public pages ({len(missing)}):\n"
                        + "\n".join(repr(m) for m in missing))
    if shots is not None:
        failures = failures and [f"screenshots in {shots}"] + failures
    assert not failures, "\n".join(failures)
