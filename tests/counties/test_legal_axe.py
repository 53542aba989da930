"""axe-core on the legal texts' pages in the states the other tests do not reach: a county
without texts (its public pages and its administrator's home listing what is missing) and the
administrator's form sent back with errors, in fi, sv and en."""
import pytest

from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve
from tests.counties.test_legal import LEGAL, admin_of, entered, keski_suomi
from tests.signin import csrf_from

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.mark.parametrize("database_url", ["sqlite://"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_county_without_texts_and_its_administrators_pages_pass_axe(
        app, db, demo, demo_users, browser, lang):
    other = keski_suomi(db)
    admin = admin_of(app, db, other, demo_users["region_admin"])
    admin.post("/staff/account/language", data={
        "language": lang, "csrf_token": csrf_from(admin.get("/staff/account").get_data(
            as_text=True))})
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route(f"{ORIGIN}/**", serve(admin))
    failures = []
    try:
        for path, shows in [(f"/{lang}/keski-suomi/privacy", "Keski-Suomen hyvinvointialue"
                             if lang == "fi" else ""),
                            (f"/{lang}/keski-suomi/accessibility", ""),
                            ("/admin/", 'id="attention-title"')]:
            page.goto(ORIGIN + path)
            assert page.locator("html").get_attribute("lang") == lang, path
            assert shows in page.content(), path
            if found := axe.violations(page):
                failures.append(f"{path}:\n{axe.report(found)}")
        answer = admin.post(LEGAL, data={**entered(dpo_email="not an address",
                                                   feedback_url="http://x.fi"),
                                         "csrf_token": csrf_from(admin.get(LEGAL).get_data(
                                             as_text=True))})
        assert answer.status_code == 400
        page.goto(f"{ORIGIN}/static/css/app.css")
        page.set_content(answer.get_data(as_text=True))
        if found := axe.violations(page):
            failures.append(f"POST {LEGAL}:\n{axe.report(found)}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
