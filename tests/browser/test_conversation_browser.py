"""The conversation in Chromium: the family's follow-up page (with messages, a mistake and a
closed request) and the request page with its messages pass axe in fi, sv and en, and the
family sends a reply without JavaScript.

Chromium's requests are answered by Flask test clients (tests/browser/routed.py), so the
test's transaction and real sessions are used, as in every_page.py.
"""
import pytest
import sqlalchemy as sa

from helpbutton.conversation import operations as conversation
from helpbutton.intake.follow_up import hash_token
from helpbutton.models import MessageKind, RequestMessage, RequestStatus, User
from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve
from tests.factories import FAMILY, make_request

pytestmark = pytest.mark.browser
LANGS = ("fi", "sv", "en")
TOKEN = "perheen-oma-linkki-" + "x" * 24


@pytest.fixture(scope="module")
def browser():
    yield from launch()


@pytest.fixture
def talked(db, demo):
    """An open request of the Turku centre whose family and worker have written."""
    req = make_request(db.session, "turku", contact=FAMILY,
                       follow_up_token_hash=hash_token(TOKEN))
    worker = db.session.scalar(sa.select(User).where(
        User.email == "turku.staff@example.invalid"))
    conversation.family_writes(db.session, req, "Soittakaa iltaisin.\nKiitos!")
    conversation.family_writes(db.session, req, "Vauva on kolmen kuukauden.",
                               MessageKind.ADDITION)
    conversation.staff_writes(db.session, worker, req, "Soitamme tiistaina kello 17.")
    db.session.commit()
    return req


def _check(page, failures, what):
    found = axe.violations(page)
    if found:
        failures.append(f"{what}:\n{axe.report(found)}")


# What axe checks is the page, not the database under it: SQLite only.
@pytest.mark.parametrize("database_url", ["sqlite://"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_conversation_pages_pass_axe(app, db, talked, fast_sign_in, browser, lang):
    db.session.scalar(sa.select(User).where(
        User.email == "turku.staff@example.invalid")).language = lang
    db.session.commit()
    staff = fast_sign_in("staff")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    failures: list[str] = []
    try:
        # The worker's request page first (the family's pages then set the language they ask).
        page.route(f"{ORIGIN}/**", serve(staff))
        page.goto(f"{ORIGIN}/staff/requests/{talked.id}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator(".conversation .message").count() == 3
        _check(page, failures, "request page")
        page.unroute(f"{ORIGIN}/**")

        family = app.test_client()
        page.route(f"{ORIGIN}/**", serve(family))
        page.goto(f"{ORIGIN}/{lang}/follow-up/{TOKEN}")
        assert page.locator(".conversation .message").count() == 3
        _check(page, failures, "follow-up page")

        # A mistake (an empty reply), then a reply sent without any script.
        page.locator("form[action$='/message'] button[type=submit]").click()
        page.wait_for_selector("#error-summary")
        _check(page, failures, "follow-up page with an error")
        page.fill("#reply-body", "Tiistai sopii hyvin.")
        page.locator("form[action$='/message'] button[type=submit]").click()
        page.wait_for_selector(".notice")
        assert page.locator(".conversation .message").count() == 4
        _check(page, failures, "follow-up page after a reply")

        # Closed: how to ask again.
        talked.status = RequestStatus.CLOSED
        talked.closed_at = talked.created_at
        db.session.commit()
        page.goto(f"{ORIGIN}/{lang}/follow-up/{TOKEN}")
        assert page.locator("#reply-body").count() == 0
        _check(page, failures, "closed request's follow-up page")
    finally:
        context.close()
    assert db.session.scalar(sa.select(sa.func.count(RequestMessage.id))) == 4
    assert not failures, "\n".join(failures)
