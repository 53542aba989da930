"""`flask partners create/list`."""
import re

import sqlalchemy as sa

from helpbutton.models import Channel, Partner
from helpbutton.partners import operations as partners


def test_create_prints_the_link_and_a_key_that_works(db, demo, runner, client):
    result = runner.invoke(args=["partners", "create", "--name", "Maskun kirjasto",
                                 "--channel", "library", "--municipality", "481", "--api-key"])

    assert result.exit_code == 0, result.output
    partner = db.session.scalar(sa.select(Partner).where(Partner.name == "Maskun kirjasto"))
    assert partner.channel is Channel.LIBRARY and partner.municipality_code == "481"
    assert f"/fi/?p={partner.slug}" in result.output
    key = re.search(r"API key \(shown once, store it safely\): (\S+)", result.output).group(1)
    assert partners.partner_by_api_key(db.session, key).id == partner.id


def test_create_refuses_an_unknown_municipality(db, demo, runner):
    result = runner.invoke(args=["partners", "create", "--name", "X", "--channel", "school",
                                 "--municipality", "999"])

    assert result.exit_code != 0
    assert "municipality_code" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Partner.id))) == 2


def test_list_shows_the_partners_without_their_keys(db, demo, runner):
    _, key = partners.create_partner(
        db.session, demo, partners.PartnerDetails("Koulu Z", Channel.SCHOOL, "430"),
        with_api_key=True)
    db.session.commit()

    result = runner.invoke(args=["partners", "list"])

    assert result.exit_code == 0
    assert "loimaa-school" in result.output and "Koulu Z" in result.output
    assert key not in result.output
