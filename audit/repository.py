"""The audit table's access patterns, one named method each.

- entry: `ENTITY#<table>#<item PK>` / `CHANGE#<time>#<seq, 40 digits>`; in
  audit-actor-index as `ACTOR#<actor>` / `<time>#<table>#<seq>`, in audit-day-index as
  `DAY#<Seoul day>` / `<time>#<table>#<seq>`;
- mention: `MENTIONS#CREATOR#<id>` / `<entry PK>|<entry SK>`;
- checkpoint: `CHECKPOINT#<table>` / `SHARD#<shardId>`;
- erasure: `ERASURE#CREATOR#<id>` / `ERASURE`.

An entry's key holds its stream record's sequence number, so writing it is idempotent:
`create` refuses a second copy, which is how a restarted consumer skips what it wrote.
"""

import contextlib

from audit.domain import AuditEntry, AuditMention, ErasureRecord, StreamCheckpoint
from marketing.dynamo import errors, keys
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository
from marketing.dynamo.serde import format_timestamp
from marketing.dynamo.tables import AUDIT

ACTOR_INDEX = "audit-actor-index"
DAY_INDEX = "audit-day-index"


def _moment(entry: AuditEntry) -> str:
    seq = entry.sequence_number.zfill(keys.SEQUENCE_DIGITS)
    return f"{format_timestamp(entry.at)}#{entry.table.value}#{seq}"


class AuditEntryRepository(Repository[AuditEntry]):
    spec = AUDIT
    model = AuditEntry

    def keys_for(self, item: AuditEntry) -> dict[str, str]:
        return {
            "PK": keys.audit_entity(item.table.value, item.entity),
            "SK": keys.audit_change(item.at, item.sequence_number),
            "GSI1PK": keys.audit_actor(item.actor),
            "GSI1SK": _moment(item),
            "GSI2PK": keys.audit_day(item.day),
            "GSI2SK": _moment(item),
        }

    def record(self, entry: AuditEntry, *, actor: str) -> bool:
        """Write the entry unless it is there already; whether it was written."""
        try:
            self.create(entry, actor=actor)
        except errors.ConditionFailed:
            return False
        return True

    def history(self, table: str, entity: str, *, cursor=None, limit=50) -> Page[AuditEntry]:
        return self.query(
            partition_key_value=keys.audit_entity(table, entity),
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def by_actor(self, actor: str, *, cursor=None, limit=50) -> Page[AuditEntry]:
        return self.query(
            partition_key_value=keys.audit_actor(actor),
            index=ACTOR_INDEX,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def by_day(self, day, *, cursor=None, limit=50) -> Page[AuditEntry]:
        return self.query(
            partition_key_value=keys.audit_day(day),
            index=DAY_INDEX,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def entry_key(self, entry: AuditEntry) -> tuple[str, str]:
        found = self.keys_for(entry)
        return found["PK"], found["SK"]


class AuditMentionRepository(Repository[AuditMention]):
    spec = AUDIT
    model = AuditMention

    def keys_for(self, item: AuditMention) -> dict[str, str]:
        return {
            "PK": keys.audit_mention(item.creator_id),
            "SK": f"{item.entry_pk}|{item.entry_sk}",
        }

    def record(self, mention: AuditMention, *, actor: str) -> None:
        with contextlib.suppress(errors.ConditionFailed):
            self.create(mention, actor=actor)

    def of_creator(self, creator_id: str, *, cursor=None, limit=100) -> Page[AuditMention]:
        return self.query(
            partition_key_value=keys.audit_mention(creator_id), cursor=cursor, limit=limit
        )


class CheckpointRepository(Repository[StreamCheckpoint]):
    spec = AUDIT
    model = StreamCheckpoint

    def keys_for(self, item: StreamCheckpoint) -> dict[str, str]:
        pk, sk = keys.audit_checkpoint(item.table, item.shard_id)
        return {"PK": pk, "SK": sk}

    def find(self, table: str, shard_id: str) -> StreamCheckpoint | None:
        try:
            return self.get(*keys.audit_checkpoint(table, shard_id), consistent=True)
        except errors.NotFound:
            return None

    def of_table(self, table: str) -> list[StreamCheckpoint]:
        pk, _sk = keys.audit_checkpoint(table, "x")
        return self.query(partition_key_value=pk, limit=100, consistent=True).items

    def save(self, checkpoint: StreamCheckpoint, *, actor: str) -> StreamCheckpoint:
        if checkpoint.version == 0:
            return self.create(checkpoint, actor=actor)
        return self.put(checkpoint, expected_version=checkpoint.version, actor=actor)


class ErasureRepository(Repository[ErasureRecord]):
    spec = AUDIT
    model = ErasureRecord

    def keys_for(self, item: ErasureRecord) -> dict[str, str]:
        pk, sk = keys.audit_erasure(item.creator_id)
        return {"PK": pk, "SK": sk}

    def find(self, creator_id: str) -> ErasureRecord | None:
        try:
            return self.get(*keys.audit_erasure(creator_id), consistent=True)
        except errors.NotFound:
            return None

    def save(self, record: ErasureRecord, *, actor: str) -> ErasureRecord:
        if record.version == 0:
            return self.create(record, actor=actor)
        return self.put(record, expected_version=record.version, actor=actor)
