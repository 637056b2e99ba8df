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


def test_a_contact_opens_field_by_field_and_leaves_empty_fields_out():
    sealed = crypto.seal_contact({"email": "a@b.kr", "phone": ""}, creator_id="c1")
    assert set(sealed) == {"email"}
    assert crypto.open_contact(sealed, creator_id="c1") == {"email": "a@b.kr"}
    assert crypto.undecryptable_fields(sealed, creator_id="c1") == {}


# --- fields that cannot be opened: said so, logged once, never cleared by a re-seal ------


@pytest.fixture
def fresh_log(monkeypatch, caplog):
    """Problems already reported by earlier tests are forgotten; errors are captured."""
    monkeypatch.setattr(crypto, "_reported", set())
    caplog.set_level("ERROR", logger="creators.crypto")
    return caplog


def sealed_with_k1_only(settings, contact, creator_id="c1"):
    """A contact sealed while only key k1 existed; afterwards only k2 is configured."""
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("k1")
    sealed = crypto.seal_contact(contact, creator_id=creator_id)
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("k2")
    return sealed


def test_a_field_sealed_with_a_key_not_configured_says_so(settings, fresh_log):
    sealed = sealed_with_k1_only(settings, {"email": "kim@example.com"})
    sealed["phone"] = crypto.encrypt("010-1111-2222", creator_id="c1", field="phone")
    opened = crypto.open_contact(sealed, creator_id="c1")
    assert opened["phone"] == "010-1111-2222"
    email = opened["email"]
    assert email == crypto.Undecryptable(
        field="email", reason=crypto.UndecryptableReason.KEY_NOT_CONFIGURED, key_id="k1"
    )
    assert str(email) == (
        "Cannot be shown: encrypted with key `k1`, which is not configured in "
        "CONSOLE_ENCRYPTION_KEYS. The stored value is kept."
    )
    assert crypto.undecryptable_fields(sealed, creator_id="c1") == {"email": email}


def test_the_explanation_is_in_korean_by_default(settings, fresh_log):
    from django.utils import translation

    sealed = sealed_with_k1_only(settings, {"email": "kim@example.com"})
    with translation.override("ko"):
        message = str(crypto.open_contact(sealed, creator_id="c1")["email"])
    assert "`k1`" in message
    assert "Cannot be shown" not in message


def test_a_value_that_does_not_open_or_is_not_ours_says_so(settings, fresh_log):
    token = crypto.encrypt("kim@example.com", creator_id="c1", field="email")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    opened = crypto.open_contact({"email": tampered, "phone": "garbage"}, creator_id="c1")
    assert opened["email"].reason == crypto.UndecryptableReason.DOES_NOT_OPEN
    assert opened["email"].key_id == "k2"
    assert "`k2`" in str(opened["email"])
    assert opened["phone"].reason == crypto.UndecryptableReason.MALFORMED
    assert opened["phone"].key_id is None
    assert "not an encrypted contact" in str(opened["phone"])


def test_each_missing_key_is_logged_once_as_an_error_without_the_ciphertext(settings, fresh_log):
    first = sealed_with_k1_only(settings, {"email": "kim@example.com"}, creator_id="c1")
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("k1")
    second = crypto.seal_contact({"email": "lee@example.com"}, creator_id="c2")
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("k2")
    for _ in range(3):
        crypto.open_contact(first, creator_id="c1")
        crypto.open_contact(second, creator_id="c2")
    [record] = fresh_log.records
    assert record.levelname == "ERROR"
    message = record.getMessage()
    assert "key id k1" in message and "CONSOLE_ENCRYPTION_KEYS" in message
    for token in (*first.values(), *second.values()):
        assert token not in message
        assert token.rsplit(":", 1)[1][:16] not in message
    assert "kim@example.com" not in fresh_log.text
    crypto.open_contact({"email": "v1:k9:AAAA"}, creator_id="c3")
    assert [r.getMessage().count("key id k9") for r in fresh_log.records] == [0, 1]


def test_reseal_keeps_an_undecryptable_field_exactly_as_stored(settings, fresh_log):
    previous = sealed_with_k1_only(settings, {"email": "kim@example.com"})
    previous["phone"] = crypto.encrypt("010-1111-2222", creator_id="c1", field="phone")
    # An edit that blanks both fields (as a form showing nothing for the email would).
    resealed = crypto.reseal_contact({"email": "", "phone": ""}, previous=previous, creator_id="c1")
    assert resealed == {"email": previous["email"]}
    # An edit that types a new e-mail over it does not rewrite it either.
    resealed = crypto.reseal_contact(
        {"email": "new@example.com", "phone": "010-9999-0000"}, previous=previous, creator_id="c1"
    )
    assert resealed["email"] == previous["email"]
    assert crypto.decrypt(resealed["phone"], creator_id="c1", field="phone") == "010-9999-0000"
    # Once the key is configured again, the kept value opens as it always did.
    settings.CONSOLE_ENCRYPTION_KEYS += "," + crypto.generate_key_spec("k1")
    assert crypto.undecryptable_fields(resealed, creator_id="c1")["email"].key_id == "k1"


def test_reseal_seals_readable_fields_with_the_current_key(settings):
    old = crypto.generate_key_spec("old")
    settings.CONSOLE_ENCRYPTION_KEYS = old
    previous = crypto.seal_contact({"email": "a@b.kr", "phone": "010"}, creator_id="c1")
    settings.CONSOLE_ENCRYPTION_KEYS = crypto.generate_key_spec("new") + "," + old
    resealed = crypto.reseal_contact(
        {"email": "a@b.kr", "phone": ""}, previous=previous, creator_id="c1"
    )
    assert set(resealed) == {"email"}
    assert crypto.key_id_of(resealed["email"]) == "new"
    assert crypto.open_contact(resealed, creator_id="c1") == {"email": "a@b.kr"}


# --- the key list itself ------------------------------------------------------------


# A fixed key (not a secret: tests only), so test ids are the same in every process.
GOOD = "k1:" + "Q" * 43 + "="
GOOD_KEY = GOOD.split(":", 1)[1]


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("", "it is empty"),
        (" , ", "it is empty"),
        ("k1:short", "key `k1` is not base64"),
        ("k1:!!!!", "key `k1` is not base64"),
        ("k1:" + GOOD_KEY + "!", "key `k1` is not base64"),
        ("k1:AAAA", "key `k1` is 3 bytes; AES-256 needs exactly 32"),
        ("k1:" + "A" * 64, "key `k1` is 48 bytes"),
        ("nokey", "entry 1 is not `id:base64key`"),
        ("a b:" + GOOD_KEY, "entry 1: the key id may hold only"),
        (GOOD + "," + GOOD.replace(GOOD_KEY, "B" * 43), "key id `k1` is listed twice"),
    ],
)
def test_key_problems_names_each_problem_without_the_key(spec, problem):
    problems = crypto.key_problems(spec)
    assert any(problem in p for p in problems), problems
    assert not any(GOOD_KEY in p or "short" in p for p in problems)
    with pytest.raises(ImproperlyConfigured, match=problem.split("`")[0]):
        crypto.parse_keys(spec)


def test_key_problems_accepts_both_base64_alphabets_with_or_without_padding():
    import base64

    raw = bytes(range(200, 232))  # encodes with + and / (or - and _)
    standard, urlsafe = base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()
    spec = f"a:{standard},b:{urlsafe.rstrip('=')}"
    assert crypto.key_problems(spec) == []
    assert crypto.parse_keys(spec) == ("a", {"a": raw, "b": raw})
