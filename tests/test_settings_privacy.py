import hashlib
import hmac
import random
import re
import unicodedata

import pytest

from pulso.errors import ConfigError
from pulso.privacy import author_key, normalise_identity, scrub_contact_data
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


def test_author_keys_are_the_ones_already_stored():
    # Known answers of the first implementation: stored keys must never change.
    assert author_key("k1", "disqus", "José  Pérez") == (
        "58daf7b782bc47b47f70041892b05aad064aa456c9de37202db5208be1326ad9"
    )
    assert author_key("k1", "facebook", "1234567890") == (
        "3881aaeec6c42f259e700ea133d4c1d6cb03e4711ea93783bbfd311d179f0311"
    )


def _reference_normalise(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().casefold()


def test_fast_normalisation_and_hash_equal_the_reference():
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x250)] + list("\u00a0\u2003\u3000\ufb01\u0301\u1e9e")
    samples = [chr(c) for c in range(128)] + [f" A{chr(c)}b  " for c in range(128)]
    samples += ["".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(3000)]
    for value in samples:
        assert normalise_identity(value) == _reference_normalise(value), repr(value)
        message = f"facebook\x1f{_reference_normalise(value)}".encode()
        expected = hmac.new(b"k1", message, hashlib.sha256).hexdigest()
        assert author_key("k1", "facebook", value) == expected, repr(value)


def test_scrub_contact_data():
    assert scrub_contact_data("escriban a ana@example.org desde 10.0.0.1") == (
        "escriban a [email] desde [ip]"
    )
