"""Structured logs: one line per request by route rule, a request id, and no personal data."""
import json
import logging
import re

import pytest
import sqlalchemy as sa

from helpbutton import logs
from helpbutton.extensions import limiter
from helpbutton.models import HelpRequest
from tests.public.conftest import FormDriver

NAME = "Zubeida Quornwhistle"
PHONE = "040 765 4321"
EMAIL = "zubeida.quornwhistle@example.com"
DESCRIPTION = "Kirahvinkaulainen mustikkapiirakka xylofonilla"


def json_lines(text: str) -> list[dict]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # fails on any line that is not JSON


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_a_familys_request_leaves_no_personal_data_in_the_log(app, db, demo, capsys, log_format):
    logs.configure(log_format)
    limiter.reset()
    capsys.readouterr()
    client = app.test_client()
    form = FormDriver(client)

    sent = form.send(contact_name=NAME, contact_method="either", phone=PHONE, email=EMAIL,
                     wants_email_confirmation="y", description=DESCRIPTION)
    assert sent.status_code == 302, sent.get_data(as_text=True)
    confirmation = client.get("/fi/confirmation").get_data(as_text=True)
    link = re.search(r"/fi/follow-up/([A-Za-z0-9_\-]+)", confirmation)
    assert link, confirmation
    token = link.group(1)
    follow_up = client.get(f"/fi/follow-up/{token}?from=email")
    assert follow_up.status_code == 200
    reference = db.session.scalar(sa.select(HelpRequest.reference))
    assert reference and reference in confirmation
    app.logger.warning("a line from the app itself")

    log = capsys.readouterr().err
    secrets = [NAME, "Quornwhistle", PHONE, PHONE.replace(" ", ""), "7654321", EMAIL,
               "quornwhistle@", DESCRIPTION, "mustikkapiirakka", reference, token,
               f"/fi/follow-up/{token}", "follow-up/" + token[:8], "from=email"]
    for secret in secrets:
        assert secret not in log, secret
        assert secret.lower() not in log.lower(), secret
    for rule in ("/<lang>/", "/<lang>/confirmation", "/<lang>/follow-up/<token>"):
        assert rule in log, rule
    assert "a line from the app itself" in log

    if log_format == "json":
        entries = json_lines(log)
        requests = [e for e in entries if e["logger"] == logs.REQUEST_LOGGER]
        assert [(e["method"], e["rule"], e["status"]) for e in requests] == [
            ("GET", "/<lang>/", 200), ("POST", "/<lang>/", 302),
            ("GET", "/<lang>/confirmation", 200), ("GET", "/<lang>/follow-up/<token>", 200)]
        for entry in entries:
            assert {"time", "level", "logger", "message", "request_id"} <= entry.keys()
        for entry in requests:
            assert entry["endpoint"].startswith("intake.")
            assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
            assert re.fullmatch(r"[0-9a-f]{32}", entry["request_id"])
        assert len({e["request_id"] for e in requests}) == 4  # one id per request


def test_request_id_from_the_proxy_is_used_and_echoed(make_app, capsys):
    app = make_app(LOG_FORMAT="json")
    client = app.test_client()
    capsys.readouterr()
    given = "3f1c0de2a9b84b7e9f00aa11bb22cc33"
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] == given
    (line,) = json_lines(capsys.readouterr().err)
    assert line["request_id"] == given
    assert (line["method"], line["rule"], line["endpoint"], line["status"]) == \
        ("GET", "/healthz", "health.healthz", 200)
    assert line["message"] == "GET /healthz 200"
    assert line["level"] == "INFO"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])


@pytest.mark.parametrize("given", ["", "short", "x" * 65, "has space in it", "a<script>bcdefgh",
                                   "0612-345678 Matti Meikäläinen"])
def test_an_odd_request_id_is_replaced(make_app, capsys, given):
    app = make_app(LOG_FORMAT="json")
    capsys.readouterr()
    response = app.test_client().get("/healthz", headers={"X-Request-ID": given})
    made = response.headers["X-Request-ID"]
    assert made != given and re.fullmatch(r"[0-9a-f]{32}", made)
    log = capsys.readouterr().err
    assert json_lines(log)[0]["request_id"] == made
    if given:
        assert given not in log


def test_an_unmatched_path_is_logged_without_it(make_app, capsys):
    app = make_app(LOG_FORMAT="json")
    capsys.readouterr()
    assert app.test_client().get("/secret-looking/path?token=abc123xyz").status_code == 404
    log = capsys.readouterr().err
    (line,) = json_lines(log)
    assert (line["rule"], line["endpoint"], line["status"]) == (None, None, 404)
    assert "secret-looking" not in log and "abc123xyz" not in log


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_the_development_servers_request_lines_are_left_out(make_app, capsys, log_format):
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    app = make_app(LOG_FORMAT=log_format)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    capsys.readouterr()
    try:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/fi/follow-up/"
                                   "tokenlikevalue123?x=abc")
        except urllib.error.HTTPError as answer:
            assert answer.code == 404
    finally:
        server.shutdown()
        thread.join()
    log = capsys.readouterr().err
    assert "rule=" in log or '"rule"' in log  # our own request line is there
    assert "tokenlikevalue123" not in log and "/fi/" not in log, log


def test_an_exception_is_logged_by_class_and_frames_without_its_message_or_path(make_app, capsys):
    app = make_app(LOG_FORMAT="json", PROPAGATE_EXCEPTIONS=False)

    @app.get("/fail/<token>")
    def fail(token):
        raise ValueError(f"could not read {token}")

    capsys.readouterr()
    assert app.test_client().get("/fail/tok-9f8e7d6c5b").status_code == 500
    log = capsys.readouterr().err
    assert "tok-9f8e7d6c5b" not in log
    entries = json_lines(log)
    (error,) = [e for e in entries if e["level"] == "ERROR"]
    assert error["message"] == "unhandled exception in GET /fail/<token>"
    assert error["exception"].startswith("builtins.ValueError (message not logged)")
    assert "in fail" in error["exception"]  # the frames are there
    assert entries[-1]["status"] == 500
    assert error["request_id"] == entries[-1]["request_id"]


def test_json_is_the_default_in_production_and_text_otherwise(make_app, monkeypatch, capsys):
    make_app().test_client().get("/healthz")
    text = capsys.readouterr().err.strip()
    assert not text.startswith("{") and "GET /healthz 200" in text and "duration_ms=" in text

    monkeypatch.setenv("HELPBUTTON_ENV", "production")
    make_app(SECRET_KEY="a-production-secret-key-of-forty-chars-00").test_client().get(
        "/healthz", base_url="https://localhost")
    entries = json_lines(capsys.readouterr().err)
    assert [e["rule"] for e in entries if e["logger"] == logs.REQUEST_LOGGER] == ["/healthz"]


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_any_loggers_line_loses_tokens_references_query_strings_and_addresses(make_app, capsys,
                                                                              log_format):
    make_app(LOG_FORMAT=log_format)
    capsys.readouterr()
    token, reference = "Zq3x_secret-follow-up-token", "ACDEFHJK34"
    logging.getLogger("some.library").warning(
        "Error handling request %s %s", "POST", f"/fi/follow-up/{token}/withdraw?next=hidden")
    logging.getLogger("other").error("request %s at /admin/privacy/requests/%s/erase from ip=%s",
                                     reference, reference.lower(), "10.1.2.3")
    log = capsys.readouterr().err
    assert "Error handling request POST /fi/follow-up/[redacted]/withdraw?[redacted]" in log
    assert "/admin/privacy/requests/[redacted]/erase" in log and "ip=[redacted]" in log
    for secret in (token, "hidden", reference, reference.lower(), "10.1.2.3"):
        assert secret not in log
