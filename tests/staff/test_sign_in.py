"""Signing in and out: passwords, two-factor, lockout, session limits, revocation."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from helpbutton.accounts import throttle
from helpbutton.dbtypes import utcnow
from helpbutton.models import SignInAttempt
from tests.signin import csrf_from, fresh_code, post_form, user_by_email

STAFF = "turku.staff@example.invalid"
ADMIN = "region.admin@example.invalid"


def test_sign_in_page_offers_email_password_and_reset_link(client, demo):
    response = client.get("/staff/sign-in")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert "/staff/password/forgot" in html
    assert response.headers["Cache-Control"] == "no-store"


def test_staff_page_sends_anonymous_visitor_to_sign_in_and_back(client, demo, sign_in):
    response = client.get("/staff/account")
    assert response.status_code == 302
    assert "/staff/sign-in?next=/staff/account" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    token = csrf_from(page)
    response = client.post("/staff/sign-in", data={
        "email": STAFF, "password": "demo-perhe-2026", "next": "/staff/account",
        "csrf_token": token})
    assert response.headers["Location"].endswith("/staff/account")


def test_next_cannot_send_anyone_to_another_site(client, demo):
    page = client.get("/staff/sign-in?next=//evil.example/x").get_data(as_text=True)
    response = client.post("/staff/sign-in", data={
        "email": STAFF, "password": "demo-perhe-2026", "next": "https://evil.example/",
        "csrf_token": csrf_from(page)})
    assert response.headers["Location"].endswith("/staff/")
    assert 'name="password"' in page  # the sign-in form, without the foreign target
    assert "evil" not in page


def test_staff_signs_in_with_password_and_sees_their_centre(client, demo, sign_in):
    response = sign_in(client, STAFF)
    assert response.headers["Location"].endswith("/staff/")
    html = client.get("/staff/").get_data(as_text=True)
    assert "Tero Työntekijä" in html
    assert "Turun perhekeskus (esimerkki)" in html
    assert "Sign out" not in html  # in Finnish: the account's language
    assert "Kirjaudu ulos" in html


def test_wrong_password_is_refused_with_a_message_and_the_email_kept(client, demo, sign_in):
    response = sign_in(client, STAFF, password="wrong-password-123")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Sähköpostiosoite tai salasana on väärin" in html or \
        "The email address or password is wrong" in html
    assert f'value="{STAFF}"' in html
    assert "wrong-password-123" not in html


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client, demo, sign_in):
    def page(email):
        html = sign_in(client, email, password="wrong-password-123").get_data(as_text=True)
        return re.sub(r'value="[^"]*"', "", html)

    assert page(STAFF) == page("nobody@example.invalid")


def test_a_new_session_is_made_at_sign_in(client, demo, sign_in):
    client.get("/staff/sign-in")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    sign_in(client, STAFF)
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_five_failures_lock_the_account_even_for_the_right_password(client, demo, db, sign_in):
    for _ in range(5):
        assert sign_in(client, STAFF, password="not-the-password-1").status_code == 400
    response = sign_in(client, STAFF)
    assert response.status_code == 429
    assert "15" in response.get_data(as_text=True)
    user = user_by_email(db, STAFF)
    assert user.locked_until is not None


def test_lock_ends_after_fifteen_minutes(client, demo, db, sign_in):
    for _ in range(5):
        sign_in(client, STAFF, password="not-the-password-1")
    user = user_by_email(db, STAFF)
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sign_in(client, STAFF).status_code == 302


def test_unknown_email_is_locked_like_a_real_one(client, demo, sign_in):
    for _ in range(5):
        sign_in(client, "nobody@example.invalid", password="not-the-password-1")
    assert sign_in(client, "nobody@example.invalid",
                   password="not-the-password-1").status_code == 429


def test_one_address_is_blocked_after_twenty_failures_across_accounts(app, db, demo, sign_in):
    client = app.test_client()
    address = throttle.keyed_hash(app.config["SECRET_KEY"], "127.0.0.1")
    for n in range(19):  # written directly: Argon2 is slow on purpose
        throttle.record_failure(db.session, user=None, address_hash=address,
                                account_hash=f"someone{n}", now=utcnow())
    db.session.commit()
    sign_in(client, "someone@example.invalid", password="not-the-password-1")
    response = sign_in(client, STAFF)
    assert response.status_code == 429
    assert "verkosta" in response.get_data(as_text=True) or "network" in \
        response.get_data(as_text=True)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert sign_in(elsewhere, STAFF).status_code == 302


def test_attempt_log_keeps_no_address_or_email_in_the_clear(client, demo, db, sign_in):
    sign_in(client, "nobody@example.invalid", password="not-the-password-1")
    attempt = db.session.scalar(sa.select(SignInAttempt))
    assert "nobody" not in attempt.account_hash and "127.0.0.1" not in attempt.address_hash
    assert attempt.address_hash == throttle.keyed_hash(
        client.application.config["SECRET_KEY"], "127.0.0.1")


def test_failed_sign_in_logs_the_user_id_but_never_email_or_password(client, demo, db, sign_in,
                                                                     caplog):
    caplog.set_level("INFO")
    sign_in(client, STAFF, password="secret-typo-password")
    sign_in(client, "nobody@example.invalid", password="secret-typo-password")
    text = caplog.text
    assert str(user_by_email(db, STAFF).id) in text
    assert "secret-typo-password" not in text and "example.invalid" not in text


def test_admin_without_two_factor_must_enrol_before_anything_else(client, demo, db, sign_in):
    response = sign_in(client, ADMIN)
    assert response.headers["Location"].endswith("/staff/two-factor")
    # Nothing else opens meanwhile.
    assert client.get("/staff/").headers["Location"].endswith("/staff/two-factor")
    assert client.get("/admin/users/").headers["Location"].endswith("/staff/two-factor")
    page = client.get("/staff/two-factor").get_data(as_text=True)
    user = user_by_email(db, ADMIN)
    assert user.totp_secret and not user.totp_enabled
    assert user.totp_secret[:4] in page
    assert '<svg' in page and 'class="qr"' in page  # the same secret as a QR code
    wrong = client.post("/staff/two-factor", data={"code": "000000", "csrf_token": csrf_from(page)})
    assert wrong.status_code == 400
    response = client.post("/staff/two-factor", data={
        "code": fresh_code(user.totp_secret), "csrf_token": csrf_from(page)})
    assert response.headers["Location"].endswith("/staff/")
    assert client.get("/staff/").status_code == 200
    db.session.refresh(user)
    assert user.totp_enabled


def test_admin_with_two_factor_needs_the_code(client, demo, db, sign_in, enrol_totp):
    secret = enrol_totp(user_by_email(db, ADMIN))
    response = sign_in(client, ADMIN)
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    assert client.get("/staff/").headers["Location"].endswith("/staff/sign-in/code")
    bad = post_form(client, "/staff/sign-in/code", {"code": "123456"})
    assert bad.status_code == 400
    good = post_form(client, "/staff/sign-in/code", {"code": fresh_code(secret)})
    assert good.headers["Location"].endswith("/staff/")
    assert client.get("/staff/").status_code == 200


def test_a_two_factor_code_works_only_once(app, demo, db, sign_in, enrol_totp):
    secret = enrol_totp(user_by_email(db, ADMIN))
    code = fresh_code(secret)
    first = app.test_client()
    sign_in(first, ADMIN)
    assert post_form(first, "/staff/sign-in/code", {"code": code}).status_code == 302
    second = app.test_client()
    sign_in(second, ADMIN)
    assert post_form(second, "/staff/sign-in/code", {"code": code}).status_code == 400


def test_wrong_codes_count_towards_the_lock(client, demo, db, sign_in, enrol_totp):
    enrol_totp(user_by_email(db, ADMIN))
    sign_in(client, ADMIN)
    for _ in range(5):
        post_form(client, "/staff/sign-in/code", {"code": "000000"})
    response = post_form(client, "/staff/sign-in/code", {"code": "000000"})
    assert response.headers["Location"].endswith("/staff/sign-in")
    assert user_by_email(db, ADMIN).locked_until is not None


def test_region_can_require_two_factor_of_staff(client, demo, db, sign_in):
    demo.require_totp_for_staff = True
    db.session.commit()
    response = sign_in(client, STAFF)
    assert response.headers["Location"].endswith("/staff/two-factor")


def test_sign_out_ends_the_session_on_every_device(app, demo, sign_in):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, STAFF)
    sign_in(phone, STAFF)
    response = post_form(laptop, "/staff/sign-out", {}, page="/staff/")
    assert response.headers["Location"].endswith("/staff/sign-in")
    assert laptop.get("/staff/").status_code == 302
    assert phone.get("/staff/").status_code == 302


def test_sign_out_is_a_post_with_a_csrf_token(client, demo, sign_in):
    sign_in(client, STAFF)
    assert client.get("/staff/sign-out").status_code == 405
    assert client.post("/staff/sign-out").status_code == 400
    assert client.get("/staff/").status_code == 200


def test_session_ends_after_thirty_minutes_without_activity(client, demo, sign_in):
    sign_in(client, STAFF)
    with client.session_transaction() as sess:
        sess["staff_auth"] = {**sess["staff_auth"], "seen": sess["staff_auth"]["seen"] - 31 * 60}
    response = client.get("/staff/")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Istuntosi on päättynyt" in page or "Your session has ended" in page


def test_activity_keeps_the_session_alive_but_not_beyond_twelve_hours(client, demo, sign_in):
    sign_in(client, STAFF)
    with client.session_transaction() as sess:
        sess["staff_auth"] = {**sess["staff_auth"], "seen": sess["staff_auth"]["seen"] - 29 * 60}
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as sess:
        sess["staff_auth"] = {**sess["staff_auth"],
                              "start": sess["staff_auth"]["start"] - 12 * 3600 - 1}
    assert client.get("/staff/").status_code == 302


def test_staff_pages_are_not_stored_by_browsers(client, demo, sign_in):
    sign_in(client, STAFF)
    for path in ("/staff/", "/staff/account", "/staff/sign-in"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("lang, text", [("fi", "Kirjaudu"), ("sv", "Logga in"),
                                        ("en", "Sign in")])
def test_sign_in_page_speaks_the_chosen_language(client, demo, lang, text):
    html = client.get(f"/staff/sign-in?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="ltr">' in html
    assert text in html


def test_every_demo_role_signs_in_for_real_and_reaches_the_staff_page(sign_in_as):
    for role, name in [("staff", "Tero Työntekijä"), ("lead", "Tiina Tiiminvetäjä"),
                       ("municipality_admin", "Turku Ylläpitäjä"),
                       ("region_admin", "Alue Ylläpitäjä")]:
        client = sign_in_as(role)
        html = client.get("/staff/").get_data(as_text=True)
        assert name in html
        assert ("/admin/users/" in html) == role.endswith("admin")
