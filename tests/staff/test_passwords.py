"""Password change, reset by an emailed one-time link, and the staff language choice."""
import re
from datetime import timedelta

import sqlalchemy as sa

from helpbutton.accounts import tokens
from helpbutton.dbtypes import utcnow
from helpbutton.models import OutboxMessage, PasswordToken, TokenPurpose
from tests.signin import csrf_from, post_form, user_by_email

STAFF = "turku.staff@example.invalid"
NEW_PASSWORD = "kirahvi sininen polkupyörä"


def _reset_link(db) -> str:
    message = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "password_reset").order_by(OutboxMessage.id.desc()))
    assert message is not None and message.recipient == STAFF
    return re.search(r"http://\S+/staff/password/reset/[\w-]+", message.body_text).group(0)


def test_reset_link_by_mail_sets_a_new_password_once(app, client, db, demo, sign_in):
    other_device = app.test_client()
    sign_in(other_device, STAFF)
    response = post_form(client, "/staff/password/forgot", {"email": STAFF.upper()})
    assert response.status_code == 200
    link = _reset_link(db)
    path = link.split("127.0.0.1:5000", 1)[-1]
    assert client.get(path).status_code == 200
    weak = post_form(client, path, {"new_password": "password1234", "confirm": "password1234"})
    assert weak.status_code == 400
    assert "yleisesti käytetty" in weak.get_data(as_text=True)
    done = post_form(client, path, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.headers["Location"].endswith("/staff/sign-in")
    assert client.get(path).status_code == 410  # used up
    assert sign_in(client, STAFF).status_code == 400  # the old password is gone
    assert sign_in(client, STAFF, password=NEW_PASSWORD).status_code == 302
    assert other_device.get("/staff/").status_code == 302  # ended everywhere


def test_forgot_password_answers_the_same_for_an_unknown_address(client, db, demo):
    known = post_form(client, "/staff/password/forgot", {"email": STAFF})
    unknown = post_form(client, "/staff/password/forgot", {"email": "nobody@example.invalid"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))  # noqa: E731
    assert strip(known) == strip(unknown)
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.kind == "password_reset")) == 1


def test_an_unknown_address_keeps_nothing_of_the_work_done_for_it(client, db, demo):
    # The stand-in work (token, mail rendered and written, commit) evens out the answer's time;
    # none of it stays.
    response = post_form(client, "/staff/password/forgot", {"email": "nobody@example.invalid"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(PasswordToken.id))) == 0


def test_reset_mails_are_limited_to_three_an_hour(client, db, demo):
    for _ in range(5):
        post_form(client, "/staff/password/forgot", {"email": STAFF})
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.kind == "password_reset")) == 3


def test_only_a_hash_of_the_token_is_stored_and_it_expires(client, db, demo):
    user = user_by_email(db, STAFF)
    raw = tokens.issue(db.session, user, TokenPurpose.RESET)
    db.session.commit()
    stored = db.session.scalar(sa.select(PasswordToken))
    assert stored.token_hash != raw and raw not in stored.token_hash
    assert client.get(f"/staff/password/reset/{raw}").status_code == 200
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(f"/staff/password/reset/{raw}")
    assert response.status_code == 410
    assert "Linkki ei ole enää voimassa" in response.get_data(as_text=True)


def test_reset_link_of_a_deactivated_account_does_not_work(client, db, demo):
    user = user_by_email(db, STAFF)
    raw = tokens.issue(db.session, user, TokenPurpose.RESET)
    user.active = False
    db.session.commit()
    assert client.get(f"/staff/password/reset/{raw}").status_code == 410


def test_password_change_needs_the_current_password(client, demo, sign_in):
    sign_in(client, STAFF)
    response = post_form(client, "/staff/account/password", {
        "current_password": "not-my-password", "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "Nykyinen salasana on väärin" in response.get_data(as_text=True)


def test_password_change_refuses_a_mismatch_and_keeps_the_page_usable(client, demo, sign_in):
    sign_in(client, STAFF)
    response = post_form(client, "/staff/account/password", {
        "current_password": "demo-perhe-2026", "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD + "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Salasanat eivät täsmää" in html
    assert 'aria-invalid="true"' in html
    assert NEW_PASSWORD not in html  # passwords are never echoed back


def test_password_change_ends_other_sessions_but_not_this_one(app, client, demo, sign_in):
    other = app.test_client()
    sign_in(other, STAFF)
    sign_in(client, STAFF)
    response = post_form(client, "/staff/account/password", {
        "current_password": "demo-perhe-2026", "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/staff/account")
    assert client.get("/staff/account").status_code == 200
    assert other.get("/staff/account").status_code == 302


def test_staff_choose_their_language_and_it_is_remembered(app, client, db, demo, sign_in):
    sign_in(client, STAFF)
    assert "Oma tunnus" in client.get("/staff/account").get_data(as_text=True)
    response = post_form(client, "/staff/account/language", {"language": "sv"},
                         page="/staff/account", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert '<html lang="sv" dir="ltr">' in html
    assert "Ditt konto" in html and "Språket byttes" in html
    assert user_by_email(db, STAFF).language == "sv"
    elsewhere = app.test_client()
    sign_in(elsewhere, STAFF)
    assert '<html lang="sv" dir="ltr">' in elsewhere.get("/staff/").get_data(as_text=True)


def test_language_choice_accepts_only_offered_languages(client, db, demo, sign_in):
    sign_in(client, STAFF)
    page = client.get("/staff/account").get_data(as_text=True)
    client.post("/staff/account/language", data={"language": "de", "csrf_token": csrf_from(page)})
    assert user_by_email(db, STAFF).language == "fi"
