"""Requests recorded by staff count under their own channel, by its name, in every language."""
import pytest

from helpbutton.models import Channel
from tests.factories import make_request, utc
from tests.stats.test_dashboard import cells, csv_rows, table

NOVEMBER = "from=2026-11-02&to=2026-11-22"


@pytest.mark.parametrize("lang, phone, walk_in", [
    ("en", "Phone call to the centre", "Walk-in visit"),
    ("fi", "Puhelu keskukseen", "Käynti keskuksessa"),
    ("sv", "Samtal till centret", "Besök på centret"),
])
def test_the_channel_breakdown_names_the_staff_channels(db, demo, demo_users, fast_sign_in,
                                                        lang, phone, walk_in):
    demo_users["region_admin"].language = lang
    for day in range(5):
        make_request(db.session, "turku", created_at=utc(2026, 11, 9 + day, 8),
                     channel=Channel.PHONE, commit=False)
        make_request(db.session, "turku", created_at=utc(2026, 11, 16 + day, 8),
                     channel=Channel.WALK_IN, commit=False)
    db.session.commit()
    client = fast_sign_in("region_admin")
    html = client.get(f"/admin/statistics/?{NOVEMBER}").get_data(as_text=True)
    assert cells(html, "channel") == {phone: "5", walk_in: "5"}
    rows = csv_rows(client.get(f"/admin/statistics/statistics.csv?{NOVEMBER}"))
    assert table(rows, "channel") == {"phone": "5", "walk-in": "5"}
    assert [name for measure, code, name, _ in rows if code == "phone"] == [phone]
