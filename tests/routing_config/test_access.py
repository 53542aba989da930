"""Every configuration page refuses whoever is outside its scope (the access matrix rows for
the `routing_admin.` endpoints, plus another municipality's administrator)."""
import pytest
from flask import url_for

from tests.signin import ROLES, user_by_email
from tests.staff.test_access_matrix import EXPECTED, SIGN_IN, URL_VALUES, protected_rules


def _urls(app, db):
    with app.test_request_context():
        return {rule.endpoint: (
            url_for(rule.endpoint, **{a: URL_VALUES[a](db) for a in rule.arguments}),
            "GET" if "GET" in rule.methods else "POST")
            for rule in protected_rules(app) if rule.endpoint.startswith("routing_admin.")}


def test_every_admin_page_answers_each_role_as_the_matrix_says(app, db, demo, fast_sign_in):
    app.config["WTF_CSRF_ENABLED"] = False
    urls = _urls(app, db)
    assert len(urls) >= 20
    wrong = []
    for role in ROLES:
        for endpoint, (url, method) in sorted(urls.items()):
            response = fast_sign_in(role).open(url, method=method)
            expected = EXPECTED[endpoint][role]
            if response.status_code != expected:
                wrong.append(f"{role} {method} {url}: {response.status_code}, not {expected}")
            elif expected == SIGN_IN and role == "anonymous":
                assert "/staff/sign-in" in response.headers["Location"]
    assert not wrong, "\n".join(wrong)


@pytest.fixture
def loimaa_admin(app, db, demo, demo_users, fast_sign_in):
    demo_users["loimaa_admin"] = user_by_email(db, "loimaa.admin@example.invalid")
    return fast_sign_in("loimaa_admin")


def test_another_municipalitys_administrator_is_refused_everywhere_in_turku(
        app, db, loimaa_admin):
    app.config["WTF_CSRF_ENABLED"] = False
    urls = _urls(app, db)
    for endpoint, (url, method) in urls.items():
        if endpoint == "routing_admin.index":
            continue
        response = loimaa_admin.open(url, method=method)
        assert response.status_code == 403, (endpoint, response.status_code)
    # Their own municipality opens.
    assert loimaa_admin.get("/admin/m/430/rules").status_code == 200
    index = loimaa_admin.get("/admin/").get_data(as_text=True)
    assert "/admin/m/430/" in index and "/admin/m/853/" not in index
