"""`python manage.py dynamodb_tables {create,describe,template}` end to end under moto."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marketing.dynamo import config as dynamo_config
from marketing.dynamo.client import get_client

TABLE_ORDER = ["stores", "creators", "matches", "campaigns", "audit"]
TABLE_NAMES = ["test-audit", "test-campaigns", "test-creators", "test-matches", "test-stores"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("dynamodb_tables", *args, stdout=out)
    return out.getvalue()


def test_create_on_an_empty_account_prints_one_line_per_action(mocked_aws):
    output = run("create", "--poll-delay", "0.01")

    assert sorted(get_client("batch").list_tables()["TableNames"]) == TABLE_NAMES
    lines = output.splitlines()
    for name in TABLE_NAMES:
        assert f"created table {name}" in lines
    assert "enabled TTL on test-stores (attribute ttl)" in lines
    assert "enabled TTL on test-matches (attribute ttl)" in lines
    assert "enabled TTL on test-audit (attribute ttl)" in lines


def test_create_twice_reports_up_to_date(mocked_aws):
    run("create")
    assert run("create").splitlines() == [
        "up to date: test-stores",
        "up to date: test-creators",
        "up to date: test-matches",
        "up to date: test-campaigns",
        "up to date: test-audit",
    ]


def test_create_on_a_four_table_deployment_adds_the_audit_table_and_streams(mocked_aws):
    from marketing.dynamo.tables import DOMAIN_TABLES, create_table_request

    client = get_client("batch")
    for spec in DOMAIN_TABLES.values():
        request = create_table_request(spec, "test-")
        if spec.key == "creators":
            del request["StreamSpecification"]  # a deployment made before streams
        client.create_table(**request)

    lines = run("create", "--poll-delay", "0.01").splitlines()

    assert "created table test-audit" in lines
    assert "enabled stream (NEW_AND_OLD_IMAGES) on test-creators" in lines
    for key in DOMAIN_TABLES:
        stream = client.describe_table(TableName=f"test-{key}")["Table"]["StreamSpecification"]
        assert stream == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    audit = client.describe_table(TableName="test-audit")["Table"]
    assert sorted(gsi["IndexName"] for gsi in audit["GlobalSecondaryIndexes"]) == [
        "audit-actor-index",
        "audit-day-index",
    ]
    assert "StreamSpecification" not in audit or not audit["StreamSpecification"]["StreamEnabled"]
    ttl = client.describe_time_to_live(TableName="test-audit")["TimeToLiveDescription"]
    assert ttl["AttributeName"] == "ttl"
    assert run("describe").splitlines()[-1] == "test-audit: matches the spec"


def test_create_with_prefix_and_table_options(mocked_aws):
    output = run("create", "--prefix", "other-", "--table", "campaigns")
    assert get_client("batch").list_tables()["TableNames"] == ["other-campaigns"]
    assert "created table other-campaigns" in output


def test_describe_after_create_exits_zero(mocked_aws):
    run("create")
    output = run("describe")
    assert output.splitlines() == [f"test-{key}: matches the spec" for key in TABLE_ORDER]


def test_describe_prints_each_difference_and_fails(dynamo_tables):
    # The fixture's tables lack TTL; break a few more things.
    client = get_client("batch")
    client.delete_table(TableName=dynamo_tables["campaigns"])
    client.update_table(
        TableName=dynamo_tables["matches"],
        GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "match-creator-index"}}],
    )
    out = StringIO()
    with pytest.raises(CommandError, match="difference") as failure:
        call_command("dynamodb_tables", "describe", stdout=out)
    assert failure.value.returncode == 1

    lines = out.getvalue().splitlines()
    assert "test-campaigns: table: expected exists, found missing" in lines
    assert "test-stores: TTL: expected on ttl, found off" in lines
    assert "test-matches: TTL: expected on ttl, found off" in lines
    assert any(line.startswith("test-matches: index match-creator-index:") for line in lines)
    assert "test-campaigns: missing" in lines
    assert "test-creators: PITR: expected on, found off" in lines


def test_describe_reports_a_wrong_key_schema(mocked_aws):
    get_client("batch").create_table(
        TableName="test-stores",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("dynamodb_tables", "describe", "--table", "stores", stdout=out)
    assert "test-stores: key schema: expected PK HASH, SK RANGE, found id HASH" in (
        out.getvalue().splitlines()
    )


def test_describe_json_is_machine_readable(mocked_aws):
    run("create")
    report = json.loads(run("describe", "--json"))
    assert report["matches"] is True
    assert [t["table"] for t in report["tables"]] == [f"test-{k}" for k in TABLE_ORDER]


def test_template_prints_cloudformation_json():
    template = json.loads(run("template"))
    kinds = {r["Type"] for r in template["Resources"].values()}
    assert kinds == {"AWS::DynamoDB::Table", "AWS::CloudWatch::Alarm"}


def test_unknown_table_is_a_command_error(mocked_aws):
    with pytest.raises(CommandError, match="unknown table"):
        run("create", "--table", "shops")


@pytest.mark.parametrize("action", ["create", "describe"])
def test_no_endpoint_tells_how_to_start_the_embedded_server(action):
    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:1", uses_embedded_server=True)
    )
    try:
        with pytest.raises(CommandError, match=re.escape("python manage.py localdynamo")):
            run(action)
    finally:
        dynamo_config.configure(previous)
