"""Keyed HMACs of e-mail addresses: how the do-not-contact list finds an address without
ever storing or comparing plaintext.

Keys come from `CONSOLE_CONTACT_HMAC_KEYS` ("id:base64key,id:base64key", the current key
first), configured apart from the contact encryption keys: a leaked encryption key does
not reveal the list, and rotating one does not touch the other. Every configured key is
used for look-ups and for new entries, so after a rotation (a new key put first, the old
ones kept after it) the entries written under the old keys still match; nothing is ever
silently dropped from the list. A system check (marketing/checks.py) refuses a malformed
value.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_MIN_BYTES = 32
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_PURPOSE = b"dot-marketing:email-address:"  # binds the HMAC to this one use


def normalise(address: str) -> str:
    """The form every HMAC is taken of: NFKC, no surrounding space, lower case."""
    return unicodedata.normalize("NFKC", address or "").strip().lower()


def generate_key_spec(key_id: str = "h1") -> str:
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def key_problems(spec: str) -> list[str]:
    """Every problem of a CONSOLE_CONTACT_HMAC_KEYS value, in words that never quote a key."""
    problems: list[str] = []
    seen: set[str] = set()
    for position, entry in enumerate((part.strip() for part in (spec or "").split(",")), 1):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        if not sep:
            problems.append(f"entry {position} is not `id:base64key` (it has no `id:` prefix).")
            continue
        if not _KEY_ID.fullmatch(key_id):
            problems.append(
                f"entry {position}: the key id may hold only letters, digits, _ and - "
                "(1 to 32 of them)."
            )
            continue
        if key_id in seen:
            problems.append(f"key id `{key_id}` is listed twice.")
        seen.add(key_id)
        key = _decode(encoded)
        if key is None:
            problems.append(f"key `{key_id}` is not base64.")
        elif len(key) < KEY_MIN_BYTES:
            problems.append(
                f"key `{key_id}` is {len(key)} bytes; at least {KEY_MIN_BYTES} random bytes "
                "are needed."
            )
    if not seen and not problems:
        problems.append("it is empty: the do-not-contact list cannot be checked.")
    return problems


def _decode(encoded: str) -> bytes | None:
    if not _BASE64.fullmatch(encoded):
        return None
    bare = encoded.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(bare + "=" * (-len(bare) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


@functools.lru_cache(maxsize=4)
def _keyring(spec: str) -> tuple[tuple[str, bytes], ...]:
    problems = key_problems(spec)
    if problems:
        raise ImproperlyConfigured("CONSOLE_CONTACT_HMAC_KEYS: " + " ".join(problems))
    pairs = []
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        key_id, _sep, encoded = entry.partition(":")
        pairs.append((key_id, _decode(encoded)))
    return tuple(pairs)


def digests(address: str) -> list[tuple[str, str]]:
    """(key id, hex HMAC-SHA256) of the normalised address under every configured key,
    the current key first."""
    message = _PURPOSE + normalise(address).encode()
    return [
        (key_id, hmac.new(key, message, hashlib.sha256).hexdigest())
        for key_id, key in _keyring(settings.CONSOLE_CONTACT_HMAC_KEYS)
    ]


def configured_key_ids() -> list[str]:
    return [key_id for key_id, _key in _keyring(settings.CONSOLE_CONTACT_HMAC_KEYS)]


if __name__ == "__main__":
    # `python -m matches.outreach.address_hmac [KEY_ID]` prints a new key entry.
    import sys

    print(generate_key_spec(sys.argv[1] if len(sys.argv) > 1 else "h1"))
