"""Odd query strings on every page that reads one: never a 5xx, never raw markup.

A NUL byte, an over-long value or markup in a filter must not reach PostgreSQL as an error or
the page as HTML. The database refusing a value (DataError) is answered 400, not 500.
"""
import pytest

ODD_VALUES = ["\x00", "a\x00b", "x" * 3000, "<script>alert(1)</script>", "%", "'--",
              "-1", "99999999999999999999999", "2026-13-45", "é" * 50]

# Who looks, where, and the query arguments that page reads.
PAGES = [
    ("lead", "/staff/requests", ["status", "urgency", "topic", "age_band", "assignee", "due",
                                 "q", "centre", "sort", "after"]),
    ("region_admin", "/admin/statistics/", ["municipality", "centre", "topic", "channel",
                                            "from", "to", "period", "language"]),
    ("region_admin", "/admin/statistics/statistics.csv", ["municipality", "topic", "from", "to"]),
    ("region_admin", "/admin/privacy/", ["reference"]),
    ("region_admin", "/admin/audit", ["user", "reference", "kind", "from", "to", "page"]),
    ("anonymous", "/fi/", ["p"]),
    ("anonymous", "/staff/sign-in", ["next", "lang"]),
    ("anonymous", "/api/v1/topics", ["lang"]),
]


@pytest.mark.parametrize("role, path, names", PAGES, ids=[p for _, p, _ in PAGES])
def test_odd_values_in_every_query_argument_get_a_page_not_a_server_error(
        demo, fast_sign_in, role, path, names):
    client = fast_sign_in(role)
    for name in names:
        for value in ODD_VALUES:
            response = client.get(path, query_string={name: value})
            assert response.status_code < 500, (name, repr(value[:20]), response.status_code)
            assert b"<script>alert(1)" not in response.data, (name, value)


def test_a_value_the_database_refuses_gets_the_bad_request_page_in_the_users_language(
        demo, fast_sign_in, database_url):
    # The queue's topic filter goes to the database as it is; PostgreSQL refuses a NUL in text.
    response = fast_sign_in("lead").get("/staff/requests?topic=a%00b&lang=sv")
    assert response.status_code in (200, 400)
    if database_url.startswith("postgresql"):
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "Pyyntöä ei voitu lukea" in page or "Begäran kunde inte läsas" in page
