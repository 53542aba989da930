"""The region's administrator sets the urgent promise and when an overdue request escalates;
nobody else can, and bad numbers are refused with the input kept."""
import pytest

from helpbutton.models import Region, Role, RoleAssignment, User
from tests.factories import centre
from tests.signin import post_form, signed_in_client

SETTINGS = "/admin/region/settings"


def page(response) -> str:
    return response.get_data(as_text=True)


def settings_of(db, region_id: int) -> tuple[int, int, int]:
    region = db.session.get(Region, region_id)
    db.session.refresh(region)
    return (region.promise_working_days, region.urgent_promise_working_days,
            region.escalate_after_working_days)


def good(db, **changes) -> dict:
    return {"fallback_centre": str(centre(db.session, "kaarina").id),
            "promise_working_days": "3", "urgent_promise_working_days": "1",
            "escalate_after_working_days": "2", **changes}


def test_the_region_admin_sees_and_changes_the_urgent_promise_and_escalation(
        app, db, demo, fast_sign_in):
    client = fast_sign_in("region_admin")
    html = page(client.get(SETTINGS))
    # The administrator's language is Finnish.
    assert "Kiireellisille pyynnöille luvattu yhteydenotto (arkipäivää)" in html
    assert 'name="urgent_promise_working_days"' in html and 'value="1"' in html
    assert "Ilmoitus kunnan ylläpitäjille myöhässä olevasta pyynnöstä" in html

    response = post_form(client, SETTINGS, good(db, urgent_promise_working_days="0",
                                                escalate_after_working_days="4"))
    assert response.status_code == 302
    assert settings_of(db, demo.id) == (3, 0, 4)
    history = page(client.get("/admin/region/history"))
    assert "Kiireellisille pyynnöille luvattu yhteydenotto (arkipäivää): 1 → 0" in history


@pytest.mark.parametrize("changes, message", [
    ({"urgent_promise_working_days": "-1"}, "Anna arkipäivien määrä: 0 tai enemmän."),
    ({"urgent_promise_working_days": "4"},
     "Kiireelliselle yhteydenottopyynnölle ei voi luvata pidempää aikaa kuin muille "
     "pyynnöille: anna enintään 3 arkipäivää."),
    ({"escalate_after_working_days": "0"}, "Anna arkipäivien määrä väliltä 1–30."),
    ({"escalate_after_working_days": "31"}, "Anna arkipäivien määrä väliltä 1–30."),
    ({"urgent_promise_working_days": ""}, "Anna numero."),
])
def test_bad_numbers_are_refused_with_a_message_and_the_input_kept(
        app, db, demo, fast_sign_in, changes, message):
    client = fast_sign_in("region_admin")
    response = post_form(client, SETTINGS, good(db, promise_working_days="3", **changes))
    html = page(response)
    assert response.status_code == 400
    assert message in html, html
    for value in changes.values():
        if value:
            assert f'value="{value}"' in html
    assert settings_of(db, demo.id) == (3, 1, 2)


def test_the_urgent_promise_may_equal_the_normal_one(app, db, demo, fast_sign_in):
    client = fast_sign_in("region_admin")
    response = post_form(client, SETTINGS, good(db, promise_working_days="2",
                                                urgent_promise_working_days="2"))
    assert response.status_code == 302
    assert settings_of(db, demo.id) == (2, 2, 2)


@pytest.mark.parametrize("role", ["staff", "lead", "municipality_admin"])
def test_nobody_but_the_region_admin_changes_them(app, db, demo, fast_sign_in, role):
    app.config["WTF_CSRF_ENABLED"] = False
    client = fast_sign_in(role)
    assert client.get(SETTINGS).status_code == 403
    response = client.post(SETTINGS, data=good(db, urgent_promise_working_days="0",
                                               escalate_after_working_days="9"))
    assert response.status_code == 403
    assert settings_of(db, demo.id) == (3, 1, 2)


def test_another_regions_administrator_cannot_change_this_region(app, db, demo, demo_users):
    other = Region(code="15", slug="keski-suomi", name_fi="Keski-Suomi",
                   name_sv="Mellersta Finland", name_en="Central Finland")
    db.session.add(other)
    db.session.flush()
    admin = User(email="ks.admin@example.invalid", display_name="KS admin", language="en",
                 password_hash=demo_users["region_admin"].password_hash)
    admin.roles.append(RoleAssignment(role=Role.REGION_ADMIN, region_id=other.id))
    db.session.add(admin)
    db.session.commit()
    client = signed_in_client(app, admin)

    html = page(client.get(SETTINGS))
    assert "Settings of Central Finland" in html, html
    # Varsinais-Suomi's centre is not theirs to choose: refused, and Varsinais-Suomi keeps
    # its settings whatever they send.
    response = post_form(client, SETTINGS, good(db, urgent_promise_working_days="0",
                                                escalate_after_working_days="9"))
    assert response.status_code == 400
    assert settings_of(db, demo.id) == (3, 1, 2)
    assert settings_of(db, other.id) == (3, 1, 2)
