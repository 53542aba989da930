"""Settings from the environment: the outbox's too, checked as the app starts."""
import importlib

import pytest

import config


@pytest.fixture
def reload_config(monkeypatch):
    def load(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(config)
    yield load
    monkeypatch.undo()
    importlib.reload(config)


def test_the_outbox_settings_come_from_the_environment(reload_config):
    loaded = reload_config(MAIL_LEASE_SECONDS="900", MAIL_TIMEOUT="20", MAIL_KEEP_SENT_DAYS="7",
                           MAIL_SCHEDULE_CHECK_SECONDS="120")
    assert (loaded.Config.MAIL_LEASE_SECONDS, loaded.Config.MAIL_TIMEOUT,
            loaded.Config.MAIL_KEEP_SENT_DAYS, loaded.Config.MAIL_SCHEDULE_CHECK_SECONDS) == (
        900, 20, 7, 120)


@pytest.mark.parametrize("env, named", [
    ({"MAIL_TIMEOUT": "soon"}, "MAIL_TIMEOUT must be a whole number"),
    ({"MAIL_KEEP_SENT_DAYS": "-1"}, "MAIL_KEEP_SENT_DAYS must be between"),
    ({"MAIL_LEASE_SECONDS": "60", "MAIL_TIMEOUT": "30"}, "at least 4 × MAIL_TIMEOUT"),
])
def test_a_bad_outbox_setting_stops_the_start_naming_it(reload_config, env, named):
    with pytest.raises(ValueError, match=named):
        reload_config(**env)
