"""The stream consumer's lag for the health report: how old the oldest change it has not
recorded yet is (0 when it has read every shard to the end).

For each open shard it has a position in, one GetShardIterator after that position and a
GetRecords of one record: a record there is pending, and its creation time is how far
behind the consumer is. A position the stream no longer holds counts as caught up (the
consumer logs that gap itself when it gets there).
"""

import datetime as dt

from botocore.exceptions import ClientError

from audit.domain import AuditedTable
from audit.repository import CheckpointRepository
from marketing.dynamo.client import get_streams_client
from marketing.operations.consumer import ConsumerLag


def consumer_lag() -> ConsumerLag | None:
    """None while the consumer has saved no position (it never ran here)."""
    repository = CheckpointRepository(mode="interactive")
    checkpoints = [cp for table in AuditedTable for cp in repository.of_table(table.value)]
    if not checkpoints:
        return None
    streams = get_streams_client("interactive")
    pending: list[dt.datetime] = []
    for checkpoint in checkpoints:
        if checkpoint.closed:
            continue
        oldest = _oldest_unread(streams, checkpoint)
        if oldest is not None:
            pending.append(oldest)
    saved = [cp.updated_at for cp in checkpoints if cp.updated_at is not None]
    return ConsumerLag(
        checkpointed_at=max(saved) if saved else dt.datetime.now(dt.UTC),
        last_record_at=min(pending) if pending else None,
        shards=len(checkpoints),
        caught_up=not pending,
    )


def _oldest_unread(streams, checkpoint) -> dt.datetime | None:
    request = {"StreamArn": checkpoint.stream_arn, "ShardId": checkpoint.shard_id}
    if checkpoint.sequence_number:
        request.update(
            ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=checkpoint.sequence_number
        )
    else:
        request.update(ShardIteratorType="TRIM_HORIZON")
    try:
        iterator = streams.get_shard_iterator(**request)["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator, Limit=1)["Records"]
    except ClientError:
        return None
    if not records:
        return None
    created = records[0]["dynamodb"].get("ApproximateCreationDateTime")
    if isinstance(created, int | float):
        created = dt.datetime.fromtimestamp(created, dt.UTC)
    return created
