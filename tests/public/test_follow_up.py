"""Follow-up without an account: a private link shows the status and allows withdrawing."""
import re
from datetime import UTC

import pytest
import sqlalchemy as sa

from helpbutton.models import EventKind, HelpRequest, Outcome, RequestStatus


def follow_up_link(client, form, lang="fi") -> str:
    form.send(lang=lang)
    html = client.get(f"/{lang}/confirmation").get_data(as_text=True)
    # Built for the host that served the page (the test client's).
    return re.search(rf'href="http://localhost(/{lang}/follow-up/[\w-]+)"', html).group(1)


def test_follow_up_shows_status_without_personal_data(client, db, demo, form):
    link = follow_up_link(client, form)
    html = client.get(link).get_data(as_text=True)
    req = db.session.scalar(sa.select(HelpRequest))
    assert req.reference in html and "Vastaanotettu" in html
    # The centre's name and contacts are the family's to see (behind its private link) ...
    assert "Turun perhekeskus" in html and "ma–pe 9–15" in html
    # ... its own details are not repeated on the page.
    assert "Iltaisin" not in html and "123 4567" not in html and "aamupäivisin" not in html
    assert "112" in html  # the emergency numbers are on every public page


@pytest.mark.parametrize("change, shown", [
    ({"status": RequestStatus.IN_PROGRESS}, "Työntekijä hoitaa asiaasi"),
    ({"status": RequestStatus.WAITING, "first_contact_at": True}, "Yhteydenotto tehty"),
    ({"status": RequestStatus.CLOSED, "outcome": Outcome.SUPPORT_STARTED}, "Päättynyt"),
])
def test_follow_up_follows_the_staff_status(client, db, demo, form, change, shown):
    from datetime import datetime

    link = follow_up_link(client, form)
    req = db.session.scalar(sa.select(HelpRequest))
    for key, value in change.items():
        setattr(req, key, datetime.now(UTC) if value is True else value)
    db.session.commit()
    html = client.get(link).get_data(as_text=True)
    assert re.search(rf"<strong>{shown}</strong>", html)


def test_family_can_withdraw(client, db, demo, form):
    link = follow_up_link(client, form, lang="sv")
    page = client.get(link).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    refused = client.post(f"{link}/withdraw", data={"csrf_token": csrf})
    assert refused.status_code == 422 and "Kryssa i rutan" in refused.get_data(as_text=True)

    done = client.post(f"{link}/withdraw", data={"csrf_token": csrf, "confirm": "y"},
                       follow_redirects=True)
    assert "Din begäran har återkallats" in done.get_data(as_text=True)
    req = db.session.scalar(sa.select(HelpRequest))
    assert req.status is RequestStatus.CLOSED and req.outcome is Outcome.WITHDRAWN
    assert req.events[-1].kind is EventKind.WITHDRAWN


def test_withdraw_without_csrf_token_is_refused_kindly(client, db, demo, form):
    link = follow_up_link(client, form)
    response = client.post(f"{link}/withdraw", data={"confirm": "y"})
    assert response.status_code == 400 and "112" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(HelpRequest)).status is RequestStatus.NEW


def test_unknown_link_is_not_found_with_emergency_numbers(client, demo):
    response = client.get("/en/follow-up/" + "x" * 43)
    assert response.status_code == 404
    assert "112" in response.get_data(as_text=True)


def test_erased_request_link_stops_working(client, db, demo, form):
    from datetime import datetime

    link = follow_up_link(client, form)
    db.session.scalar(sa.select(HelpRequest)).erased_at = datetime.now(UTC)
    db.session.commit()
    assert client.get(link).status_code == 404
