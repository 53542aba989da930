"""Destructive administration asks first: the first POST shows what will happen and changes
nothing; the same POST with the page's confirmation makes the change. The confirmation page is
a plain form (no JavaScript), and a confirmation for an older state is asked again."""
import re

import pytest
import sqlalchemy as sa

from helpbutton.models import Centre, Channel, Partner, Topic, User
from helpbutton.partners import operations as partners
from tests.factories import centre
from tests.signin import csrf_from, post_form
from tests.staff.write_cases import _centre_form, _topic_form


@pytest.fixture
def english(db, demo_users):
    for user in demo_users.values():
        user.language = "en"
    db.session.commit()


def _ask_then_confirm(client, url: str, data: dict, page: str, *, says: str, state):
    """Post without confirmation: the page says `says`, nothing changed; confirmed: changed."""
    before = state()
    shown = post_form(client, url, data, page=page)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200, html
    assert says in html and "Nothing is changed until you confirm." in html
    assert "<script" not in html.split("<main", 1)[-1]  # a plain form does it
    assert f'<form method="post" action="{url}">' in html
    assert f'href="{page}"' in html  # Cancel goes back
    assert state() == before
    token = re.search(r'name="confirm" value="([0-9a-f]+)"', html).group(1)
    # The carried fields come back with the confirmation.
    carried = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert {k: v for k, v in data.items() if not isinstance(v, list)}.items() <= carried.items()
    wrong = client.post(url, data={**data, "confirm": "0" * 32, "csrf_token": csrf_from(html)})
    assert wrong.status_code == 200 and state() == before  # asked again
    done = client.post(url, data={**data, "confirm": token, "csrf_token": csrf_from(html)})
    assert done.status_code in (200, 302)
    assert state() != before
    return done


def _account(db) -> User:
    return db.session.scalar(sa.select(User).where(User.email == "kaarina.staff@example.invalid"))


def test_deactivating_an_account_asks_first(db, demo, fast_sign_in, english):
    admin = fast_sign_in("region_admin")
    target = _account(db)
    page = f"/admin/users/{target.id}"

    def state():
        db.session.expire_all()
        return db.session.get(User, target.id).active

    _ask_then_confirm(admin, f"{page}/deactivate", {}, page, state=state,
                      says=f"Deactivate the account of {target.display_name}?")
    assert state() is False


def test_resetting_two_factor_asks_first(db, demo, fast_sign_in, english, enrol_totp):
    target = _account(db)
    enrol_totp(target)
    admin = fast_sign_in("region_admin")
    page = f"/admin/users/{target.id}"

    def state():
        db.session.expire_all()
        return db.session.get(User, target.id).totp_enabled

    _ask_then_confirm(admin, f"{page}/two-factor/reset", {}, page, state=state,
                      says="no longer works for signing in")


@pytest.fixture
def keyed_partner(db, demo):
    partner, _ = partners.create_partner(
        db.session, demo, partners.PartnerDetails("Koulu Z", Channel.SCHOOL, "430"),
        with_api_key=True)
    db.session.commit()
    return partner


def _partner_state(db, partner_id):
    def state():
        db.session.expire_all()
        p = db.session.get(Partner, partner_id)
        return (p.active, p.api_key_hash)
    return state


@pytest.mark.parametrize("action, says", [
    ("deactivate", "Deactivate the partner Koulu Z?"),
    ("api-key/revoke", "Remove the API key of Koulu Z?"),
    ("api-key", "Replace the API key of Koulu Z?"),
])
def test_a_partners_deactivation_and_key_changes_ask_first(db, demo, fast_sign_in, english,
                                                           keyed_partner, action, says):
    admin = fast_sign_in("region_admin")
    page = f"/admin/partners/{keyed_partner.id}"
    _ask_then_confirm(admin, f"{page}/{action}", {}, page, says=says,
                      state=_partner_state(db, keyed_partner.id))


def test_the_first_api_key_is_made_without_asking(db, demo, fast_sign_in):
    partner, _ = partners.create_partner(
        db.session, demo, partners.PartnerDetails("Koulu W", Channel.SCHOOL, "430"))
    db.session.commit()
    admin = fast_sign_in("region_admin")
    page = f"/admin/partners/{partner.id}"
    response = post_form(admin, f"{page}/api-key", {}, page=page)
    assert 'id="api-key"' in response.get_data(as_text=True)


def test_taking_a_centre_out_of_use_asks_first(db, demo, fast_sign_in, english):
    admin = fast_sign_in("region_admin")
    youth = centre(db.session, "turku-youth")  # no municipality's default centre
    page = f"/admin/m/{youth.host_municipality_code}/centres/{youth.id}"
    data = _centre_form(youth)
    del data["active"]  # an unticked box is not posted

    def state():
        db.session.expire_all()
        return db.session.get(Centre, youth.id).active

    done = _ask_then_confirm(admin, page, data, page, state=state,
                             says=f"Take {youth.name('en')} out of use?")
    assert done.status_code == 302 and state() is False


def test_other_changes_to_a_centre_are_saved_without_asking(db, demo, fast_sign_in):
    admin = fast_sign_in("region_admin")
    kaarina = centre(db.session, "kaarina")
    page = f"/admin/m/{kaarina.host_municipality_code}/centres/{kaarina.id}"
    response = post_form(admin, page, {**_centre_form(kaarina), "phone": "02 588 1234"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Centre, kaarina.id).phone == "02 588 1234"


def test_taking_a_topic_out_of_use_asks_first(db, demo, fast_sign_in, english):
    admin = fast_sign_in("region_admin")
    topic = db.session.scalar(sa.select(Topic).where(Topic.region_id == demo.id,
                                                     Topic.code == "everyday"))
    page = f"/admin/region/topics/{topic.id}"
    data = _topic_form(topic)
    del data["active"]

    def state():
        db.session.expire_all()
        return db.session.get(Topic, topic.id).active

    _ask_then_confirm(admin, page, data, page, state=state,
                      says=f"Take the topic {topic.label('en')} out of use?")
    assert state() is False
