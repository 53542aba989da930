"""An SMS gateway behind a small interface, and LINK Mobility's SMS REST API behind it.

`SmsGateway.send(to_e164, text)` hands one SMS to the gateway. It returns a `SmsSent` with
the gateway's message id, or raises

* `SmsUnavailable`: the gateway could not take the message now (down, timing out, 5xx,
  throttling, wrong credentials): the outbox tries again later with its backoff;
* `SmsRefused`: the gateway refused this number or message for good: the outbox gives up at
  once (status failed) and the administrator sees it on the outbox page.

The protocol (docs/sms.md): LINK Mobility's SMS REST API for its "Common" platform, in wide
use by Nordic and Finnish public-sector senders. `POST <SMS_GATEWAY_URL>/sms/send` with HTTP
Basic authentication and a JSON body::

    {"source": "<sender name>", "sourceTON": "ALPHANUMERIC", "destination": "+358401234567",
     "userData": "<text>", "platformId": "COMMON_API", "platformPartnerId": "<id>",
     "useDeliveryReport": false, "refId": "<our id>"}

answered 2xx with ``{"messageId": "…", "resultCode": 1005, "description": "Queued"}``.

Without SMS_GATEWAY_URL there is no gateway (`from_config` returns None) and SMS is off.

Privacy: error texts never hold the number (digits runs are blanked) nor the text.
"""
from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

# resultCodes of LINK Mobility that say the destination is refused for good.
LINK_REFUSED_CODES = frozenset(range(2100, 2108)) | {2, 4001, 4003, 4007}
LINK_ACCEPTED_CODES = frozenset({1000, 1001, 1005, 1007, 1008, 1011, 1012, 1013})
_DIGITS = re.compile(r"\+?\d[\d\s-]{4,}\d")


class SmsError(Exception):
    """A message not sent; `str()` is safe to store and log (no number, no text)."""


class SmsUnavailable(SmsError):
    """The gateway cannot take the message now: try again later."""


class SmsRefused(SmsError):
    """The gateway refused this number (or message) for good: do not try again."""


@dataclass(frozen=True)
class SmsSent:
    message_id: str | None


class SmsGateway(Protocol):
    def send(self, to_e164: str, text: str, *, reference: str | None = None) -> SmsSent:
        """Hand one SMS to the gateway, or raise SmsUnavailable / SmsRefused."""
        ...


def blank_numbers(text: str) -> str:
    """An error text without anything that looks like a phone number."""
    return _DIGITS.sub("<number>", text)


@dataclass(frozen=True)
class LinkMobilityGateway:
    """LINK Mobility SMS REST API (Common platform), over the standard library's urllib."""

    url: str
    user: str
    password: str
    sender: str
    platform_id: str = "COMMON_API"
    platform_partner_id: str = ""
    timeout: float = 20.0

    def _endpoint(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/sms/send") else base + "/sms/send"

    def payload(self, to_e164: str, text: str, reference: str | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "source": self.sender,
            "sourceTON": "ALPHANUMERIC",
            "destination": to_e164,
            "destinationTON": "MSISDN",
            "userData": text,
            "platformId": self.platform_id,
            "platformPartnerId": self.platform_partner_id,
            "useDeliveryReport": False,
        }
        if reference:
            body["refId"] = reference
        return body

    def send(self, to_e164: str, text: str, *, reference: str | None = None) -> SmsSent:
        data = json.dumps(self.payload(to_e164, text, reference)).encode("utf-8")
        credentials = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        request = urllib.request.Request(
            self._endpoint(), data=data, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8",
                     "Accept": "application/json", "Authorization": f"Basic {credentials}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, _read(exc)
        except OSError as exc:  # URLError, timeouts, refused connections
            reason = getattr(exc, "reason", exc)
            raise SmsUnavailable(blank_numbers(f"gateway unreachable: {reason}")[:300]) from exc
        return _interpret(status, _json(raw))


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except OSError:
        return b""


def _json(raw: bytes) -> Mapping[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8", "replace")) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _interpret(status: int, body: Mapping[str, Any]) -> SmsSent:
    code = body.get("resultCode")
    code = code if isinstance(code, int) else None
    described = blank_numbers(str(body.get("description") or body.get("errorCode") or ""))[:200]
    detail = f"HTTP {status}" + (f" resultCode {code}" if code is not None else "") + (
        f": {described}" if described else "")
    if 200 <= status < 300:
        if code is None or code in LINK_ACCEPTED_CODES:
            message_id = body.get("messageId")
            return SmsSent(str(message_id) if message_id is not None else None)
        if code in LINK_REFUSED_CODES:
            raise SmsRefused(detail)
        raise SmsUnavailable(detail)
    if status in (401, 403, 408, 429) or status >= 500:
        raise SmsUnavailable(detail)
    if 400 <= status < 500:
        raise SmsRefused(detail)
    raise SmsUnavailable(detail)


def from_config(config: Mapping[str, Any]) -> SmsGateway | None:
    """The configured gateway, or None when SMS is off (no SMS_GATEWAY_URL)."""
    url = config.get("SMS_GATEWAY_URL")
    if not url:
        return None
    protocol = (config.get("SMS_GATEWAY_PROTOCOL") or "linkmobility").lower()
    if protocol != "linkmobility":
        raise ValueError(f"unknown SMS_GATEWAY_PROTOCOL {protocol!r} (known: linkmobility)")
    return LinkMobilityGateway(
        url=url, user=config.get("SMS_GATEWAY_USER") or "",
        password=config.get("SMS_GATEWAY_PASSWORD") or "",
        sender=config.get("SMS_SENDER_NAME") or "PyydaApua",
        platform_id=config.get("SMS_GATEWAY_PLATFORM_ID") or "COMMON_API",
        platform_partner_id=config.get("SMS_GATEWAY_PLATFORM_PARTNER_ID") or "",
        timeout=float(config.get("SMS_TIMEOUT") or 20),
    )


def enabled(config: Mapping[str, Any]) -> bool:
    """SMS is on: a gateway is configured."""
    return bool(config.get("SMS_GATEWAY_URL"))
