"""Per-field authenticated encryption of creator contacts (AES-256-GCM, rotating keys).

A stored value is `v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`. The key id says
which key sealed it, so new values use the first (current) key while older values still
open with the keys listed after it. The associated data binds a ciphertext to its
creator and field, so it cannot be copied onto another creator or into another field.

Keys come from `CONSOLE_ENCRYPTION_KEYS` ("id:base64key,id:base64key", current first);
in development marketing/settings.py generates one under var/. Plaintext never goes to a
log: errors name the key id and field only.
"""

import base64
import binascii
import functools
import os
import re
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
NONCE_BYTES = 12
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


class DecryptionError(Exception):
    """A stored value cannot be opened (unknown key id, tampered, or not ours)."""


def generate_key_spec(key_id: str = "dev1") -> str:
    """A new `id:base64key` entry for CONSOLE_ENCRYPTION_KEYS."""
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def parse_keys(spec: str) -> tuple[str, dict[str, bytes]]:
    """(current key id, {key id: key}) from `id:base64key,...`."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for entry in (part.strip() for part in spec.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep or not _KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                "CONSOLE_ENCRYPTION_KEYS entries are `id:base64key` (id: letters, digits, _ -)."
            )
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError) as exc:
            raise ImproperlyConfigured(f"Encryption key {key_id!r} is not base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"Encryption key {key_id!r} must be 32 bytes (AES-256).")
        if key_id in keys:
            raise ImproperlyConfigured(f"Encryption key id {key_id!r} is listed twice.")
        keys[key_id] = key
        order.append(key_id)
    if not order:
        raise ImproperlyConfigured(
            "CONSOLE_ENCRYPTION_KEYS is empty; creator contacts cannot be encrypted."
        )
    return order[0], keys


@functools.lru_cache(maxsize=4)
def _keyring(spec: str) -> tuple[str, dict[str, bytes]]:
    return parse_keys(spec)


def _current_keyring() -> tuple[str, dict[str, bytes]]:
    return _keyring(settings.CONSOLE_ENCRYPTION_KEYS)


def _aad(creator_id: str, field: str) -> bytes:
    return f"creator:{creator_id}:{field}".encode()


def encrypt(plaintext: str, *, creator_id: str, field: str) -> str:
    current, keys = _current_keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keys[current]).encrypt(nonce, plaintext.encode(), _aad(creator_id, field))
    return f"{VERSION}:{current}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, creator_id: str, field: str) -> str:
    _current, keys = _current_keyring()
    version, key_id, body = _split(token)
    if version != VERSION or key_id not in keys:
        raise DecryptionError(f"{field}: sealed with unknown key {key_id!r}")
    try:
        raw = base64.urlsafe_b64decode(body)
        opened = AESGCM(keys[key_id]).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(creator_id, field)
        )
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError(f"{field}: the value does not open with key {key_id!r}") from exc
    return opened.decode()


def key_id_of(token: str) -> str:
    return _split(token)[1]


def needs_rotation(token: str) -> bool:
    current, _keys = _current_keyring()
    return key_id_of(token) != current


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(":", 2) if isinstance(token, str) else []
    if len(parts) != 3:
        raise DecryptionError("not an encrypted value")
    return parts[0], parts[1], parts[2]


def seal_contact(contact: dict[str, str | None], *, creator_id: str) -> dict[str, str]:
    """{field: ciphertext} for the non-empty fields of a plaintext contact."""
    return {
        name: encrypt(value, creator_id=creator_id, field=name)
        for name, value in contact.items()
        if value
    }


def open_contact(sealed: dict[str, str], *, creator_id: str) -> dict[str, str]:
    """Plaintext contact; a field that cannot be opened reads as empty (and is reported)."""
    opened = {}
    for name, token in sealed.items():
        try:
            opened[name] = decrypt(token, creator_id=creator_id, field=name)
        except DecryptionError:
            opened[name] = ""
    return opened


if __name__ == "__main__":
    # `python -m creators.crypto [KEY_ID]` prints a new CONSOLE_ENCRYPTION_KEYS entry.
    import sys

    print(generate_key_spec(sys.argv[1] if len(sys.argv) > 1 else "k1"))
