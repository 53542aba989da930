"""Counties apart: a Keski-Suomi worker, administrator or partner reaches nothing of
Varsinais-Suomi by search, API call or the failed-mail page (every page by URL:
tests/counties/test_walk.py; every write: the write matrix's "other region" cases)."""
import sqlalchemy as sa

from helpbutton.accounts import operations as accounts
from helpbutton.models import (
    Centre,
    Channel,
    HelpRequest,
    OutboxMessage,
    OutboxStatus,
    Region,
    RoleAssignment,
    RoutingRule,
    Topic,
    User,
)
from helpbutton.partners import operations as partners
from helpbutton.policy import STAFF, Grant
from tests.api.conftest import valid_body
from tests.counties.ks import JYVASKYLA, keski_suomi
from tests.factories import centre, make_request, user
from tests.signin import signed_in_client
from tests.staff.write_cases import _centre_form

VS_PHONE = "+358409998877"
KS_PHONE = "+358405556677"


def _found(client, term: str) -> str:
    return client.post("/staff/find", data={"term": term}).get_data(as_text=True)


def test_a_keski_suomi_worker_finds_only_keski_suomi_families_by_phone(app, db, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    ks = keski_suomi(db.session)
    vs_req = make_request(db.session, centre(db.session, "turku"), reference="VSPHONE001",
                          contact={"contact_name": "Varsinais Perhe", "phone": VS_PHONE})
    ks_req = make_request(db.session, ks.centre, reference="KSPHONE001",
                          contact={"contact_name": "Keski Perhe", "phone": KS_PHONE})
    for role in ("staff", "lead"):
        client = signed_in_client(app, ks.users[role])
        own = _found(client, "040 555 6677")
        assert ks_req.reference in own
        other = _found(client, "040 999 8877")
        assert vs_req.reference not in other and "Varsinais Perhe" not in other
        assert client.get(f"/staff/requests/{vs_req.id}").status_code == 404
    # and the other way round: a Turku worker does not find the Jyväskylä family
    turku = signed_in_client(app, user(db.session, "turku.staff@example.invalid"))
    assert vs_req.reference in _found(turku, "040 999 8877")
    assert ks_req.reference not in _found(turku, "040 555 6677")
    assert turku.get(f"/staff/requests/{ks_req.id}").status_code == 404


def _partner_key(db, region, municipality=None) -> str:
    _, key = partners.create_partner(db.session, region, partners.PartnerDetails(
        "Jyväskylän kirjasto", Channel.LIBRARY, municipality), with_api_key=True)
    db.session.commit()
    return key


def test_a_keski_suomi_partner_key_lists_and_writes_only_keski_suomi(app, db, demo, client):
    ks = keski_suomi(db.session)
    key = _partner_key(db, ks.region, JYVASKYLA)
    headers = {"Authorization": f"Bearer {key}"}
    listed = client.get("/api/v1/municipalities", headers=headers)
    assert listed.status_code == 200
    names = [m["name_fi"] for m in listed.get_json()["municipalities"]]
    assert "Jyväskylä" in names and "Turku" not in names
    assert "private" in listed.headers["Cache-Control"]
    public = client.get("/api/v1/municipalities").get_json()["municipalities"]
    assert "Turku" in [m["name_fi"] for m in public]  # without a key: the public county
    assert client.get("/api/v1/topics", headers={"Authorization": "Bearer nope"}
                      ).status_code == 401
    before = db.session.scalar(sa.select(sa.func.count(HelpRequest.id)))
    answer = client.post("/api/v1/requests", json=valid_body(municipality_code="853"),
                         headers=headers)
    assert answer.status_code in (400, 422), answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == before


def test_failed_mail_of_one_county_is_not_on_another_countys_page(app, db, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    ks = keski_suomi(db.session)
    vs_req = make_request(db.session, centre(db.session, "turku"))
    ks_req = make_request(db.session, ks.centre)
    vs_mail = OutboxMessage(kind="centre_new_request",
                            recipient="perhekeskus.turku@example.invalid", subject="-",
                            body_text="-", status=OutboxStatus.FAILED, attempts=5,
                            request_id=vs_req.id)
    ks_mail = OutboxMessage(kind="daily_digest", recipient=ks.centre.notification_email,
                            subject="-", body_text="-", status=OutboxStatus.FAILED, attempts=5,
                            request_id=ks_req.id)
    db.session.add_all([vs_mail, ks_mail])
    db.session.commit()
    admin = signed_in_client(app, ks.users["region_admin"])
    page = admin.get("/admin/outbox/").get_data(as_text=True)
    assert f"/admin/outbox/{ks_mail.id}/retry" in page
    assert f"/admin/outbox/{vs_mail.id}/retry" not in page and "perhekeskus.turku" not in page
    admin.post(f"/admin/outbox/{vs_mail.id}/retry")
    db.session.expire_all()
    assert db.session.get(OutboxMessage, vs_mail.id).status is OutboxStatus.FAILED
    admin.post(f"/admin/outbox/{ks_mail.id}/retry")
    db.session.expire_all()
    assert db.session.get(OutboxMessage, ks_mail.id).status is OutboxStatus.PENDING


def test_a_topic_made_by_keski_suomi_is_keski_suomis(app, db, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    ks = keski_suomi(db.session)
    admin = signed_in_client(app, ks.users["region_admin"])
    answer = admin.post("/admin/region/topics/new", data={
        "code": "ksuni", "position": "50", "active": "y", "label_fi": "Uni",
        "label_sv": "Sömn", "label_en": "Sleep"})
    assert answer.status_code == 302
    made = db.session.scalar(sa.select(Topic).where(Topic.code == "ksuni"))
    assert made.region_id == ks.region.id
    page = admin.get("/admin/region/topics").get_data(as_text=True)
    assert f"/admin/region/topics/{made.id}\"" in page
    for vs_topic in db.session.scalars(sa.select(Topic.id).where(
            Topic.region_id != ks.region.id)):
        assert f"/admin/region/topics/{vs_topic}\"" not in page
        assert admin.get(f"/admin/region/topics/{vs_topic}").status_code in (403, 404)


def test_another_countys_centre_municipality_or_role_cannot_be_chosen_in_a_form(app, db, demo):
    """An administrator posts Keski-Suomi's centre or municipality in Varsinais-Suomi's forms
    (and the other way round): refused, nothing stored."""
    app.config["WTF_CSRF_ENABLED"] = False
    ks = keski_suomi(db.session)
    vs_admin = signed_in_client(app, user(db.session, "region.admin@example.invalid"))
    turku = centre(db.session, "turku")
    rules = db.session.scalar(sa.select(sa.func.count(RoutingRule.id)))
    for step in ("check", "save"):
        answer = vs_admin.post("/admin/m/853/rules/new", data={
            "name": "Jyväskylään", "topics": ["mental_health"], "active": "y",
            "target_centre": str(ks.centre.id), "action": step})
        assert answer.status_code == 400
    before = [m.code for m in turku.municipalities]
    answer = vs_admin.post(f"/admin/m/853/centres/{turku.id}", data={
        **_centre_form(turku), "serves": [*before, JYVASKYLA]})
    assert answer.status_code == 400
    fallback = db.session.scalar(sa.select(Region.fallback_centre_id).where(Region.code == "05"))
    vs_admin.post("/admin/region/settings", data={
        "fallback_centre": str(ks.centre.id), "promise_working_days": "3",
        "urgent_promise_working_days": "1", "escalate_after_working_days": "2"})
    vs_admin.post("/admin/users/new", data={
        "display_name": "Vieras", "email": "vieras@example.invalid", "language": "fi",
        f"centre-{ks.centre.id}": "staff", "region_admin": str(ks.region.id),
        "municipality_admin": JYVASKYLA})
    ks_admin = signed_in_client(app, ks.users["region_admin"])
    ks_admin.post("/admin/users/new", data={
        "display_name": "Vieras", "email": "vieras2@example.invalid", "language": "fi",
        f"centre-{turku.id}": "staff", "region_admin": str(turku.region_id),
        "municipality_admin": "853"})
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(RoutingRule.id))) == rules
    assert [m.code for m in db.session.get(Centre, turku.id).municipalities] == before
    assert db.session.scalar(sa.select(Region.fallback_centre_id).where(
        Region.code == "05")) == fallback
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(
        User.email.in_(["vieras@example.invalid", "vieras2@example.invalid"]))) == 0
    page = ks_admin.get("/admin/users/new").get_data(as_text=True)
    assert f'name="centre-{ks.centre.id}"' in page and f'name="centre-{turku.id}"' not in page


def test_an_account_whose_roles_were_all_removed_stays_its_own_countys(app, db, demo):
    """A centre removed takes its roles with it (ON DELETE CASCADE): the account that is left
    is still its county's, and no other county's administrator sees or takes it."""
    app.config["WTF_CSRF_ENABLED"] = False
    ks = keski_suomi(db.session)
    turku = centre(db.session, "turku")
    target, _ = accounts.create_account(
        db.session, email="jaa.ilman@example.invalid", display_name="Ilman Roolia",
        language="fi", grants={Grant(STAFF, turku.region_id, "853", turku.id)})
    db.session.commit()
    db.session.execute(sa.delete(RoleAssignment).where(RoleAssignment.user_id == target.id))
    db.session.commit()
    db.session.expire_all()
    target = user(db.session, "jaa.ilman@example.invalid")
    assert target.roles == [] and target.region_id == turku.region_id
    vs_admin = signed_in_client(app, user(db.session, "region.admin@example.invalid"))
    assert target.email in vs_admin.get("/admin/users/").get_data(as_text=True)
    ks_admin = signed_in_client(app, ks.users["region_admin"])
    assert target.email not in ks_admin.get("/admin/users/").get_data(as_text=True)
    assert ks_admin.get(f"/admin/users/{target.id}").status_code == 403
    for action in ("deactivate", "activate", "two-factor/reset"):
        assert ks_admin.post(f"/admin/users/{target.id}/{action}").status_code == 403
    answer = ks_admin.post(f"/admin/users/{target.id}", data={
        "display_name": "Kaapattu", "email": target.email, "language": "fi",
        f"centre-{ks.centre.id}": "staff"})
    assert answer.status_code == 403
    db.session.expire_all()
    taken = user(db.session, "jaa.ilman@example.invalid")
    assert taken.display_name == "Ilman Roolia" and taken.roles == [] and taken.active


def test_a_request_cannot_be_forwarded_to_another_countys_centre(app, db, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    ks = keski_suomi(db.session)
    turku = centre(db.session, "turku")
    vs_req = make_request(db.session, turku)
    ks_req = make_request(db.session, ks.centre)
    vs_lead = signed_in_client(app, user(db.session, "turku.lead@example.invalid"))
    page = vs_lead.get(f"/staff/requests/{vs_req.id}").get_data(as_text=True)
    assert centre(db.session, "kaarina").name_fi in page  # the forward form's own centres
    assert ks.centre.name_fi not in page and f'value="{ks.centre.id}"' not in page
    answer = vs_lead.post(f"/staff/requests/{vs_req.id}/forward", data={
        "forward-centre": str(ks.centre.id), "forward-reason": "Muutti Jyväskylään"})
    assert answer.status_code == 400
    ks_lead = signed_in_client(app, ks.users["lead"])
    answer = ks_lead.post(f"/staff/requests/{ks_req.id}/forward", data={
        "forward-centre": str(turku.id), "forward-reason": "Muutti Turkuun"})
    assert answer.status_code == 400
    db.session.expire_all()
    assert db.session.get(HelpRequest, vs_req.id).centre_id == turku.id
    assert db.session.get(HelpRequest, ks_req.id).centre_id == ks.centre.id
