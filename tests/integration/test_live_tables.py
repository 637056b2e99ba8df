"""The live tables on the embedded server, over HTTP, match data-model.md."""

import re
from pathlib import Path

import boto3
import pytest

from tests.manage_process import run_manage

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DATA_MODEL = ROOT.parent / "shared" / "design" / "data-model.md"

EXPECTED = {
    "stores": ["store-category-index", "store-location-index", "store-price-index"],
    "creators": [
        "creator-category-index",
        "creator-location-index",
        "creator-platform-index",
        "creator-influence-index",
        "creator-name-index",
        "creator-handle-index",
    ],
    "matches": [
        "match-score-index",
        "match-status-index",
        "match-date-index",
        "match-store-index",
        "match-creator-index",
    ],
    "campaigns": ["campaign-status-index", "campaign-store-index"],
    "audit": ["audit-actor-index", "audit-day-index"],
}


def _raw_client(endpoint_url):
    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint_url,
        region_name="ap-northeast-2",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def test_every_table_key_and_index_name_is_live(live_dynamo):
    client = _raw_client(live_dynamo.endpoint_url)
    for table, indexes in EXPECTED.items():
        described = client.describe_table(TableName=f"live-{table}")["Table"]
        assert [(k["AttributeName"], k["KeyType"]) for k in described["KeySchema"]] == [
            ("PK", "HASH"),
            ("SK", "RANGE"),
        ]
        live = {gsi["IndexName"]: gsi for gsi in described["GlobalSecondaryIndexes"]}
        assert sorted(live) == sorted(indexes)
        for number, name in enumerate(indexes, start=1):
            assert [k["AttributeName"] for k in live[name]["KeySchema"]] == [
                f"GSI{number}PK",
                f"GSI{number}SK",
            ]
        assert described["BillingMode" if "BillingMode" in described else "BillingModeSummary"]
        if table == "audit":
            assert "StreamSpecification" not in described
        else:
            assert described["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        ttl = client.describe_time_to_live(TableName=f"live-{table}")["TimeToLiveDescription"]
        assert (ttl["TimeToLiveStatus"] == "ENABLED") == (table in ("stores", "matches", "audit"))


def test_every_index_is_named_in_data_model_md_or_listed_as_an_addition():
    import os

    if not DATA_MODEL.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/design/data-model.md must be beside the checkout under CI")
        pytest.skip("../shared/design/data-model.md not present")
    text = DATA_MODEL.read_text()
    contract = set(re.findall(r"`([a-z]+-[a-z]+-index)`", text))
    readme = (ROOT / "README.md").read_text()
    additions = set(re.findall(r"\| `([a-z]+-[a-z]+-index)` \|", readme))
    created = {name for indexes in EXPECTED.values() for name in indexes}
    assert contract <= created, "an index of the contract is missing from the code"
    assert created - contract == additions, "list every added index in README's Data model"
    for table in EXPECTED:
        assert f"`<prefix>{table}`" in text


def test_a_command_in_another_process_sees_the_same_tables(live_dynamo):
    result = run_manage(
        "dynamodb_tables",
        "describe",
        DYNAMODB_ENDPOINT_URL=live_dynamo.endpoint_url,
        DYNAMODB_TABLE_PREFIX="live-",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for table in EXPECTED:
        assert f"live-{table}" in result.stdout


def test_a_command_says_how_to_start_dynamodb_when_nothing_answers():
    result = run_manage(
        "dynamodb_tables",
        "describe",
        LOCAL_DYNAMODB_PORT="1",
    )
    assert result.returncode == 1
    assert "python manage.py localdynamo" in result.stderr
    assert "Traceback" not in result.stderr


def test_empty_aws_variables_from_a_copied_env_file_mean_unset():
    result = run_manage(
        "dynamodb_tables", "describe", LOCAL_DYNAMODB_PORT="1", AWS_PROFILE="", AWS_ACCESS_KEY_ID=""
    )
    assert result.returncode == 1
    assert "python manage.py localdynamo" in result.stderr
