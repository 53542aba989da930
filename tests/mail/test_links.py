"""Every link in every mail is built from a route: it points at the public base URL and opens
the page it is about (a renamed route would fail here, not in a family's inbox)."""
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import g

from helpbutton import create_app
from helpbutton.accounts import tokens
from helpbutton.intake import follow_up
from helpbutton.mail import notifications
from helpbutton.mail.links import absolute_url
from helpbutton.models import OutboxMessage, TokenPurpose, User
from tests.factories import FAMILY, make_request
from tests.factories import centre as centre_by_key

BASE = "https://apua.example.invalid"
TODAY = datetime.now(UTC)


def _links(message: OutboxMessage) -> set[str]:
    in_html = {link.replace("&amp;", "&")
               for link in re.findall(r'href="([^"]+)"', message.body_html)}
    in_text = set(re.findall(r"https?://\S+", message.body_text))
    assert in_html == in_text, message.kind
    return in_text


def _route(app, link: str) -> tuple[str, dict]:
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == BASE
    endpoint, values = app.url_map.bind(parts.netloc).match(parts.path)
    query = dict(p.split("=", 1) for p in parts.query.split("&") if p)
    return endpoint, {**values, **query}


def test_every_link_in_every_mail_opens_its_page(mail_app, db, demo):
    app = mail_app
    turku = centre_by_key(db.session, "turku")
    salo = centre_by_key(db.session, "salo")
    turku.daily_digest = True
    request = make_request(db.session, turku, created_at=TODAY - timedelta(days=5),
                           due_at=TODAY - timedelta(days=1), submission_key="links-key",
                           contact=FAMILY, wants_email=True, events=False, commit=False)
    token = follow_up.new_token("links-key")
    request.follow_up_token_hash = follow_up.hash_token(token)
    user = db.session.scalar(sa.select(User).where(User.email == "turku.lead@example.invalid"))
    reset = tokens.issue(db.session, user, TokenPurpose.RESET)

    notifications.notify_centre_new_request(db.session, request)
    notifications.notify_centre_forwarded_request(db.session, request, salo)
    notifications.confirm_to_family(db.session, request, follow_up.follow_up_url(token, "fi"))
    notifications.remind_overdue(db.session, TODAY)
    notifications.send_daily_digest(db.session, TODAY)
    notifications.password_reset(db.session, user,
                                 absolute_url("accounts.reset_password", token=reset))
    notifications.new_account(db.session, user,
                              absolute_url("accounts.reset_password", token=reset))
    db.session.commit()

    routes: dict[str, list[tuple[str, dict]]] = {}
    for message in db.session.scalars(sa.select(OutboxMessage)):
        routes.setdefault(message.kind, []).extend(
            _route(app, link) for link in sorted(_links(message)))

    request_page = ("triage.request", {"request_id": request.id})
    assert routes["centre_new_request"] == [request_page]
    assert routes["centre_forwarded_request"] == [request_page]
    assert routes["family_confirmation"] == [("intake.follow_up", {"lang": "fi", "token": token})]
    assert ("triage.index", {"centre": str(turku.id), "due": "overdue"}) in \
        routes["overdue_reminder"]
    assert routes["daily_digest"] == [("triage.index", {"centre": str(turku.id)})]
    assert routes["password_reset"] == [("accounts.reset_password", {"token": reset})]
    assert sorted(routes["new_account"]) == [("accounts.reset_password", {"token": reset}),
                                             ("triage.home", {})]

    # The pages behind them: the family's follow-up and the password page open for anyone
    # holding the link; the staff pages ask for signing in first.
    client = app.test_client()
    page = client.get(urlsplit(follow_up.follow_up_url(token, "fi")).path)
    assert page.status_code == 200 and request.reference in page.get_data(as_text=True)
    page = client.get(urlsplit(absolute_url("accounts.reset_password", token=reset)).path)
    assert page.status_code == 200 and 'type="password"' in page.get_data(as_text=True)
    staff_page = client.get(f"/staff/requests/{request.id}")
    assert staff_page.status_code == 302 and "/staff/sign-in" in staff_page.headers["Location"]


def test_a_link_keeps_the_base_urls_path_and_quotes_what_it_carries():
    """Behind a proxy's prefix the links keep it; a value is quoted as `url_for` quotes it;
    the public side's language defaults to the page's (as on the page itself)."""
    app = create_app({"PUBLIC_BASE_URL": "https://apua.example.invalid/palvelu/",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        assert absolute_url("triage.request", request_id=7) == \
            "https://apua.example.invalid/palvelu/staff/requests/7"
        assert absolute_url("triage.index", centre=3, due="overdue") == \
            "https://apua.example.invalid/palvelu/staff/requests?centre=3&due=overdue"
        assert absolute_url("intake.follow_up", lang="sv", token="ä b/?") == \
            "https://apua.example.invalid/palvelu/sv/follow-up/%C3%A4%20b/%3F"
    with app.test_request_context("/en/"):
        g.lang = "en"
        assert absolute_url("intake.follow_up", token="t0k") == \
            "https://apua.example.invalid/palvelu/en/follow-up/t0k"
