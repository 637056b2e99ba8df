"""The call metrics of separate processes add up on the embedded server, and the health
command reads every process's figures."""

import json

import pytest

from marketing.dynamo.tables import TABLES
from tests.manage_process import run_manage

pytestmark = pytest.mark.integration


def _health(live_dynamo, *args):
    result = run_manage(
        "dynamodb_health",
        "--json",
        "--sample",
        "50",
        *args,
        DYNAMODB_ENDPOINT_URL=live_dynamo.endpoint_url,
        DYNAMODB_TABLE_PREFIX="live-",
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _calls(report, operation):
    return sum(row["calls"] for row in report["operations"] if row["operation"] == operation)


def test_each_command_process_adds_its_calls_for_the_next_to_see(live_dynamo):
    first = _health(live_dynamo)
    second = _health(live_dynamo)
    third = _health(live_dynamo)
    assert {table["status"] for table in first["tables"]} == {"ACTIVE"}
    # Each run makes a DescribeTable call per table and flushes them at exit: the next run
    # sees them.
    assert _calls(second, "DescribeTable") >= _calls(first, "DescribeTable") + len(TABLES)
    assert _calls(third, "DescribeTable") == _calls(second, "DescribeTable") + len(TABLES)
    assert third["readLatency"]["calls"] > 0 and third["readLatency"]["p99Ms"] is not None
    for table in first["tables"]:
        # The audit table is the streams' destination and has no stream of its own.
        expected = "DISABLED" if table["name"].endswith("audit") else "NEW_AND_OLD_IMAGES"
        assert table["stream"] == expected
