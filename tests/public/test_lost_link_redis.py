"""The lost-link page's limits per reference and per contact with the production storage:
Redis (TEST_REDIS_URL; skipped without it, except under CI=true)."""
from helpbutton.extensions import limiter

from .conftest import hidden_fields
from .test_rate_limit_redis import redis_app, redis_url  # noqa: F401 (fixtures)


def test_lost_link_attempts_are_counted_in_redis(redis_app):  # noqa: F811
    redis_app.config["LOST_LINK_RATE_LIMIT"] = "2 per hour"
    client = redis_app.test_client()

    def ask(reference, contact):
        form = hidden_fields(client.get("/fi/link").get_data(as_text=True))
        return client.post("/fi/link", data={**form, "reference": reference,
                                             "contact": contact})

    assert ask("ACDEFHJKMN", "perhe@example.fi").status_code == 303
    assert ask("ACDEFHJKMN", "perhe@example.fi").status_code == 303
    keys = limiter.storage.storage.keys("LIMITS*lost-link*")
    assert keys, "the counts live in Redis"
    assert not [k for k in keys if b"ACDEFHJKMN" in k or b"perhe" in k]  # keyed hashes only
    blocked = ask("ACDEFHJKMN", "toinen@example.fi")
    assert blocked.status_code == 429 and "112" in blocked.get_data(as_text=True)
