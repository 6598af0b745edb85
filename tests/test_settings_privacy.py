import pytest

from pulso.errors import ConfigError
from pulso.privacy import author_key, scrub_contact_data
from pulso.settings import Settings


def test_secrets_are_masked_in_repr():
    settings = Settings(facebook_access_token="EAAB-real-token-123", _env_file=None)
    assert "EAAB-real-token-123" not in repr(settings)
    assert "EAAB-real-token-123" not in str(settings.model_dump())


def test_placeholder_secret_refused_outside_tests(monkeypatch):
    monkeypatch.setenv("PULSO_TESTING", "0")
    settings = Settings(author_key_secret="changeme", _env_file=None)
    with pytest.raises(ConfigError) as err:
        settings.require_secret("author_key_secret")
    assert "PULSO_AUTHOR_KEY_SECRET" in str(err.value)
    assert "changeme" not in str(err.value)


def test_missing_secret_names_the_variable():
    with pytest.raises(ConfigError, match="PULSO_X_BEARER_TOKEN"):
        Settings(_env_file=None).require_secret("x_bearer_token")


def test_list_settings_from_comma_separated_env(monkeypatch):
    monkeypatch.setenv("PULSO_FACEBOOK_PAGE_IDS", "123, 456")
    assert Settings(_env_file=None).facebook_page_ids == ["123", "456"]


def test_author_key_is_keyed_stable_and_normalised():
    a = author_key("k1", "disqus", "José  Pérez")
    assert a == author_key("k1", "disqus", "jose perez")
    assert a != author_key("k2", "disqus", "jose perez")
    assert a != author_key("k1", "facebook", "jose perez")
    assert len(a) == 64


def test_scrub_contact_data():
    assert scrub_contact_data("escriban a ana@example.org desde 10.0.0.1") == (
        "escriban a [email] desde [ip]"
    )
