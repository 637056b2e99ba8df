"""A stream change → the audit entry that records it (or None for items not audited).

Audited: the entity items of the four tables (partitions `STORE#`, `CREATOR#`, `MATCH#`,
`CAMPAIGN#`: stores and their profiles, creator channels and area items, matches,
campaigns). Skipped: counters (`STATS#…`), facets, directory entries, quota counters,
channel-owner links, outreach templates, consent records, the do-not-contact list, the
outbox and queue, and campaign claims — helper items that repeat what the entity items
say, or that hold contacts in some form (the do-not-contact list's HMACs).

Values are rendered as short text. An attribute is *sensitive* — recorded as "changed"
with no value at all, not even a length or a hash — when its name is a contact field
(`contact`, `email`, `phone`), when it holds such a field anywhere inside, or when any
string inside it is a sealed value (creators.crypto's `v1:<key>:<ciphertext>`).
"""

import datetime as dt
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import Binary

from audit.domain import AttributeChange, AuditedTable, AuditEntry, AuditEvent
from creators.domain import CONTACT_FIELDS
from marketing.dynamo import keys
from marketing.dynamo.models import AUDIT_FIELDS
from marketing.dynamo.streams import StreamChange
from marketing.dynamo.tables import DOMAIN_TABLES

AUDITED_PARTITIONS = {
    AuditedTable.STORES: keys.STORE,
    AuditedTable.CREATORS: keys.CREATOR,
    AuditedTable.MATCHES: keys.MATCH,
    AuditedTable.CAMPAIGNS: keys.CAMPAIGN,
}
SENSITIVE_NAMES = frozenset({"contact", *CONTACT_FIELDS})
# creators.crypto.encrypt: "<version>:<key id>:<urlsafe base64 of nonce + ciphertext>"
SEALED = re.compile(r"v\d+:[A-Za-z0-9_.-]{1,64}:[A-Za-z0-9_-]{16,}={0,2}")
MAX_RENDERED = 500
# Written by the repository on every write, or index keys derived from other attributes.
NOT_RECORDED = AUDIT_FIELDS | {"PK", "SK"}


def table_key(table_name: str, prefix: str) -> AuditedTable | None:
    if not table_name.startswith(prefix):
        return None
    try:
        return AuditedTable(table_name[len(prefix) :])
    except ValueError:
        return None


def entry_for(
    change: StreamChange, table: AuditedTable, *, retention_days: int
) -> AuditEntry | None:
    pk = str(change.keys.get("PK", ""))
    if not pk.startswith(AUDITED_PARTITIONS[table]):
        return None
    image = change.new if change.new is not None else change.old
    actor = str((image or {}).get("updatedBy") or "unknown")
    expires = change.at + dt.timedelta(days=retention_days)
    return AuditEntry(
        table=table,
        entity=pk,
        item_sk=str(change.keys.get("SK", "")),
        event=AuditEvent(change.event),
        actor=actor,
        at=change.at,
        sequence_number=change.sequence_number,
        shard_id=change.shard_id,
        changes=attribute_changes(table, change.old or {}, change.new or {}),
        creator_ids=sorted(mentioned_creators(change.old) | mentioned_creators(change.new)),
        ttl=int(expires.timestamp()),
    )


def attribute_changes(
    table: AuditedTable, old: dict[str, Any], new: dict[str, Any]
) -> list[AttributeChange]:
    skipped = NOT_RECORDED | DOMAIN_TABLES[table.value].key_attribute_set
    changes = []
    for name in sorted((set(old) | set(new)) - skipped):
        before, after = old.get(name), new.get(name)
        if name in old and name in new and before == after:
            continue
        if is_sensitive(name, before) or is_sensitive(name, after):
            changes.append(AttributeChange(attribute=name, sensitive=True))
            continue
        changes.append(
            AttributeChange(
                attribute=name,
                old=render(before) if name in old else None,
                new=render(after) if name in new else None,
            )
        )
    return changes


def is_sensitive(name: str, value: Any) -> bool:
    if name in SENSITIVE_NAMES:
        return True
    if isinstance(value, dict):
        return any(is_sensitive(str(key), member) for key, member in value.items())
    if isinstance(value, list | set | frozenset | tuple):
        return any(is_sensitive("", member) for member in value)
    return isinstance(value, str) and SEALED.search(value) is not None


def render(value: Any) -> str:
    text = json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    if isinstance(value, str):
        text = value
    return text if len(text) <= MAX_RENDERED else text[: MAX_RENDERED - 1] + "…"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Binary | bytes | bytearray):
        return "(binary)"
    if isinstance(value, dict):
        return {str(key): _plain(member) for key, member in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(member) for member in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(member) for member in value]
    return value


def mentioned_creators(image: dict[str, Any] | None) -> set[str]:
    """The creators an item names: its own `creatorId`, a campaign's members'."""
    if not image:
        return set()
    found = {str(image["creatorId"])} if image.get("creatorId") else set()
    members = image.get("creators")
    if isinstance(members, list):
        found |= {
            str(member["creatorId"])
            for member in members
            if isinstance(member, dict) and member.get("creatorId")
        }
    return found


def personal_strings(values: Iterable[str]) -> list[str]:
    """The non-trivial strings to look for when redacting (longest first)."""
    kept = {value.strip() for value in values if value and len(value.strip()) >= 3}
    return sorted(kept, key=len, reverse=True)
