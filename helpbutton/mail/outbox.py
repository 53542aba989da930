"""The mail outbox: queue in the caller's transaction, then claim, send, retry or give up.

Every email is a row written in the same transaction as the change that causes it, so a mail
server outage loses nothing and a rolled-back change sends nothing. A worker (`flask outbox
run` / `send`) claims due rows, sends them after its claim is committed, and records the result.

Claiming, so that two workers never send one message twice:

* PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks due rows no other transaction holds,
  sets a lease (``locked_until``) and commits. A worker that looks later sees the lease and
  skips the row; one that looked at the same moment skipped it because it was locked; one
  whose snapshot predates the commit re-checks the row after the lock is released (READ
  COMMITTED re-evaluates the WHERE clause on the new row version) and skips it too.
* SQLite (no row locks): each row is claimed with one conditional
  ``UPDATE … SET locked_until = :lease WHERE id = :id AND <still free>``. SQLite lets one
  writer at a time change the database, so the condition is checked and the lease written
  atomically; only the worker whose UPDATE changed the row (rowcount 1) sends it.

The lease (MAIL_LEASE_SECONDS) expires so that a crashed worker's messages are retried; it is
far longer than one SMTP exchange (MAIL_TIMEOUT), and a worker stops taking messages of its
batch at half the lease, so a live worker always finishes before its lease ends.

What remains is the window between the SMTP server accepting a message and the "sent" commit:
a crash exactly there sends that one message again after the lease. The Message-ID is stable
(derived from the row), so mail clients show such a copy as the same message.

Privacy: error texts are stored and logged with mail addresses blanked out; logs name a
message by id and kind, never by recipient or subject.
"""
import logging
import re
import smtplib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_mail import Connection, Message

from helpbutton.dbtypes import DbSession, utcnow
from helpbutton.models.centre import Centre
from helpbutton.models.outbox import OutboxChannel, OutboxMessage, OutboxStatus
from helpbutton.models.region import Municipality
from helpbutton.models.request import HelpRequest
from helpbutton.models.user import RoleAssignment, User
from helpbutton.sms import gateway as sms_gateway

log = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_RETRY_BASE_SECONDS = 60  # 1, 2, 4, 8 … minutes
DEFAULT_RETRY_MAX_SECONDS = 4 * 3600
DEFAULT_LEASE_SECONDS = 600
DEFAULT_TIMEOUT_SECONDS = 30
DEFAULT_BATCH = 50

# Kinds whose recipient is a family: their address is never shown in listings or logs.
FAMILY_KINDS = frozenset({"family_confirmation", "family_new_message", "family_new_link"})
# Kinds whose body holds a secret link (follow-up, password): blanked once sent, because the
# database keeps only hashes of those tokens everywhere else. (family_new_message carries no
# link: mail/family_notices.py says why.)
SECRET_KINDS = frozenset({"family_confirmation", "family_new_link", "password_reset",
                          "new_account"})
SENT_PLACEHOLDER = "(sent)"
# last_error of a message given up at once because the recipient was refused (an SMS
# gateway refusing the number).
REFUSED_PREFIX = "recipient refused for good: "
DEFAULT_KEEP_SENT_DAYS = 30

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def enqueue(
    session: DbSession,
    *,
    kind: str,
    recipient: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    request_id: int | None = None,
    dedup_key: str | None = None,
    now: datetime | None = None,
    channel: OutboxChannel = OutboxChannel.EMAIL,
) -> OutboxMessage:
    """Add a message to the session; the caller's transaction commits (or discards) it."""
    message = OutboxMessage(
        kind=kind,
        channel=channel,
        recipient=recipient,
        language=language,
        subject=subject[:200],
        body_text=body_text,
        body_html=body_html,
        request_id=request_id,
        dedup_key=dedup_key,
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=now or utcnow(),
    )
    session.add(message)
    return message


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def backoff(attempts: int, base_seconds: int = DEFAULT_RETRY_BASE_SECONDS,
            max_seconds: int = DEFAULT_RETRY_MAX_SECONDS) -> timedelta:
    """Wait after the `attempts`-th failed attempt: base, 2×base, 4×base … up to max."""
    exponent = max(attempts - 1, 0)
    seconds = base_seconds * (2 ** min(exponent, 30))
    return timedelta(seconds=min(seconds, max_seconds))


def _due(now: datetime):
    return sa.and_(
        OutboxMessage.status == OutboxStatus.PENDING,
        OutboxMessage.next_attempt_at <= now,
        sa.or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now),
    )


def claim(session: DbSession, now: datetime, limit: int = DEFAULT_BATCH,
          lease_seconds: int | None = None) -> list[int]:
    """Lease up to `limit` due messages to this worker and commit; returns their ids."""
    lease = now + timedelta(
        seconds=lease_seconds if lease_seconds is not None
        else _setting("MAIL_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)
    )
    order = (OutboxMessage.next_attempt_at, OutboxMessage.id)
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(
            sa.select(OutboxMessage.id).where(_due(now)).order_by(*order).limit(limit)
            .with_for_update(skip_locked=True)
        ))
        if ids:
            session.execute(
                sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                .values(locked_until=lease).execution_options(synchronize_session=False)
            )
    else:
        candidates = list(session.scalars(
            sa.select(OutboxMessage.id).where(_due(now)).order_by(*order).limit(limit)
        ))
        ids = []
        for message_id in candidates:
            result = session.execute(
                sa.update(OutboxMessage)
                .where(OutboxMessage.id == message_id, _due(now))
                .values(locked_until=lease).execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]  # a CursorResult
                ids.append(message_id)
    session.commit()
    return ids


class _TimedConnection(Connection):
    """Flask-Mail's connection with a socket timeout, so a silent server cannot hang a worker."""

    def configure_host(self):
        timeout = _setting("MAIL_TIMEOUT", DEFAULT_TIMEOUT_SECONDS)
        if self.mail.use_ssl:
            host = smtplib.SMTP_SSL(self.mail.server, self.mail.port, timeout=timeout)
        else:
            host = smtplib.SMTP(self.mail.server, self.mail.port, timeout=timeout)
        host.set_debuglevel(int(self.mail.debug))
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host

    def __exit__(self, exc_type, exc_value, tb):
        # A server that has gone away must not turn a sent message into an error at QUIT.
        if self.host is not None:
            try:
                self.host.quit()
            except (smtplib.SMTPException, OSError):
                self.host.close()


def _mail_message(message: OutboxMessage) -> Message:
    mail = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        extra_headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": message.language,
        },
    )
    # A stable Message-ID: if a crash ever makes us send a message again, mail clients
    # recognise the copy as the same message.
    created = message.created_at.strftime("%Y%m%d%H%M%S") if message.created_at else "0"
    mail.msgId = f"<outbox.{message.id}.{created}@helpbutton.invalid>"
    return mail


def describe_error(exc: BaseException) -> str:
    """A short error text for the administrator, with mail addresses blanked out."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{code} {_text(reply)}" for code, reply in exc.recipients.values()]
        text = "recipient refused: " + "; ".join(parts)
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return _ADDRESS.sub("<address>", text)[:500]


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    ids_sent: list[int] = field(default_factory=list)

    def __iadd__(self, other: "SendResult") -> "SendResult":
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.ids_sent += other.ids_sent
        return self


def send_due(session: DbSession, now: datetime | None = None,
             limit: int = DEFAULT_BATCH) -> SendResult:
    """Claim one batch of due messages, send them and record each result. Commits.

    Email goes over one SMTP connection per batch; SMS through the configured gateway
    (helpbutton/sms/), one request each. Both share the claim, the retries and "sent once"."""
    now = now or utcnow()
    ids = claim(session, now, limit)
    result = SendResult()
    if not ids:
        return result
    # Stop well inside the lease, so no other worker can take over a message we still hold.
    deadline = time.monotonic() + _setting("MAIL_LEASE_SECONDS", DEFAULT_LEASE_SECONDS) / 2
    connection: _TimedConnection | None = None
    smtp_down: BaseException | None = None
    gateway = sms_gateway.from_config(current_app.config)
    try:
        for position, message_id in enumerate(ids):
            if time.monotonic() > deadline:
                _release(session, ids[position:])
                break
            message = session.get(OutboxMessage, message_id)
            if message is None:
                continue
            if message.channel is OutboxChannel.SMS:
                _send_sms(gateway, message, now, result)
                session.commit()
                continue
            if smtp_down is not None:
                # The server was down for an earlier message of this batch: this one waits
                # for the next try too.
                _record_failure(message, smtp_down, now, result)
                session.commit()
                continue
            if connection is None:
                try:
                    connection = _TimedConnection(current_app.extensions["mail"]).__enter__()
                except (smtplib.SMTPException, OSError) as exc:
                    smtp_down = exc
                    _record_failure(message, exc, now, result)
                    session.commit()
                    continue
            try:
                connection.send(_mail_message(message))
            except Exception as exc:  # noqa: BLE001 — any failure counts as an attempt,
                # so that a message that cannot be sent (a bad header, an address the server
                # cannot take) ends up failed instead of blocking the queue.
                # Start afresh for the next message; the server may have dropped us.
                connection.__exit__(None, None, None)
                connection = None
                _record_failure(message, exc, now, result)
            else:
                _record_sent(message, now, result)
            # One commit per message: a crash later in the batch cannot undo "sent".
            session.commit()
    finally:
        if connection is not None:
            connection.__exit__(None, None, None)
    return result


def _send_sms(gateway: sms_gateway.SmsGateway | None, message: OutboxMessage, now: datetime,
              result: SendResult) -> None:
    """One SMS through the gateway: sent, retried later (gateway down, or SMS switched off
    since it was queued: nothing is lost) or given up at once (the number refused)."""
    if gateway is None:
        _record_failure(message, sms_gateway.SmsUnavailable("SMS is not configured"), now,
                        result)
        return
    try:
        gateway.send(message.recipient, message.body_text, reference=f"outbox-{message.id}")
    except sms_gateway.SmsRefused as exc:
        _record_refused(message, exc, result)
    except sms_gateway.SmsUnavailable as exc:
        _record_failure(message, exc, now, result)
    except Exception as exc:  # noqa: BLE001 — a bug must not block the queue: retried
        _record_failure(message, sms_gateway.SmsUnavailable(
            sms_gateway.blank_numbers(describe_error(exc))), now, result)
    else:
        _record_sent(message, now, result)


def is_refused(message: OutboxMessage) -> bool:
    """Given up at once because the recipient was refused (not after the attempt limit)."""
    return (message.status is OutboxStatus.FAILED
            and (message.last_error or "").startswith(REFUSED_PREFIX))


def _record_refused(message: OutboxMessage, exc: BaseException, result: SendResult) -> None:
    message.attempts += 1
    message.last_error = f"{REFUSED_PREFIX}{describe_error(exc)}"[:500]
    message.locked_until = None
    message.status = OutboxStatus.FAILED
    result.failed += 1
    log.error("outbox: recipient refused for message %s (%s, %s), given up: %s", message.id,
              message.kind, message.channel.value, message.last_error)


def _release(session: DbSession, ids: list[int]) -> None:
    session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids))
        .values(locked_until=None).execution_options(synchronize_session=False)
    )
    session.commit()


def _record_sent(message: OutboxMessage, now: datetime, result: SendResult) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.attempts += 1
    message.locked_until = None
    message.last_error = None
    if is_family(message):
        message.recipient = SENT_PLACEHOLDER
    if message.kind in SECRET_KINDS:
        message.body_text, message.body_html = SENT_PLACEHOLDER, None
    result.sent += 1
    result.ids_sent.append(message.id)
    log.info("outbox: sent message %s (%s, %s) at attempt %s", message.id, message.kind,
             message.channel.value, message.attempts)


def _record_failure(message: OutboxMessage, exc: BaseException, now: datetime,
                    result: SendResult) -> None:
    message.attempts += 1
    message.last_error = describe_error(exc)
    message.locked_until = None
    limit = _setting("MAIL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)
    if message.attempts >= limit:
        message.status = OutboxStatus.FAILED
        result.failed += 1
        log.error("outbox: gave up on message %s (%s) after %s attempts: %s", message.id,
                  message.kind, message.attempts, message.last_error)
    else:
        message.next_attempt_at = now + backoff(
            message.attempts,
            _setting("MAIL_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS),
            _setting("MAIL_RETRY_MAX_SECONDS", DEFAULT_RETRY_MAX_SECONDS),
        )
        result.retried += 1
        log.warning("outbox: message %s (%s) attempt %s failed, next at %s: %s", message.id,
                    message.kind, message.attempts, message.next_attempt_at.isoformat(),
                    message.last_error)


def send_all_due(session: DbSession, now: datetime | None = None,
                 batch: int = DEFAULT_BATCH) -> SendResult:
    """Send batches until nothing is due (for `flask outbox send` and each loop of `run`)."""
    total = SendResult()
    while True:
        result = send_due(session, now, batch)
        total += result
        if result.sent + result.retried + result.failed < batch:
            return total


def purge_sent(session: DbSession, now: datetime, keep_days: int | None = None) -> int:
    """Delete sent messages older than `keep_days` (MAIL_KEEP_SENT_DAYS, 30). Flushes."""
    days = keep_days if keep_days is not None else _setting(
        "MAIL_KEEP_SENT_DAYS", DEFAULT_KEEP_SENT_DAYS)
    result = session.execute(
        sa.delete(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENT,
                                       OutboxMessage.sent_at < now - timedelta(days=days))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount  # type: ignore[attr-defined]  # a CursorResult


@dataclass(frozen=True)
class Summary:
    """The outbox in four states that never contradict each other: waiting for its first
    try, failed and to be tried again (the worker backs off), given up on (an administrator
    must act), and sent in the last day."""

    waiting: int
    retrying: int
    given_up: int
    sent_last_day: int
    oldest_waiting: datetime | None
    next_retry: datetime | None

    @property
    def all_sent(self) -> bool:
        return not (self.waiting or self.retrying or self.given_up)


def of_region(region_id: int):
    """The messages that belong to a county: about one of its requests, to one of its
    centres, or to an account with a role in it. A message that is none of these (an
    account without roles) belongs to no county's page; `flask outbox failed` lists it."""
    centre_ids = sa.select(Centre.id).where(Centre.region_id == region_id)
    role_users = sa.select(RoleAssignment.user_id).where(sa.or_(
        RoleAssignment.region_id == region_id,
        RoleAssignment.centre_id.in_(centre_ids),
        RoleAssignment.municipality_code.in_(
            sa.select(Municipality.code).where(Municipality.region_id == region_id))))
    return sa.or_(
        OutboxMessage.request_id.in_(
            sa.select(HelpRequest.id).where(HelpRequest.region_id == region_id)),
        sa.and_(OutboxMessage.request_id.is_(None), sa.or_(
            OutboxMessage.recipient.in_(
                sa.select(Centre.notification_email).where(Centre.region_id == region_id)),
            OutboxMessage.recipient.in_(
                sa.select(User.email).where(User.id.in_(role_users))))),
    )


def summary(session: DbSession, now: datetime | None = None,
            region_id: int | None = None) -> Summary:
    """The outbox at a glance; `region_id`: of that county's messages only (`of_region`)."""
    now = now or utcnow()
    pending = OutboxMessage.status == OutboxStatus.PENDING
    first_try = sa.and_(pending, OutboxMessage.attempts == 0)
    again = sa.and_(pending, OutboxMessage.attempts > 0)

    def count(condition):
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    row = session.execute(sa.select(
        count(first_try), count(again),
        count(OutboxMessage.status == OutboxStatus.FAILED),
        count(sa.and_(OutboxMessage.status == OutboxStatus.SENT,
                      OutboxMessage.sent_at >= now - timedelta(days=1))),
        sa.func.min(sa.case((first_try, OutboxMessage.created_at))),
        sa.func.min(sa.case((again, OutboxMessage.next_attempt_at))),
    ).where(of_region(region_id) if region_id is not None else sa.true())).one()
    return Summary(int(row[0]), int(row[1]), int(row[2]), int(row[3]),
                   _aware(row[4]), _aware(row[5]))


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back from an aggregate; the stored times are UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def failed_messages(session: DbSession, region_id: int | None = None) -> list[OutboxMessage]:
    """Messages the worker gave up on, newest first: for the region administrator, of their
    county only (`region_id`; None: every message, for the command line)."""
    return list(session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
        .where(of_region(region_id) if region_id is not None else sa.true())
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    ))


def retry(session: DbSession, message_id: int, now: datetime | None = None,
          region_id: int | None = None) -> bool:
    """Put a failed message back in the queue with a fresh attempt count. Flushes.
    `region_id`: only a message of that county (`of_region`)."""
    message = session.get(OutboxMessage, message_id)
    if message is None or message.status != OutboxStatus.FAILED:
        return False
    if region_id is not None and session.scalar(sa.select(OutboxMessage.id).where(
            OutboxMessage.id == message_id, of_region(region_id))) is None:
        return False
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = now or utcnow()
    message.locked_until = None
    session.flush()
    return True


def display_recipient(message: OutboxMessage) -> str:
    """The recipient as listings may show it: a family's address is never shown."""
    return "(family)" if is_family(message) else message.recipient


def is_family(message: OutboxMessage) -> bool:
    return message.kind in FAMILY_KINDS or message.channel is OutboxChannel.SMS
