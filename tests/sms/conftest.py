"""SMS fixtures: a real HTTP server on loopback speaking LINK Mobility's SMS REST API.

`sms_server` is not listening until a test calls `start()` (so a test can play an outage);
it records every request it received (path, headers, JSON body). `mode` says how it
answers: "ok" (200 with a messageId and resultCode 1005 Queued), "down" (503), and numbers
in `refused` get 400 with resultCode 2106 (number error), as the gateway refuses a number.
`sms_app` points the app at it (SMS on) and points mail at an SMTP port nobody listens on.
"""
import base64
import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.mail.conftest import free_port, point_mail_at, smtp  # noqa: F401

USER, PASSWORD, SENDER = "helpbutton-test", "gateway-secret", "PyydaApua"
PARTNER_ID = "4711"


@dataclass
class Received:
    path: str
    authorization: str
    content_type: str
    body: dict

    @property
    def destination(self) -> str:
        return self.body.get("destination")

    @property
    def text(self) -> str:
        return self.body.get("userData")


@dataclass
class LinkGatewayServer:
    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    mode: str = "ok"
    answer: tuple[int, dict] | None = None  # (status, JSON body) to answer every message with
    delay: float = 0.0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def accepted(self) -> list[Received]:
        """The messages the gateway took (answered Queued)."""
        return [r for r in self.received if r.body.get("_accepted")]

    def start(self) -> "LinkGatewayServer":
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
            self._server.daemon_threads = True
            threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def _handler(gateway: LinkGatewayServer):
    expected_auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 — quiet
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw.decode("utf-8"))
            except ValueError:
                body = {"_raw": raw.decode("utf-8", "replace")}
            if gateway.delay:
                threading.Event().wait(gateway.delay)
            received = Received(self.path, self.headers.get("Authorization", ""),
                                self.headers.get("Content-Type", ""), body)
            with gateway._lock:
                gateway.received.append(received)
            if self.path != "/sms/send":
                return self._answer(404, {"description": "Not found"})
            if received.authorization != expected_auth:
                return self._answer(401, {"description": "Unauthorized"})
            if gateway.answer is not None:
                return self._answer(*gateway.answer)
            if gateway.mode == "down":
                return self._answer(503, {"description": "Service unavailable"})
            if body.get("destination") in gateway.refused:
                return self._answer(400, {"resultCode": 2106, "description":
                                          f"Number error: {body.get('destination')}"})
            body["_accepted"] = True
            return self._answer(200, {"messageId": str(uuid.uuid4()), "resultCode": 1005,
                                      "description": "Queued", "smsCount": 1})

    return Handler


@pytest.fixture
def sms_server():
    server = LinkGatewayServer()
    yield server
    server.stop()


def point_sms_at(app, server: LinkGatewayServer) -> None:
    app.config.update(SMS_GATEWAY_URL=server.url, SMS_GATEWAY_USER=USER,
                      SMS_GATEWAY_PASSWORD=PASSWORD, SMS_SENDER_NAME=SENDER,
                      SMS_GATEWAY_PLATFORM_PARTNER_ID=PARTNER_ID, SMS_TIMEOUT=5)


@pytest.fixture
def sms_app(app, smtp, sms_server):  # noqa: F811
    point_mail_at(app, smtp.port)
    point_sms_at(app, sms_server)
    return app


@pytest.fixture
def sms_off_app(app, smtp):  # noqa: F811
    point_mail_at(app, smtp.port)
    app.config.update(SMS_GATEWAY_URL=None)
    return app
