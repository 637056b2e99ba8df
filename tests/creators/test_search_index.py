"""The search indexes reach tables made before them: `dynamodb_tables create` adds them to
the existing creators table, and `backfill_creator_keys` gives stored channels their keys
(dry run unless --for-real; idempotent, so a second run finds nothing to do)."""

import io

import pytest
from django.core.management import call_command

from creators import services
from creators.domain import CreatorFilters, Statistics
from marketing.dynamo.client import get_client
from marketing.dynamo.tables import CREATORS, create_table_request
from tests.conftest import TEST_PREFIX

NEW_INDEXES = {"creator-name-index", "creator-handle-index"}
NEW_KEYS = ("GSI5PK", "GSI5SK", "GSI6PK", "GSI6SK")


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _table_as_it_was(client):
    """The creators table with the four indexes it had before the search indexes."""
    request = create_table_request(CREATORS, TEST_PREFIX)
    request["GlobalSecondaryIndexes"] = [
        g for g in request["GlobalSecondaryIndexes"] if g["IndexName"] not in NEW_INDEXES
    ]
    request["AttributeDefinitions"] = [
        a for a in request["AttributeDefinitions"] if a["AttributeName"] not in NEW_KEYS
    ]
    client.create_table(**request)


def test_create_adds_the_search_indexes_to_an_existing_creators_table(mocked_aws):
    client = get_client("batch")
    _table_as_it_was(client)
    output = run("dynamodb_tables", "create", "--table", "creators", "--poll-delay", "0.01")
    assert "added index creator-name-index to test-creators" in output
    assert "added index creator-handle-index to test-creators" in output
    table = client.describe_table(TableName="test-creators")["Table"]
    assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} >= NEW_INDEXES
    assert "up to date" in run("dynamodb_tables", "create", "--table", "creators")


def _add(account, name):
    return services.creator_add_manual(
        platform="instagram",
        channel_id=account,
        channel_name=name,
        statistics=Statistics(subscribers=1200),
        actor="t",
    )


def _forget_search_keys(channel):
    """Make a stored channel look as if written before the search indexes existed."""
    pk, sk = services.CreatorRepository.key(channel)
    get_client("batch").update_item(
        TableName="test-creators",
        Key={"PK": {"S": pk}, "SK": {"S": sk}},
        UpdateExpression="REMOVE GSI5PK, GSI5SK, GSI6PK, GSI6SK",
    )


def _search(text):
    page = services.CreatorRepository().listing(CreatorFilters(search=text))
    return [row.channel_name for row in page.items]


@pytest.mark.usefixtures("dynamo_tables")
def test_backfill_is_a_dry_run_then_writes_the_keys_once():
    old = [_add("cook.kim", "김요리"), _add("bake.lee", "이제빵")]
    _add("new.one", "새로운")  # saved with its keys
    for channel in old:
        _forget_search_keys(channel)
    assert _search("김요") == []

    dry = run("backfill_creator_keys")
    assert "Dry run: 2 of 3 channel(s) need their search keys" in dry
    assert "instagram/cook.kim: needs its search keys" in dry
    assert _search("김요") == []

    done = run("backfill_creator_keys", "--for-real")
    assert "3 channel(s) checked: 2 given their search keys" in done
    assert _search("김요") == ["김요리"] and _search("@bake") == ["이제빵"]
    stored = services.CreatorRepository().channels_of(old[0].creator_id)[0]
    assert stored.version == old[0].version + 1 and stored.channel_name == "김요리"

    again = run("backfill_creator_keys", "--for-real")
    assert "0 given their search keys" in again and "3 already had them" in again
