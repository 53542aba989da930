"""Mail fixtures: a real SMTP server (aiosmtpd) in the test process, pointed at by the app.

`smtp` is a server that is *not* running yet, on a port known to be free: tests start it with
`smtp.start()` (and may stop it) to play an outage. `mail_app` points the app's Flask-Mail at
that port and turns sending on (Flask-Mail does not send under TESTING otherwise).
"""
import asyncio
import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps every message it accepts; can be told to refuse recipients or data."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse_rcpt: str | None = None  # e.g. "550 5.1.1 <x@y> no such user"
        self.refuse_data: str | None = None
        self.delay = 0.0  # seconds per message, to make concurrent workers overlap
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return self.refuse_data
        if self.delay:
            await asyncio.sleep(self.delay)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(parsed)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"


class SMTPServer:
    def __init__(self):
        self.port = free_port()
        self.handler = RecordingHandler()
        self._controller: Controller | None = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self) -> "SMTPServer":
        if self._controller is None:
            self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp():
    server = SMTPServer()
    yield server
    server.stop()


def point_mail_at(app, port: int) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SUPPRESS_SEND=False,
                      MAIL_TIMEOUT=5, PUBLIC_BASE_URL="https://apua.example.invalid")
    state = app.extensions["mail"]  # Flask-Mail reads its settings once, at init_app
    state.server, state.port, state.suppress = "127.0.0.1", port, False


@pytest.fixture
def mail_app(app, smtp):
    point_mail_at(app, smtp.port)
    return app
