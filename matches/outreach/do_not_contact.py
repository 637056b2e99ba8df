"""The do-not-contact list: addresses that get no message from us, ever again.

An address is blocked by an opt-out through the link in a message, or by staff. Entries
hold a keyed HMAC of the normalised address (address_hmac), one item per configured key,
never the address itself; every send looks its address up under every configured key
first, so a key rotation never lets a blocked address through.
"""

import contextlib
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from creators.domain import has_control_characters
from marketing.dynamo import errors
from marketing.dynamo.pagination import Page
from matches.outreach import address_hmac
from matches.outreach.domain import (
    MAX_NOTE_LENGTH,
    DoNotContactEntry,
    DoNotContactSource,
    OutreachError,
)
from matches.outreach.repository import DoNotContactRepository


def address_blocked(address: str) -> DoNotContactEntry | None:
    """The entry that blocks this address (under any configured key), or None."""
    found = DoNotContactRepository().matching(address_hmac.digests(address))
    return found[0] if found else None


def do_not_contact_list(*, cursor: str | None = None) -> Page[DoNotContactEntry]:
    return DoNotContactRepository().listing(cursor=cursor)


def do_not_contact_add(
    *, address: str, note: str, actor: str, creator_id: str | None = None
) -> tuple[DoNotContactEntry, bool]:
    """Block an address typed by staff; (the entry, whether it was blocked already)."""
    address = (address or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise OutreachError(
            _("“%(value)s” is not an e-mail address.") % {"value": address}
        ) from None
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH or has_control_characters(note):
        raise OutreachError(
            _("The note must be one line of up to %(n)d characters.") % {"n": MAX_NOTE_LENGTH}
        )
    existing = address_blocked(address)
    if existing is not None:
        return existing, True
    entry = block_digests(
        address_hmac.digests(address),
        source=DoNotContactSource.STAFF,
        note=note,
        actor=actor,
        creator_id=creator_id,
    )
    return entry, False


def block_digests(
    digests,
    *,
    source: DoNotContactSource,
    actor: str,
    note: str = "",
    creator_id: str | None = None,
    match_id: str | None = None,
) -> DoNotContactEntry:
    """One item per (key id, digest), each created only if absent: a repeated or racing
    opt-out leaves the list as one opt-out would."""
    repository = DoNotContactRepository()
    entry_id = str(uuid.uuid4())
    first = None
    for key_id, digest in dict.fromkeys(digests):
        entry = DoNotContactEntry(
            entry_id=entry_id,
            key_id=key_id,
            digest=digest,
            source=source,
            note=note,
            creator_id=creator_id,
            match_id=match_id,
        )
        with contextlib.suppress(errors.ConditionFailed):  # blocked already under this key
            entry = repository.create(entry, actor=actor)
        first = first or entry
    return first
