"""marketing.dynamo.provisioning under moto: create is idempotent, describe finds drift."""

import pytest

from marketing.dynamo.client import get_client
from marketing.dynamo.provisioning import (
    Waiting,
    compare_tables,
    ensure_tables,
    selected_specs,
)
from marketing.dynamo.tables import MATCHES, STORES, TABLES, create_table_request
from tests.conftest import TEST_PREFIX

FAST = Waiting(delay=0.01, timeout=5)

EXPECTED_INDEXES = {
    "stores": {"store-category-index", "store-location-index", "store-price-index"},
    "creators": {
        "creator-category-index",
        "creator-location-index",
        "creator-platform-index",
        "creator-influence-index",
        "creator-name-index",
        "creator-handle-index",
    },
    "matches": {
        "match-score-index",
        "match-status-index",
        "match-date-index",
        "match-store-index",
        "match-creator-index",
    },
    "campaigns": {"campaign-status-index", "campaign-store-index"},
}


def create_all() -> list[str]:
    return [str(e) for e in ensure_tables(get_client("batch"), TABLES.values(), TEST_PREFIX, FAST)]


def test_create_makes_every_table_and_index_of_the_data_model(mocked_aws):
    lines = create_all()

    client = get_client("batch")
    assert sorted(client.list_tables()["TableNames"]) == [
        "test-audit",
        "test-campaigns",
        "test-creators",
        "test-matches",
        "test-stores",
    ]
    for key, index_names in EXPECTED_INDEXES.items():
        table = client.describe_table(TableName=f"test-{key}")["Table"]
        assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} == index_names
        assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        backups = client.describe_continuous_backups(TableName=f"test-{key}")
        pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert "created table test-stores" in lines
    assert "enabled TTL on test-stores (attribute ttl)" in lines


@pytest.mark.parametrize("key,ttl", [("stores", "ENABLED"), ("matches", "ENABLED")])
def test_create_enables_ttl_where_the_spec_says(mocked_aws, key, ttl):
    create_all()
    described = get_client("batch").describe_time_to_live(TableName=f"test-{key}")
    assert described["TimeToLiveDescription"] == {
        "TimeToLiveStatus": ttl,
        "AttributeName": "ttl",
    }


def test_create_leaves_ttl_off_where_the_spec_has_none(mocked_aws):
    create_all()
    described = get_client("batch").describe_time_to_live(TableName="test-creators")
    assert described["TimeToLiveDescription"]["TimeToLiveStatus"] == "DISABLED"


def test_create_twice_changes_nothing(mocked_aws):
    create_all()
    assert create_all() == [f"up to date: test-{key}" for key in TABLES]


def test_create_adds_a_missing_index_with_its_attributes(mocked_aws):
    request = create_table_request(MATCHES, TEST_PREFIX)
    request["GlobalSecondaryIndexes"] = [
        g for g in request["GlobalSecondaryIndexes"] if g["IndexName"] != "match-creator-index"
    ]
    request["AttributeDefinitions"] = [
        a for a in request["AttributeDefinitions"] if a["AttributeName"] not in {"GSI5PK", "GSI5SK"}
    ]
    client = get_client("batch")
    client.create_table(**request)

    lines = [str(e) for e in ensure_tables(client, [MATCHES], TEST_PREFIX, FAST)]

    assert "added index match-creator-index to test-matches" in lines
    table = client.describe_table(TableName="test-matches")["Table"]
    assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} == EXPECTED_INDEXES["matches"]
    assert {"GSI5PK", "GSI5SK"} <= {a["AttributeName"] for a in table["AttributeDefinitions"]}


def test_create_enables_stream_ttl_and_pitr_on_an_existing_bare_table(mocked_aws):
    client = get_client("batch")
    request = create_table_request(STORES, TEST_PREFIX)
    del request["StreamSpecification"]
    client.create_table(**request)

    lines = [str(e) for e in ensure_tables(client, [STORES], TEST_PREFIX, FAST)]

    assert lines == [
        "enabled stream (NEW_AND_OLD_IMAGES) on test-stores",
        "enabled TTL on test-stores (attribute ttl)",
        "enabled point-in-time recovery on test-stores",
    ]
    assert compare_tables(client, [STORES], TEST_PREFIX).matches


def test_create_warns_instead_of_failing_when_the_endpoint_rejects_a_feature(mocked_aws):
    client = get_client("batch")

    def reject(**kwargs):
        raise client.exceptions.ClientError(
            {"Error": {"Code": "UnknownOperationException", "Message": "not here"}},
            "UpdateContinuousBackups",
        )

    client.create_table(**create_table_request(STORES, TEST_PREFIX))
    original = client.update_continuous_backups
    client.update_continuous_backups = reject
    try:
        events = list(ensure_tables(client, [STORES], TEST_PREFIX, FAST))
    finally:
        client.update_continuous_backups = original

    warnings = [str(e) for e in events if e.warning]
    assert len(warnings) == 1
    assert "point-in-time recovery not enabled" in warnings[0]
    assert "enabled TTL on test-stores (attribute ttl)" in [str(e) for e in events]


def test_create_refuses_to_touch_a_table_with_another_key_schema(mocked_aws):
    client = get_client("batch")
    client.create_table(
        TableName="test-campaigns",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    )
    events = list(ensure_tables(client, [TABLES["campaigns"]], TEST_PREFIX, FAST))
    assert len(events) == 1 and events[0].warning
    assert "key schema differs" in events[0].message
    table = client.describe_table(TableName="test-campaigns")["Table"]
    assert not table.get("GlobalSecondaryIndexes")


def test_compare_after_create_finds_no_difference(mocked_aws):
    create_all()
    report = compare_tables(get_client("batch"), TABLES.values(), TEST_PREFIX)
    assert report.matches, report.differences
    assert [t.summary() for t in report.tables] == [
        f"test-{key}: matches the spec" for key in TABLES
    ]


def test_compare_reports_each_kind_of_difference(mocked_aws):
    create_all()
    client = get_client("batch")
    client.delete_table(TableName="test-campaigns")
    client.update_table(
        TableName="test-creators",
        GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "creator-platform-index"}}],
    )
    client.update_time_to_live(
        TableName="test-stores", TimeToLiveSpecification={"Enabled": False, "AttributeName": "ttl"}
    )

    report = compare_tables(client, TABLES.values(), TEST_PREFIX)

    lines = {str(d) for d in report.differences}
    assert lines == {
        "test-campaigns: table: expected exists, found missing",
        "test-creators: index creator-platform-index: expected GSI3PK HASH, GSI3SK RANGE, "
        "projection ALL, found missing",
        "test-stores: TTL: expected on ttl, found off",
    }
    assert not report.matches
    assert report.as_dict()["tables"][0]["matches"] is False


def test_compare_reports_wrong_key_schema_and_extra_index(mocked_aws):
    client = get_client("batch")
    request = create_table_request(STORES, TEST_PREFIX)
    request["KeySchema"] = [{"AttributeName": "PK", "KeyType": "HASH"}]
    request["AttributeDefinitions"] = [
        a for a in request["AttributeDefinitions"] if a["AttributeName"] != "SK"
    ]
    request["GlobalSecondaryIndexes"].append(
        {
            "IndexName": "store-extra-index",
            "KeySchema": [{"AttributeName": "GSI1SK", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }
    )
    client.create_table(**request)

    report = compare_tables(client, [STORES], TEST_PREFIX)

    lines = {str(d) for d in report.differences}
    assert "test-stores: key schema: expected PK HASH, SK RANGE, found PK HASH" in lines
    assert (
        "test-stores: index store-extra-index: expected absent, "
        "found GSI1SK HASH, projection KEYS_ONLY" in lines
    )


def test_selected_specs_rejects_unknown_keys():
    assert selected_specs(["stores"]) == [STORES]
    with pytest.raises(KeyError, match="unknown table"):
        selected_specs(["shops"])


def test_compare_notes_pitr_as_unknown_when_the_endpoint_does_not_report_it(mocked_aws):
    create_all()
    client = get_client("batch")

    def reject(**kwargs):
        raise client.exceptions.ClientError(
            {"Error": {"Code": "UnknownOperationException", "Message": "not here"}},
            "DescribeContinuousBackups",
        )

    original = client.describe_continuous_backups
    client.describe_continuous_backups = reject
    try:
        report = compare_tables(client, [STORES], TEST_PREFIX)
    finally:
        client.describe_continuous_backups = original

    assert report.matches
    assert report.tables[0].summary() == "test-stores: matches the spec (unknown: PITR)"
