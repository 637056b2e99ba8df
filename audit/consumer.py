"""The stream consumer: every change of the four domain tables into the audit table.

Each shard's position is saved in the audit table (`CHECKPOINT#<table>` / `SHARD#<id>`)
after the entries of the changes read from it are written. Entries are written with a
condition on their key (which holds the record's sequence number), so a consumer that
stops between writing entries and saving the position writes nothing twice when it
starts again from the older position: restarts neither lose nor duplicate a change.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from audit.domain import CONSUMER, AuditMention, StreamCheckpoint
from audit.erasure import fully_redacted
from audit.recording import entry_for, table_key
from audit.repository import (
    AuditEntryRepository,
    AuditMentionRepository,
    CheckpointRepository,
    ErasureRepository,
)
from marketing.dynamo import errors
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.client import get_client, get_streams_client
from marketing.dynamo.config import get_config
from marketing.dynamo.streams import Gap, Position, ShardBatch, StreamReader
from marketing.dynamo.tables import DOMAIN_TABLES

log = logging.getLogger("audit.consumer")


@dataclass
class ConsumerStats:
    read: int = 0
    recorded: int = 0
    duplicates: int = 0  # already recorded (a restart re-read them)
    skipped: int = 0  # helper and counter items
    gaps: list[str] = field(default_factory=list)
    outages: int = 0
    unreadable: int = 0  # records that could not be turned into an entry (logged, skipped)


class _SavedPositions:
    def __init__(self, checkpoints: CheckpointRepository, prefix: str):
        self.checkpoints = checkpoints
        self.prefix = prefix

    def load(self, table_name: str, shard_id: str) -> Position | None:
        found = self.checkpoints.find(table_name[len(self.prefix) :], shard_id)
        if found is None:
            return None
        return Position(found.stream_arn, found.sequence_number, found.closed)


class StreamConsumer:
    def __init__(self, *, on_gap: Callable[[Gap], None] | None = None):
        self.prefix = get_config().table_prefix
        self.entries = AuditEntryRepository(mode="batch")
        self.mentions = AuditMentionRepository(mode="batch")
        self.checkpoints = CheckpointRepository(mode="batch")
        self.erasures = ErasureRepository(mode="batch")
        self._erased_creators: set[str] = set()
        self.stats = ConsumerStats()
        self._report_gap = on_gap
        self.reader = StreamReader(
            table_names=[spec.table_name(self.prefix) for spec in DOMAIN_TABLES.values()],
            positions=_SavedPositions(self.checkpoints, self.prefix),
            dynamo=get_client("batch"),
            streams=get_streams_client("batch"),
            on_gap=self._gap,
        )
        self._discovered_at = 0.0

    def poll(self, *, rediscover_every: float = 30.0) -> int:
        """One round over every shard; the number of stream records handled."""
        now = time.monotonic()
        if not self._discovered_at or now - self._discovered_at >= rediscover_every:
            self.reader.discover()
            self._discovered_at = now
        handled = 0
        for batch in self.reader.read():
            self._handle(batch)
            handled += len(batch.changes)
        return handled

    def run(
        self,
        *,
        should_stop: Callable[[], bool],
        idle_sleep: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        backoff: Backoff | None = None,
    ) -> ConsumerStats:
        """Poll until `should_stop()`; an unreachable or throttling endpoint is waited out
        with backoff (never a crash loop), and iterators are asked for again after it."""
        backoff = backoff or Backoff(base=0.5, cap=30.0, max_attempts=1_000_000)
        failures = 0
        while not should_stop():
            try:
                handled = self.poll()
            except (errors.DynamoError, ClientError, BotoCoreError) as exc:
                # An outage, a throttle or a restarting endpoint: wait, then ask for every
                # iterator again from the saved positions.
                failures += 1
                self.stats.outages += 1
                log.warning("stream consumer: %s; retrying", exc)
                self.reader.forget_iterators()
                self._discovered_at = 0.0
                sleep(backoff.delay(min(failures, 10)))
                continue
            failures = 0
            if not handled:
                sleep(idle_sleep)
        return self.stats

    def _handle(self, batch: ShardBatch) -> None:
        table = table_key(batch.table_name, self.prefix)
        for change in batch.changes:
            self.stats.read += 1
            try:
                entry = entry_for(change, table, retention_days=settings.AUDIT_RETENTION_DAYS)
            except Exception:
                # One malformed record must not stop the trail (or make a restart loop on
                # it): it is logged with its position and passed over.
                self.stats.unreadable += 1
                log.exception(
                    "stream record %s of %s not recorded", change.sequence_number, table.value
                )
                continue
            if entry is None:
                self.stats.skipped += 1
                continue
            if any(self._erased(creator_id) for creator_id in entry.creator_ids):
                entry = fully_redacted(entry)
            if self.entries.record(entry, actor=CONSUMER):
                self.stats.recorded += 1
            else:
                self.stats.duplicates += 1
            pk, sk = self.entries.entry_key(entry)
            for creator_id in entry.creator_ids:
                self.mentions.record(
                    AuditMention(creator_id=creator_id, entry_pk=pk, entry_sk=sk, ttl=entry.ttl),
                    actor=CONSUMER,
                )
        self._save_position(table.value, batch)

    def _erased(self, creator_id: str) -> bool:
        """Whether the creator was (or is being) erased; once erased, always erased."""
        if creator_id in self._erased_creators:
            return True
        if self.erasures.find(creator_id) is not None:
            self._erased_creators.add(creator_id)
            return True
        return False

    def _save_position(self, table: str, batch: ShardBatch) -> None:
        saved = self.checkpoints.find(table, batch.shard_id) or StreamCheckpoint(
            table=table, shard_id=batch.shard_id, stream_arn=batch.stream_arn
        )
        self.checkpoints.save(
            saved.model_copy(
                update={
                    "stream_arn": batch.stream_arn,
                    "sequence_number": batch.position.sequence_number,
                    "closed": batch.position.closed,
                }
            ),
            actor=CONSUMER,
        )

    def _gap(self, gap: Gap) -> None:
        self.stats.gaps.append(str(gap))
        log.warning("%s", gap)
        if self._report_gap is not None:
            self._report_gap(gap)
