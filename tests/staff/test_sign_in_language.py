"""Sign-in keeps the language the person chose on its pages, through every step (wrong
password, the two-factor code, enrolment, a password link), and the account takes it."""
import sqlalchemy as sa

from helpbutton.models import User
from tests.signin import csrf_from, fresh_code, post_form, user_by_email

STAFF = "turku.staff@example.invalid"
ADMIN = "region.admin@example.invalid"


def _lang(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def _language_of(db, email: str) -> str:
    db.session.expire_all()
    return db.session.scalar(sa.select(User.language).where(User.email == email))


def test_swedish_chosen_at_sign_in_holds_through_the_code_and_after(client, demo, db,
                                                                     sign_in, enrol_totp):
    secret = enrol_totp(user_by_email(db, ADMIN))
    assert _language_of(db, ADMIN) == "fi"
    assert _lang(client.get("/staff/sign-in?lang=sv")) == "sv"
    # A wrong password first: the form's errors in Swedish.
    wrong = post_form(client, "/staff/sign-in", {"email": ADMIN, "password": "fel"})
    assert wrong.status_code == 400 and _lang(wrong) == "sv"
    assert "E-postadressen eller lösenordet är fel." in wrong.get_data(as_text=True)

    response = sign_in(client, ADMIN)
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    code_page = client.get("/staff/sign-in/code")
    assert _lang(code_page) == "sv"
    assert "Tvåstegsinloggning" in code_page.get_data(as_text=True)
    bad = post_form(client, "/staff/sign-in/code", {"code": "000000"})
    assert bad.status_code == 400 and _lang(bad) == "sv"
    assert _language_of(db, ADMIN) == "fi"  # not yet signed in: nothing stored

    good = post_form(client, "/staff/sign-in/code", {"code": fresh_code(secret)})
    assert good.headers["Location"].endswith("/staff/")
    home = client.get("/staff/")
    assert home.status_code == 200 and _lang(home) == "sv"
    # The choice became the account's (mail and the next sign-in follow it).
    assert _language_of(db, ADMIN) == "sv"


def test_enrolment_stays_in_the_chosen_language(client, demo, db, sign_in):
    client.get("/staff/sign-in?lang=en")
    response = sign_in(client, ADMIN)
    assert response.headers["Location"].endswith("/staff/two-factor")
    page = client.get("/staff/two-factor")
    assert _lang(page) == "en"
    wrong = client.post("/staff/two-factor", data={
        "code": "000000", "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert wrong.status_code == 400 and _lang(wrong) == "en"
    user = user_by_email(db, ADMIN)
    done = client.post("/staff/two-factor", data={
        "code": fresh_code(user.totp_secret),
        "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert done.headers["Location"].endswith("/staff/")
    assert _lang(client.get("/staff/")) == "en"
    assert _language_of(db, ADMIN) == "en"


def test_without_a_choice_the_accounts_language_rules(client, demo, db, sign_in):
    account = user_by_email(db, STAFF)
    account.language = "sv"
    db.session.commit()
    sign_in(client, STAFF)
    assert _lang(client.get("/staff/")) == "sv"
    assert _language_of(db, STAFF) == "sv"


def test_choosing_another_language_on_the_code_page_switches_it(client, demo, db, sign_in,
                                                               enrol_totp):
    enrol_totp(user_by_email(db, ADMIN))
    client.get("/staff/sign-in?lang=sv")
    sign_in(client, ADMIN)
    assert _lang(client.get("/staff/sign-in/code")) == "sv"
    assert _lang(client.get("/staff/sign-in/code?lang=en")) == "en"
    assert _lang(client.get("/staff/sign-in/code")) == "en"


def test_the_password_pages_keep_the_chosen_language(client, demo):
    client.get("/staff/sign-in?lang=sv")
    page = client.get("/staff/password/forgot")
    assert _lang(page) == "sv"
    blank = client.post("/staff/password/forgot", data={
        "email": "", "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert blank.status_code == 400 and _lang(blank) == "sv"
    assert _lang(client.get("/staff/password/reset/not-a-token")) == "sv"


def test_signing_out_keeps_the_language_but_the_next_person_keeps_theirs(client, demo, db,
                                                                          sign_in):
    account = user_by_email(db, STAFF)
    account.language = "sv"
    db.session.commit()
    sign_in(client, STAFF)
    out = post_form(client, "/staff/sign-out", {}, page="/staff/")
    assert _lang(client.get(out.headers["Location"])) == "sv"  # "Du har loggat ut."
    # Someone else signs in on the same computer without choosing: their own language.
    sign_in(client, "turku.lead@example.invalid")
    assert _lang(client.get("/staff/")) == "fi"
    assert _language_of(db, "turku.lead@example.invalid") == "fi"
