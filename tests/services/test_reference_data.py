import pytest
import sqlalchemy as sa

from helpbutton.models import LanguageStatus, Municipality, PostalCode, Region, Topic
from helpbutton.refdata import reference_data


def _snapshot(db):
    """Every row of the reference tables, to compare before and after a second load."""
    rows = {}
    for model in (Region, Municipality, PostalCode, Topic):
        table = model.__table__
        rows[table.name] = sorted(
            tuple(map(str, r)) for r in db.session.execute(sa.select(table)).all()
        )
    return rows


def test_varsinais_suomi_has_its_27_municipalities_with_names_and_languages(db, region):
    municipalities = db.session.scalars(sa.select(Municipality)).all()
    assert len(municipalities) == 27
    turku = db.session.get(Municipality, "853")
    assert (turku.name_fi, turku.name_sv) == ("Turku", "Åbo")
    assert turku.language_status is LanguageStatus.BILINGUAL_FI_MAJORITY
    assert turku.languages == ("fi", "sv")
    parainen = db.session.get(Municipality, "445")
    assert (parainen.name_sv, parainen.languages) == ("Pargas", ("sv", "fi"))
    assert db.session.get(Municipality, "322").name_sv == "Kimitoön"
    assert db.session.get(Municipality, "019").languages == ("fi",)
    assert region.name_fi == "Varsinais-Suomi" and region.name_sv == "Egentliga Finland"


def test_postal_codes_map_to_their_municipality(db, region):
    assert db.session.get(PostalCode, "20100").municipality_code == "853"
    assert db.session.get(PostalCode, "21600").municipality_code == "445"
    assert db.session.get(PostalCode, "32200").municipality_code == "430"
    # Only this region's codes: Helsinki's are not loaded.
    assert db.session.get(PostalCode, "00100") is None
    count = db.session.scalar(sa.select(sa.func.count()).select_from(PostalCode))
    assert count == 242


def test_topics_have_labels_and_help_in_three_languages(db, region):
    topics = db.session.scalars(sa.select(Topic).order_by(Topic.position)).all()
    codes = [t.code for t in topics]
    assert codes[0] == "everyday" and codes[-1] == "other"
    assert "violence_safety" in codes and "pregnancy_baby" in codes
    for topic in topics:
        for lang in ("fi", "sv", "en"):
            assert topic.label(lang) and topic.help(lang)
    violence = next(t for t in topics if t.code == "violence_safety")
    assert "112" in violence.notice("sv")


def test_loading_twice_changes_nothing(db, region):
    before = _snapshot(db)
    changes = reference_data.load_region(db.session, "Varsinais-Suomi")
    db.session.commit()
    assert not changes
    assert _snapshot(db) == before


def test_loading_does_not_overwrite_what_admins_configured(db, region):
    turku = db.session.get(Municipality, "853")
    turku.social_emergency_phone = "+358 2 000 1234"
    topic = db.session.scalar(sa.select(Topic).where(Topic.code == "other"))
    topic.label_en = "Anything else"
    db.session.commit()
    reference_data.load_region(db.session, "Varsinais-Suomi")
    db.session.commit()
    assert db.session.get(Municipality, "853").social_emergency_phone == "+358 2 000 1234"
    assert db.session.get(Topic, topic.id).label_en == "Anything else"


def test_another_region_loads_beside_the_first(db, region):
    reference_data.load_region(db.session, "Keski-Suomi")
    reference_data.load_region(db.session, "Päijät-Häme")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Region)) == 3
    ks = db.session.scalar(sa.select(Region).where(Region.name_fi == "Keski-Suomi"))
    assert len(ks.municipalities) == 22
    assert db.session.get(Municipality, "179").name_fi == "Jyväskylä"
    ph = db.session.scalar(sa.select(Region).where(Region.name_fi == "Päijät-Häme"))
    assert len(ph.municipalities) == 10
    # Each region has its own topic catalogue.
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(Topic).where(Topic.region_id == ks.id)) == 12


def test_unknown_region_is_refused(db):
    with pytest.raises(reference_data.UnknownRegion):
        reference_data.load_region(db.session, "Atlantis")


def test_topic_labels_with_commas_are_read_whole(db, region):
    money = db.session.scalar(sa.select(Topic).where(Topic.code == "money_work_housing"))
    assert money.label("fi") == "Raha, työ tai asuminen"
    assert money.label("sv") == "Pengar, arbete eller boende"


def test_all_of_finland_loads_every_county_once(db):
    changes = reference_data.load_all(db.session)
    db.session.commit()
    assert changes["region created"] == 23 and changes["municipality created"] == 308
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PostalCode)) == 3779
    regions = {r.code: r for r in db.session.scalars(sa.select(Region))}
    # 21 wellbeing services counties, the City of Helsinki and Åland (which has none).
    assert sorted(regions) == [f"{n:02d}" for n in range(1, 22)] + ["90", "91"]
    assert (regions["05"].slug, regions["05"].official_name_sv) == (
        "varsinais-suomi", "Egentliga Finlands välfärdsområde")
    assert regions["90"].official_name_fi == "Helsingin kaupunki"
    assert db.session.get(Municipality, "091").region_id == regions["90"].id
    # Uusimaa's municipalities belong to four counties and Helsinki.
    assert db.session.get(Municipality, "049").region_id == regions["03"].id  # Espoo
    assert db.session.get(Municipality, "092").region_id == regions["04"].id  # Vantaa
    assert db.session.get(Municipality, "638").region_id == regions["01"].id  # Porvoo
    assert db.session.get(Municipality, "905").language_status is \
        LanguageStatus.BILINGUAL_FI_MAJORITY  # Vaasa/Vasa
    assert db.session.get(Municipality, "545").language_status is \
        LanguageStatus.BILINGUAL_SV_MAJORITY  # Närpiö/Närpes
    assert db.session.get(PostalCode, "40100").municipality_code == "179"  # Jyväskylä
    assert db.session.get(Municipality, "478").region_id == regions["91"].id  # Maarianhamina
    # Loading starts nothing: every county waits to be started.
    assert not any(r.in_service for r in regions.values())

    before = _snapshot(db)
    assert not reference_data.load_all(db.session)
    db.session.commit()
    assert _snapshot(db) == before


def test_loading_again_keeps_a_county_in_service(db, region):
    assert region.in_service
    reference_data.load_all(db.session)
    db.session.commit()
    assert db.session.get(Region, region.id).in_service


def test_the_counties_file_names_every_county_of_the_municipalities_file():
    counties = {row["official_fi"] for row in reference_data._read_csv("counties.csv")}
    used = {row["wellbeing_county"] for row in reference_data._read_csv("municipalities.csv")}
    assert counties == used


def test_a_county_serves_when_in_service_and_aland_never(db, region):
    reference_data.load_region(db.session, "Ahvenanmaa")
    aland = db.session.scalar(sa.select(Region).where(Region.code == reference_data.ALAND_CODE))
    aland.in_service = True  # set by mistake: still never serving
    db.session.commit()
    assert region.serves and not aland.serves
    assert db.session.scalars(sa.select(Region.code).where(Region.serves)).all() == ["05"]
