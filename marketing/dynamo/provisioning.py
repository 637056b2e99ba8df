"""Create the tables of marketing.dynamo.tables, and compare live tables with them.

No Django here: `python manage.py dynamodb_tables` calls these and prints what they
report. Raw DynamoDB descriptions stay in this module; callers get Events and Reports.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from botocore.exceptions import ClientError

from marketing.dynamo import errors
from marketing.dynamo.calls import translate_client_error, translated_errors
from marketing.dynamo.tables import (
    TABLES,
    IndexSpec,
    TableSpec,
    create_table_request,
    gsi_definition,
)

READY_STATUSES = frozenset({"ACTIVE"})
TTL_ON = frozenset({"ENABLED", "ENABLING"})
SSE_ON = frozenset({"ENABLED", "ENABLING", "UPDATING"})


class ProvisioningTimeout(errors.DynamoError):
    """A table or index did not become ACTIVE within the allowed time."""


@dataclass(frozen=True)
class Waiting:
    """How long to poll for a table or index to become ACTIVE."""

    delay: float = 2.0
    timeout: float = 900.0  # building an index on a large table can take minutes


@dataclass(frozen=True)
class Event:
    """One thing `ensure_tables` did, or could not do."""

    table: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"warning: {self.message}" if self.warning else self.message


def selected_specs(keys: Iterable[str] | None = None) -> list[TableSpec]:
    if not keys:
        return list(TABLES.values())
    unknown = sorted(set(keys) - set(TABLES))
    if unknown:
        raise KeyError(f"unknown table(s): {', '.join(unknown)}; known: {', '.join(TABLES)}")
    return [TABLES[key] for key in keys]


# --- create ---------------------------------------------------------------------


def ensure_tables(
    client, specs: Iterable[TableSpec], prefix: str, waiting: Waiting = Waiting()
) -> Iterator[Event]:
    """Bring every table up to its spec, yielding one Event per action taken."""
    with translated_errors():
        for spec in specs:
            yield from _TableProvisioner(client, spec, prefix, waiting).run()


class _TableProvisioner:
    def __init__(self, client, spec: TableSpec, prefix: str, waiting: Waiting):
        self.client = client
        self.spec = spec
        self.name = spec.table_name(prefix)
        self.prefix = prefix
        self.waiting = waiting

    def run(self) -> Iterator[Event]:
        changed = False
        table = _describe_table(self.client, self.name)
        if table is None:
            self.client.create_table(**create_table_request(self.spec, self.prefix))
            table = self._wait_until_ready()
            changed = True
            yield self._event(f"created table {self.name}")
        else:
            table = self._wait_until_ready()
            if _key_schema(table) != _expected_key_schema(self.spec):
                yield self._warning(
                    f"{self.name}: key schema differs from the spec and DynamoDB cannot "
                    "change it; recreate the table (see `dynamodb_tables describe`)"
                )
                return
        for step in (
            self._billing_mode,
            self._indexes,
            self._stream,
            self._server_side_encryption,
            self._time_to_live,
            self._point_in_time_recovery,
        ):
            for event in step(table):
                changed = changed or not event.warning
                yield event
            table = _describe_table(self.client, self.name) or table
        if not changed:
            yield self._event(f"up to date: {self.name}")

    def _billing_mode(self, table: dict) -> Iterator[Event]:
        if _billing_mode(table) == self.spec.billing_mode:
            return
        self.client.update_table(TableName=self.name, BillingMode=self.spec.billing_mode)
        self._wait_until_ready()
        yield self._event(f"set billing mode {self.spec.billing_mode} on {self.name}")

    def _indexes(self, table: dict) -> Iterator[Event]:
        live = _live_indexes(table)
        for index in self.spec.indexes:
            if index.name in live:
                if _index_shape(live[index.name]) != _expected_index_shape(index):
                    yield self._warning(
                        f"{self.name}: index {index.name} differs from the spec; "
                        "an index cannot be changed, only deleted and re-added"
                    )
                continue
            # DynamoDB accepts a single index creation per UpdateTable call.
            self.client.update_table(
                TableName=self.name,
                AttributeDefinitions=_attribute_definitions(table, index),
                GlobalSecondaryIndexUpdates=[{"Create": gsi_definition(index)}],
            )
            table = self._wait_until_ready()
            yield self._event(f"added index {index.name} to {self.name}")

    def _stream(self, table: dict) -> Iterator[Event]:
        view_type = _stream_view_type(table)
        if view_type == self.spec.stream_view_type or self.spec.stream_view_type is None:
            return
        if view_type is not None:
            # Switching means disabling first, which would cut off current consumers.
            yield self._warning(
                f"{self.name}: stream has view type {view_type}, the spec wants "
                f"{self.spec.stream_view_type}; not changed"
            )
            return
        stream = {"StreamEnabled": True, "StreamViewType": self.spec.stream_view_type}
        yield from self._optional(
            "streams",
            lambda: self.client.update_table(TableName=self.name, StreamSpecification=stream),
            f"enabled stream ({self.spec.stream_view_type}) on {self.name}",
        )

    def _server_side_encryption(self, table: dict) -> Iterator[Event]:
        if not self.spec.server_side_encryption or _sse_status(table) in SSE_ON:
            return

        def enable() -> None:
            response = self.client.update_table(
                TableName=self.name, SSESpecification={"Enabled": True, "SSEType": "KMS"}
            )
            if _sse_status(response["TableDescription"]) not in SSE_ON:
                raise _Unsupported("the endpoint accepted the request but reports no SSE")

        yield from self._optional(
            "server-side encryption", enable, f"enabled server-side encryption on {self.name}"
        )

    def _time_to_live(self, table: dict) -> Iterator[Event]:
        attribute = self.spec.ttl_attribute
        if attribute is None:
            return
        try:
            ttl = self.client.describe_time_to_live(TableName=self.name)
        except ClientError as exc:
            yield self._unsupported("TTL", exc)
            return
        description = ttl.get("TimeToLiveDescription", {})
        status = description.get("TimeToLiveStatus", "DISABLED")
        if status in TTL_ON and description.get("AttributeName") == attribute:
            return
        if status != "DISABLED":
            yield self._warning(
                f"{self.name}: TTL is {status} on {description.get('AttributeName')!r}, "
                f"the spec wants {attribute!r}; disable it first (one change per hour)"
            )
            return
        spec = {"Enabled": True, "AttributeName": attribute}
        yield from self._optional(
            "TTL",
            lambda: self.client.update_time_to_live(
                TableName=self.name, TimeToLiveSpecification=spec
            ),
            f"enabled TTL on {self.name} (attribute {attribute})",
        )

    def _point_in_time_recovery(self, table: dict) -> Iterator[Event]:
        if not self.spec.point_in_time_recovery:
            return
        try:
            backups = self.client.describe_continuous_backups(TableName=self.name)
        except ClientError as exc:
            yield self._unsupported("point-in-time recovery", exc)
            return
        if _pitr_status(backups) == "ENABLED":
            return
        yield from self._optional(
            "point-in-time recovery",
            lambda: self.client.update_continuous_backups(
                TableName=self.name,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            ),
            f"enabled point-in-time recovery on {self.name}",
        )

    def _optional(self, feature: str, call: Callable[[], object], done: str) -> Iterator[Event]:
        """Run a call an endpoint may not support: a rejection is a warning, not a failure."""
        try:
            call()
        except (ClientError, _Unsupported) as exc:
            yield self._unsupported(feature, exc)
            return
        self._wait_until_ready()
        yield self._event(done)

    def _unsupported(self, feature: str, exc: Exception) -> Event:
        if isinstance(exc, ClientError):
            error = translate_client_error(exc)
            if isinstance(error, errors.Throttled):
                raise error from exc
        return self._warning(f"{self.name}: {feature} not enabled, the endpoint said: {exc}")

    def _wait_until_ready(self) -> dict:
        deadline = time.monotonic() + self.waiting.timeout
        while True:
            table = _describe_table(self.client, self.name)
            if table is not None and _is_ready(table):
                return table
            if time.monotonic() >= deadline:
                raise ProvisioningTimeout(
                    f"{self.name} was not ACTIVE after {self.waiting.timeout:.0f} s"
                )
            time.sleep(self.waiting.delay)

    def _event(self, message: str) -> Event:
        return Event(self.name, message)

    def _warning(self, message: str) -> Event:
        return Event(self.name, message, warning=True)


class _Unsupported(Exception):
    pass


def _is_ready(table: dict) -> bool:
    if table.get("TableStatus") not in READY_STATUSES:
        return False
    return all(
        index.get("IndexStatus", "ACTIVE") in READY_STATUSES
        for index in table.get("GlobalSecondaryIndexes", [])
    )


def _attribute_definitions(table: dict, index: IndexSpec) -> list[dict]:
    """The table's attribute definitions plus the index's key attributes."""
    definitions = {d["AttributeName"]: d for d in table.get("AttributeDefinitions", [])}
    for name in (index.pk, index.sk):
        definitions.setdefault(name, {"AttributeName": name, "AttributeType": "S"})
    return list(definitions.values())


# --- describe -------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    table: str
    aspect: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"{self.table}: {self.aspect}: expected {self.expected}, found {self.actual}"


@dataclass
class TableReport:
    key: str
    table: str
    exists: bool
    differences: list[Difference] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # aspects the endpoint doesn't report

    @property
    def matches(self) -> bool:
        return not self.differences

    def summary(self) -> str:
        if not self.exists:
            return f"{self.table}: missing"
        verdict = (
            "matches the spec"
            if self.matches
            else f"{len(self.differences)} difference(s) from the spec"
        )
        if self.unknown:
            verdict += f" (unknown: {', '.join(self.unknown)})"
        return f"{self.table}: {verdict}"


@dataclass
class Report:
    tables: list[TableReport]

    @property
    def matches(self) -> bool:
        return all(table.matches for table in self.tables)

    @property
    def differences(self) -> list[Difference]:
        return [d for table in self.tables for d in table.differences]

    def as_dict(self) -> dict:
        return {
            "matches": self.matches,
            "tables": [{**asdict(table), "matches": table.matches} for table in self.tables],
        }


def compare_tables(client, specs: Iterable[TableSpec], prefix: str) -> Report:
    with translated_errors():
        return Report([_compare_table(client, spec, prefix) for spec in specs])


def _compare_table(client, spec: TableSpec, prefix: str) -> TableReport:
    name = spec.table_name(prefix)
    table = _describe_table(client, name)
    report = TableReport(spec.key, name, exists=table is not None)
    if table is None:
        report.differences.append(Difference(name, "table", "exists", "missing"))
        return report

    def differ(aspect: str, expected: object, actual: object) -> None:
        if expected != actual:
            report.differences.append(Difference(name, aspect, str(expected), str(actual)))

    differ("key schema", _format_keys(_expected_key_schema(spec)), _format_keys(_key_schema(table)))
    live_types = {d["AttributeName"]: d["AttributeType"] for d in table["AttributeDefinitions"]}
    for attribute in spec.key_attributes:
        if attribute in live_types:
            differ(f"attribute {attribute} type", "S", live_types[attribute])
    _compare_indexes(spec, _live_indexes(table), report)
    differ("billing mode", spec.billing_mode, _billing_mode(table))
    differ("stream", spec.stream_view_type or "disabled", _stream_view_type(table) or "disabled")
    _compare_ttl(client, spec, report)
    _compare_pitr(client, spec, report)
    sse = _sse_status(table)
    if sse is None:
        if spec.server_side_encryption:
            report.unknown.append("SSE")  # AWS-owned-key tables report nothing either
    else:
        differ("SSE", _on_off(spec.server_side_encryption), _on_off(sse in SSE_ON))
    return report


def _compare_indexes(spec: TableSpec, live: dict[str, dict], report: TableReport) -> None:
    name = report.table
    for index in spec.indexes:
        expected = _format_shape(_expected_index_shape(index))
        if index.name not in live:
            report.differences.append(Difference(name, f"index {index.name}", expected, "missing"))
            continue
        actual = _format_shape(_index_shape(live[index.name]))
        if actual != expected:
            report.differences.append(Difference(name, f"index {index.name}", expected, actual))
    for extra in sorted(set(live) - {index.name for index in spec.indexes}):
        report.differences.append(
            Difference(name, f"index {extra}", "absent", _format_shape(_index_shape(live[extra])))
        )


def _compare_ttl(client, spec: TableSpec, report: TableReport) -> None:
    try:
        ttl = client.describe_time_to_live(TableName=report.table)
    except ClientError:
        report.unknown.append("TTL")
        return
    description = ttl.get("TimeToLiveDescription", {})
    status = description.get("TimeToLiveStatus", "DISABLED")
    actual = f"on {description.get('AttributeName')}" if status in TTL_ON else "off"
    expected = f"on {spec.ttl_attribute}" if spec.ttl_attribute else "off"
    if actual != expected:
        report.differences.append(Difference(report.table, "TTL", expected, actual))


def _compare_pitr(client, spec: TableSpec, report: TableReport) -> None:
    try:
        backups = client.describe_continuous_backups(TableName=report.table)
    except ClientError:
        report.unknown.append("PITR")
        return
    actual = _on_off(_pitr_status(backups) == "ENABLED")
    expected = _on_off(spec.point_in_time_recovery)
    if actual != expected:
        report.differences.append(Difference(report.table, "PITR", expected, actual))


# --- reading DynamoDB's descriptions ------------------------------------------


def _describe_table(client, name: str) -> dict | None:
    try:
        return client.describe_table(TableName=name)["Table"]
    except client.exceptions.ResourceNotFoundException:
        return None


def _key_schema(described: dict) -> list[tuple[str, str]]:
    return [(k["AttributeName"], k["KeyType"]) for k in described.get("KeySchema", [])]


def _expected_key_schema(spec: TableSpec) -> list[tuple[str, str]]:
    return [(spec.pk, "HASH"), (spec.sk, "RANGE")]


def _live_indexes(table: dict) -> dict[str, dict]:
    return {index["IndexName"]: index for index in table.get("GlobalSecondaryIndexes") or []}


def _index_shape(described: dict) -> tuple:
    projection = described.get("Projection", {})
    return (
        tuple(_key_schema(described)),
        projection.get("ProjectionType", "ALL"),
        tuple(sorted(projection.get("NonKeyAttributes", []))),
    )


def _expected_index_shape(index: IndexSpec) -> tuple:
    return _index_shape(gsi_definition(index))


def _billing_mode(table: dict) -> str:
    # Tables created as PROVISIONED before billing modes existed have no summary.
    return table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")


def _stream_view_type(table: dict) -> str | None:
    stream = table.get("StreamSpecification") or {}
    return stream.get("StreamViewType") if stream.get("StreamEnabled") else None


def _sse_status(table: dict) -> str | None:
    return (table.get("SSEDescription") or {}).get("Status")


def _pitr_status(backups: dict) -> str:
    description = backups.get("ContinuousBackupsDescription", {})
    recovery = description.get("PointInTimeRecoveryDescription", {})
    return recovery.get("PointInTimeRecoveryStatus", "DISABLED")


def _format_keys(keys) -> str:
    return ", ".join(f"{name} {key_type}" for name, key_type in keys) or "none"


def _format_shape(shape: tuple) -> str:
    keys, projection, non_key = shape
    text = f"{_format_keys(keys)}, projection {projection}"
    return f"{text} {list(non_key)}" if non_key else text


def _on_off(value: bool) -> str:
    return "on" if value else "off"
