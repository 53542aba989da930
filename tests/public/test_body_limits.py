"""Bodies are limited in the app; a page never echoes more than a field may hold."""
import sqlalchemy as sa

from helpbutton.models import HelpRequest

from .conftest import GOOD


def page(response) -> str:
    return response.get_data(as_text=True)


def test_a_huge_description_is_refused_with_a_413_page_in_the_family_language(client, db, demo,
                                                                              form):
    response = form.send(lang="sv", description="x" * (3 * 1024 * 1024))
    html = page(response)
    assert response.status_code == 413
    assert '<html lang="sv" dir="ltr">' in html and "Det som skickades är för stort" in html
    assert 'href="tel:112"' in html
    assert len(html) < 20_000
    assert db.session.scalars(sa.select(HelpRequest)).all() == []


def test_a_form_over_the_body_limit_is_a_413(app, client, demo, form):
    app.config["MAX_BODY_WITHOUT_FILES"] = 50_000
    response = form.send(description="y" * 60_000)
    assert response.status_code == 413 and "112" in page(response)


def test_under_api_a_too_large_body_is_json(client, demo):
    response = client.post("/api/v1/requests", data=b"[" * (3 * 1024 * 1024),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"


def test_an_over_long_description_is_echoed_only_up_to_its_limit(client, demo, form):
    long_text = "Pitkä kuvaus. " * 300  # 4,200 characters; the field takes 2,000
    html = page(form.send(description=long_text))
    assert "at most 2000" in html or "enintään 2000" in html
    assert long_text[:2000] in html and long_text[:2001] not in html
    assert "ensimmäiset 2000 merkkiä" in html
    assert GOOD["phone"] in html  # the rest is kept as typed


def test_over_long_short_fields_are_echoed_only_up_to_their_columns(client, demo, form):
    html = page(form.send(contact_name="N" * 5000, phone="4" * 5000, consent=None))
    assert "N" * 120 in html and "N" * 121 not in html
    assert "4" * 40 in html and "4" * 41 not in html
