"""The call metrics as CloudWatch embedded metrics (EMF), for alarms on AWS.

With DYNAMODB_METRICS_EMF on (the deployment template sets it, beside LOG_FORMAT=json),
each flush also logs one line per minute in CloudWatch's embedded metric format: the
awslogs driver ships it and CloudWatch turns it into metrics of NAMESPACE, dimension
TablePrefix: ReadLatency and WriteLatency as distributions (each bucket's upper bound in
ms with its count, so the p99 statistic is a bucket bound as on the health page; calls
slower than the last bound count as OVERFLOW_MS), and Calls, Errors, Throttles. The
deployment template's alarms read them. Only figures written to DynamoDB are published,
so a flush that failed and is retried is not counted twice.
"""

import logging
from collections import defaultdict

from marketing.dynamo.metrics import BUCKETS_MS, CallFigures, MinuteKey, kind_of

NAMESPACE = "DotMarketing/DynamoDB"
PREFIX_DIMENSION = "TablePrefix"
OVERFLOW_MS = 10_000

# The JSON formatter writes this attribute as the line's `_aws` key (logging_config.py).
EMF_ATTRIBUTE = "cloudwatch_metrics"

logger = logging.getLogger("marketing.dynamo.metrics.emf")


def documents(figures: dict[MinuteKey, CallFigures], table_prefix: str) -> list[dict]:
    """One EMF document per minute."""
    by_minute: dict[int, dict[str, CallFigures]] = defaultdict(lambda: defaultdict(CallFigures))
    for (minute, operation, _table), value in figures.items():
        by_minute[minute][kind_of(operation)].add(value)
        by_minute[minute]["all"].add(value)
    found = []
    for minute, kinds in sorted(by_minute.items()):
        total = kinds["all"]
        document: dict = {
            PREFIX_DIMENSION: table_prefix,
            "Calls": total.calls,
            "Errors": total.errors,
            "Throttles": total.throttles,
        }
        metrics = [
            {"Name": "Calls", "Unit": "Count"},
            {"Name": "Errors", "Unit": "Count"},
            {"Name": "Throttles", "Unit": "Count"},
        ]
        for kind, name in (("read", "ReadLatency"), ("write", "WriteLatency")):
            distribution = _distribution(kinds.get(kind))
            if distribution:
                document[name] = distribution
                metrics.append({"Name": name, "Unit": "Milliseconds"})
        document[EMF_ATTRIBUTE] = {
            "Timestamp": minute * 60_000,
            "CloudWatchMetrics": [
                {"Namespace": NAMESPACE, "Dimensions": [[PREFIX_DIMENSION]], "Metrics": metrics}
            ],
        }
        found.append(document)
    return found


def _distribution(figures: CallFigures | None) -> dict | None:
    if figures is None or not figures.calls:
        return None
    bounds = [*BUCKETS_MS, OVERFLOW_MS]
    pairs = [(bound, count) for bound, count in zip(bounds, figures.buckets, strict=True) if count]
    return {"Values": [bound for bound, _ in pairs], "Counts": [count for _, count in pairs]}


def publish(figures: dict[MinuteKey, CallFigures], table_prefix: str) -> None:
    for document in documents(figures, table_prefix):
        logger.info("dynamodb call metrics", extra=document)
