"""axe on the pages this part changes in their SMS states: the request page with the
family's contact-safety answers, and the outbox page with a refused SMS."""
import pytest

from helpbutton.mail import outbox
from helpbutton.models import OutboxChannel
from tests.browser import axe
from tests.browser.routed import ORIGIN, launch, serve
from tests.factories import MAIL_NOW as NOW
from tests.factories import make_request

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    yield from launch()


def _check(browser, client, url: str, must_show: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.route(f"{ORIGIN}/**", serve(client))
        assert page.goto(ORIGIN + url).status == 200
        assert must_show in page.content()
        found = axe.violations(page)
        assert not found, axe.report(found)
    finally:
        context.close()


@pytest.mark.parametrize("database_url", ["sqlite://"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_request_page_with_the_answers_and_the_outbox_with_a_refused_sms_pass_axe(
        sms_app, db, demo, fast_sign_in, browser, sms_server, lang):
    request = make_request(db.session, "turku", may_leave_message=False,
                           if_someone_else_answers="Soitan kirjastosta")
    outbox.enqueue(db.session, kind="family_confirmation", channel=OutboxChannel.SMS,
                   recipient=request.phone, language="fi", subject="family_confirmation",
                   body_text="link", request_id=request.id, now=NOW)
    db.session.commit()
    sms_server.refused.add(request.phone)
    sms_server.start()
    outbox.send_all_due(db.session, NOW)

    staff, admin = fast_sign_in("staff"), fast_sign_in("region_admin")
    for client in (staff, admin):
        client.post("/staff/account/language", data={"language": lang})
    _check(browser, staff, f"/staff/requests/{request.id}", "Soitan kirjastosta")
    _check(browser, admin, "/admin/outbox/", "SMS")
