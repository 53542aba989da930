"""The national operator: starts Keski-Suomi, invites its first administrator (who signs in
and sees only Keski-Suomi), and reaches no request, queue, audit trail, export or staff list."""
import re

import sqlalchemy as sa

from helpbutton.accounts import passwords
from helpbutton.models import AdminAction, OutboxMessage, Region, Role, RoleAssignment, User
from helpbutton.models.admin_action import COUNTY_ADMINISTRATOR_INVITED, COUNTY_SERVICE_SET
from helpbutton.refdata import reference_data
from helpbutton.refdata.demo_data import DEMO_PASSWORD
from tests.factories import centre, make_request
from tests.signin import signed_in_client


def _operator(db) -> User:
    operator = User(email="operaattori@example.invalid", display_name="Operaattori",
                    language="en", password_hash=passwords.hash_password(DEMO_PASSWORD))
    operator.roles.append(RoleAssignment(role=Role.OPERATOR))
    db.session.add(operator)
    db.session.commit()
    return operator


def _keski_suomi(db) -> Region:
    reference_data.load_region(db.session, "Keski-Suomi")
    db.session.commit()
    return db.session.scalar(sa.select(Region).where(Region.code == "15"))


def test_the_operator_starts_a_county_and_invites_its_first_administrator(app, db, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    ks = _keski_suomi(db)
    assert not ks.in_service
    client = signed_in_client(app, _operator(db))
    listing = client.get("/admin/counties/").get_data(as_text=True)
    vs = db.session.scalar(sa.select(Region).where(Region.code == "05"))
    assert ks.name("en") in listing and vs.name("en") in listing
    assert "not in service" in listing
    assert "Turun perhekeskus" not in listing and "turku.staff" not in listing

    saved = client.post("/admin/counties/keski-suomi", data={
        "in_service": "y", "where_to_turn_fi": "Soita perhekeskukseen.",
        "where_to_turn_phone": "+358 14 000 0000"})
    assert saved.status_code == 302
    db.session.expire_all()
    ks = db.session.get(Region, ks.id)
    assert ks.in_service and ks.where_to_turn_fi == "Soita perhekeskukseen."
    assert ks.where_to_turn_sv is None

    invited = client.post("/admin/counties/keski-suomi/administrator", data={
        "invite-display_name": "Kaisa Keskinen", "invite-email": "kaisa.ks@example.invalid",
        "invite-language": "fi"})
    assert invited.status_code == 302, invited.get_data(as_text=True)
    admin = db.session.scalar(sa.select(User).where(User.email == "kaisa.ks@example.invalid"))
    assert [(a.role, a.region_id) for a in admin.roles] == [(Role.REGION_ADMIN, ks.id)]
    assert admin.region_id == ks.id
    mail = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.recipient == "kaisa.ks@example.invalid"))
    assert mail.kind == "new_account" and "/staff/password/reset/" in mail.body_text
    listing = client.get("/admin/counties/").get_data(as_text=True)
    assert "Kaisa Keskinen" in listing and "has not signed in yet" in listing
    assert [(a.action, a.region_id) for a in db.session.scalars(
        sa.select(AdminAction).order_by(AdminAction.id))] == [
        (COUNTY_SERVICE_SET, ks.id), (COUNTY_ADMINISTRATOR_INVITED, ks.id)]

    # the administrator sets the password from the link, signs in and sees only Keski-Suomi
    token = re.search(r"/staff/password/reset/(\S+)", mail.body_text).group(1)
    admin_client = app.test_client()
    page = admin_client.get(f"/staff/password/reset/{token}")
    assert page.status_code == 200
    admin.password_hash = passwords.hash_password(DEMO_PASSWORD)
    db.session.commit()
    admin_client = signed_in_client(app, admin)
    settings = admin_client.get("/admin/region/settings").get_data(as_text=True)
    assert "Keski-Suomi" in settings and "Varsinais-Suomi" not in settings
    accounts = admin_client.get("/admin/users/").get_data(as_text=True)
    assert "Kaisa Keskinen" in accounts and "turku.staff@example.invalid" not in accounts
    assert admin_client.get("/admin/m/853/").status_code == 403
    db.session.expire_all()
    # once the administrator has signed in, the county makes its own accounts
    again = client.post("/admin/counties/keski-suomi/administrator", data={
        "invite-display_name": "Toinen", "invite-email": "toinen.ks@example.invalid",
        "invite-language": "fi"})
    assert again.status_code == 403
    assert "has signed in" in client.get("/admin/counties/").get_data(as_text=True)


def test_the_operator_reaches_no_request_queue_audit_trail_export_or_staff(app, db, demo):
    request = make_request(db.session, centre(db.session, "turku"), reference="OPERATOR01")
    client = signed_in_client(app, _operator(db))
    home = client.get("/staff/")
    assert home.status_code == 200 and "Counties" in home.get_data(as_text=True)
    for url in (f"/staff/requests/{request.id}", "/staff/requests", "/staff/find",
                "/admin/audit", f"/admin/requests/{request.reference}/export",
                f"/admin/requests/{request.reference}/erase", "/admin/privacy/",
                "/admin/users/", "/admin/statistics/", "/admin/statistics/statistics.csv",
                "/admin/", "/admin/m/853/", "/admin/partners/", "/admin/outbox/",
                "/admin/templates/"):
        answer = client.get(url)
        assert answer.status_code in (403, 404), (url, answer.status_code)
        assert "OPERATOR01" not in answer.get_data(as_text=True)


def test_another_role_may_not_open_or_change_the_counties(app, db, demo, fast_sign_in):
    app.config["WTF_CSRF_ENABLED"] = False
    ks = _keski_suomi(db)
    for role in ("staff", "lead", "municipality_admin", "region_admin"):
        client = fast_sign_in(role)
        assert client.get("/admin/counties/").status_code == 403
        assert client.post("/admin/counties/keski-suomi", data={"in_service": "y"}
                           ).status_code == 403
    db.session.expire_all()
    assert not db.session.get(Region, ks.id).in_service


def test_flask_users_create_operator_makes_the_first_operator(app, db, runner):
    result = runner.invoke(args=["users", "create-operator", "--email", "op@example.invalid",
                                 "--name", "Operaattori"])
    assert result.exit_code == 0, result.output
    assert "operator" in result.output and "/staff/password/reset/" in result.output
    assert "key:" in result.output
    made = db.session.scalar(sa.select(User).where(User.email == "op@example.invalid"))
    assert [a.role for a in made.roles] == [Role.OPERATOR] and made.totp_enabled
    listed = runner.invoke(args=["users", "list"]).output
    assert re.search(r"op@example.invalid\s+active\s+operator", listed)


def test_aland_is_never_put_in_service_but_its_where_to_turn_is_kept(app, db, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    reference_data.load_region(db.session, "Ahvenanmaa")
    db.session.commit()
    client = signed_in_client(app, _operator(db))
    answer = client.post("/admin/counties/ahvenanmaa", data={
        "in_service": "y", "where_to_turn_sv": "Ring ÅHS."})
    assert answer.status_code == 400
    assert "Åland has no wellbeing services county" in answer.get_data(as_text=True)
    assert "Ring ÅHS." in answer.get_data(as_text=True)  # what was typed is kept
    db.session.expire_all()
    aland = db.session.scalar(sa.select(Region).where(Region.code == "91"))
    assert not aland.in_service and aland.where_to_turn_sv is None
    assert client.post("/admin/counties/ahvenanmaa", data={
        "where_to_turn_sv": "Ring ÅHS."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Region, aland.id).where_to_turn_sv == "Ring ÅHS."
