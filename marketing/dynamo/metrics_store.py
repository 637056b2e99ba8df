"""Where the call metrics live: per-minute counter items in the stores table.

- PK `STATS#CALLS#<YYYY-MM-DD>` (the UTC day), SK `<HH:MM>#<table>#<Operation>`;
- calls, errors, throttles, conditionFailures, retries, capacityMilli, ms1 … ms5000,
  msOver, ttl, updatedAt.

`ms<N>` counts the calls that took at most N ms (and more than the bound before;
metrics.BUCKETS_MS), `msOver` the slower ones. Every process adds its figures with one
unconditional ADD UpdateItem per (minute, table, operation) and flush, so gunicorn
workers and commands add up in the same items, and every reader sees all of them. A day
is one partition: a few writes a second at most, far below a partition's limit. Items
expire by `ttl` after RETENTION_DAYS.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from marketing.dynamo.config import get_config
from marketing.dynamo.metrics import BUCKETS_MS, CallFigures, MinuteKey
from marketing.dynamo.tables import STORES

PARTITION_PREFIX = "STATS#CALLS#"
RETENTION_DAYS = 8
BUCKET_ATTRIBUTES: tuple[str, ...] = (*(f"ms{bound}" for bound in BUCKETS_MS), "msOver")
COUNT_ATTRIBUTES = {
    "calls": "calls",
    "errors": "errors",
    "throttles": "throttles",
    "condition_failures": "conditionFailures",
    "retries": "retries",
    "capacity_milli": "capacityMilli",
}


@dataclass(frozen=True)
class MinuteFigures:
    minute: dt.datetime  # UTC, start of the minute
    table: str
    operation: str
    figures: CallFigures


def partition_key(day: dt.date) -> str:
    return f"{PARTITION_PREFIX}{day:%Y-%m-%d}"


def sort_key(minute: dt.datetime, table: str, operation: str) -> str:
    return f"{minute:%H:%M}#{table}#{operation}"


def _table_name() -> str:
    return STORES.table_name(get_config().table_prefix)


def write(taken: dict[MinuteKey, CallFigures], *, client=None) -> int:
    """One ADD UpdateItem per (minute, operation, table); raises on the first failure
    (metrics.flush keeps what was not written)."""
    from marketing.dynamo.client import get_metrics_client

    client = client or get_metrics_client()
    table_name = _table_name()
    written = 0
    for (epoch_minute, operation, table), figures in list(taken.items()):
        minute = dt.datetime.fromtimestamp(epoch_minute * 60, dt.UTC)
        client.update_item(**_add_request(table_name, minute, table, operation, figures))
        del taken[(epoch_minute, operation, table)]
        written += 1
    return written


def _add_request(table_name, minute: dt.datetime, table, operation, figures) -> dict:
    expires = minute + dt.timedelta(days=RETENTION_DAYS)
    names = {"#ttl": "ttl", "#ua": "updatedAt"}
    values: dict = {
        ":ttl": {"N": str(int(expires.timestamp()))},
        ":now": {"S": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")},
    }
    adds = []
    amounts = [(attr, getattr(figures, field)) for field, attr in COUNT_ATTRIBUTES.items()]
    amounts += list(zip(BUCKET_ATTRIBUTES, figures.buckets, strict=True))
    for number, (attribute, amount) in enumerate(amounts):
        if amount:
            names[f"#a{number}"] = attribute
            values[f":a{number}"] = {"N": str(amount)}
            adds.append(f"#a{number} :a{number}")
    expression = "SET #ttl = :ttl, #ua = :now"
    if adds:
        expression += " ADD " + ", ".join(adds)
    return {
        "TableName": table_name,
        "Key": {
            "PK": {"S": partition_key(minute.date())},
            "SK": {"S": sort_key(minute, table, operation)},
        },
        "UpdateExpression": expression,
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
    }


def read(since: dt.datetime, until: dt.datetime, *, client=None) -> list[MinuteFigures]:
    """Every figure item of the minutes from `since` to `until` (UTC, both included): one
    Query per UTC day the window touches (two at most for a window under a day)."""
    from marketing.dynamo.calls import translated_errors
    from marketing.dynamo.client import get_client

    client = client or get_client("interactive")
    since, until = since.astimezone(dt.UTC), until.astimezone(dt.UTC)
    found: list[MinuteFigures] = []
    day = since.date()
    while day <= until.date():
        first = since if day == since.date() else dt.datetime.combine(day, dt.time(), dt.UTC)
        last = until if day == until.date() else dt.datetime.combine(day, dt.time(23, 59), dt.UTC)
        with translated_errors():
            for raw in _query(client, day, first, last):
                found.append(_decode(day, raw))
        day += dt.timedelta(days=1)
    return found


def _query(client, day: dt.date, first: dt.datetime, last: dt.datetime) -> Iterator[dict]:
    request = {
        "TableName": _table_name(),
        "KeyConditionExpression": "PK = :pk AND SK BETWEEN :first AND :last",
        "ExpressionAttributeValues": {
            ":pk": {"S": partition_key(day)},
            ":first": {"S": f"{first:%H:%M}"},
            ":last": {"S": f"{last:%H:%M}#~"},
        },
    }
    while True:
        page = client.query(**request)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _decode(day: dt.date, raw: dict) -> MinuteFigures:
    clock, table, operation = raw["SK"]["S"].split("#", 2)
    hour, minute = (int(part) for part in clock.split(":"))

    def number(attribute: str) -> int:
        value = raw.get(attribute)
        return int(value["N"]) if value else 0

    figures = CallFigures(
        **{field: number(attr) for field, attr in COUNT_ATTRIBUTES.items()},
        buckets=[number(attribute) for attribute in BUCKET_ATTRIBUTES],
    )
    moment = dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)
    return MinuteFigures(minute=moment, table=table, operation=operation, figures=figures)
