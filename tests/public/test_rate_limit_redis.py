"""The form's rate limit with the production storage: Redis (TEST_REDIS_URL).

Skipped when TEST_REDIS_URL is unset, except under CI=true where Redis must be tested.
"""
import os

import pytest

from helpbutton import create_app
from helpbutton.extensions import db as _db
from helpbutton.extensions import limiter
from helpbutton.refdata import demo_data, reference_data

from .conftest import FormDriver


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must test the Redis rate-limit storage: TEST_REDIS_URL is not set")
        pytest.skip("Redis not configured (set TEST_REDIS_URL=redis://127.0.0.1:6379)")
    return url


@pytest.fixture
def redis_app(redis_url):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-000",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "SERVER_NAME": "localhost",
        "MAIL_SUPPRESS_SEND": True,
        "RATELIMIT_STORAGE_URI": redis_url,
        "PUBLIC_FORM_RATE_LIMIT": "2 per minute",
    })
    with app.app_context():
        _db.create_all()
        reference_data.load_region(_db.session, "Varsinais-Suomi")
        demo_data.load_demo(_db.session)
        _db.session.commit()
        limiter.reset()
        try:
            yield app
        finally:
            limiter.reset()
            limiter.storage.storage.close()
            limiter.storage.storage.connection_pool.disconnect()
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()


def test_rate_limit_is_counted_in_redis(redis_app):
    storage = limiter.storage
    assert type(storage).__name__ == "RedisStorage"
    form = FormDriver(redis_app.test_client())
    assert form.send().status_code == 302
    assert form.send().status_code == 302
    assert storage.storage.keys("LIMITS*"), "the counts live in Redis"
    blocked = form.send()
    assert blocked.status_code == 429
    assert "112" in blocked.get_data(as_text=True)
