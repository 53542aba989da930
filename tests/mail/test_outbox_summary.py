"""The outbox page's summary: waiting, failing and to be tried again, given up, sent — in
words that never say "waiting" and "all sent" at once."""
import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from helpbutton.dbtypes import utcnow
from helpbutton.mail import outbox
from helpbutton.models import OutboxMessage, OutboxStatus, User
from tests.signin import signed_in_client

URL = "/admin/outbox/"


def _message(db, status: OutboxStatus, attempts: int = 0, **fields) -> OutboxMessage:
    message = OutboxMessage(kind="centre_new_request",  # to a centre of the county
                            recipient="perhekeskus.turku@example.invalid",
                            subject="Uusi pyyntö", body_text="-", status=status,
                            attempts=attempts, **fields)
    db.session.add(message)
    return message


def _page(app, db) -> str:
    admin = db.session.scalar(sa.select(User).where(User.email == "region.admin@example.invalid"))
    response = signed_in_client(app, admin).get(URL)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _summary_of(html: str) -> dict[str, str]:
    block = re.search(r'<dl class="facts outbox-summary">(.*?)</dl>', html).group(1)
    return {dt.strip(): dd.strip() for dt, dd in re.findall(r"<dt>(.*?)</dt> <dd>(.*?)</dd>",
                                                            block)}


def test_mixed_states_are_counted_apart_and_the_headline_names_the_worst(app, db, demo):
    now = utcnow()
    for _ in range(3):
        _message(db, OutboxStatus.PENDING, created_at=now - timedelta(minutes=5))
    for _ in range(2):
        _message(db, OutboxStatus.PENDING, attempts=2, next_attempt_at=now + timedelta(minutes=4))
    _message(db, OutboxStatus.FAILED, attempts=8, last_error="ConnectionRefusedError")
    _message(db, OutboxStatus.SENT, attempts=1, sent_at=now - timedelta(hours=1))
    _message(db, OutboxStatus.SENT, attempts=1, sent_at=now - timedelta(days=3))
    db.session.commit()

    found = outbox.summary(db.session, now)
    assert (found.waiting, found.retrying, found.given_up, found.sent_last_day) == (3, 2, 1, 1)
    assert not found.all_sent

    html = _page(app, db)
    assert "1 viesti jäi lähettämättä ja vaatii toimiasi." in html
    assert "Kaikki sähköpostit on lähetetty." not in html
    counts = _summary_of(html)
    assert counts["Odottaa lähetystä"].startswith("3 (vanhin ")
    assert counts["Lähetys epäonnistui, yritetään uudelleen"].startswith("2 (seuraava yritys ")
    assert counts["Luovuttu, lähetä uudelleen itse"] == "1"
    assert counts["Lähetetty viimeisen vuorokauden aikana"] == "1"
    assert "ConnectionRefusedError" in html  # the given-up message is listed


def test_failing_for_now_is_not_all_sent(app, db, demo):
    _message(db, OutboxStatus.PENDING, attempts=1)
    _message(db, OutboxStatus.PENDING)
    db.session.commit()
    html = _page(app, db)
    assert "Lähetys epäonnistuu juuri nyt: 1 viesti lähetetään myöhemmin uudelleen." in html
    assert "Kaikki sähköpostit on lähetetty." not in html


def test_mail_on_its_way_says_nothing_has_failed(app, db, demo):
    for _ in range(8):
        _message(db, OutboxStatus.PENDING)
    db.session.commit()
    html = _page(app, db)
    assert "8 viestiä on matkalla; mikään ei ole epäonnistunut." in html
    assert "Kaikki sähköpostit on lähetetty." not in html
    assert _summary_of(html)["Odottaa lähetystä"].startswith("8 (")


def test_all_sent_only_when_nothing_waits(app, db, demo):
    _message(db, OutboxStatus.SENT, attempts=1, sent_at=datetime.now(UTC))
    db.session.commit()
    html = _page(app, db)
    assert "Kaikki sähköpostit on lähetetty." in html
    assert _summary_of(html)["Odottaa lähetystä"] == "0"
