"""Words, not codes: every staff and admin page, in Finnish, Swedish and English, shows no stored
code a person would have to decode ("sv", "web", True, [], snake_case names).

Every GET page under /staff/ and /admin/ is rendered with the demo data, signed in as the
region's administrator and as a worker (and a lead), with states that show the most coded
data: a request forwarded to the worker's centre with a routing trace that names languages and
channels, the history after rule changes, an import with errors and a routing preview. Each
page must first show its heading (a blank page has no codes either). What a page marks as code
on purpose (<code>, <pre>, <kbd>, <samp>, a <textarea>, e.g. an embed snippet) is not checked.
"""
import io
import re

import pytest
import sqlalchemy as sa
from flask import url_for
from flask_babel import refresh

from helpbutton.models import Outcome, RequestStatus, RoutingRule
from helpbutton.routing_admin import history, operations, transfer
from helpbutton.triage import operations as triage_operations
from tests import factories
from tests.counties.test_operator import _operator
from tests.signin import post_form, signed_in_client
from tests.staff import test_access_matrix as matrix
from tests.web.visible_text import text_runs

LANGUAGES = ("fi", "sv", "en")
CODE = r"(?:fi|sv|en)"
# A language code standing alone: "fi" and "sv" are no word of Finnish, Swedish or English, so
# anywhere as a whole word (but not in an address: example.fi, /sv/); "en" is a Swedish word,
# so only where nothing but a code can stand: "fi/en", ": en", "(en)", "fi, en", a cell alone.
_LANGUAGE_CODE = re.compile(
    r"(?<![\w./@#&=?-])(?:fi|sv)(?![\w@/-])(?!\.\w)"
    rf"|(?<![\w/]){CODE}/{CODE}(?![\w/])"
    rf"|[:(]\s*en\s*(?=[),.;]|$)"
    rf"|(?<![\w-]){CODE},\s*{CODE}(?![\w-])"
    rf"|^\s*{CODE}\s*$")
_CHECKS = {
    "language code": _LANGUAGE_CODE,
    "True/False": re.compile(r"\b(?:True|False)\b"),
    "None": re.compile(r"^\s*None\s*$|(?:[:→(]|->)\s*None\b|\bNone\s*(?:→|->)"),
    "empty list or dict": re.compile(r"\[\s*\]|\{\s*\}|\[\s*'|\{\s*'"),
    # not_reached, target_centre_id; not in an address (first_last@example.fi) or a path
    "snake_case name": re.compile(r"(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])"),
}


def bare_codes(runs: list[str]) -> list[str]:
    """Each text run that shows a code, with what was recognised."""
    found = []
    for run in runs:
        for what, pattern in _CHECKS.items():
            match = pattern.search(run)
            if match:
                found.append(f"{what} {match.group(0).strip()!r} in {run[:160]!r}")
    return found


# --- the check catches the codes the pages showed, and leaves words alone -------------------

@pytest.mark.parametrize("text", [
    "asiointikieli on fi, sääntö koskee kieliä sv",
    "Palvelukielet: sv",
    "Kielet: fi/en",
    "Turun perhekeskus – fi, sv",
    "sv",
    "active: False → True",
    "Tuntematon aihe: no-such-topic []",
    "Sääntö 1, topics: ['x']",
    "Status: not_reached",
    "target_centre_id: 12 → 13",
    "Kieli (en)",
    "Språk: en.",
    "valid_until: None",
])
def test_the_check_recognises_the_codes_the_pages_showed(text):
    assert bare_codes([text]), text


@pytest.mark.parametrize("text", [
    "Välj en mottagare",  # Swedish "en" in a sentence
    "en begäran har kommit",
    "Skriv en anteckning: en kort text",
    "asiointikieli on suomi, sääntö koskee kieliä: ruotsi",
    "perhekeskus.turku@example.invalid",
    "Yhteys: name@example.fi",
    "https://apua.example.fi/sv/",
    "None of the centres serves here",
    "Finnish, Swedish",
    "Sääntö ”Ruotsinkieliset perheet” – otettu pois käytöstä",
])
def test_the_check_leaves_words_alone(text):
    assert not bare_codes([text]), bare_codes([text])


def test_a_code_standing_alone_in_a_table_cell_is_caught():
    runs = text_runs("<table><tr><td>Åbo familjecenter</td><td>sv</td><td>en</td></tr></table>")
    assert runs == ["Åbo familjecenter", "sv", "en"]
    assert len(bare_codes(runs)) == 2


def test_text_marked_as_code_and_attribute_values_are_not_read():
    runs = text_runs('<p title="fi_sv">Upota <code>data-lang="sv"</code> sivulle</p>'
                     '<script>var x_y = "fi";</script><input value="target_centre">')
    assert runs == ["Upota sivulle"]


# --- the pages -------------------------------------------------------------------------------

NOT_HTML = {"routing_admin.export", "statistics.csv", "privacy.export"}  # files, not pages
# Shown only between the password and the code (tests/staff/test_sign_in.py reads it).
MID_SIGN_IN = {"accounts.verify"}


def _rule(db) -> RoutingRule:
    query = sa.select(RoutingRule).where(RoutingRule.municipality_code == "853")
    return db.session.scalars(query.order_by(RoutingRule.position)).first()


def _states(db, demo, demo_users) -> dict:
    """Data behind the pages that shows the most codes: made once, before the pages are read."""
    region_admin = demo_users["region_admin"]
    turku = factories.centre(db.session, "turku")
    kaarina = factories.centre(db.session, "kaarina")
    rule = _rule(db)
    # A request routed by a trace that names languages, channels, ages, a topic and a rule,
    # then forwarded from Kaarina to Turku.
    trace = [
        {"rule": rule.id, "outcome": "condition_failed", "condition": "language",
         "detail": {"expected": ["sv"], "got": "fi"}},
        {"rule": rule.id, "outcome": "condition_failed", "condition": "channel",
         "detail": {"expected": ["library", "school"], "got": "web"}},
        {"rule": rule.id, "outcome": "condition_failed", "condition": "topic",
         "detail": {"expected": ["mental_health"], "got": "school_daycare"}},
        {"rule": rule.id, "outcome": "skipped_not_valid_today", "condition": None,
         "detail": {"valid_from": "2026-01-01", "valid_until": "2026-02-01",
                    "today": "2026-11-23"}},
        {"rule": None, "outcome": "default_centre", "condition": None,
         "detail": {"municipality": kaarina.host_municipality_code, "centre": kaarina.id}},
    ]
    req = factories.make_request(db.session, kaarina, reference="WORDS00001",
                                 routing_trace=trace, routing_via="municipality_default",
                                 service_language="sv", commit=False)
    kaarina_lead = factories.make_lead(db.session, kaarina, "kaarina.words@example.invalid")
    triage_operations.forward(db.session, kaarina_lead, req, turku, "Asuu Turussa")
    # Worked on in Turku: claimed, a call not answered, waiting; another request closed.
    worker = demo_users["staff"]
    triage_operations.claim(db.session, worker, req)
    triage_operations.record_contact_attempt(db.session, worker, req,
                                             triage_operations.ContactResult.NO_ANSWER)
    triage_operations.change_status(db.session, worker, req, RequestStatus.WAITING)
    closed = factories.make_request(db.session, turku, reference="WORDS00002", commit=False)
    triage_operations.change_status(db.session, worker, closed, RequestStatus.CLOSED,
                                    Outcome.SUPPORT_STARTED)
    # Routing history: a rule taken out of use and back, and an edit of its conditions.
    actor = operations.Actor(region=demo, user_id=region_admin.id)
    operations.set_rule_active(db.session, actor, rule, False, override_reason="Kokeilu")
    operations.set_rule_active(db.session, actor, rule, True)
    history.record(db.session, region_id=demo.id, municipality_code="853",
                   actor_id=region_admin.id, entity="rule", entity_id=rule.id,
                   action="changed", changes={
                       "languages": [["fi"], ["fi", "sv"]], "channels": [[], ["web"]],
                       "urgent": [None, True], "target_centre_id": [turku.id, kaarina.id],
                       "valid_until": [None, "2027-01-31"], "min_age": [None, -1],
                       "topics": [[], ["mental_health"]]})
    db.session.commit()
    return {"request_id": req.id, "closed_id": closed.id}


def _urls(app, db) -> dict[str, str]:
    with app.test_request_context():
        urls = {}
        for rule in matrix.protected_rules(app):
            if "GET" not in rule.methods or rule.rule.startswith("/api/") \
                    or rule.endpoint in NOT_HTML | MID_SIGN_IN:
                continue
            urls[rule.endpoint] = url_for(
                rule.endpoint, **{a: matrix.URL_VALUES[a](db) for a in rule.arguments})
        return urls


_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _read(client, url: str, found: list[str], where: str, response=None) -> bool:
    response = response or client.get(url)
    if response.status_code not in (200, 400, 410) or "html" not in response.content_type:
        return False
    html = response.get_data(as_text=True)
    heading = _HEADING.search(html)
    assert heading and text_runs(heading.group(1)), f"{where}: the page shows no heading"
    found.extend(f"{where}: {problem}" for problem in bare_codes(text_runs(html)))
    return True


def _import_with_errors(client, db, demo, demo_users) -> object:
    actor = operations.Actor(region=demo, user_id=demo_users["region_admin"].id)
    data = transfer.export_config(db.session, actor, "853")
    data["rules"][0]["topics"] = ["no-such-topic"]
    data["rules"][0]["languages"] = ["xx"]
    data["rules"].insert(0, {"name": "Wrong centre",
                             "target_centre": "perhekeskus.kaarina@example.invalid"})
    upload = (io.BytesIO(transfer.dump_yaml(data).encode()), "turku.yaml")
    refresh()  # the export read names outside a request: the page's language is not that one
    return post_form(client, "/admin/m/853/import", {"file": upload, "action": "check"},
                     content_type="multipart/form-data")


def test_every_staff_and_admin_page_speaks_words_in_every_language(
        app, db, demo, demo_users, fast_sign_in):
    state = _states(db, demo, demo_users)
    urls = _urls(app, db)
    request_url = f"/staff/requests/{state['request_id']}"
    preview = ("/admin/m/853/preview?topic=school_daycare&ages=4&language=sv&channel=library"
               "&postal_code=20100")
    shown: set[str] = set()
    found: list[str] = []
    for role in ("anonymous", "region_admin", "municipality_admin", "staff", "lead"):
        for lang in LANGUAGES:
            if role == "anonymous":
                client = app.test_client()
                client.get(f"/staff/sign-in?lang={lang}")
            else:
                demo_users[role].language = lang
                db.session.commit()
                client = fast_sign_in(role)
            for endpoint, url in sorted(urls.items()):
                if _read(client, url, found, f"{role} {lang} {url}"):
                    shown.add(endpoint)
            if role == "municipality_admin":
                continue  # the region's pages and states are read as the region's admin
            if role == "region_admin":
                assert _read(client, preview, found, f"{lang} preview")
                assert _read(client, "/admin/m/853/history", found, f"{lang} history")
                response = _import_with_errors(client, db, demo, demo_users)
                assert response.status_code == 400
                assert _read(client, "", found, f"{lang} import", response)
            elif role != "anonymous":
                assert _read(client, request_url, found, f"{role} {lang} forwarded request")
                assert _read(client, f"/staff/requests/{state['closed_id']}", found,
                             f"{role} {lang} closed request")
    # the national operator's pages, read by an operator (no demo account has the role)
    operator = _operator(db)
    for lang in LANGUAGES:
        operator.language = lang
        db.session.commit()
        client = signed_in_client(app, operator)
        for endpoint, url in sorted(urls.items()):
            if endpoint.startswith("operator.") and _read(client, url, found,
                                                         f"operator {lang} {url}"):
                shown.add(endpoint)
    not_shown = sorted(set(urls) - shown)
    assert not not_shown, f"pages no role could read: {not_shown}"
    assert not found, "codes on the pages:\n" + "\n".join(found)


def test_a_request_page_explains_its_routing_in_words(app, db, demo, demo_users,
                                                      fast_sign_in):
    state = _states(db, demo, demo_users)
    demo_users["staff"].language = "fi"
    db.session.commit()
    html = fast_sign_in("staff").get(f"/staff/requests/{state['request_id']}").get_data(
        as_text=True)
    text = " ".join(text_runs(html))
    assert "asiointikieli on suomi, sääntö koskee kieliä: ruotsi" in text
    assert "Asiointikieli" in text and "ruotsi" in text


def test_the_history_names_fields_and_values(app, db, demo, demo_users, fast_sign_in):
    _states(db, demo, demo_users)
    demo_users["region_admin"].language = "en"
    db.session.commit()
    text = " ".join(text_runs(fast_sign_in("region_admin").get("/admin/m/853/history")
                              .get_data(as_text=True)))
    assert "In use: Yes → No" in text and "In use: No → Yes" in text
    assert "Languages: Finnish → Finnish, Swedish" in text
    assert "Urgency: Urgent or not → Only urgent requests" in text
    assert "Sääntö: Sääntö" not in text and "Rule: The rule" not in text


@pytest.mark.parametrize("lang,name,page", [
    ("fi", "Pyydä apua", "Tietosuojaseloste"), ("sv", "Be om hjälp", "Dataskyddsbeskrivning"),
    ("en", "Ask for help", "Privacy notice")])
def test_a_page_title_names_the_service_once(app, client, region, lang, name, page):
    """The form's own title is the service's name: not "Pyydä apua – Pyydä apua"."""
    form = client.get(f"/{lang}/").get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", form, re.S).group(1).strip() == name
    privacy = client.get(f"/{lang}/privacy").get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", privacy, re.S).group(1).strip() == \
        f"{page} – {name}"


def test_an_import_error_names_the_field_and_shows_the_files_values_as_code(
        app, db, demo, demo_users, fast_sign_in):
    demo_users["region_admin"].language = "fi"
    db.session.commit()
    response = _import_with_errors(fast_sign_in("region_admin"), db, demo, demo_users)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Mitään ei tuotu" in html
    # Not "Tuntematon aihe: no-such-topic []" under the file's key "topics".
    assert "Aiheet: Tuntematon aihe: <code>no-such-topic</code>." in html
    assert ("Tuntematon kieli: <code>xx</code>. Kirjoita kielen tunnus, esimerkiksi "
            "<code>fi</code>") in html
    assert "Ohjaa keskukseen: Kaarinan perhekeskus (esimerkki) ei palvele" in html
