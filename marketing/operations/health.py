"""The DynamoDB health report: the admin's health page and `manage.py dynamodb_health`.

One `health_report()` gathers, in a fixed number of requests whatever the data size:
- each table's status, approximate item count, indexes, TTL, stream and PITR states
  (marketing.dynamo.inspection: three describe calls a table);
- latency percentiles, error and throttle rates of the last `window_minutes`, from the
  call metrics every process flushes (marketing.dynamo.metrics_store: one Query a day
  the window touches), against the targets below;
- the stream consumer's lag (marketing.operations.consumer), the scrape cache hit rate
  and data freshness (the overview's counters: campaigns.dashboards_overview);
- with `sample_size`, the hot-partition report (a bounded Scan sample a table).

Exit codes of the command: 0 healthy, 1 a target missed (or a table missing, not ACTIVE,
or without one of its indexes), 2 DynamoDB unreachable.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from marketing.dynamo import inspection, metrics, metrics_store
from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.config import get_config
from marketing.dynamo.errors import DynamoError, EndpointUnavailable
from marketing.dynamo.tables import TABLES
from marketing.operations.consumer import ConsumerLag, consumer_lag

READ_P99_TARGET_MS = 50
WRITE_P99_TARGET_MS = 100
ERROR_RATE_TARGET_PERCENT = 0.1
DEFAULT_WINDOW_MINUTES = 15
DEFAULT_SAMPLE_SIZE = 1000
# A partition key is hot when it holds at least HOT_SHARE_PERCENT of its index's sampled
# items and HOT_FACTOR times an even share (1 / distinct keys), from MIN_HOT_ITEMS up.
HOT_SHARE_PERCENT = 20
HOT_FACTOR = 3
MIN_HOT_ITEMS = 10

HEALTHY, TARGET_MISSED, UNREACHABLE = 0, 1, 2


@dataclass
class LatencyCheck:
    kind: str  # read or write
    calls: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None  # a bucket bound; math.inf: slower than the last bound
    target_ms: int

    @property
    def meets_target(self) -> bool | None:
        if not self.calls or self.p99_ms is None:
            return None
        return self.p99_ms <= self.target_ms


@dataclass
class ErrorCheck:
    figures: metrics.CallFigures
    target_percent: float = ERROR_RATE_TARGET_PERCENT

    @property
    def rate_percent(self) -> float | None:
        rate = self.figures.error_rate
        return None if rate is None else rate * 100

    @property
    def meets_target(self) -> bool | None:
        rate = self.rate_percent
        return None if rate is None else rate < self.target_percent


@dataclass
class OperationRow:
    table: str
    operation: str
    figures: metrics.CallFigures


@dataclass
class HotPartition:
    table: str
    index: str
    key: str
    items: int
    index_items: int
    distinct_keys: int

    @property
    def share_percent(self) -> float:
        return 100 * self.items / self.index_items if self.index_items else 0.0


@dataclass
class HealthReport:
    checked_at: dt.datetime
    endpoint: str
    reachable: bool
    problem: str = ""
    window_minutes: int = DEFAULT_WINDOW_MINUTES
    tables: list[inspection.TableState] = field(default_factory=list)
    read_latency: LatencyCheck | None = None
    write_latency: LatencyCheck | None = None
    errors: ErrorCheck | None = None
    operations: list[OperationRow] = field(default_factory=list)
    consumer: ConsumerLag | None = None
    cache: object = None  # dashboards_overview.Rate
    stores_fresh: object = None
    creators_fresh: object = None
    sample_size: int | None = None  # None: no hot-partition sample taken
    hot_partitions: list[HotPartition] = field(default_factory=list)

    @property
    def targets_missed(self) -> list[str]:
        if not self.reachable:
            return ["reachable"]
        missed = [f"table:{table.key}" for table in self.tables if not table.healthy]
        for name, check in (
            ("readLatency", self.read_latency),
            ("writeLatency", self.write_latency),
            ("errorRate", self.errors),
        ):
            if check is not None and check.meets_target is False:
                missed.append(name)
        return missed

    @property
    def exit_code(self) -> int:
        if not self.reachable:
            return UNREACHABLE
        return TARGET_MISSED if self.targets_missed else HEALTHY

    @property
    def consumer_lag_seconds(self) -> float | None:
        return None if self.consumer is None else self.consumer.lag_seconds(self.checked_at)


def health_report(
    *,
    window_minutes: int = DEFAULT_WINDOW_MINUTES,
    sample_size: int | None = None,
    now: dt.datetime | None = None,
) -> HealthReport:
    now = now or dt.datetime.now(dt.UTC)
    config = get_config()
    report = HealthReport(
        checked_at=now,
        endpoint=config.endpoint_url or "AWS DynamoDB",
        reachable=False,
        window_minutes=window_minutes,
        sample_size=sample_size,
    )
    try:
        probe_endpoint()
    except EndpointUnavailable as exc:
        report.problem = exc.hint()
        return report
    except DynamoError as exc:
        report.problem = str(exc)
        return report
    report.reachable = True
    report.tables = [inspection.describe(spec) for spec in TABLES.values()]
    present = {table.key for table in report.tables if table.status != "MISSING"}
    if "stores" in present:
        _add_call_figures(report, now)
    if present == set(TABLES):  # the overview's counters live in every table
        _add_dashboard_figures(report, now)
    report.consumer = consumer_lag()
    if sample_size:
        report.hot_partitions = hot_partitions(report.tables, sample_size)
    return report


def _add_call_figures(report: HealthReport, now: dt.datetime) -> None:
    since = now - dt.timedelta(minutes=report.window_minutes - 1)
    rows = metrics_store.read(since, now)
    by_key: dict[tuple[str, str], metrics.CallFigures] = defaultdict(metrics.CallFigures)
    by_kind: dict[str, metrics.CallFigures] = defaultdict(metrics.CallFigures)
    for row in rows:
        by_key[(row.table, row.operation)].add(row.figures)
        by_kind[metrics.kind_of(row.operation)].add(row.figures)
    # The error rate is the data's (reads and writes): table management answers "not
    # found" by design while `dynamodb_tables create` looks for what to create.
    data_calls = metrics.CallFigures().add(by_kind["read"]).add(by_kind["write"])
    report.operations = [
        OperationRow(table, operation, figures)
        for (table, operation), figures in sorted(by_key.items())
    ]
    report.read_latency = _latency("read", by_kind["read"], READ_P99_TARGET_MS)
    report.write_latency = _latency("write", by_kind["write"], WRITE_P99_TARGET_MS)
    report.errors = ErrorCheck(data_calls)


def _latency(kind: str, figures: metrics.CallFigures, target_ms: int) -> LatencyCheck:
    return LatencyCheck(
        kind=kind,
        calls=figures.calls,
        p50_ms=figures.percentile_ms(0.50),
        p95_ms=figures.percentile_ms(0.95),
        p99_ms=figures.percentile_ms(0.99),
        target_ms=target_ms,
    )


def _add_dashboard_figures(report: HealthReport, now: dt.datetime) -> None:
    from campaigns.dashboards_overview import overview

    figures = overview(now=now)
    report.cache = figures.cache
    report.stores_fresh = figures.stores_fresh
    report.creators_fresh = figures.creators_fresh


def hot_partitions(tables: list[inspection.TableState], sample_size: int) -> list[HotPartition]:
    found = []
    for table in tables:
        if table.status != "ACTIVE":
            continue
        for sample in inspection.sample_index_keys(TABLES[table.key], sample_size):
            distinct = len(sample.keys)
            for key, items in sample.keys.most_common(5):
                share = items / sample.sampled
                if (
                    items >= MIN_HOT_ITEMS
                    and share * 100 >= HOT_SHARE_PERCENT
                    and share >= HOT_FACTOR / distinct
                ):
                    found.append(
                        HotPartition(table.key, sample.index, key, items, sample.sampled, distinct)
                    )
    return found


# --- JSON (the command's --json; field names documented in README) -------------------------


def _ms(value: float | None) -> float | None:
    if value is None or math.isinf(value):
        return None
    return value


def _rate(rate) -> dict | None:
    if rate is None:
        return None
    percent = rate.percent
    return {
        "part": rate.part,
        "whole": rate.whole,
        "percent": None if percent is None else float(percent),
        "targetPercent": rate.target,
        "updatedAt": rate.updated_at.isoformat() if rate.updated_at else None,
    }


def as_json(report: HealthReport) -> dict:
    def latency(check: LatencyCheck | None) -> dict | None:
        if check is None:
            return None
        return {
            "calls": check.calls,
            "p50Ms": _ms(check.p50_ms),
            "p95Ms": _ms(check.p95_ms),
            "p99Ms": _ms(check.p99_ms),
            "slowerThanLastBucket": check.p99_ms is not None and math.isinf(check.p99_ms),
            "targetP99Ms": check.target_ms,
            "meetsTarget": check.meets_target,
        }

    errors = None
    if report.errors is not None:
        figures = report.errors.figures
        errors = {
            "calls": figures.calls,
            "errors": figures.errors,
            "throttles": figures.throttles,
            "retries": figures.retries,
            "conditionFailures": figures.condition_failures,
            "errorRatePercent": report.errors.rate_percent,
            "targetPercent": report.errors.target_percent,
            "meetsTarget": report.errors.meets_target,
            "consumedCapacityUnits": figures.capacity_units,
        }
    consumer = None
    if report.consumer is not None:
        consumer = {
            "lagSeconds": round(report.consumer_lag_seconds, 1),
            "checkpointedAt": report.consumer.checkpointed_at.isoformat(),
            "lastRecordAt": report.consumer.last_record_at.isoformat()
            if report.consumer.last_record_at
            else None,
            "shards": report.consumer.shards,
        }
    return {
        "checkedAt": report.checked_at.isoformat(),
        "endpoint": report.endpoint,
        "reachable": report.reachable,
        "problem": report.problem or None,
        "exitCode": report.exit_code,
        "targetsMissed": report.targets_missed,
        "windowMinutes": report.window_minutes,
        "tables": [
            {
                "key": table.key,
                "name": table.name,
                "status": table.status,
                "itemCount": table.item_count,
                "sizeBytes": table.size_bytes,
                "indexes": [
                    {"name": index.name, "status": index.status, "itemCount": index.item_count}
                    for index in table.indexes
                ],
                "missingIndexes": table.missing_indexes,
                "ttl": table.ttl,
                "ttlAttribute": table.ttl_attribute,
                "stream": table.stream,
                "pointInTimeRecovery": table.point_in_time_recovery,
            }
            for table in report.tables
        ],
        "readLatency": latency(report.read_latency),
        "writeLatency": latency(report.write_latency),
        "errors": errors,
        "operations": [
            {
                "table": row.table,
                "operation": row.operation,
                "calls": row.figures.calls,
                "errors": row.figures.errors,
                "throttles": row.figures.throttles,
                "retries": row.figures.retries,
                "conditionFailures": row.figures.condition_failures,
                "p50Ms": _ms(row.figures.percentile_ms(0.5)),
                "p95Ms": _ms(row.figures.percentile_ms(0.95)),
                "p99Ms": _ms(row.figures.percentile_ms(0.99)),
                "consumedCapacityUnits": row.figures.capacity_units,
            }
            for row in report.operations
        ],
        "streamConsumer": consumer,
        "scrapeCache": _rate(report.cache),
        "storesFresh": _rate(report.stores_fresh),
        "creatorChannelsFresh": _rate(report.creators_fresh),
        "hotPartitions": None
        if report.sample_size is None
        else {
            "sampleSize": report.sample_size,
            "partitions": [
                {
                    "table": hot.table,
                    "index": hot.index,
                    "key": hot.key,
                    "sampledItems": hot.items,
                    "indexSampledItems": hot.index_items,
                    "sharePercent": round(hot.share_percent, 1),
                    "distinctKeys": hot.distinct_keys,
                }
                for hot in report.hot_partitions
            ],
        },
    }
