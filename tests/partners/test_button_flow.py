"""From the admin's button page to a stored request: the partner button, end to end."""
import re
from html import unescape

import sqlalchemy as sa

from helpbutton.models import Centre, Channel, HelpRequest, Partner
from tests.partners.conftest import post_form
from tests.signin import post_confirmed


def _snippet_hrefs(html: str) -> dict[str, str]:
    """The href of each copy-paste snippet, as a partner would paste it (from the textareas)."""
    hrefs = {}
    for lang, code in re.findall(r'<textarea id="snippet-(\w+)"[^>]*>(.*?)</textarea>', html,
                                 re.S):
        hrefs[lang] = re.search(r'href="([^"]+)"', unescape(code)).group(1)
    return hrefs


def _partner(db, name) -> Partner:
    return db.session.scalar(sa.select(Partner).where(Partner.name == name))


def test_a_request_through_a_partners_button_is_stored_with_its_source_and_routed(
        app, db, demo, admin, client, form):
    response = post_form(admin, "/admin/partners/new", {
        "name": "Loimaan kaupunginkirjasto", "channel": "library", "municipality_code": "430"})
    assert response.status_code == 302
    partner = _partner(db, "Loimaan kaupunginkirjasto")
    hrefs = _snippet_hrefs(admin.get(response.headers["Location"]).get_data(as_text=True))
    assert set(hrefs) == {"fi", "sv", "selko", "en", "ru", "uk", "et", "ar", "so", "fa"}
    assert hrefs["ar"].endswith(f"/ar/?p={partner.slug}")

    path = hrefs["sv"].removeprefix("http://localhost")  # the host the page was served from
    assert path == f"/sv/?p={partner.slug}"
    hidden = form.open("sv", query=f"?p={partner.slug}")
    page = client.get(path).get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*value="430"|<option[^>]*value="430"[^>]*selected',
                     page), "the partner's municipality is chosen in advance"
    assert form.send("sv", hidden=hidden, municipality_code="430").status_code == 302

    request = db.session.scalar(sa.select(HelpRequest))
    assert request.channel is Channel.LIBRARY
    assert request.partner_id == partner.id
    loimaa_centre = db.session.scalar(sa.select(Centre).where(
        Centre.notification_email == "perhekeskus.loimaa-area@example.invalid"))
    assert request.centre_id == loimaa_centre.id


def test_after_deactivation_the_button_still_opens_the_form_without_the_source(
        db, demo, admin, form):
    post_form(admin, "/admin/partners/new", {
        "name": "Suljettu koulu", "channel": "school", "municipality_code": "430"})
    partner = _partner(db, "Suljettu koulu")
    post_confirmed(admin, f"/admin/partners/{partner.id}/deactivate", {},
                   page=f"/admin/partners/{partner.id}")

    hidden = form.open("fi", query=f"?p={partner.slug}")
    assert hidden["partner"] == ""
    assert form.send("fi", hidden=hidden, municipality_code="430").status_code == 302
    request = db.session.scalar(sa.select(HelpRequest))
    assert request.channel is Channel.WEB and request.partner_id is None
