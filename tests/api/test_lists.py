"""GET /api/v1/topics and /api/v1/municipalities: public, in the asked language, cacheable."""
import sqlalchemy as sa

from helpbutton.models import Municipality, Topic


def test_topics_come_in_the_asked_language_in_catalogue_order(db, region, client):
    fi = client.get("/api/v1/topics?lang=fi").get_json()
    sv = client.get("/api/v1/topics?lang=sv").get_json()

    assert fi["language"] == "fi" and sv["language"] == "sv"
    assert [t["code"] for t in fi["topics"]] == [t["code"] for t in sv["topics"]]
    expected = db.session.scalars(sa.select(Topic).where(Topic.region_id == region.id)
                                  .order_by(Topic.position)).all()
    assert [t["code"] for t in fi["topics"]] == [t.code for t in expected]
    first = expected[0]
    assert fi["topics"][0]["label"] == first.label_fi
    assert sv["topics"][0]["label"] == first.label_sv


def test_without_lang_the_browsers_language_is_used(region, client):
    body = client.get("/api/v1/topics", headers={"Accept-Language": "en-GB,en"}).get_json()

    assert body["language"] == "en"


def test_inactive_topics_are_not_listed(db, region, client):
    topic = db.session.scalar(sa.select(Topic).where(Topic.code == "substances"))
    topic.active = False
    db.session.commit()

    codes = [t["code"] for t in client.get("/api/v1/topics").get_json()["topics"]]
    assert "substances" not in codes and "parenting" in codes


def test_the_lists_are_public_and_cacheable(region, client):
    for path in ("/api/v1/topics", "/api/v1/municipalities"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert "Accept-Language" in response.headers["Vary"]


def test_municipalities_list_the_region_with_names_in_both_languages(region, client):
    body = client.get("/api/v1/municipalities?lang=sv").get_json()

    assert len(body["municipalities"]) == 27
    turku = next(m for m in body["municipalities"] if m["code"] == "853")
    assert turku["name"] == "Åbo" and turku["name_fi"] == "Turku"
    assert turku["languages"] == ["fi", "sv"]
    parainen = next(m for m in body["municipalities"] if m["code"] == "445")
    assert parainen["languages"] == ["sv", "fi"]


def test_inactive_municipalities_are_not_listed(db, region, client):
    db.session.get(Municipality, "019").active = False
    db.session.commit()

    codes = {m["code"] for m in client.get("/api/v1/municipalities").get_json()["municipalities"]}
    assert "019" not in codes and "853" in codes


def test_an_unknown_language_is_named(region, client):
    response = client.get("/api/v1/topics?lang=de", headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert response.get_json()["errors"] == {"lang": "Choose fi, sv or en."}
