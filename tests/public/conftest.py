"""Helpers for driving the public form as a browser would (CSRF on, hidden fields carried)."""
import re
from html import unescape

import pytest

from helpbutton.extensions import limiter


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return fields


GOOD = {
    "municipality_code": "853",
    "postal_code": "",
    "topic_code": "parenting",
    "child_ages": ["4", "9"],
    "description": "Iltaisin on vaikeaa, ja haluaisin jutella jonkun kanssa.",
    "contact_method": "phone",
    "phone": "040 123 4567",
    "email": "",
    "contact_times": "aamupäivisin",
    "contact_name": "",
    "service_language": "fi",
    "consent": "y",
    "website": "",
}


class FormDriver:
    def __init__(self, client):
        self.client = client

    def open(self, lang="fi", query="", entry=""):
        """The form's hidden fields; `entry` a county's own entry ("keski-suomi/")."""
        response = self.client.get(f"/{lang}/{entry}{query}")
        assert response.status_code == 200
        return hidden_fields(response.get_data(as_text=True))

    def send(self, lang="fi", hidden=None, entry="", **changes):
        hidden = self.open(lang, entry=entry) if hidden is None else hidden
        data = {**GOOD, **hidden}
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return self.client.post(f"/{lang}/{entry}", data=data)


@pytest.fixture
def form(client):
    # The limiter is process-wide: each test starts with no requests counted.
    limiter.reset()
    return FormDriver(client)
