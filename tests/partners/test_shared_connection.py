"""A partner's shared connection (a library's public computers) gets a higher form limit, set
by the region's administrator on the partner's page."""
import sqlalchemy as sa

from helpbutton.models import HelpRequest, Partner
from tests.staff.conftest import post_form

LIBRARY = {"REMOTE_ADDR": "192.0.2.17"}
ELSEWHERE = {"REMOTE_ADDR": "198.51.100.5"}


def _partner(db, slug="turku-main-library") -> Partner:
    return db.session.scalar(sa.select(Partner).where(Partner.slug == slug))


def _send(form, environ):
    form.client.environ_base.update(environ)
    return form.send()


def test_the_region_admin_gives_a_partners_network_a_higher_limit(app, db, demo, admin, form):
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "2 per hour"
    partner = _partner(db)
    response = post_form(admin, f"/admin/partners/{partner.id}/networks",
                         {"networks": "192.0.2.0/24\n2001:db8:12::/48", "form_limit_per_hour": "5"},
                         page=f"/admin/partners/{partner.id}")
    assert response.status_code == 302
    db.session.refresh(partner)
    assert (partner.networks, partner.form_limit_per_hour) == ("192.0.2.0/24\n2001:db8:12::/48", 5)
    assert "192.0.2.0/24" in admin.get(f"/admin/partners/{partner.id}").get_data(as_text=True)

    assert [_send(form, LIBRARY).status_code for _ in range(3)] == [302, 302, 302]
    assert [_send(form, ELSEWHERE).status_code for _ in range(3)] == [302, 302, 429]
    assert db.session.scalar(sa.select(sa.func.count(HelpRequest.id))) == 5


def test_a_bad_network_is_refused_with_a_message(db, demo, admin):
    partner = _partner(db)
    for bad in ("not-an-address", "10.0.0.0/8"):  # the second: a whole operator's customers
        response = post_form(admin, f"/admin/partners/{partner.id}/networks",
                             {"networks": bad, "form_limit_per_hour": "50"},
                             page=f"/admin/partners/{partner.id}")
        assert response.status_code == 400
        assert "verkko-osoite" in response.get_data(as_text=True)
    db.session.refresh(partner)
    assert partner.networks is None


def test_a_change_of_the_network_counts_from_the_next_submission(app, db, demo, admin, form):
    """The partners with networks are read once a minute per process, not on every
    submission; an administrator's change in this process is seen at once."""
    app.config["PUBLIC_FORM_RATE_LIMIT"] = "1 per hour"
    partner = _partner(db)
    networks = f"/admin/partners/{partner.id}/networks"
    page = f"/admin/partners/{partner.id}"
    assert post_form(admin, networks, {"networks": "192.0.2.0/24", "form_limit_per_hour": "9"},
                     page=page).status_code == 302

    statements = []

    def listen(conn, cursor, statement, *rest):
        statements.append(statement)
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert [_send(form, LIBRARY).status_code for _ in range(3)] == [302, 302, 302]
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    partner_reads = [s for s in statements if s.lstrip().startswith("SELECT")
                     and "FROM partner" in s]
    assert len(partner_reads) <= 1, partner_reads

    assert post_form(admin, networks, {"networks": "", "form_limit_per_hour": ""},
                     page=page).status_code == 302
    # The usual limit again, at once (its own counter: the three went to the partner's).
    assert [_send(form, LIBRARY).status_code for _ in range(2)] == [302, 429]
