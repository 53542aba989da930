"""The JSON intake API: a partner's key belongs to its county."""
import sqlalchemy as sa

from helpbutton.models import Channel, HelpRequest, Region
from helpbutton.partners import operations as partners
from tests.api.conftest import valid_body


def _partner(db, region, municipality):
    _, key = partners.create_partner(
        db.session, region, partners.PartnerDetails(
            name=f"Kirjasto {municipality}", channel=Channel.LIBRARY,
            municipality_code=municipality), with_api_key=True)
    db.session.commit()
    return key


def _post(client, key, **changes):
    return client.post("/api/v1/requests", json=valid_body(**changes),
                       headers={"Authorization": f"Bearer {key}"})


def test_a_partner_s_request_for_another_county_is_refused_and_not_stored(client, db, counties):
    ks_region, ks_centre, _ = counties["keski-suomi"]
    vs_key = _partner(db, db.session.scalar(sa.select(Region).where(Region.code == "05")),
                      "853")
    response = _post(client, vs_key, municipality_code="179")
    assert response.status_code == 422
    assert "Jyväskylä" in response.get_json()["errors"]["municipality_code"]
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 0

    ks_key = _partner(db, ks_region, "179")
    response = _post(client, ks_key, municipality_code="179")
    assert response.status_code == 201
    (req,) = db.session.scalars(sa.select(HelpRequest)).all()
    assert (req.region_id, req.centre_id) == (ks_region.id, ks_centre.id)


def test_the_lists_name_the_county_asked_for(client, counties):
    rows = client.get("/api/v1/municipalities?county=keski-suomi&lang=fi").get_json()
    codes = {m["code"] for m in rows["municipalities"]}
    assert "179" in codes and "853" not in codes
    assert client.get("/api/v1/topics?county=15&lang=fi").get_json()["topics"]
    assert client.get("/api/v1/topics?county=lappi").status_code == 404  # not in service
