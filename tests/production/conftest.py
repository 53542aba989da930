"""Fixtures for the production-shape tests: apps with settings of their own, staff sign-in."""
import pytest

from helpbutton import create_app
from helpbutton.extensions import db as _db
from helpbutton.extensions import limiter

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "production-test-secret-key-long-enough-0",
    "MAIL_SUPPRESS_SEND": True,
    "TRUSTED_HOSTS": ["localhost", "127.0.0.1"],
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 64,
    "ARGON2_PARALLELISM": 1,
}


@pytest.fixture
def make_app(tmp_path):
    """`make_app(**settings)` → an app on a blank SQLite database with these settings (on top
    of the environment's configuration: set HELPBUTTON_ENV with monkeypatch first)."""
    made = []

    def make(**settings):
        app = create_app({**BASE_CONFIG,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'{len(made)}.db'}",
                          **settings})
        with app.app_context():
            _db.create_all()
            limiter.reset()  # the limiter is process-wide: start with nothing counted
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            _db.engine.dispose()

