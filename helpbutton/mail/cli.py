"""`flask outbox …`: the mail worker and the commands to look after the outbox.

    flask outbox run [--interval 30] [--once]   the worker: sends due mail; from
                                                MAIL_REMINDER_HOUR on also queues the day's
                                                reminders and digests (once a day each) and
                                                deletes old sent mail
    flask outbox send                           one pass, for cron
    flask outbox remind / digest                queue today's reminders (overdue, due soon)
                                                and escalations / digests
    flask outbox purge [--days 30]              delete old sent mail
    flask outbox failed                         messages the worker gave up on
    flask outbox retry ID… | --all              put failed messages back in the queue

Listings never show a family's address or a subject, only ids, kinds and error texts.
"""
import logging
import signal
import threading
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import exc as sa_exc

from helpbutton import local_time
from helpbutton.dbtypes import utcnow
from helpbutton.extensions import db
from helpbutton.mail import notifications, outbox

log = logging.getLogger(__name__)

group = AppGroup("outbox", help="The mail outbox: send, inspect and retry queued mail.")

# How often the worker looks for overdue requests and digests (both are once a day anyway).
DEFAULT_SCHEDULE_CHECK_SECONDS = 600


def _echo_result(result: outbox.SendResult) -> None:
    click.echo(f"sent {result.sent}, to retry {result.retried}, gave up {result.failed}")


def _queue_daily(builder, now: datetime) -> int:
    """Run a daily builder and commit; a concurrent run that queued the same message first
    makes our commit fail on the dedup key, and the second try skips what is queued."""
    for attempt in (1, 2):
        try:
            count = builder(db.session, now)
            db.session.commit()
            return count
        except sa_exc.IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise
    return 0


def _daily_due(now: datetime) -> bool:
    hour = int(current_app.config.get("MAIL_REMINDER_HOUR", 8))
    return local_time.local(now).hour >= hour


@group.command("run")
@click.option("--interval", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds between passes.")
@click.option("--once", is_flag=True, help="Do one pass and exit.")
@click.option("--daily/--no-daily", default=True, show_default=True,
              help="Also queue reminders, escalations and digests (from MAIL_REMINDER_HOUR, "
                   "local time).")
def run(interval: float, once: bool, daily: bool) -> None:
    """Send due mail until stopped (SIGTERM or Ctrl-C finish the current pass first)."""
    stop = threading.Event()

    def _stop(signum, frame):  # noqa: ARG001
        stop.set()

    try:
        previous = signal.signal(signal.SIGTERM, _stop)
    except ValueError:  # not the main thread (e.g. embedded): Ctrl-C only
        previous = None
    last_daily = None
    check_every = int(current_app.config.get("MAIL_SCHEDULE_CHECK_SECONDS",
                                             DEFAULT_SCHEDULE_CHECK_SECONDS))
    try:
        while not stop.is_set():
            now = utcnow()
            try:
                if daily and _daily_due(now) and (
                        last_daily is None or (now - last_daily).total_seconds() >= check_every):
                    _queue_daily(notifications.send_reminders, now)
                    _queue_daily(notifications.send_daily_digest, now)
                    outbox.purge_sent(db.session, now)
                    db.session.commit()
                    last_daily = now
                result = outbox.send_all_due(db.session, now)
                if result.sent or result.retried or result.failed or once:
                    _echo_result(result)
            except Exception as exc:  # noqa: BLE001 — e.g. the database is away: keep running
                db.session.rollback()
                log.error("outbox worker: pass failed: %s", outbox.describe_error(exc))
                if once:
                    raise
            finally:
                db.session.remove()
            if once:
                break
            stop.wait(interval)
    except KeyboardInterrupt:
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


@group.command("send")
def send() -> None:
    """Send everything that is due now, once (for cron)."""
    _echo_result(outbox.send_all_due(db.session, utcnow()))


@group.command("remind")
def remind() -> None:
    """Queue today's overdue and due-soon reminders to the centres' leads (at most one a day
    each) and the escalations of long-overdue requests (once per request)."""
    click.echo(f"queued {_queue_daily(notifications.send_reminders, utcnow())} reminders")


@group.command("digest")
def digest() -> None:
    """Queue today's digests for the centres that asked for one."""
    click.echo(f"queued {_queue_daily(notifications.send_daily_digest, utcnow())} digests")


@group.command("purge")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Keep sent mail this many days (default MAIL_KEEP_SENT_DAYS, 30).")
def purge(days: int | None) -> None:
    """Delete sent mail older than the given number of days."""
    count = outbox.purge_sent(db.session, utcnow(), days)
    db.session.commit()
    click.echo(f"deleted {count} sent messages")


@group.command("failed")
def failed() -> None:
    """List the messages the worker gave up on."""
    messages = outbox.failed_messages(db.session)
    if not messages:
        click.echo("No failed messages.")
        return
    for m in messages:
        click.echo(
            f"{m.id:>6}  {m.created_at:%Y-%m-%d %H:%M}Z  {m.channel.value:5}  {m.kind:26} "
            f"{outbox.display_recipient(m):32} attempts {m.attempts}  {m.last_error or ''}"
        )


@group.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "retry_all", is_flag=True, help="Retry every failed message.")
def retry(ids: tuple[int, ...], retry_all: bool) -> None:
    """Put failed messages back in the queue with a fresh attempt count."""
    if retry_all:
        ids = tuple(m.id for m in outbox.failed_messages(db.session))
    if not ids:
        raise click.UsageError("give message ids, or --all")
    now = utcnow()
    done = [i for i in ids if outbox.retry(db.session, i, now)]
    db.session.commit()
    missing = sorted(set(ids) - set(done))
    click.echo(f"queued again: {len(done)}")
    if missing:
        raise click.ClickException(
            "not failed or not found: " + ", ".join(str(i) for i in missing))
