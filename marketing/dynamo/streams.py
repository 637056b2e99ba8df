"""Reading the tables' DynamoDB Streams, shard by shard, from a saved position.

No Django here: the audit consumer (audit/consumer.py) says where each shard was left
(`Positions`) and what to do with the changes read; this module finds the shards, keeps
one iterator per shard and turns stream records into `StreamChange`s (plain Python values,
Decimal numbers), so raw AttributeValues stay inside marketing/dynamo.

A position that is no longer readable is not a crash: a trimmed position (records older
than the stream keeps, TrimmedDataAccessException) is reported as a `Gap` and reading goes
on from the oldest record kept (TRIM_HORIZON); an expired or unknown iterator
(ExpiredIteratorException, or a restarted endpoint that forgot it) is simply asked for
again from the saved position, which loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from botocore.exceptions import ClientError

from marketing.dynamo import serde

log = logging.getLogger("marketing.dynamo.streams")

EVENTS = {"INSERT": "insert", "MODIFY": "modify", "REMOVE": "remove"}
TRIMMED = "TrimmedDataAccessException"
EXPIRED = "ExpiredIteratorException"
GONE = "ResourceNotFoundException"


@dataclass(frozen=True)
class StreamChange:
    table_name: str
    shard_id: str
    sequence_number: str
    event: str  # insert, modify, remove
    keys: dict[str, Any]
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    at: dt.datetime


@dataclass(frozen=True)
class Position:
    stream_arn: str
    sequence_number: str | None  # the last record handled; None: none yet
    closed: bool = False  # every record of the (closed) shard handled


@dataclass(frozen=True)
class Gap:
    """Records that could not be read: the consumer resumed past them."""

    table_name: str
    shard_id: str
    after: str | None  # the last sequence number handled before the gap
    reason: str

    def __str__(self) -> str:
        after = f"after sequence number {self.after}" if self.after else "from the start"
        return (
            f"gap in the stream of {self.table_name}, shard {self.shard_id}, {after}: "
            f"{self.reason}; resumed at the oldest record kept (TRIM_HORIZON)"
        )


class Positions(Protocol):
    def load(self, table_name: str, shard_id: str) -> Position | None: ...


@dataclass
class _Shard:
    table_name: str
    stream_arn: str
    shard_id: str
    parent_id: str | None
    iterator: str | None = None
    last: str | None = None  # last sequence number handed out (not necessarily saved yet)
    closed: bool = False


@dataclass
class ShardBatch:
    """The changes read from one shard, and where the shard then stands."""

    table_name: str
    shard_id: str
    stream_arn: str
    changes: list[StreamChange]
    position: Position


@dataclass
class StreamReader:
    """Every shard of the given tables' streams, read round-robin."""

    table_names: list[str]
    positions: Positions
    dynamo: Any  # boto3 dynamodb client
    streams: Any  # boto3 dynamodbstreams client
    on_gap: Callable[[Gap], None] = lambda gap: log.warning("%s", gap)
    limit: int = 1000
    _shards: dict[tuple[str, str], _Shard] = field(default_factory=dict)

    def discover(self) -> None:
        """Find each table's current stream and its shards (new ones start from their
        saved position, or the oldest record kept)."""
        live = set()
        for table_name in self.table_names:
            arn = self._stream_arn(table_name)
            if arn is None:
                continue
            for shard in self._describe_shards(arn):
                key = (table_name, shard["ShardId"])
                live.add(key)
                known = self._shards.get(key)
                if known is None or known.stream_arn != arn:
                    self._shards[key] = _Shard(
                        table_name, arn, shard["ShardId"], shard.get("ParentShardId")
                    )
        for key in set(self._shards) - live:
            del self._shards[key]

    def forget_iterators(self) -> None:
        """After an outage: every shard asks for an iterator again from its position."""
        for shard in self._shards.values():
            shard.iterator = None

    def read(self) -> list[ShardBatch]:
        """One GetRecords call per open shard whose parent is done; the batches read."""
        batches = []
        for shard in list(self._shards.values()):
            if shard.closed or self._parent_open(shard):
                continue
            batch = self._read_shard(shard)
            if batch is not None:
                batches.append(batch)
        return batches

    # --- one shard ------------------------------------------------------------------------

    def _read_shard(self, shard: _Shard, *, resumed: bool = False) -> ShardBatch | None:
        if shard.iterator is None:
            self._open(shard)
            if shard.closed:
                return None
        try:
            response = self.streams.get_records(ShardIterator=shard.iterator, Limit=self.limit)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code == TRIMMED and not resumed:
                self._resume_at_horizon(shard, str(exc))
                return self._read_shard(shard, resumed=True)
            if code == TRIMMED:
                shard.iterator = None
            elif code == GONE:
                del self._shards[(shard.table_name, shard.shard_id)]
            else:  # expired, or an endpoint that forgot it: ask again from the position
                if code != EXPIRED:
                    log.info("iterator of %s refused (%s)", shard.shard_id, code)
                shard.iterator = None
            return None
        changes = [self._change(shard, record) for record in response.get("Records", [])]
        if changes:
            shard.last = changes[-1].sequence_number
        shard.iterator = response.get("NextShardIterator")
        if shard.iterator is None:
            shard.closed = True
        if not changes and not shard.closed:
            return None
        return ShardBatch(
            shard.table_name,
            shard.shard_id,
            shard.stream_arn,
            changes,
            Position(shard.stream_arn, shard.last, closed=shard.closed),
        )

    def _open(self, shard: _Shard) -> None:
        saved = self.positions.load(shard.table_name, shard.shard_id)
        if saved is not None and saved.stream_arn == shard.stream_arn:
            if saved.closed:
                shard.closed = True
                return
            shard.last = saved.sequence_number
        request = {"StreamArn": shard.stream_arn, "ShardId": shard.shard_id}
        if shard.last is not None:
            request.update(ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=shard.last)
        else:
            request.update(ShardIteratorType="TRIM_HORIZON")
        try:
            shard.iterator = self.streams.get_shard_iterator(**request)["ShardIterator"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != TRIMMED:
                raise
            self._resume_at_horizon(shard, str(exc))

    def _resume_at_horizon(self, shard: _Shard, reason: str) -> None:
        self.on_gap(Gap(shard.table_name, shard.shard_id, shard.last, reason))
        shard.iterator = self.streams.get_shard_iterator(
            StreamArn=shard.stream_arn, ShardId=shard.shard_id, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]

    def _parent_open(self, shard: _Shard) -> bool:
        parent = self._shards.get((shard.table_name, shard.parent_id or ""))
        return parent is not None and not parent.closed

    def _change(self, shard: _Shard, record: dict) -> StreamChange:
        body = record["dynamodb"]
        at = body.get("ApproximateCreationDateTime")
        if isinstance(at, int | float):
            at = dt.datetime.fromtimestamp(at, dt.UTC)
        elif at is None:
            at = dt.datetime.now(dt.UTC)
        elif at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        return StreamChange(
            table_name=shard.table_name,
            shard_id=shard.shard_id,
            sequence_number=body["SequenceNumber"],
            event=EVENTS[record["eventName"]],
            keys=serde.decode_item(body.get("Keys", {})),
            old=serde.decode_item(body["OldImage"]) if "OldImage" in body else None,
            new=serde.decode_item(body["NewImage"]) if "NewImage" in body else None,
            at=at,
        )

    # --- describing -----------------------------------------------------------------------

    def _stream_arn(self, table_name: str) -> str | None:
        try:
            table = self.dynamo.describe_table(TableName=table_name)["Table"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == GONE:
                return None
            raise
        enabled = (table.get("StreamSpecification") or {}).get("StreamEnabled")
        return table.get("LatestStreamArn") if enabled else None

    def _describe_shards(self, arn: str) -> list[dict]:
        shards: list[dict] = []
        request: dict[str, Any] = {"StreamArn": arn}
        while True:
            try:
                description = self.streams.describe_stream(**request)["StreamDescription"]
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") == GONE:
                    return shards
                raise
            shards.extend(description.get("Shards", []))
            last = description.get("LastEvaluatedShardId")
            if not last:
                return shards
            request["ExclusiveStartShardId"] = last
