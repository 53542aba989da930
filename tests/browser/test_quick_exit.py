""""Leave this page" in a real Chromium: a plain link without JavaScript; with it, Esc pressed
three times leaves too, and the Back button does not return to the form. The exit site is a
page on loopback (QUICK_EXIT_URL), so nothing leaves the machine. Axe on the lost-link pages
and on the form with the button, in fi, sv and en."""
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

LANGS = ["fi", "sv", "en"]
LEAVE = {"fi": "Poistu sivulta", "sv": "Lämna sidan", "en": "Leave this page"}


class _Neutral(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        title = "Start" if self.path.startswith("/start") else "Weather"
        body = f"<!doctype html><html lang=en><title>{title}</title><h1>{title}</h1>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def neutral_site():
    server = HTTPServer(("127.0.0.1", 0), _Neutral)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def exit_url(live_app, neutral_site):
    live_app.config["QUICK_EXIT_URL"] = f"{neutral_site}/weather"
    return live_app.config["QUICK_EXIT_URL"]


@pytest.fixture
def page_with(_browser):
    contexts = []

    def make(javascript=True, **options):
        context = _browser.new_context(locale="fi-FI", java_script_enabled=javascript,
                                       **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page
    yield make
    for context in contexts:
        context.close()


def test_without_javascript_the_button_is_a_link_to_the_neutral_site(page_with, live_server,
                                                                     exit_url):
    page = page_with(javascript=False)
    page.goto(f"{live_server}/fi/")
    button = page.get_by_role("link", name="Poistu sivulta")
    assert button.get_attribute("href") == exit_url
    button.click()
    page.wait_for_url(exit_url)
    expect(page.locator("h1")).to_have_text("Weather")


def test_with_javascript_the_form_is_left_out_of_the_history(page_with, live_server, exit_url,
                                                             neutral_site):
    page = page_with()
    page.goto(f"{neutral_site}/start")
    page.goto(f"{live_server}/fi/")
    page.fill("#description", "Ei saa näkyä kenellekään.")
    page.get_by_role("link", name="Poistu sivulta").click()
    page.wait_for_url(exit_url)
    page.evaluate("setTimeout(() => history.back(), 0)")
    page.wait_for_url(f"{neutral_site}/start")
    expect(page.locator("h1")).to_have_text("Start")


def test_escape_three_times_leaves_and_back_does_not_return(page_with, live_server, exit_url,
                                                            neutral_site):
    page = page_with()
    page.goto(f"{neutral_site}/start")
    page.goto(f"{live_server}/sv/")
    page.fill("#description", "Ingen får se det här.")
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(exit_url)
    page.evaluate("setTimeout(() => history.back(), 0)")
    page.wait_for_url(f"{neutral_site}/start")
    assert "Ingen får se" not in page.content()


def test_escape_presses_far_apart_do_not_leave(page_with, live_server, exit_url):
    page = page_with()
    page.goto(f"{live_server}/fi/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(2200)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == f"{live_server}/fi/"


def test_the_violence_notice_points_at_the_button_and_leaves_too(page_with, live_server,
                                                                 exit_url):
    page = page_with()
    page.goto(f"{live_server}/en/")
    page.check("input[name=topic_code][value=violence_safety]")
    notice = page.locator("#topic_code-notice, .topic-notice:visible").first
    expect(notice).to_contain_text("“Leave this page” button")
    notice.get_by_role("link", name="Leave this page quickly").click()
    page.wait_for_url(exit_url)


@pytest.mark.parametrize("lang", LANGS)
def test_the_button_is_second_in_focus_order_big_enough_and_hides_nothing(page_with,
                                                                          live_server, lang,
                                                                          exit_url):
    page = page_with(viewport={"width": 320, "height": 640})
    page.goto(f"{live_server}/{lang}/")
    page.keyboard.press("Tab")  # "Skip to content"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "quick-exit"
    box = page.locator("#quick-exit").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert page.locator("#quick-exit").inner_text() == LEAVE[lang]
    # Nothing lies under it: it sits above the service's name, and scrolls away with the page.
    name = page.locator(".site-name").bounding_box()
    assert box["y"] + box["height"] <= name["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.evaluate("window.scrollTo(0, 400)")
    assert page.locator("#quick-exit").bounding_box()["y"] < 0  # not over the form


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/", "/link", "/link/sent"])
def test_pages_with_the_button_pass_axe(browser_page, live_server, lang, path, exit_url):
    browser_page.goto(f"{live_server}/{lang}{path}")
    expect(browser_page.locator("#quick-exit")).to_have_text(LEAVE[lang])
    assert_no_axe_violations(browser_page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_lost_link_page_with_mistakes_passes_axe(browser_page, live_server, lang):
    browser_page.goto(f"{live_server}/{lang}/link")
    browser_page.fill("#contact", "ei osoite")
    browser_page.locator("main button[type=submit]").click()
    expect(browser_page.locator(".error-summary")).to_be_visible()
    assert browser_page.input_value("#contact") == "ei osoite"
    assert_no_axe_violations(browser_page)
