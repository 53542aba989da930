"""Links shown in a page work from that page: built for the host that served it, which must be
one of TRUSTED_HOSTS; mail keeps PUBLIC_BASE_URL."""
import re

import pytest
import sqlalchemy as sa

from helpbutton import InsecureConfiguration, create_app
from helpbutton.models import OutboxMessage

from .conftest import GOOD, hidden_fields


def page(response) -> str:
    return response.get_data(as_text=True)


def test_the_confirmations_follow_up_link_is_for_the_host_that_served_it(app, client, db, demo,
                                                                       form):
    app.config.update(PUBLIC_BASE_URL="http://127.0.0.1:5000", SERVER_NAME=None)  # as deployed
    served = "http://localhost:8123"  # another port than PUBLIC_BASE_URL's
    hidden = hidden_fields(page(client.get("/fi/", base_url=served)))
    data = {**GOOD, **hidden, "email": "perhe@example.com", "contact_method": "either",
            "wants_email_confirmation": "y"}
    assert client.post("/fi/", data=data, base_url=served).status_code == 302
    html = page(client.get("/fi/confirmation", base_url=served))
    link = re.search(r'https?://[^"<\s]*/fi/follow-up/[A-Za-z0-9_-]+', html).group(0)
    assert link.startswith("http://localhost:8123/fi/follow-up/")
    # The email's link is the same one on PUBLIC_BASE_URL (no request to take a host from).
    [mail] = [m for m in db.session.scalars(sa.select(OutboxMessage))
              if m.recipient == "perhe@example.com"]
    assert link.replace("http://localhost:8123", "http://127.0.0.1:5000") in mail.body_text


def test_a_forged_host_is_refused_where_trusted_hosts_are_set(app, client, demo):
    app.config["TRUSTED_HOSTS"] = ["apua.example.fi"]
    response = client.get("/fi/", headers={"Host": "evil.example"})
    assert response.status_code == 400 and 'href="tel:112"' in page(response)
    assert client.get("/fi/", headers={"Host": "apua.example.fi"}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "localhost"])
def test_the_trailing_slash_redirect_does_not_take_its_host_from_the_request(app, client, demo,
                                                                            host):
    app.config["SERVER_NAME"] = None  # as deployed
    response = client.get("/fi", headers={"Host": host})
    assert response.status_code == 308
    assert response.headers["Location"] == "/fi/"


def test_production_trusts_only_public_base_urls_host_unless_told(monkeypatch):
    app = create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 48,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PUBLIC_BASE_URL": "https://apua.example.fi"})
    assert app.config["TRUSTED_HOSTS"] == ["apua.example.fi"]
    monkeypatch.setenv("TRUSTED_HOSTS", "apua.example.fi, .apua.example.fi")
    import config
    monkeypatch.setattr(config.Config, "TRUSTED_HOSTS", config._list("TRUSTED_HOSTS"))
    assert create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 48,
                       "SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["TRUSTED_HOSTS"] == [
        "apua.example.fi", ".apua.example.fi"]
    with pytest.raises(InsecureConfiguration):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "k" * 48, "TRUSTED_HOSTS": None,
                    "SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_BASE_URL": ""})
