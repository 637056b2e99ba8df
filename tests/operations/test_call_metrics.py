"""Every DynamoDB call is measured; flushed figures add up across processes in DynamoDB."""

import datetime as dt
import itertools
import json

import pytest
from botocore.awsrequest import AWSResponse

from marketing.dynamo import errors, metrics, metrics_store
from marketing.dynamo.calls import translated_errors
from marketing.dynamo.client import get_client

pytestmark = pytest.mark.usefixtures("dynamo_tables")

KEY = {"PK": {"S": "STORE#1"}, "SK": {"S": "PROFILE#1"}}


@pytest.fixture
def recorder():
    metrics.state.recorder.take()
    yield metrics.state.recorder
    metrics.state.recorder.take()


@pytest.fixture
def latencies(monkeypatch):
    """latencies([ms, ...]): the next calls take exactly these times on the metrics' clock."""

    def use(milliseconds):
        ticks = []
        for number, ms in enumerate(milliseconds):
            start = number * 10.0
            ticks += [start, start + ms / 1000]
        clock = itertools.chain(ticks, itertools.repeat(1e6))
        monkeypatch.setattr(metrics, "_clock", lambda: next(clock))

    return use


def _get(client, table):
    client.get_item(TableName=table, Key=KEY)


def _throttled(request, **_):
    body = json.dumps({"__type": "ThrottlingException", "message": "slow down"}).encode()
    return AWSResponse(request.url, 400, {}, _Raw(body))


class _Raw:
    def __init__(self, body):
        self.body = body

    def stream(self, **_):
        yield self.body


def _figures(rows, operation):
    total = metrics.CallFigures()
    for row in rows:
        if row.operation == operation:
            total.add(row.figures)
    return total


def test_a_known_workload_is_flushed_as_its_counts_and_latency_buckets(
    dynamo_tables, recorder, latencies, monkeypatch
):
    client = get_client("interactive")
    stores = dynamo_tables["stores"]
    # 10 reads at 3 ms, 5 at 40 ms, 1 at 400 ms; 2 failed conditional writes at 19 ms.
    latencies([3] * 10 + [40] * 5 + [400] + [19] * 2)
    for _ in range(16):
        _get(client, stores)
    for _ in range(2):
        with pytest.raises(errors.ConditionFailed), translated_errors():
            client.put_item(
                TableName=stores,
                Item={**KEY, "n": {"N": "1"}},
                ConditionExpression="attribute_exists(PK)",
            )
    monkeypatch.setattr("time.sleep", lambda seconds: None)  # botocore's backoff
    client.meta.events.register_first("before-send.dynamodb.Query", _throttled)
    try:
        with pytest.raises(errors.Throttled), translated_errors():
            client.query(
                TableName=stores,
                KeyConditionExpression="PK = :p",
                ExpressionAttributeValues={":p": {"S": "x"}},
            )
    finally:
        client.meta.events.unregister("before-send.dynamodb.Query", _throttled)

    assert metrics.flush() == 3  # GetItem, PutItem, Query in this minute: one write each
    assert recorder.pending() == 0  # the flush's own writes were not measured

    now = dt.datetime.now(dt.UTC)
    rows = metrics_store.read(now - dt.timedelta(minutes=2), now)
    reads = _figures(rows, "GetItem")
    assert {row.table for row in rows} == {"stores"}
    assert (reads.calls, reads.errors, reads.throttles) == (16, 0, 0)
    assert reads.buckets[metrics.BUCKETS_MS.index(5)] == 10
    assert reads.buckets[metrics.BUCKETS_MS.index(50)] == 5
    assert reads.buckets[metrics.BUCKETS_MS.index(500)] == 1
    assert (reads.percentile_ms(0.5), reads.percentile_ms(0.9), reads.percentile_ms(0.99)) == (
        5.0,
        50.0,
        500.0,
    )
    assert reads.capacity_milli > 0  # asked for with ReturnConsumedCapacity
    writes = _figures(rows, "PutItem")
    # A condition that did not hold is the answer the caller asked for, not an error.
    assert (writes.calls, writes.errors, writes.condition_failures) == (2, 0, 2)
    assert writes.buckets[metrics.BUCKETS_MS.index(20)] == 2, writes
    throttled = _figures(rows, "Query")
    # The interactive client tries 3 times: 2 retries, then the throttle is the answer.
    assert (throttled.calls, throttled.errors, throttled.throttles, throttled.retries) == (
        1,
        1,
        1,
        2,
    )


def test_flushes_from_several_processes_add_up_in_the_same_items(recorder):
    minute = int(dt.datetime.now(dt.UTC).timestamp() // 60)
    for _ in range(2):  # two workers, each with its own buffer, flush the same minute
        recorder.record("GetItem", "stores", 0.004)
        assert metrics.flush() == 1
    now = dt.datetime.now(dt.UTC)
    rows = metrics_store.read(now - dt.timedelta(minutes=2), now)
    rows = [row for row in rows if row.operation == "GetItem"]
    assert sum(r.figures.calls for r in rows) == 2
    assert all(int(r.minute.timestamp() // 60) in (minute, minute + 1) for r in rows)


def test_a_failed_flush_never_raises_and_keeps_the_figures(recorder, monkeypatch, caplog):
    recorder.record("GetItem", "stores", 0.004)

    def refuse(*args, **kwargs):
        raise errors.EndpointUnavailable("http://127.0.0.1:2", False)

    monkeypatch.setattr(metrics_store, "write", refuse)
    assert metrics.flush() == 0
    assert recorder.pending() == 1
    assert "not written" in caplog.text


def test_the_caller_keeps_its_own_return_consumed_capacity(dynamo_tables, recorder):
    response = get_client("interactive").get_item(
        TableName=dynamo_tables["stores"], Key=KEY, ReturnConsumedCapacity="NONE"
    )
    assert "ConsumedCapacity" not in response


def test_calls_to_an_unreachable_endpoint_count_as_errors(recorder):
    recorder.record("GetItem", "stores", 1.0, error_code="EndpointConnectionError")
    (figures,) = recorder.take().values()
    assert (figures.calls, figures.errors, figures.throttles) == (1, 1, 0)
    assert figures.percentile_ms(0.99) == 1000.0


def test_flushed_figures_are_published_once_as_cloudwatch_embedded_metrics(
    recorder, monkeypatch, caplog
):
    monkeypatch.setattr(metrics.state, "emf", True)
    for ms in (3, 3, 40):
        recorder.record("Query", "matches", ms / 1000)
    recorder.record("PutItem", "matches", 0.250)
    recorder.record("GetItem", "stores", 0.004, error_code="ThrottlingException")
    with caplog.at_level("INFO", logger="marketing.dynamo.metrics.emf"):
        assert metrics.flush() == 3
        assert metrics.flush() == 0  # nothing left: nothing published twice
    (record,) = [r for r in caplog.records if r.name == "marketing.dynamo.metrics.emf"]
    directive = record.cloudwatch_metrics["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "DotMarketing/DynamoDB"
    assert directive["Dimensions"] == [["TablePrefix"]]
    assert record.TablePrefix == "test-"
    assert record.ReadLatency == {"Values": [5, 50], "Counts": [3, 1]}  # GetItem 4 ms: ≤ 5
    assert record.WriteLatency == {"Values": [300], "Counts": [1]}
    assert (record.Calls, record.Errors, record.Throttles) == (5, 1, 1)
    assert {m["Name"] for m in directive["Metrics"]} == {
        "Calls",
        "Errors",
        "Throttles",
        "ReadLatency",
        "WriteLatency",
    }


def test_figures_not_written_are_not_published(recorder, monkeypatch, caplog):
    monkeypatch.setattr(metrics.state, "emf", True)
    recorder.record("Query", "matches", 0.003)

    def refuse(*args, **kwargs):
        raise errors.EndpointUnavailable("http://127.0.0.1:2", False)

    monkeypatch.setattr(metrics_store, "write", refuse)
    with caplog.at_level("INFO", logger="marketing.dynamo.metrics.emf"):
        metrics.flush()
    assert not [r for r in caplog.records if r.name == "marketing.dynamo.metrics.emf"]
