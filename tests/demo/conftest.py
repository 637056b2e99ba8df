"""seed_demo tests: the command through call_command on moto's DynamoDB."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from marketing.dynamo.client import get_client

# Small enough to be quick, large enough for every match and campaign status.
SMALL = ("--stores", "8", "--creators", "20", "--matches", "30", "--campaigns", "6")


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
def seeded(dynamo_tables):
    """The small demo, written once; its summary."""
    return seed_demo(*SMALL)
