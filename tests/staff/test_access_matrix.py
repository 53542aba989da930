"""The access-control matrix: every staff, admin and API endpoint, asked by every role.

Adding an endpoint under /staff/, /admin/ or /api/ makes `test_every_protected_endpoint_is_in_
the_matrix` fail until it has a row here. To add one:

    EXPECTED["myblueprint.view"] = signed_in(200)          # any signed-in role, 302 if not
    EXPECTED["myblueprint.view"] = admins(200)             # admins 200, staff 403
    EXPECTED["myblueprint.view"] = row(anonymous=302, staff=404, lead=200, ...)  # by hand

and, when its URL has an argument no row used before, say how to make one from the demo data
in URL_VALUES. GET is used when the rule allows it, otherwise POST with an empty form (CSRF is
off in this test only; other tests check it). "anonymous" 302 must lead to the sign-in page.

The write matrix below posts a valid form for every staff and admin POST action, as every
role, on their own and on another's centre, municipality or region (cases in
`tests/staff/write_cases.py`): allowed, the change is stored; refused, nothing changed.
"""
import pytest
import sqlalchemy as sa

from helpbutton import create_app
from helpbutton.models import (
    Centre,
    HelpRequest,
    MessageTemplate,
    Partner,
    RoutingRule,
    Topic,
    User,
)
from helpbutton.web.guarded import POLICY, write_path_of
from tests.factories import matrix_request_id
from tests.staff.conftest import ROLES
from tests.staff.write_cases import CASES, _posted

PREFIXES = ("/staff/", "/admin/", "/api/")
SIGN_IN = 302  # where a signed-out visitor is sent


def row(**statuses: int) -> dict[str, int]:
    missing = set(ROLES) - set(statuses)
    assert not missing, f"row lacks roles {missing}"
    return statuses


def everyone(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


def signed_in(status: int = 200) -> dict[str, int]:
    return {**everyone(status), "anonymous": SIGN_IN}


def admins(status: int = 200, others: int = 403) -> dict[str, int]:
    return row(anonymous=SIGN_IN, staff=others, lead=others, municipality_admin=status,
               region_admin=status)


def region_admin_only(status: int = 200) -> dict[str, int]:
    return {**admins(403), "region_admin": status}


EXPECTED: dict[str, dict[str, int]] = {
    # sign-in and the person's own account (helpbutton/accounts)
    "accounts.sign_in": {**everyone(302), "anonymous": 200},  # signed in: on to the staff page
    "accounts.verify": everyone(302),  # only while a code is awaited; otherwise back to sign-in
    "accounts.enrol": signed_in(200),
    "accounts.sign_out": everyone(302),
    "accounts.account": signed_in(200),
    "accounts.set_language": signed_in(302),
    "accounts.change_password": signed_in(200),
    "accounts.forgot_password": everyone(200),
    "accounts.reset_password": everyone(410),  # with a token that is not valid
    # the staff area (helpbutton/triage)
    "triage.home": signed_in(200),
    # account administration (helpbutton/accounts); the target account is Turku's, in the
    # municipality administrator's scope
    "accounts.index": admins(200),
    "accounts.create": admins(200),
    "accounts.edit": admins(200),
    "accounts.deactivate": admins(200),  # asks for confirmation first (helpbutton/web/confirm)
    "accounts.activate": admins(302),
    "accounts.reset_two_factor": admins(200),
    # region administration of partners and failed mail
    "partners.index": region_admin_only(200),
    "partners.create": region_admin_only(200),
    "partners.edit": region_admin_only(200),
    "partners.button": region_admin_only(200),
    "partners.deactivate": region_admin_only(200),  # asks for confirmation first
    "partners.activate": region_admin_only(302),
    "partners.rotate_key": region_admin_only(200),  # asks first, then shows the new key once
    "partners.revoke_key": region_admin_only(200),
    "partners.networks": region_admin_only(302),
    "mail.index": region_admin_only(200),
    "mail.retry": region_admin_only(302),  # back to the list (no such message)
    # message templates (helpbutton/message_templates): every administrator, each for their
    # scope; the template is Turku's demo one. Deleting asks first; deactivating, activating
    # and an empty form (400) answer at once
    "message_templates.index": admins(200),
    "message_templates.create": admins(200),
    "message_templates.show": admins(200),
    "message_templates.save": admins(400),
    "message_templates.deactivate": admins(302),
    "message_templates.activate": admins(302),
    "message_templates.delete": admins(200),
    # texts in the other public languages (helpbutton/content_languages): the overview of the
    # administrator's scope, and the Turku centre's texts
    "content_languages.overview": admins(200),
    "content_languages.edit": admins(200),
    # routing configuration (helpbutton/routing_admin): Turku's pages, in the municipality
    # administrator's scope; region pages only for the region administrator
    **{f"routing_admin.{name}": admins(200) for name in (
        "index", "municipality", "municipality_settings", "centres", "centre_new",
        "centre_edit", "rules", "rule_new", "rule_edit", "preview", "coverage_page", "export",
        "import_config", "history_page")},
    "routing_admin.rule_move": admins(200),  # shows what the change does; saved on confirmation
    "routing_admin.rule_active": admins(200),
    **{f"routing_admin.{name}": region_admin_only(200) for name in (
        "topics", "topic_new", "topic_edit", "region_settings", "region_history",
        "coverage_all", "legal_texts")},
    # the triage queue (helpbutton/triage): a Turku request; other
    # centres and administrators get the same 404 as for an id that does not exist. Empty
    # forms are refused (400); claim and release redirect back; assigning is the lead's.
    # A new private link needs no field and closing takes an optional contact: both redirect.
    "triage.index": signed_in(200),
    # finding a family: whoever works in a centre (administrators work in none)
    "triage.find": row(anonymous=SIGN_IN, staff=200, lead=200, municipality_admin=403,
                       region_admin=403),
    "triage.record": row(anonymous=SIGN_IN, staff=200, lead=200, municipality_admin=403,
                        region_admin=403),
    "triage.workload": row(anonymous=SIGN_IN, staff=403, lead=200, municipality_admin=403,
                          region_admin=403),
    "triage.request": row(anonymous=SIGN_IN, staff=200, lead=200, municipality_admin=404,
                         region_admin=404),
    **{f"triage.{name}": row(anonymous=SIGN_IN, staff=status, lead=lead_status,
                            municipality_admin=404, region_admin=404)
       for name, status, lead_status in (
           ("claim", 302, 302), ("release", 302, 302), ("assign", 403, 400),
           ("contact", 400, 400), ("note", 400, 400), ("status", 400, 400),
           ("forward", 400, 400), ("message", 400, 400), ("send_link", 302, 302),
           ("close_link", 302, 302))},
    # statistics (helpbutton/statistics): every administrator, each for their scope; a family's
    # data and the audit trail (helpbutton/privacy): the region administrator only
    "statistics.dashboard": admins(200),
    "statistics.csv": admins(200),
    **{f"privacy.{name}": region_admin_only(200)
       for name in ("find", "export", "erase", "audit_trail")},
    # the national operator's pages (helpbutton/operator): no county role opens them
    "operator.index": signed_in(403),
    "operator.county_page": signed_in(403),
    "operator.invite": signed_in(403),
    # the JSON API: public reference data; requests only with a partner's key
    "api.topics": everyone(200),
    "api.municipalities": everyone(200),
    "api.openapi": everyone(200),
    "api.create_request": everyone(401),
}


def _user_id(db, email: str) -> int:
    return db.session.scalar(sa.select(User.id).where(User.email == email))


# How to fill each URL argument, from the demo data.
URL_VALUES = {
    "user_id": lambda db: _user_id(db, "abo.personal@example.invalid"),
    "token": lambda db: "not-a-valid-token",
    "partner_id": lambda db: db.session.scalar(sa.select(sa.func.min(Partner.id))),
    "message_id": lambda db: 999_999,
    "request_id": lambda db: matrix_request_id(db.session),  # an open request of the Turku centre
    "reference": lambda db: db.session.get(HelpRequest, matrix_request_id(db.session)).reference,
    "code": lambda db: "853",
    "slug": lambda db: "varsinais-suomi",
    "centre_id": lambda db: db.session.scalar(sa.select(Centre.id).where(
        Centre.notification_email == "perhekeskus.turku@example.invalid")),
    "rule_id": lambda db: db.session.scalar(sa.select(sa.func.min(RoutingRule.id)).where(
        RoutingRule.municipality_code == "853")),
    "topic_id": lambda db: db.session.scalar(sa.select(sa.func.min(Topic.id))),
    "kind": lambda db: "centre",
    "object_id": lambda db: db.session.scalar(sa.select(Centre.id).where(
        Centre.notification_email == "perhekeskus.turku@example.invalid")),
    "template_id": lambda db: db.session.scalar(sa.select(sa.func.min(MessageTemplate.id))
                                                .where(MessageTemplate.municipality_code == "853")),
}


def protected_rules(app):
    return [r for r in app.url_map.iter_rules() if r.rule.startswith(PREFIXES)]


def test_every_protected_endpoint_is_in_the_matrix():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    missing = sorted({r.endpoint for r in protected_rules(app)} - set(EXPECTED))
    assert not missing, f"add these endpoints to EXPECTED in {__file__}: {missing}"
    stale = sorted(set(EXPECTED) - {r.endpoint for r in app.url_map.iter_rules()})
    assert not stale, f"EXPECTED names endpoints that no longer exist: {stale}"


def test_every_row_names_every_role():
    for endpoint, statuses in EXPECTED.items():
        assert set(statuses) == set(ROLES), endpoint


def test_every_endpoint_answers_each_role_as_the_matrix_says(app, db, demo, fast_sign_in):
    app.config["WTF_CSRF_ENABLED"] = False
    with app.test_request_context():
        from flask import url_for

        urls = {}
        for rule in protected_rules(app):
            unknown = [a for a in rule.arguments if a not in URL_VALUES]
            assert not unknown, f"add URL_VALUES for {unknown} (used by {rule.endpoint})"
            urls[rule.endpoint] = (
                url_for(rule.endpoint, **{a: URL_VALUES[a](db) for a in rule.arguments}),
                "GET" if "GET" in rule.methods else "POST")
    wrong = []
    for role in ROLES:
        for endpoint, (url, method) in sorted(urls.items()):
            client = fast_sign_in(role)
            response = client.open(url, method=method)
            expected = EXPECTED[endpoint][role]
            if response.status_code != expected:
                wrong.append(f"{role:20} {method} {url}: {response.status_code}, "
                             f"expected {expected}")
            elif role == "anonymous" and expected == SIGN_IN and \
                    endpoint not in ("accounts.verify", "accounts.sign_out"):
                if "/staff/sign-in" not in response.headers["Location"]:
                    wrong.append(f"anonymous {url}: sent to {response.headers['Location']}")
    assert not wrong, "access matrix differs:\n" + "\n".join(wrong)


# --- every write, by every role, on their own and on another's -------------------------------

def test_every_staff_and_admin_post_has_a_write_case():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    posts = {r.endpoint for r in app.url_map.iter_rules()
             if "POST" in r.methods and write_path_of(app.view_functions[r.endpoint]) == POLICY}
    missing = sorted(posts - {case.endpoint for case in CASES})
    assert not missing, f"add these to tests/staff/write_cases.py: {missing}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.endpoint)
def test_a_write_is_stored_for_whom_the_policy_allows_and_refused_unchanged_otherwise(
        app, db, demo, fast_sign_in, case):
    app.config["WTF_CSRF_ENABLED"] = False
    wrong = []
    for scope, allowed in case.allowed.items():
        for role in ROLES:
            target = case.prepare(db, scope)
            url = case.url(target)
            data = case.data(db, target, role)
            before = case.state(db, target)
            db.session.expire_all()
            response = (case.post or _posted)(fast_sign_in(role), url, data)
            db.session.expire_all()
            after = case.state(db, target)
            where = f"{role:18} {scope:5} POST {url}: {response.status_code}"
            if role in allowed:
                stored = response.status_code in (200, 302) and "/sign-in" not in \
                    response.headers.get("Location", "")
                if not stored or after == before:
                    wrong.append(f"{where}, expected the change stored ({before!r} → {after!r})")
            else:
                answer = response.headers.get("Location", "") if role == "anonymous" \
                    else response.status_code
                told = "/staff/sign-in" in answer if role == "anonymous" \
                    else answer in (400, 403, 404)
                if not told or after != before:
                    wrong.append(f"{where}, expected refused and nothing changed "
                                 f"({before!r} → {after!r})")
    assert not wrong, "write matrix differs:\n" + "\n".join(wrong)
