"""seed_demo tests: the command through call_command on moto's DynamoDB."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from marketing.dynamo.client import get_client

# Small enough to be quick, large enough for every match and campaign status, platform
# and tier (15 creators: 3 platforms x 5 tiers).
STORES, CREATORS, MATCHES, CAMPAIGNS = 6, 15, 24, 6
SMALL = (
    *("--stores", str(STORES), "--creators", str(CREATORS)),
    *("--matches", str(MATCHES), "--campaigns", str(CAMPAIGNS)),
)


def seed_demo(*args: str) -> dict:
    """Run seed_demo --json with `args`; its summary object."""
    out = StringIO()
    call_command("seed_demo", "--json", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def every_item(tables: dict[str, str]) -> dict[str, list[dict]]:
    """{table: every stored item, as DynamoDB returns it}, in key order."""
    client = get_client("batch")
    found = {}
    for key, name in tables.items():
        items, request = [], {"TableName": name, "ConsistentRead": True}
        while True:
            page = client.scan(**request)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        found[key] = sorted(items, key=lambda item: (item["PK"]["S"], item["SK"]["S"]))
    return found


@pytest.fixture
def uncounted(monkeypatch):
    """seed_demo without counting the counters again afterwards: that has tests of its
    own, and on moto it takes longer than the demo itself."""
    monkeypatch.setattr(
        "marketing.management.commands.seed_demo.recount_after_bulk_write", lambda: None
    )


@pytest.fixture
def seeded(dynamo_tables, uncounted):
    """The small demo, written once (its counters not counted); its summary."""
    return seed_demo(*SMALL)


@pytest.fixture
def counted(dynamo_tables):
    """The small demo, written once and counted, as the command does; its summary."""
    return seed_demo(*SMALL)
