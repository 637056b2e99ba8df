import pytest
from django.core.exceptions import ImproperlyConfigured

from creators import crypto


def test_round_trip_and_key_id_in_the_ciphertext():
    token = crypto.encrypt("kim@example.com", creator_id="c1", field="email")
    assert "kim@example.com" not in token
    assert token.startswith("v1:k2:")
    assert crypto.decrypt(token, creator_id="c1", field="email") == "kim@example.com"


def test_every_encryption_uses_a_fresh_nonce():
    a = crypto.encrypt("010-1234-5678", creator_id="c1", field="phone")
    b = crypto.encrypt("010-1234-5678", creator_id="c1", field="phone")
    assert a != b


def test_ciphertext_is_bound_to_creator_and_field():
    token = crypto.encrypt("kim@example.com", creator_id="c1", field="email")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, creator_id="c2", field="email")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, creator_id="c1", field="phone")


def test_tampering_is_detected():
    token = crypto.encrypt("kim@example.com", creator_id="c1", field="email")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, creator_id="c1", field="email")


def test_rotation_old_values_open_with_the_old_key(settings):
    old_key = crypto.generate_key_spec("old")
    settings.CONSOLE_ENCRYPTION_KEYS = old_key
    token = crypto.encrypt("kim@example.com", creator_id="c1", field="email")
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("new") + "," + old_key
    assert crypto.decrypt(token, creator_id="c1", field="email") == "kim@example.com"
    assert crypto.needs_rotation(token)
    assert crypto.key_id_of(crypto.encrypt("x", creator_id="c1", field="email")) == "new"
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("new")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, creator_id="c1", field="email")


@pytest.mark.parametrize("spec", ["", "nokey", "k1:short", "k1:!!!", "a b:" + "A" * 43])
def test_bad_key_configuration_is_refused(settings, spec):
    settings.CONSOLE_ENCRYPTION_KEYS = spec
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x", creator_id="c1", field="email")


def test_unreadable_contact_opens_as_empty():
    sealed = crypto.seal_contact({"email": "a@b.kr", "phone": ""}, creator_id="c1")
    assert set(sealed) == {"email"}
    sealed["phone"] = "garbage"
    assert crypto.open_contact(sealed, creator_id="c1") == {"email": "a@b.kr", "phone": ""}
