"""Every staff, admin and API page, opened by each Keski-Suomi role with Varsinais-Suomi's
object ids in the URL: refused, or a page that shows nothing of Varsinais-Suomi."""
import pytest
import sqlalchemy as sa
from flask import url_for

from helpbutton.models import Channel, HelpRequest, MessageTemplate, RoutingRule, Topic
from helpbutton.partners import operations as partners
from tests.counties.ks import JYVASKYLA, keski_suomi
from tests.counties.test_operator import _operator
from tests.factories import centre, make_request
from tests.signin import signed_in_client
from tests.staff.test_access_matrix import URL_VALUES, protected_rules
from tests.staff.write_cases import CASES, _posted

# What of Varsinais-Suomi a page of Keski-Suomi must never show.
VS_WORDS = ("Varsinais-Suomi", "Egentliga Finland", "Turku", "Turun", "Åbo", "Kaarina",
            "MATRIX0001", "VSFAMILY", "Loimaan seudun perhekeskus", "perhekeskus.turku")


# The public lists of the JSON API are the public entry's, the same for everyone signed in or
# not (with a partner's key: its county's, tests/counties/test_apart.py).
PUBLIC = {"api.topics", "api.municipalities", "api.openapi"}
# Answers that show nothing: refused, missing, or 409 "routing is not set up" (the county has
# no fallback centre yet).
NOTHING_SHOWN = (302, 400, 401, 403, 404, 405, 409, 410)


@pytest.mark.parametrize("role", ["staff", "lead", "municipality_admin", "region_admin"])
def test_a_keski_suomi_account_sees_nothing_of_varsinais_suomi_on_any_page(
        app, db, demo, role):
    ks = keski_suomi(db.session)
    make_request(db.session, centre(db.session, "turku"), reference="VSFAMILY01")
    client = signed_in_client(app, ks.users[role])
    home = client.get("/staff/").get_data(as_text=True)
    assert ks.users[role].display_name in home  # signed in, as whom the test is about
    with app.test_request_context():
        urls = [(rule.endpoint, url_for(rule.endpoint,
                                        **{a: URL_VALUES[a](db) for a in rule.arguments}))
                for rule in protected_rules(app)
                if "GET" in rule.methods and rule.endpoint not in PUBLIC]
    leaks = []
    for endpoint, url in sorted(urls):
        response = client.get(url)
        if response.status_code in NOTHING_SHOWN:
            continue
        page = response.get_data(as_text=True)
        shown = [w for w in VS_WORDS if w in page]
        if response.status_code != 200 or shown:
            leaks.append(f"{endpoint} {url}: {response.status_code} {shown}")
    assert not leaks, "\n".join(leaks)
    assert db.session.get(HelpRequest, URL_VALUES["request_id"](db)) is not None


KS_ROLES = ("staff", "lead", "municipality_admin", "region_admin")
# Writes that touch no county's object: the person's own account, a search among their own
# centres' requests (recorded as their own search), a topic made in their own county
# (tests/counties/test_apart.py checks where it went), the region-wide pages that are always
# the administrator's own county's (no id in their URL).
NOT_ABOUT_ANOTHER = {"accounts.set_language", "accounts.change_password", "triage.find",
                     "routing_admin.topic_new", "routing_admin.legal_texts"}
# Refused otherwise: a failed message of another county is answered as one that does not exist
# (back to the list, "no longer waiting"); a request recorded for another county's
# municipality is not taken (422), nothing is stored.
SAME_AS_MISSING = {"mail.retry": 302, "triage.record": 422}


@pytest.mark.parametrize("case", [c for c in CASES if c.endpoint not in NOT_ABOUT_ANOTHER],
                         ids=lambda case: case.endpoint)
def test_every_write_on_varsinais_suomi_is_refused_to_keski_suomi_and_changes_nothing(
        app, db, demo, case):
    """The write matrix's cases on Varsinais-Suomi's own objects ("own": Turku's), posted by
    each Keski-Suomi role: 400, 403 or 404, and nothing changed."""
    app.config["WTF_CSRF_ENABLED"] = False
    ks = keski_suomi(db.session)
    wrong = []
    for role in KS_ROLES:
        target = case.prepare(db, "own")
        url = case.url(target)
        data = case.data(db, target, role)
        before = case.state(db, target)
        db.session.expire_all()
        response = (case.post or _posted)(signed_in_client(app, ks.users[role]), url, data)
        db.session.expire_all()
        after = case.state(db, target)
        refused = (400, 403, 404, SAME_AS_MISSING.get(case.endpoint, 404))
        if response.status_code not in refused or after != before:
            wrong.append(f"{role:18} POST {url}: {response.status_code} "
                         f"({before!r} → {after!r})")
    assert not wrong, "a Keski-Suomi account wrote to Varsinais-Suomi:\n" + "\n".join(wrong)


KS_WORDS = ("Keski-Suomi", "Mellersta Finland", "Central Finland", "Jyväskylä", "KSFAMILY",
            "ks.centre.jyvaskyla", "ks.staff@", "Jyväskylän kirjasto")


def _ks_values(db, ks) -> dict:
    """Keski-Suomi's objects for every URL argument of the matrix."""
    request = make_request(db.session, ks.centre, reference="KSFAMILY01")
    partner, _ = partners.create_partner(db.session, ks.region, partners.PartnerDetails(
        "Jyväskylän kirjasto", Channel.LIBRARY, JYVASKYLA), with_api_key=True)
    template = MessageTemplate(region_id=ks.region.id, municipality_code=JYVASKYLA,
                               name_fi="Jyväskylän pohja", body_fi="Hei!", active=True)
    rule = RoutingRule(region_id=ks.region.id, municipality_code=JYVASKYLA,
                       name="Jyväskylän sääntö", target_centre_id=ks.centre.id, position=10,
                       active=True)
    db.session.add_all([template, rule])
    db.session.commit()
    return {**{a: (lambda db, f=f: f(db)) for a, f in URL_VALUES.items()},
            "user_id": lambda db: ks.users["staff"].id, "partner_id": lambda db: partner.id,
            "request_id": lambda db: request.id, "reference": lambda db: request.reference,
            "code": lambda db: JYVASKYLA, "centre_id": lambda db: ks.centre.id,
            "rule_id": lambda db: rule.id, "template_id": lambda db: template.id,
            "object_id": lambda db: ks.centre.id,
            "topic_id": lambda db: db.session.scalar(sa.select(sa.func.min(Topic.id)).where(
                Topic.region_id == ks.region.id)),
            "slug": lambda db: ks.region.slug}


@pytest.mark.parametrize("role", ["staff", "lead", "municipality_admin", "region_admin"])
def test_a_varsinais_suomi_account_sees_nothing_of_keski_suomi_on_any_page(
        app, db, demo, fast_sign_in, role):
    ks = keski_suomi(db.session)
    values = _ks_values(db, ks)
    client = fast_sign_in(role)
    with app.test_request_context():
        urls = [(rule.endpoint, url_for(rule.endpoint,
                                        **{a: values[a](db) for a in rule.arguments}))
                for rule in protected_rules(app)
                if "GET" in rule.methods and rule.endpoint not in PUBLIC]
    leaks = []
    for endpoint, url in sorted(urls):
        response = client.get(url)
        if response.status_code in NOTHING_SHOWN:
            continue
        page = response.get_data(as_text=True)
        shown = [w for w in KS_WORDS if w in page]
        if response.status_code != 200 or shown:
            leaks.append(f"{endpoint} {url}: {response.status_code} {shown}")
    assert not leaks, "\n".join(leaks)


# Personal data and staff of a county: never on a page the national operator opens.
PERSONAL_WORDS = ("MATRIX0001", "VSFAMILY", "Maija Meikäläinen", "+358401234567",
                  "040 123 4567", "turku.staff@", "turku.lead@", "turku.admin@",
                  "abo.personal@", "Tarvitsemme apua")


# What every signed-in person opens: the front page, their own account and password.
OWN_PAGES = {"triage.home", "accounts.account", "accounts.change_password", "accounts.enrol",
             "accounts.forgot_password"}


def test_the_operator_opens_no_county_page_and_sees_no_personal_data_anywhere(app, db, demo):
    make_request(db.session, centre(db.session, "turku"), reference="VSFAMILY02")
    client = signed_in_client(app, _operator(db))
    with app.test_request_context():
        urls = [(rule.endpoint, url_for(rule.endpoint,
                                        **{a: URL_VALUES[a](db) for a in rule.arguments}))
                for rule in protected_rules(app)
                if "GET" in rule.methods and rule.endpoint not in PUBLIC]
    opened, wrong = [], []
    for endpoint, url in sorted(urls):
        response = client.get(url)
        page = response.get_data(as_text=True)
        shown = [w for w in PERSONAL_WORDS if w in page]
        if response.status_code == 200:
            opened.append(endpoint)
        if shown or (response.status_code == 200 and not endpoint.startswith("operator.")
                     and endpoint not in OWN_PAGES):
            wrong.append(f"{endpoint} {url}: {response.status_code} {shown}")
    assert "operator.index" in opened and "operator.county_page" in opened
    assert not wrong, "\n".join(wrong)
