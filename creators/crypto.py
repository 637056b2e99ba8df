"""Per-field authenticated encryption of creator contacts (AES-256-GCM, rotating keys).

A stored value is `v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`. The key id says
which key sealed it, so new values use the first (current) key while older values still
open with the keys listed after it. The associated data binds a ciphertext to its
creator and field, so it cannot be copied onto another creator or into another field.

Keys come from `CONSOLE_ENCRYPTION_KEYS` ("id:base64key,id:base64key", current first);
in development marketing/settings.py generates one under var/, and a system check
(marketing/checks.py, through `key_problems`) refuses a malformed list.

Reading contacts: `open_contact` gives each stored field either its plaintext (`str`) or
an `Undecryptable` that says why it cannot be shown (sealed with a key id that is not
configured, a key that does not open it, or not a sealed value at all); it is never
silently empty. `undecryptable_fields` names those fields, and `reseal_contact` seals an
edited contact while keeping each undecryptable field exactly as stored, so a save can
neither clear nor rewrite a value nobody could read. Each (key id, reason) is logged
once per process as an error. Neither plaintext nor ciphertext ever goes to a log.
"""

import base64
import binascii
import enum
import functools
import logging
import os
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

VERSION = "v1"
NONCE_BYTES = 12
KEY_BYTES = 32
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
# Standard or URL-safe alphabet, padding optional; anything else is refused, not skipped.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")


class UndecryptableReason(enum.StrEnum):
    KEY_NOT_CONFIGURED = "key_not_configured"
    DOES_NOT_OPEN = "does_not_open"
    MALFORMED = "malformed"


class DecryptionError(Exception):
    """A stored value cannot be opened; `reason` and `key_id` say why (never the value)."""

    def __init__(self, message: str, *, reason: UndecryptableReason, key_id: str | None):
        super().__init__(message)
        self.reason = reason
        self.key_id = key_id


@dataclass(frozen=True)
class Undecryptable:
    """A stored contact field that cannot be shown. `str()` is the message for a page."""

    field: str
    reason: UndecryptableReason
    key_id: str | None = None

    def __str__(self) -> str:
        if self.reason == UndecryptableReason.KEY_NOT_CONFIGURED:
            message = gettext(
                "Cannot be shown: encrypted with key `%(key_id)s`, which is not configured "
                "in CONSOLE_ENCRYPTION_KEYS. The stored value is kept."
            )
        elif self.reason == UndecryptableReason.DOES_NOT_OPEN:
            message = gettext(
                "Cannot be shown: the value does not open with the configured key "
                "`%(key_id)s` (a different key under that id, or a damaged value). "
                "The stored value is kept."
            )
        else:
            message = gettext(
                "Cannot be shown: the stored value is not an encrypted contact. "
                "The stored value is kept."
            )
        return message % {"key_id": self.key_id}


def generate_key_spec(key_id: str = "dev1") -> str:
    """A new `id:base64key` entry for CONSOLE_ENCRYPTION_KEYS."""
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"


def key_problems(spec: str) -> list[str]:
    """Every problem of a CONSOLE_ENCRYPTION_KEYS value, in words that never quote a key."""
    problems: list[str] = []
    seen: set[str] = set()
    entries = [part.strip() for part in (spec or "").split(",")]
    for position, entry in enumerate(entries, start=1):
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
        key = _decode_key(encoded)
        if key is None:
            problems.append(
                f"key `{key_id}` is not base64 (expected base64 of {KEY_BYTES} random bytes, "
                "43 or 44 characters)."
            )
        elif len(key) != KEY_BYTES:
            problems.append(
                f"key `{key_id}` is {len(key)} bytes; AES-256 needs exactly {KEY_BYTES} "
                "(base64 of 32 random bytes, 43 or 44 characters)."
            )
    if not seen and not problems:
        problems.append("it is empty: creator contacts cannot be encrypted.")
    return problems


def _decode_key(encoded: str) -> bytes | None:
    if not _BASE64.fullmatch(encoded):
        return None
    bare = encoded.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(bare + "=" * (-len(bare) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def parse_keys(spec: str) -> tuple[str, dict[str, bytes]]:
    """(current key id, {key id: key}) from `id:base64key,...`; ImproperlyConfigured if bad."""
    problems = key_problems(spec)
    if problems:
        raise ImproperlyConfigured(
            "CONSOLE_ENCRYPTION_KEYS: "
            + " ".join(problems)
            + " Make a key with `python -m creators.crypto k1`."
        )
    keys: dict[str, bytes] = {}
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        key_id, _sep, encoded = entry.partition(":")
        keys[key_id] = _decode_key(encoded)
    return next(iter(keys)), keys


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
    if version != VERSION:
        raise DecryptionError(
            f"{field}: not a {VERSION} value", reason=UndecryptableReason.MALFORMED, key_id=None
        )
    if key_id not in keys:
        raise DecryptionError(
            f"{field}: sealed with key {key_id!r}, which is not configured",
            reason=UndecryptableReason.KEY_NOT_CONFIGURED,
            key_id=key_id,
        )
    try:
        raw = base64.urlsafe_b64decode(body)
        opened = AESGCM(keys[key_id]).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(creator_id, field)
        )
        return opened.decode()
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError(
            f"{field}: the value does not open with key {key_id!r}",
            reason=UndecryptableReason.DOES_NOT_OPEN,
            key_id=key_id,
        ) from exc


def key_id_of(token: str) -> str:
    return _split(token)[1]


def needs_rotation(token: str) -> bool:
    current, _keys = _current_keyring()
    return key_id_of(token) != current


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(":", 2) if isinstance(token, str) else []
    if len(parts) != 3:
        raise DecryptionError(
            "not an encrypted value", reason=UndecryptableReason.MALFORMED, key_id=None
        )
    return parts[0], parts[1], parts[2]


def seal_contact(contact: dict[str, str | None], *, creator_id: str) -> dict[str, str]:
    """{field: ciphertext} for the non-empty fields of a plaintext contact."""
    return {
        name: encrypt(value, creator_id=creator_id, field=name)
        for name, value in contact.items()
        if value
    }


def open_contact(sealed: dict[str, str], *, creator_id: str) -> dict[str, str | Undecryptable]:
    """{field: plaintext} for each stored field, or an `Undecryptable` where it cannot be.

    Fields left empty are not stored, so they are absent here. An `Undecryptable` renders
    as its explanation in a template; code tells the two apart with
    `isinstance(value, Undecryptable)` (or uses `undecryptable_fields`).
    """
    opened: dict[str, str | Undecryptable] = {}
    for name, token in sealed.items():
        try:
            opened[name] = decrypt(token, creator_id=creator_id, field=name)
        except DecryptionError as exc:
            opened[name] = Undecryptable(field=name, reason=exc.reason, key_id=exc.key_id)
            _report_once(opened[name], creator_id)
    return opened


def undecryptable_fields(sealed: dict[str, str], *, creator_id: str) -> dict[str, Undecryptable]:
    """{field: Undecryptable} for the stored fields that cannot be opened (empty if none)."""
    return {
        name: value
        for name, value in open_contact(sealed, creator_id=creator_id).items()
        if isinstance(value, Undecryptable)
    }


def reseal_contact(
    contact: dict[str, str | None], *, previous: dict[str, str], creator_id: str
) -> dict[str, str]:
    """The sealed contact to store after an edit of `previous` (the stored, sealed one).

    Readable fields take the given plaintext (blank clears them, sealed with the current
    key); a field of `previous` that cannot be opened keeps its stored value whatever
    `contact` says for it, so a save can neither clear nor rewrite it.
    """
    kept = undecryptable_fields(previous, creator_id=creator_id)
    editable = {
        name: value
        for name, value in contact.items()
        if name not in kept and isinstance(value, str)
    }
    return {**seal_contact(editable, creator_id=creator_id), **{n: previous[n] for n in kept}}


# (key id, reason) already logged by this process: one error per problem, not per read.
_reported: set[tuple[str | None, UndecryptableReason]] = set()


def _report_once(problem: Undecryptable, creator_id: str) -> None:
    if (problem.key_id, problem.reason) in _reported:
        return
    _reported.add((problem.key_id, problem.reason))
    logger.error(
        "Creator contacts cannot be decrypted (%s, key id %s), first seen on creator %s, "
        "field %s. They are shown as undecryptable and kept as stored. Add the key to "
        "CONSOLE_ENCRYPTION_KEYS to read them again.",
        problem.reason.value,
        problem.key_id or "-",
        creator_id,
        problem.field,
    )


if __name__ == "__main__":
    # `python -m creators.crypto [KEY_ID]` prints a new CONSOLE_ENCRYPTION_KEYS entry.
    import sys

    print(generate_key_spec(sys.argv[1] if len(sys.argv) > 1 else "k1"))
