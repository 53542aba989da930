"""Account administration: each administrator within their own scope."""
import re

import sqlalchemy as sa

from helpbutton.models import Centre, OutboxMessage, Role, User
from tests.signin import post_confirmed, post_form, user_by_email


def _centre_id(db, name_fi: str) -> int:
    return db.session.scalar(sa.select(Centre.id).where(Centre.name_fi.startswith(name_fi)))


def test_municipality_admin_lists_only_accounts_of_their_municipality(fast_sign_in, demo):
    html = fast_sign_in("municipality_admin").get("/admin/users/").get_data(as_text=True)
    assert "turku.staff@example.invalid" in html
    assert "turku.lead@example.invalid" in html
    assert "loimaa.staff@example.invalid" not in html
    assert "region.admin@example.invalid" not in html


def test_region_admin_lists_every_account_of_the_region(fast_sign_in, demo):
    html = fast_sign_in("region_admin").get("/admin/users/").get_data(as_text=True)
    for email in ("turku.staff", "loimaa.staff", "loimaa.admin", "abo.personal"):
        assert f"{email}@example.invalid" in html


def test_staff_may_not_open_account_administration(fast_sign_in, demo):
    assert fast_sign_in("staff").get("/admin/users/").status_code == 403
    assert fast_sign_in("lead").get("/admin/users/").status_code == 403


def test_creating_an_account_mails_a_set_password_link(app, db, demo, fast_sign_in, sign_in):
    admin = fast_sign_in("municipality_admin")
    turku = _centre_id(db, "Turun perhekeskus")
    response = post_form(admin, "/admin/users/new", {
        "display_name": "Uusi Työntekijä", "email": "Uusi.Tyontekija@example.invalid",
        "language": "fi", f"centre-{turku}": "staff"})
    assert response.status_code == 302
    user = user_by_email(db, "uusi.tyontekija@example.invalid")
    assert [(a.role, a.centre_id) for a in user.roles] == [(Role.STAFF, turku)]
    assert user.password_hash is None
    message = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "new_account"))
    assert message.recipient == "uusi.tyontekija@example.invalid"
    link = re.search(r"/staff/password/reset/[\w-]+", message.body_text).group(0)
    newcomer = app.test_client()
    html = newcomer.get(link).get_data(as_text=True)
    assert "Tervetuloa" in html
    password = "lumiukko kahvikuppi tikkaat"
    post_form(newcomer, link, {"new_password": password, "confirm": password})
    assert sign_in(newcomer, "uusi.tyontekija@example.invalid", password=password) \
        .headers["Location"].endswith("/staff/")
    assert "Turun perhekeskus" in newcomer.get("/staff/").get_data(as_text=True)


def test_creating_needs_a_role_and_keeps_what_was_typed(fast_sign_in, db, demo):
    admin = fast_sign_in("municipality_admin")
    response = post_form(admin, "/admin/users/new", {
        "display_name": "Ilman Roolia", "email": "ilman@example.invalid", "language": "sv"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Valitse vähintään yksi rooli" in html
    assert 'value="Ilman Roolia"' in html and 'value="ilman@example.invalid"' in html
    assert user_by_email(db, "ilman@example.invalid") is None


def test_a_taken_email_is_refused_with_a_message(fast_sign_in, db, demo):
    admin = fast_sign_in("region_admin")
    turku = _centre_id(db, "Turun perhekeskus")
    response = post_form(admin, "/admin/users/new", {
        "display_name": "Kaksoisolento", "email": "TURKU.STAFF@example.invalid",
        "language": "fi", f"centre-{turku}": "staff"})
    assert response.status_code == 400
    assert "Tällä sähköpostiosoitteella on jo tunnus" in response.get_data(as_text=True)


def test_municipality_admin_cannot_grant_outside_their_scope(fast_sign_in, db, demo):
    admin = fast_sign_in("municipality_admin")
    loimaa = _centre_id(db, "Loimaan seudun")
    turku = _centre_id(db, "Turun perhekeskus")
    page = admin.get("/admin/users/new").get_data(as_text=True)
    assert f'name="centre-{turku}"' in page  # the form, with the centres of their scope
    assert f'name="centre-{loimaa}"' not in page
    assert 'name="region_admin"' not in page
    # A forged form is ignored: the only role asked for is out of scope, so none is given.
    response = post_form(admin, "/admin/users/new", {
        "display_name": "Ujuttaja", "email": "ujuttaja@example.invalid", "language": "fi",
        f"centre-{loimaa}": "lead", "region_admin": str(demo.id)})
    assert response.status_code == 400
    assert user_by_email(db, "ujuttaja@example.invalid") is None


def test_editing_roles_takes_effect_at_the_next_request(fast_sign_in, db, demo, demo_users):
    staff_client = fast_sign_in("staff")
    admin = fast_sign_in("municipality_admin")
    staff = demo_users["staff"]
    turku = _centre_id(db, "Turun perhekeskus")
    youth = _centre_id(db, "Turun nuorten")
    response = post_form(admin, f"/admin/users/{staff.id}", {
        "display_name": staff.display_name, "email": staff.email, "language": "fi",
        f"centre-{turku}": "lead", f"centre-{youth}": "staff"})
    assert response.status_code == 302
    html = staff_client.get("/staff/").get_data(as_text=True)
    assert "Turun nuorten palveluohjaus" in html and "tiiminvetäjä" in html


def test_municipality_admin_cannot_open_an_account_of_another_municipality(fast_sign_in,
                                                                          demo, db):
    loimaa_staff = user_by_email(db, "loimaa.staff@example.invalid")
    admin = fast_sign_in("municipality_admin")
    assert admin.get(f"/admin/users/{loimaa_staff.id}").status_code == 403
    assert admin.post(f"/admin/users/{loimaa_staff.id}/deactivate").status_code in (400, 403)


def test_deactivation_ends_the_persons_sessions_at_once(app, fast_sign_in, sign_in, db, demo,
                                                        demo_users):
    staff_client = app.test_client()
    sign_in(staff_client, "turku.staff@example.invalid")
    assert staff_client.get("/staff/").status_code == 200
    admin = fast_sign_in("municipality_admin")
    staff = demo_users["staff"]
    response = post_confirmed(admin, f"/admin/users/{staff.id}/deactivate", {},
                              page=f"/admin/users/{staff.id}")
    assert response.status_code == 302
    assert staff_client.get("/staff/").status_code == 302
    assert sign_in(app.test_client(), "turku.staff@example.invalid").status_code == 400
    post_form(admin, f"/admin/users/{staff.id}/activate", {}, page=f"/admin/users/{staff.id}")
    assert sign_in(app.test_client(), "turku.staff@example.invalid").status_code == 302


def test_an_administrator_cannot_deactivate_themselves(fast_sign_in, demo, demo_users):
    admin = fast_sign_in("region_admin")
    me = demo_users["region_admin"]
    page = admin.get(f"/admin/users/{me.id}").get_data(as_text=True)
    assert me.email in page and 'name="csrf_token"' in page  # their own account's page
    assert "/deactivate" not in page
    response = post_form(admin, f"/admin/users/{me.id}/deactivate", {},
                         page=f"/admin/users/{me.id}")
    assert response.status_code == 403


def test_two_factor_reset_sends_the_person_to_enrol_again(app, fast_sign_in, sign_in, db, demo,
                                                          demo_users, enrol_totp):
    target = demo_users["municipality_admin"]
    enrol_totp(target)
    admin = fast_sign_in("region_admin")
    post_confirmed(admin, f"/admin/users/{target.id}/two-factor/reset", {},
                   page=f"/admin/users/{target.id}")
    db.session.refresh(target)
    assert not target.totp_enabled and target.totp_secret is None
    response = sign_in(app.test_client(), target.email)
    assert response.headers["Location"].endswith("/staff/two-factor")


def test_account_pages_are_not_stored_by_browsers(fast_sign_in, demo):
    response = fast_sign_in("region_admin").get("/admin/users/")
    assert response.headers["Cache-Control"] == "no-store"


def test_user_count_is_unchanged_by_a_refused_form(fast_sign_in, db, demo):
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    post_form(fast_sign_in("region_admin"), "/admin/users/new", {"email": "x"})
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before
