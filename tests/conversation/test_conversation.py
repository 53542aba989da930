"""The conversation through the family's private link, end to end: the family writes, the
worker sees it unread (queue, counts, request page) and reads it by opening the request; the
worker writes, the family is told without content by a real SMTP server, opens its page, and
the worker sees it was read. Closed requests take no messages; other centres see nothing."""
import re
from datetime import timedelta

import sqlalchemy as sa

from helpbutton.mail import outbox
from helpbutton.models import (
    EventKind,
    MessageAuthor,
    MessageKind,
    OutboxMessage,
    RequestEvent,
    RequestMessage,
    RequestStatus,
)
from tests.conversation.conftest import FAMILY_EMAIL, FAMILY_NAME, OTHER_STAFF, STAFF
from tests.factories import MAIL_NOW, centre
from tests.public.conftest import GOOD
from tests.signin import csrf_from

REPLY = "Soittakaa mieluiten tiistaina, silloin lapset ovat hoidossa."
ADDITION = "Unohdin kertoa, että vauva on nyt kolmen kuukauden ikäinen."
STAFF_TEXT = "Yritimme soittaa teille, mutta emme tavoittaneet. Milloin sopisi?"


def _queue_row(html: str, reference: str) -> str:
    row = re.search(rf'<tr[^>]*>\s*<th scope="row"><a href="[^"]+" class="reference">'
                    rf'{reference}</a>.*?</tr>', html, re.S)
    assert row, f"{reference} is not in the queue"
    return row.group(0)


def _messages(db, author=None):
    query = sa.select(RequestMessage).order_by(RequestMessage.id)
    if author:
        query = query.where(RequestMessage.author == author)
    db.session.expire_all()
    return db.session.scalars(query).all()


def _staff_post(client, url, data):
    page = client.get(url.rsplit("/", 1)[0]).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_from(page)})


def test_family_and_worker_talk_through_the_private_link(
        mail_app, db, smtp, family_in, the_request, worker):
    family = family_in("fi")
    req = the_request()
    page = family.html()
    assert "Viestit" in page and "Ei vielä viestejä." in page and "Turun perhekeskus" in page

    # The family replies and adds information: stored, in order, each said once on the page.
    sent = family.write(REPLY, follow_redirects=True)
    assert "Viestisi lähetettiin perhekeskukselle." in sent.get_data(as_text=True)
    added = family.write(ADDITION, "addition", follow_redirects=True).get_data(as_text=True)
    assert "Lisäyksesi lähetettiin perhekeskukselle." in added
    assert added.index(REPLY) < added.index(ADDITION) and added.count(REPLY) == 1
    assert "Sinä" in added and "lisäys pyyntöösi" in added
    stored = _messages(db)
    assert [(m.author, m.kind, m.body) for m in stored] == [
        (MessageAuthor.FAMILY, MessageKind.MESSAGE, REPLY),
        (MessageAuthor.FAMILY, MessageKind.ADDITION, ADDITION)]

    # The centre is told once (the first unread message), by a link and nothing else.
    notices = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "centre_family_message")).all()
    assert len(notices) == 1
    assert f"/staff/requests/{req.id}" in notices[0].body_text
    for secret in (REPLY, ADDITION, req.reference, FAMILY_NAME, "Parenting", "Kasvatus"):
        assert secret not in notices[0].body_text and secret not in notices[0].subject

    # The worker sees it unread in the queue and in the counts ...
    staff = worker(STAFF)
    queue = staff.get("/staff/requests").get_data(as_text=True)
    assert "Lukematon" in _queue_row(queue, req.reference)
    assert "1, jossa lukematon viesti" in staff.get("/staff/").get_data(as_text=True)
    unread_only = staff.get("/staff/requests?messages=unread").get_data(as_text=True)
    assert re.findall(r'class="reference">([A-Z0-9]+)<', unread_only) == [req.reference]

    # ... and on the request page, as new; opening it reads them (who and when).
    opened = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    conversation = opened.split('id="conversation-title"')[1].split("</section>")[0]
    assert REPLY in conversation and ADDITION in conversation and "2 uutta" in conversation
    assert "lisäys pyyntöön" in conversation
    assert opened.count(REPLY) == 1  # the timeline says a message came, not what it said
    assert "Perhe kirjoitti viestin." in opened
    assert "Perhe lisäsi tietoja pyyntöön." in opened
    staff_user = db.session.scalar(sa.select(RequestEvent.actor_id).where(
        RequestEvent.kind == EventKind.VIEWED))
    assert all(m.read_at is not None and m.read_by_id == staff_user for m in _messages(db))
    viewed = db.session.scalars(sa.select(RequestEvent).where(
        RequestEvent.kind == EventKind.VIEWED)).all()
    assert viewed[-1].data == {"messages": 2, "unread": 2}  # the audit trail of the reading
    queue = staff.get("/staff/requests").get_data(as_text=True)
    assert "Lukematon" not in _queue_row(queue, req.reference)
    assert "0, joissa lukemattomia viestejä" in staff.get("/staff/").get_data(as_text=True)

    # The worker writes: the family is told by email, without any content.
    done = _staff_post(staff, f"/staff/requests/{req.id}/message",
                       {"message-body": STAFF_TEXT})
    assert done.status_code == 302
    shown = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert "Viesti lähetettiin. Perheelle kerrottiin sähköpostilla" in shown
    assert STAFF_TEXT in shown and "Perhe ei ole vielä lukenut" in shown
    [notice] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "family_new_message")).all()
    assert notice.recipient == FAMILY_EMAIL and notice.request_id == req.id

    smtp.start()
    outbox.send_all_due(db.session, MAIL_NOW)
    [mail] = [m for m in smtp.messages if m["To"] == FAMILY_EMAIL]
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Sinulle on uusi viesti yhteydenottopyyntöösi liittyen." in text
    assert "henkilökohtainen linkki" in text and "112" in text
    for secret in (STAFF_TEXT, REPLY, req.reference, FAMILY_NAME, "Turun", "Tero",
                   "/follow-up/", GOOD["description"]):
        assert secret not in text and secret not in html and secret not in mail["Subject"]
    db.session.expire_all()
    assert db.session.get(OutboxMessage, notice.id).recipient == "(sent)"  # address not kept

    # The family opens its page: the centre's message, under the centre's name (never the
    # worker's); the worker then sees that it was read.
    page = family.html()
    assert STAFF_TEXT in page and "Tero" not in page
    assert page.index(ADDITION) < page.index(STAFF_TEXT)
    [staff_message] = _messages(db, MessageAuthor.STAFF)
    assert staff_message.read_at is not None and staff_message.read_by_id is None
    shown = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert "Perhe luki" in shown and "Perhe ei ole vielä lukenut" not in shown


def test_a_swedish_family_sees_its_space_in_swedish(db, family_in, the_request, worker):
    family = family_in("sv")
    family.write("Ring helst på förmiddagen.")
    staff = worker(STAFF)
    req = the_request()
    staff.get(f"/staff/requests/{req.id}")  # read
    _staff_post(staff, f"/staff/requests/{req.id}/message", {"message-body": "Hej! Vi ringer."})
    page = family.html()
    assert "Meddelanden" in page and "Ditt familjecenter" in page
    assert "Åbo familjecenter" in page or "Turun perhekeskus" in page
    assert "Du" in page and "Hej! Vi ringer." in page and "Skriv till familjecentret" in page
    assert "Lägg till uppgifter i din begäran" in page


def test_a_family_without_email_gets_no_mail(db, family_in, the_request, worker):
    family_in("fi", email=False)
    req = the_request()
    staff = worker(STAFF)
    _staff_post(staff, f"/staff/requests/{req.id}/message", {"message-body": STAFF_TEXT})
    assert len(_messages(db, MessageAuthor.STAFF)) == 1
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.kind == "family_new_message")) == 0


def test_bad_messages_are_refused_in_the_familys_language_keeping_the_text(
        db, family_in, app):
    family = family_in("fi")
    empty = family.write("   ")
    assert empty.status_code == 422 and "Kirjoita ensin viestisi." in empty.get_data(as_text=True)
    long_text = "ä" * 2001
    too_long = family.write(long_text, "addition")
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "Viestisi on liian pitkä" in html
    assert long_text in html  # kept, in its textarea
    # 2000 characters with line breaks (a browser sends CRLF) fit.
    fits = "rivi\r\n" * 333 + "x" * 2
    assert family.write(fits).status_code == 302
    assert len(_messages(db)[0].body) <= 2000
    # An expired page (no valid CSRF token): asked to send again, the text still there.
    stale = family.client.post(f"{family.link}/message",
                               data={"reply-csrf_token": "vanha", "reply-body": "Tärkeä asia"})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 422 and "lähettämään viestin uudelleen" in html
    assert "Tärkeä asia" in html and len(_messages(db)) == 1


def test_a_closed_request_takes_no_messages_and_says_how_to_ask_again(
        db, family_in, the_request, worker):
    family = family_in("fi")
    page = family.html()  # open before the centre closes the request
    req = the_request()
    req.status, req.closed_at = RequestStatus.CLOSED, req.created_at + timedelta(days=1)
    db.session.commit()
    fields = re.search(r'name="reply-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    refused = family.client.post(f"{family.link}/message",
                                 data={"reply-csrf_token": fields, "reply-body": REPLY})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Tämä yhteydenottopyyntö on päättynyt, joten siihen ei voi enää" in html
    assert REPLY in html and 'href="/fi/"' in html  # what was typed, and the form
    assert _messages(db) == []
    closed_page = family.html()
    assert "et voi enää kirjoittaa perhekeskukselle" in closed_page
    assert 'name="reply-body"' not in closed_page
    # Nor does the worker write to it.
    staff = worker(STAFF)
    shown = staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    assert 'name="message-body"' not in shown
    response = staff.post(f"/staff/requests/{req.id}/message",
                          data={"message-body": STAFF_TEXT, "csrf_token": csrf_from(shown)})
    assert response.status_code == 302 and _messages(db) == []


def test_another_centres_worker_neither_reads_nor_writes(db, family_in, the_request, worker):
    family = family_in("fi")
    family.write(REPLY)
    req = the_request()
    other = worker(OTHER_STAFF)
    assert other.get(f"/staff/requests/{req.id}").status_code == 404
    assert REPLY not in other.get("/staff/requests?status=all").get_data(as_text=True)
    home = other.get("/staff/")
    response = other.post(f"/staff/requests/{req.id}/message",
                          data={"message-body": STAFF_TEXT,
                                "csrf_token": csrf_from(home.get_data(as_text=True))})
    assert response.status_code == 404
    [message] = _messages(db)
    assert message.read_at is None  # still unread for the centre it belongs to
    assert len(_messages(db)) == 1


def test_a_worker_message_is_length_limited_and_keeps_the_text(db, family_in, the_request,
                                                               worker):
    family_in("fi")
    req = the_request()
    staff = worker(STAFF)
    long_text = "a" * 2001
    response = _staff_post(staff, f"/staff/requests/{req.id}/message",
                           {"message-body": long_text})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Kirjoita enintään 2000 merkkiä." in html
    assert long_text in html and _messages(db) == []


def test_no_message_text_or_link_in_the_logs(db, family_in, the_request, worker, caplog):
    caplog.set_level("DEBUG")
    family = family_in("fi")
    token = family.link.rsplit("/", 1)[1]
    family.write(REPLY)
    staff = worker(STAFF)
    req = the_request()
    _staff_post(staff, f"/staff/requests/{req.id}/message", {"message-body": STAFF_TEXT})
    family.html()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/follow-up/" in logged or "follow_up" in logged  # the requests were logged
    assert token not in logged and REPLY not in logged and STAFF_TEXT not in logged


def test_a_forwarded_request_keeps_its_conversation_signed_by_who_wrote(
        db, family_in, the_request, worker):
    family = family_in("fi")
    req = the_request()
    staff = worker(STAFF)
    _staff_post(staff, f"/staff/requests/{req.id}/message", {"message-body": STAFF_TEXT})
    assert db.session.scalar(sa.select(RequestMessage.centre_id)) == req.centre_id  # Turku
    kaarina = centre(db.session, "kaarina")
    done = _staff_post(staff, f"/staff/requests/{req.id}/forward",
                       {"forward-centre": str(kaarina.id), "forward-reason": "Kaarinan asia"})
    assert done.status_code == 302
    page = family.html()
    assert f"Siirretty toiseen keskukseen ({kaarina.name_fi})" in page
    assert f"<strong>{kaarina.name_fi}</strong>" in page  # now its centre
    message = page.split('class="conversation"')[1].split("</ol>")[0]
    assert "Turun perhekeskus" in message and STAFF_TEXT in message  # who wrote it then
    # The old centre's worker no longer reads it; the family writes to the new centre.
    assert staff.get(f"/staff/requests/{req.id}").status_code == 200  # the "forwarded" page
    assert STAFF_TEXT not in staff.get(f"/staff/requests/{req.id}").get_data(as_text=True)
    family.write(REPLY)
    assert _messages(db, MessageAuthor.FAMILY)[0].centre_id == kaarina.id


def test_a_flood_of_messages_is_held_back_keeping_the_text(db, app, family_in, monkeypatch):
    family = family_in("fi")
    monkeypatch.setitem(app.config, "FAMILY_MESSAGE_RATE_LIMIT", "2 per minute")
    assert family.write("yksi").status_code == 302
    assert family.write("kaksi").status_code == 302
    held = family.write("kolmas viesti odottaa")
    html = held.get_data(as_text=True)
    assert held.status_code == 429 and "Retry-After" in held.headers
    assert "Tästä yhteydestä on juuri lähetetty monta viestiä." in html
    assert "kolmas viesti odottaa" in html and "112" in html
    assert [m.body for m in _messages(db)] == ["yksi", "kaksi"]


def test_only_a_page_the_family_sees_marks_a_message_read(db, family_in, the_request, worker):
    family = family_in("fi")
    req = the_request()
    _staff_post(worker(STAFF), f"/staff/requests/{req.id}/message",
                {"message-body": STAFF_TEXT})
    assert family.client.head(family.link).status_code == 200  # a link checker
    assert _messages(db)[0].read_at is None
    family.write("")  # a mistake shows the page again, in a transaction rolled back
    assert STAFF_TEXT in family.html()
    assert _messages(db)[0].read_at is not None
