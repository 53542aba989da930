"""Service with an interpreter on the public form: the choice, the language list, what is
stored, the error that keeps what was typed, the confirmation page and mail."""
import re
from html import unescape

import sqlalchemy as sa

from helpbutton import interpreter_languages
from helpbutton.models import HelpRequest, OutboxMessage

from .conftest import GOOD


def stored(db) -> HelpRequest:
    [req] = db.session.scalars(sa.select(HelpRequest)).all()
    return req


def page(response) -> str:
    return unescape(response.get_data(as_text=True))


def checked(html: str, name: str) -> list[str]:
    return [m for m in re.findall(rf'<input[^>]*name="{name}"[^>]*>', html) if "checked" in m]


def selected(html: str, name: str) -> list[str]:
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option selected value="([^"]*)"', select)


def test_an_arabic_page_offers_an_interpreter_and_starts_the_list_at_arabic(client, demo):
    html = page(client.get("/ar/"))
    assert "بلغتي الخاصة، بمساعدة مترجم" in html  # "in my own language, with an interpreter"
    radios = html.split('name="service_language"', 1)[1].split('name="interpreter_language"')[0]
    assert 'value="interpreter"' in radios and 'value="en"' not in radios
    # The list is there without any script; the family still chooses the answer itself.
    assert selected(html, "interpreter_language") == ["ar"]
    assert checked(html, "service_language") == []
    assert "العربية" in html and "Soomaali – الصومالية" in html


def test_a_finnish_page_names_each_language_in_itself_and_in_finnish(client, demo):
    html = page(client.get("/fi/"))
    assert "Omalla kielelläni tulkin avulla" in html
    assert "العربية – arabia" in html and "Kurdî (kurmancî) – kurdi" in html
    assert "دری – dari" in html and "ትግርኛ – tigrinja" in html
    assert selected(html, "interpreter_language") == []
    assert [re.search(r'value="(\w+)"', m).group(1)
            for m in checked(html, "service_language")] == ["fi"]
    # The public languages first, then the others, in the module's order.
    options = re.findall(r'<option (?:selected )?value="([a-z]+)"',
                         html.split('name="interpreter_language"', 1)[1].split("</select>")[0])
    assert options == list(interpreter_languages.INTERPRETER_LANGUAGES)


def test_a_family_on_the_arabic_page_asks_for_an_interpreter(client, db, demo, form):
    response = form.send("ar", service_language="interpreter", interpreter_language="ar",
                         email="perhe@example.com", wants_email_confirmation="y")
    assert response.status_code == 302, re.findall(r'error-message[^>]*>(.*?)</p>',
                                                   page(response), re.S)
    req = stored(db)
    # Turku is Finnish-majority: the worker speaks Finnish through the interpreter.
    assert (req.service_language, req.interpreter_language, req.ui_language) == ("fi", "ar", "ar")

    confirmation = page(client.get(response.headers["Location"]))
    assert "طلبتم مترجمًا. لغتكم: العربية." in confirmation
    mail = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "family_confirmation"))
    assert "طلبتم مترجمًا. لغتكم: العربية." in mail.body_text
    assert "طلبتم مترجمًا. لغتكم: العربية." in unescape(mail.body_html)


def test_in_a_swedish_majority_municipality_the_service_language_is_swedish(client, db, demo,
                                                                           form):
    response = form.send("fi", municipality_code="322", service_language="interpreter",
                         interpreter_language="so")
    assert response.status_code == 302
    req = stored(db)
    assert (req.municipality_code, req.service_language, req.interpreter_language) == \
        ("322", "sv", "so")
    confirmation = page(client.get(response.headers["Location"]))
    assert "Pyysit tulkkia. Kielesi: somali." in confirmation


def test_an_interpreter_without_a_language_is_asked_for_and_the_text_kept(client, db, demo,
                                                                         form):
    response = form.send("ar", service_language="interpreter", interpreter_language="",
                         description="نحتاج إلى مساعدة في المساء")
    assert response.status_code == 422
    html = page(response)
    message = "اختاروا لغتكم من القائمة لنعرف المترجم الذي تحتاجونه."
    assert message in html
    assert 'href="#interpreter_language"' in html  # the error summary leads to the list
    assert "نحتاج إلى مساعدة في المساء" in html and GOOD["phone"] in html
    assert [m for m in checked(html, "service_language") if 'value="interpreter"' in m]
    assert db.session.scalars(sa.select(HelpRequest)).all() == []


def test_a_language_not_on_the_list_is_refused(client, db, demo, form):
    response = form.send("en", service_language="interpreter", interpreter_language="xx")
    assert response.status_code == 422
    assert "Choose your own language from the list" in page(response)


def test_a_language_chosen_with_finnish_or_swedish_is_ignored(client, db, demo, form):
    response = form.send("sv", service_language="sv", interpreter_language="ar")
    assert response.status_code == 302
    req = stored(db)
    assert (req.service_language, req.interpreter_language) == ("sv", None)
    assert "tolk" not in page(client.get(response.headers["Location"]))


def test_the_kept_own_names_are_babels():
    """The list's own names are kept in the module (Babel's data for 27 locales is 23 MiB);
    they must say what Babel says."""
    for code in interpreter_languages.INTERPRETER_LANGUAGES:
        if code not in interpreter_languages._OWN:
            assert interpreter_languages.own_name(code) == \
                interpreter_languages.babel_own_name(code), code
