"""Partners: slugs for the button links, API keys shown once and stored hashed."""
import hashlib
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from helpbutton.models import Channel, Partner
from helpbutton.partners import operations as partners
from helpbutton.partners.operations import PartnerDetails, PartnerInvalid


def details(name="Turun pääkirjasto", channel=Channel.LIBRARY, municipality="853"):
    return PartnerDetails(name=name, channel=channel, municipality_code=municipality)


def test_a_partner_gets_a_readable_unguessable_slug(db, region):
    first, _ = partners.create_partner(db.session, region, details())
    second, _ = partners.create_partner(db.session, region, details())

    assert first.slug.startswith("turun-paakirjasto-")
    assert len(first.slug) <= 40
    assert first.slug != second.slug


def test_the_api_key_is_shown_once_and_only_its_hash_is_stored(db, region):
    partner, key = partners.create_partner(db.session, region, details(), with_api_key=True)
    db.session.commit()

    assert len(key) >= 43  # 32 random bytes
    assert partner.api_key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = db.session.execute(sa.select(Partner.__table__)).mappings().one()
    assert key not in {str(v) for v in stored.values()}
    assert partners.partner_by_api_key(db.session, key).id == partner.id


def test_without_asking_there_is_no_key(db, region):
    partner, key = partners.create_partner(db.session, region, details())

    assert key is None and partner.api_key_hash is None
    assert partners.partner_by_api_key(db.session, "") is None
    assert partners.partner_by_api_key(db.session, None) is None


def test_rotating_and_revoking_the_key(db, region):
    partner, old = partners.create_partner(db.session, region, details(), with_api_key=True)
    new = partners.rotate_api_key(db.session, partner)

    assert new != old
    assert partners.partner_by_api_key(db.session, old) is None
    assert partners.partner_by_api_key(db.session, new).id == partner.id
    partners.revoke_api_key(db.session, partner)
    assert partners.partner_by_api_key(db.session, new) is None


def test_a_deactivated_partner_is_not_found_by_its_button_but_is_by_its_key(db, region):
    partner, key = partners.create_partner(db.session, region, details(), with_api_key=True)
    assert partners.partner_by_slug(db.session, partner.slug).id == partner.id

    partners.set_active(db.session, partner, False)

    assert partners.partner_by_slug(db.session, partner.slug) is None
    # The API tells "unknown key" (401) from "deactivated partner" (403).
    assert partners.partner_by_api_key(db.session, key).active is False


@pytest.mark.parametrize("bad, field", [
    (details(name="  "), "name"),
    (details(name="x" * 161), "name"),
    (details(channel=Channel.API), "channel"),
    (details(channel=Channel.WEB), "channel"),
    (details(municipality="999"), "municipality_code"),
])
def test_bad_details_are_refused(db, region, bad, field):
    with pytest.raises(PartnerInvalid) as raised:
        partners.create_partner(db.session, region, bad)
    assert field in raised.value.errors
    assert db.session.scalar(sa.select(sa.func.count(Partner.id))) == 0


def test_editing_keeps_the_slug_so_printed_links_keep_working(db, region):
    partner, _ = partners.create_partner(db.session, region, details())
    slug = partner.slug

    partners.update_partner(db.session, partner, details(name="Åbo stadsbibliotek",
                                                         municipality=None))

    assert partner.slug == slug
    assert partner.name == "Åbo stadsbibliotek" and partner.municipality_code is None


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.scripts, self.text = [], 0, ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))
        self.scripts += tag == "script"

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize("lang, tag, direction, label", [
    ("fi", "fi", "ltr", "Pyydä apua"), ("sv", "sv", "ltr", "Be om hjälp"),
    ("en", "en", "ltr", "Ask for help"), ("uk", "uk", "ltr", "Попросити про допомогу"),
    ("ar", "ar", "rtl", "طلب المساعدة"), ("selko", "fi-x-selko", "ltr", "Pyydä apua"),
])
def test_the_button_snippet_is_one_plain_styled_link(app, db, region, lang, tag, direction,
                                                      label):
    partner, _ = partners.create_partner(db.session, region, details())
    with app.test_request_context():
        html = partners.button_snippet("https://apua.example.fi/", partner, lang)

    parsed = _Links()
    parsed.feed(html)
    assert parsed.scripts == 0
    assert len(parsed.links) == 1
    link = parsed.links[0]
    assert link["href"] == f"https://apua.example.fi/{lang}/?p={partner.slug}"
    assert link["lang"] == tag and link["dir"] == direction
    assert "background:#1f5f4a" in link["style"] and "color:#ffffff" in link["style"]
    assert parsed.text == label
