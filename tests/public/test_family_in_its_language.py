"""A family asks in Arabic and in Ukrainian: every page it meets is in its language (no string
left untranslated), its confirmation mail too, and the worker sees that it needs an
interpreter — in the worker's own language."""
import re
from html import unescape

import pytest
import sqlalchemy as sa
from flask_babel import gettext

from helpbutton.i18n import in_language
from helpbutton.models import HelpRequest, OutboxMessage
from tests.factories import user
from tests.signin import signed_in_client

STAFF = "turku.staff@example.invalid"
# The language named as the Finnish worker reads it (Babel's Finnish names).
IN_FINNISH = {"ar": "arabia", "uk": "ukraina"}
DIRECTION = {"ar": "rtl", "uk": "ltr"}


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def translated(app, lang: str, msgid: str, **values) -> str:
    with app.test_request_context(), in_language(lang):
        return gettext(msgid, **values)


def h1(page: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).strip()


def shown_in(page: str, lang: str) -> None:
    assert f'<html lang="{lang}" dir="{DIRECTION[lang]}">' in page


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_a_family_asks_in_its_language_and_the_worker_sees_the_interpreter_need(
        app, db, demo, client, form, lang):
    untranslated = app.extensions["untranslated"]
    untranslated.clear()

    front = text(client.get(f"/{lang}/"))
    shown_in(front, lang)
    assert h1(front) == translated(app, lang, "Ask for help") != "Ask for help"

    sent = form.send(lang, service_language="interpreter", interpreter_language=lang,
                     email="perhe@example.org", wants_email_confirmation="y")
    assert sent.status_code == 302, re.findall(r"error-message[^>]*>(.*?)</p>", text(sent), re.S)
    request = db.session.scalar(sa.select(HelpRequest))
    assert (request.ui_language, request.service_language, request.interpreter_language) == (
        lang, "fi", lang)

    confirmation = text(client.get(sent.headers["Location"]))
    shown_in(confirmation, lang)
    assert h1(confirmation) == translated(app, lang, "Your request has been sent")
    assert request.reference in confirmation
    follow_up = re.search(r'class="private-link"[^>]*>([^<]+)</a>', confirmation).group(1)
    assert f"/{lang}/follow-up/" in follow_up

    mail = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "family_confirmation"))
    assert mail.language == lang
    assert mail.subject == translated(
        app, lang, "Your request for help has been received (%(reference)s)",
        reference=request.reference)
    thanks = translated(app, lang, "Thank you. We have received your request for help.")
    assert thanks != "Thank you. We have received your request for help."
    assert thanks in mail.body_text and thanks in unescape(mail.body_html)
    assert f'lang="{lang}" dir="{DIRECTION[lang]}"' in mail.body_html

    page = text(client.get(follow_up.removeprefix("http://localhost")))
    shown_in(page, lang)
    assert h1(page).startswith(translated(app, lang, "Your request"))
    for path, title in ((f"/{lang}/link", "Get your private link again"),
                        (f"/{lang}/privacy", "Privacy notice")):
        other = text(client.get(path))
        shown_in(other, lang)
        assert h1(other) == translated(app, lang, title) != title

    # Every string of these pages and of the mail had a translation in the family's language.
    assert not {msgid for locale, msgid in untranslated if locale == lang}

    worker = text(signed_in_client(app, user(db.session, STAFF)).get(
        f"/staff/requests/{request.id}"))
    need = re.search(r'<p class="[^"]*interpreter-needed[^"]*"[^>]*>(.*?)</p>', worker, re.S)
    assert need and f"Tarvitaan tulkki: {IN_FINNISH[lang]}" in need.group(1)
