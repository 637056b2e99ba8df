"""`manage.py dynamodb_health` and the health page: figures, targets, exit codes, admins only."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from marketing.dynamo import metrics
from marketing.dynamo.client import get_client
from marketing.operations import consumer
from tests.manage_process import run_manage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dynamo_tables")]


@pytest.fixture
def recorder():
    metrics.state.recorder.take()
    yield metrics.state.recorder
    metrics.state.recorder.take()


def _health(*args) -> tuple[int, dict]:
    out = StringIO()
    try:
        call_command("dynamodb_health", "--json", *args, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue())


def _workload(recorder, *, reads_ms, writes_ms, errors=0):
    for ms in reads_ms:
        recorder.record("Query", "matches", ms / 1000)
    for ms in writes_ms:
        recorder.record("UpdateItem", "matches", ms / 1000)
    for _ in range(errors):
        recorder.record("GetItem", "stores", 0.004, error_code="InternalServerError")
    metrics.flush()


def test_healthy_tables_and_a_fast_workload_exit_0_with_the_figures(recorder):
    _workload(recorder, reads_ms=[3] * 98 + [40] * 2, writes_ms=[8] * 10)
    code, report = _health()
    assert code == 0 and report["exitCode"] == 0 and report["targetsMissed"] == []
    assert report["reachable"] is True
    tables = {table["key"]: table for table in report["tables"]}
    assert set(tables) == {"stores", "creators", "matches", "campaigns", "audit"}
    assert all(table["status"] == "ACTIVE" for table in tables.values())
    assert {i["name"] for i in tables["matches"]["indexes"]} >= {"match-status-index"}
    assert tables["matches"]["stream"] == "NEW_AND_OLD_IMAGES"
    assert report["readLatency"]["calls"] >= 100  # the health check's own reads come on top
    query = next(
        row
        for row in report["operations"]
        if (row["table"], row["operation"]) == ("matches", "Query")
    )
    assert (query["calls"], query["p50Ms"], query["p95Ms"], query["p99Ms"]) == (100, 5, 5, 50)
    assert report["writeLatency"] == {
        "calls": 10,
        "p50Ms": 10,
        "p95Ms": 10,
        "p99Ms": 10,
        "slowerThanLastBucket": False,
        "targetP99Ms": 100,
        "meetsTarget": True,
    }
    assert report["errors"]["errors"] == 0 and report["errors"]["meetsTarget"] is True
    assert report["streamConsumer"] is None
    assert report["scrapeCache"]["targetPercent"] == 80
    assert report["hotPartitions"]["sampleSize"] == 1000


def test_slow_writes_miss_their_target_and_exit_1(recorder):
    _workload(recorder, reads_ms=[3] * 10, writes_ms=[8] * 90 + [250] * 10)
    code, report = _health()
    assert code == 1
    assert report["targetsMissed"] == ["writeLatency"]
    assert report["writeLatency"]["p99Ms"] == 300 and report["writeLatency"]["meetsTarget"] is False


def test_an_error_rate_over_a_tenth_of_a_percent_exits_1(recorder):
    _workload(recorder, reads_ms=[3] * 500, writes_ms=[], errors=1)
    code, report = _health("--sample", "0")
    assert code == 1 and report["targetsMissed"] == ["errorRate"]
    assert report["errors"]["errors"] == 1
    assert report["hotPartitions"] is None


def test_a_missing_table_exits_1(dynamo_tables):
    get_client("batch").delete_table(TableName=dynamo_tables["campaigns"])
    code, report = _health()
    assert code == 1 and report["targetsMissed"] == ["table:campaigns"]
    assert {t["key"]: t["status"] for t in report["tables"]}["campaigns"] == "MISSING"


def test_an_unreachable_endpoint_exits_2_in_korean():
    result = run_manage("dynamodb_health", DYNAMODB_ENDPOINT_URL="http://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    assert "DynamoDB 엔드포인트가 응답하지 않았습니다" in result.stderr
    result = run_manage("dynamodb_health", "--json", DYNAMODB_ENDPOINT_URL="http://127.0.0.1:9")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["reachable"] is False and report["exitCode"] == 2


def test_an_index_key_holding_most_of_the_sample_is_reported_hot(dynamo_tables):
    client = get_client("batch")
    for number in range(40):
        status = "PENDING" if number < 30 else f"OTHER{number}"
        client.put_item(
            TableName=dynamo_tables["matches"],
            Item={
                "PK": {"S": f"MATCH#{number}"},
                "SK": {"S": "STORE#s#CREATOR#c"},
                "GSI2PK": {"S": f"STATUS#{status}"},
                "GSI2SK": {"S": "DATE#2026-11-30"},
            },
        )
    _code, report = _health("--sample", "100")
    hot = report["hotPartitions"]["partitions"]
    assert hot == [
        {
            "table": "matches",
            "index": "match-status-index",
            "key": "STATUS#PENDING",
            "sampledItems": 30,
            "indexSampledItems": 40,
            "sharePercent": 75.0,
            "distinctKeys": 11,
        }
    ]


def test_the_consumer_lag_comes_from_its_checkpoint_when_there_is_one():
    now = dt.datetime.now(dt.UTC)

    def reader():
        return consumer.ConsumerLag(
            checkpointed_at=now, last_record_at=now - dt.timedelta(seconds=90), shards=4
        )

    consumer.register(reader)
    try:
        _code, report = _health("--sample", "0")
    finally:
        consumer.unregister(reader)
    assert report["streamConsumer"]["shards"] == 4
    assert 90 <= report["streamConsumer"]["lagSeconds"] < 120


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_the_health_page_is_refused_to_viewers_and_editors(client_as, role):
    response = client_as(role).get(reverse("admin:operations_health"))
    assert response.status_code == 403


def test_the_health_page_shows_an_admin_the_report_in_korean(client_as, recorder):
    _workload(recorder, reads_ms=[3] * 10, writes_ms=[8] * 5)
    client = client_as("admin")
    response = client.get(reverse("admin:operations_health"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "DynamoDB 상태" in page
    assert 'id="health-tables"' in page and "test-matches" in page
    assert "소비자 없음" in page  # no stream consumer
    assert 'data-exit-code="0"' in page
    assert 'id="health-hot"' not in page and 'id="health-sample"' in page  # no scan on open
    sampled = client.get(reverse("admin:operations_health") + "?sample=1").content.decode()
    assert 'id="health-hot-none"' in sampled
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:operations_health") in index


def test_the_index_offers_no_health_link_to_a_viewer(client_as):
    index = client_as("viewer").get(reverse("admin:index")).content.decode()
    assert reverse("admin:operations_health") not in index
