"""What the health report reads about the tables themselves (no Django here).

- `describe(spec)`: status, approximate item count and size, each index's status and
  count (DescribeTable; DynamoDB refreshes the counts about every six hours), and the
  TTL, stream and point-in-time-recovery states (DescribeTimeToLive,
  DescribeContinuousBackups). An endpoint that does not implement one of those gives
  `None` for it ("not supported here"), never an error.
- `sample_index_keys(spec, sample_size)`: a bounded Scan of at most `sample_size` items
  reading only the index partition-key attributes (ProjectionExpression), counted per
  index and key: the hot-partition report's sample. Commands and an explicit button on
  the health page only: no page scans when it is opened.
"""

from collections import Counter
from dataclasses import dataclass, field

from botocore.exceptions import ClientError

from marketing.dynamo.calls import translated_errors
from marketing.dynamo.client import get_client
from marketing.dynamo.config import get_config
from marketing.dynamo.tables import TableSpec

SCAN_PAGE = 500  # items a sampling Scan request reads at most


@dataclass
class IndexState:
    name: str
    status: str
    item_count: int | None


@dataclass
class TableState:
    key: str
    name: str
    status: str  # ACTIVE, CREATING, … or MISSING
    item_count: int | None = None
    size_bytes: int | None = None
    indexes: list[IndexState] = field(default_factory=list)
    missing_indexes: list[str] = field(default_factory=list)
    ttl: str | None = None  # ENABLED, DISABLED, …; None: not supported here
    ttl_attribute: str | None = None
    stream: str | None = None  # the view type, or DISABLED
    point_in_time_recovery: str | None = None  # ENABLED, DISABLED; None: not supported

    @property
    def healthy(self) -> bool:
        return self.status == "ACTIVE" and not self.missing_indexes


def describe(spec: TableSpec, *, client=None) -> TableState:
    client = client or get_client("interactive")
    name = spec.table_name(get_config().table_prefix)
    try:
        with translated_errors():
            table = client.describe_table(TableName=name)["Table"]
    except Exception as exc:
        if _is_not_found(exc):
            return TableState(key=spec.key, name=name, status="MISSING")
        raise
    live = {index["IndexName"]: index for index in table.get("GlobalSecondaryIndexes") or []}
    stream = table.get("StreamSpecification") or {}
    state = TableState(
        key=spec.key,
        name=name,
        status=table.get("TableStatus", "UNKNOWN"),
        item_count=table.get("ItemCount"),
        size_bytes=table.get("TableSizeBytes"),
        indexes=[
            IndexState(
                name=index_name,
                status=index.get("IndexStatus", "UNKNOWN"),
                item_count=index.get("ItemCount"),
            )
            for index_name, index in live.items()
        ],
        missing_indexes=[index.name for index in spec.indexes if index.name not in live],
        stream=stream.get("StreamViewType", "DISABLED")
        if stream.get("StreamEnabled")
        else "DISABLED",
    )
    ttl = _optional(lambda: client.describe_time_to_live(TableName=name))
    if ttl is not None:
        description = ttl.get("TimeToLiveDescription") or {}
        state.ttl = description.get("TimeToLiveStatus", "DISABLED")
        state.ttl_attribute = description.get("AttributeName")
    backups = _optional(lambda: client.describe_continuous_backups(TableName=name))
    if backups is not None:
        recovery = (backups.get("ContinuousBackupsDescription") or {}).get(
            "PointInTimeRecoveryDescription"
        ) or {}
        state.point_in_time_recovery = recovery.get("PointInTimeRecoveryStatus", "DISABLED")
    return state


def _optional(call):
    """The answer, or None when the endpoint does not implement the operation."""
    try:
        return call()
    except ClientError:
        return None


def _is_not_found(exc: Exception) -> bool:
    from marketing.dynamo.errors import NotFound

    return isinstance(exc, NotFound)


@dataclass
class IndexSample:
    index: str
    sampled: int  # sampled items that are in this index (they carry its key)
    keys: Counter  # partition key value -> sampled items


def sample_index_keys(spec: TableSpec, sample_size: int, *, client=None) -> list[IndexSample]:
    """Count, in a Scan of at most `sample_size` items, how the items of each index spread
    over its partition keys (one attribute per index is read, nothing else)."""
    if sample_size < 1:
        raise ValueError("the sample needs at least one item")
    client = client or get_client("interactive")
    name = spec.table_name(get_config().table_prefix)
    attributes = list(dict.fromkeys(index.pk for index in spec.indexes))
    if not attributes:
        return []
    placeholders = {f"#k{number}": attribute for number, attribute in enumerate(attributes)}
    request = {
        "TableName": name,
        "ProjectionExpression": ", ".join(placeholders),
        "ExpressionAttributeNames": placeholders,
    }
    counts = {attribute: Counter() for attribute in attributes}
    read = 0
    while read < sample_size:
        request["Limit"] = min(SCAN_PAGE, sample_size - read)
        with translated_errors():
            page = client.scan(**request)
        for item in page.get("Items", []):
            for attribute in attributes:
                value = item.get(attribute)
                if value and "S" in value:
                    counts[attribute][value["S"]] += 1
        read += page.get("ScannedCount", len(page.get("Items", [])))
        if "LastEvaluatedKey" not in page:
            break
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    return [
        IndexSample(index=index.name, sampled=sum(counts[index.pk].values()), keys=counts[index.pk])
        for index in spec.indexes
    ]
