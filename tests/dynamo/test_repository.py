import time
from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr
from botocore.stub import Stubber

from marketing.dynamo import config as dynamo_config
from marketing.dynamo import errors, keys, repository
from marketing.dynamo.client import get_client
from marketing.dynamo.repository import SortKey
from tests.dynamo.sample import MatchRepository, MatchRow, make_match


@pytest.fixture
def repo(dynamo_tables):
    return MatchRepository()


def raw_item(dynamo_tables, pk, sk):
    response = get_client().get_item(
        TableName=dynamo_tables["matches"], Key={"PK": {"S": pk}, "SK": {"S": sk}}
    )
    return response.get("Item")


# --- create / get -------------------------------------------------------------------------


def test_create_stamps_version_and_audit_fields(repo):
    created = repo.create(make_match(1), actor="alice")

    assert created.version == 1
    assert created.created_by == created.updated_by == "alice"
    assert created.created_at == created.updated_at is not None
    assert repo.get(*repo.key("m1")) == created


def test_create_twice_raises_condition_failed(repo):
    repo.create(make_match(1), actor="alice")
    with pytest.raises(errors.ConditionFailed, match="already exists") as caught:
        repo.create(make_match(1, score=90), actor="bob")
    assert not isinstance(caught.value, errors.ConcurrentModification)
    assert repo.get(*repo.key("m1")).match_score == 50


def test_create_needs_an_actor(repo):
    with pytest.raises(ValueError, match="actor"):
        repo.create(make_match(1), actor="")


def test_key_attributes_are_stored_but_not_on_the_model(repo, dynamo_tables):
    repo.create(make_match(1, score=70), actor="alice")
    raw = raw_item(dynamo_tables, *repo.key("m1"))
    assert raw["GSI4PK"] == {"S": "STORE#s1"}
    assert raw["GSI4SK"] == {"S": "SCORE#070"}
    assert "PK" not in repo.get(*repo.key("m1")).model_dump(by_alias=True)


def test_get_missing_item_raises_not_found(repo):
    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("nope"))


def test_expired_items_are_treated_as_missing(repo):
    repo.create(make_match(1, ttl=int(time.time()) - 60), actor="alice")
    repo.create(make_match(2, ttl=int(time.time()) + 3600), actor="alice")

    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("m1"))
    assert repo.get(*repo.key("m2", creator_id="c2")).match_id == "m2"
    assert [m.match_id for m in repo.batch_get([repo.key("m1"), repo.key("m2", "s1", "c2")])] == [
        "m2"
    ]
    page = repo.query(partition_key_value=keys.store("s1"), index="match-store-index")
    assert [m.match_id for m in page.items] == ["m2"]


def test_floats_in_items_are_rejected_before_writing(repo):
    with pytest.raises(errors.SerializationError, match=r"notes\.weights\[0\]"):
        repo.create(make_match(1, notes={"weights": [0.3]}), actor="alice")
    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("m1"))


# --- optimistic locking -------------------------------------------------------------------


def test_second_writer_of_the_same_version_gets_concurrent_modification(repo):
    repo.create(make_match(1), actor="alice")
    first = repo.get(*repo.key("m1"))
    second = repo.get(*repo.key("m1"))

    repo.put(first.model_copy(update={"status": "CONTACTED"}), expected_version=1, actor="a")
    with pytest.raises(errors.ConcurrentModification):
        repo.put(second.model_copy(update={"status": "REJECTED"}), expected_version=1, actor="b")

    stored = repo.get(*repo.key("m1"))
    assert (stored.status, stored.version, stored.updated_by) == ("CONTACTED", 2, "a")


def test_update_with_stale_version_leaves_item_unchanged(repo):
    repo.create(make_match(1), actor="alice")
    repo.update(*repo.key("m1"), set={"status": "CONTACTED"}, expected_version=1, actor="a")

    with pytest.raises(errors.ConcurrentModification):
        repo.update(*repo.key("m1"), set={"status": "REJECTED"}, expected_version=1, actor="b")
    stored = repo.get(*repo.key("m1"))
    assert (stored.status, stored.version) == ("CONTACTED", 2)


def test_update_sets_removes_adds_and_returns_new_item(repo, dynamo_tables):
    repo.create(make_match(1, tags={"a"}, notes={"x": 1, "y": 2}), actor="alice")

    updated = repo.update(
        *repo.key("m1"),
        set={"creator_name": "Minji", "notes.x": 5, "ttl": None, "GSI4SK": "SCORE#090"},
        remove=["notes.y"],
        add={"tags": {"b"}},
        expected_version=1,
        actor="bob",
    )

    assert updated.creator_name == "Minji"
    assert updated.notes == {"x": 5}
    assert updated.tags == {"a", "b"}
    assert (updated.version, updated.updated_by, updated.created_by) == (2, "bob", "alice")
    assert updated.updated_at > updated.created_at
    assert raw_item(dynamo_tables, *repo.key("m1"))["GSI4SK"] == {"S": "SCORE#090"}


def test_update_of_missing_item_raises_not_found(repo):
    with pytest.raises(errors.NotFound):
        repo.update(*repo.key("nope"), set={"status": "X"}, expected_version=1, actor="a")
    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("nope"))  # and did not create it


def test_update_with_failed_extra_condition_is_condition_failed(repo):
    repo.create(make_match(1), actor="alice")
    with pytest.raises(errors.ConditionFailed) as caught:
        repo.update(
            *repo.key("m1"),
            set={"status": "ACCEPTED"},
            expected_version=1,
            actor="a",
            condition=Attr("status").eq("NEGOTIATING"),
        )
    assert not isinstance(caught.value, errors.ConcurrentModification)


def test_update_refuses_to_touch_keys_and_audit_fields(repo):
    with pytest.raises(ValueError):
        repo.update(*repo.key("m1"), set={"PK": "X"}, expected_version=1, actor="a")
    with pytest.raises(ValueError):
        repo.update(*repo.key("m1"), set={"version": 9}, expected_version=1, actor="a")


def test_put_of_missing_item_raises_not_found(repo):
    with pytest.raises(errors.NotFound):
        repo.put(make_match(1), expected_version=1, actor="a")


def test_delete_checks_the_version_when_given(repo):
    repo.create(make_match(1), actor="alice")
    with pytest.raises(errors.ConcurrentModification):
        repo.delete(*repo.key("m1"), expected_version=7)
    repo.delete(*repo.key("m1"), expected_version=1)
    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("m1"))
    with pytest.raises(errors.NotFound):
        repo.delete(*repo.key("m1"), expected_version=1)
    repo.delete(*repo.key("m1"))  # unconditional delete of nothing is fine


# --- query --------------------------------------------------------------------------------


def store_matches(repo, count, store_id="s1"):
    items = [make_match(i, store_id=store_id, score=i % 101) for i in range(count)]
    repo.batch_write(put_items=items, actor="system:seed")
    return items


def test_cursor_pagination_returns_every_item_exactly_once(repo):
    store_matches(repo, 47)
    store_matches(repo, 5, store_id="s2")

    seen, cursor, pages = [], None, 0
    while True:
        page = repo.query(
            partition_key_value=keys.store("s1"),
            index="match-store-index",
            limit=10,
            newest_first=True,
            cursor=cursor,
        )
        seen += [m.match_id for m in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break

    assert sorted(seen) == sorted(f"m{i}" for i in range(47))
    assert len(seen) == len(set(seen))
    assert pages == 5
    scores = [int(s[1:]) for s in seen]
    assert scores == sorted(scores, reverse=True)


def test_sort_key_conditions(repo):
    store_matches(repo, 30)

    def ids(condition):
        page = repo.query(
            partition_key_value=keys.store("s1"),
            index="match-store-index",
            sk_condition=condition,
            limit=100,
        )
        return [m.match_id for m in page.items]

    assert ids(SortKey.between(keys.score(10), keys.score(12))) == ["m10", "m11", "m12"]
    assert ids(SortKey.eq(keys.score(7))) == ["m7"]
    assert ids(SortKey.gte(keys.score(28))) == ["m28", "m29"]
    assert ids(SortKey.lt(keys.score(2))) == ["m0", "m1"]
    assert len(ids(SortKey.begins_with("SCORE#01"))) == 10


def test_filter_keeps_reading_until_the_page_is_full(repo, monkeypatch):
    # A small read-ahead forces several reads per page, as a selective filter would.
    monkeypatch.setattr(repository, "FILTER_READ_AHEAD", 3)
    items = store_matches(repo, 60)
    wanted = {m.match_id for m in items if m.match_score % 6 == 0}  # 10 of 60
    for match_id in wanted:
        n = match_id[1:]
        repo.update(
            *repo.key(match_id, "s1", f"c{n}"), set={"status": "B"}, expected_version=1, actor="a"
        )

    sizes, seen, cursor = [], [], None
    while True:
        page = repo.query(
            partition_key_value=keys.store("s1"),
            index="match-store-index",
            filter=Attr("status").eq("B"),
            limit=4,
            cursor=cursor,
        )
        sizes.append(len(page.items))
        seen += [m.match_id for m in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break

    assert sizes[:2] == [4, 4]
    assert sorted(seen) == sorted(wanted) and len(seen) == len(wanted)


def test_projection_reads_only_the_named_attributes(repo):
    store_matches(repo, 3)

    page = repo.query(
        partition_key_value=keys.store("s1"), index="match-store-index", into=MatchRow
    )

    assert [row.match_id for row in page.items] == ["m0", "m1", "m2"]
    assert all(isinstance(row, MatchRow) for row in page.items)
    assert page.items[0].match_score == Decimal(0)


def test_projection_by_names(repo):
    store_matches(repo, 2)
    page = repo.query(
        partition_key_value=keys.store("s1"),
        index="match-store-index",
        projection=["matchId", "storeId", "creatorId", "status"],
    )
    assert [m.match_id for m in page.items] == ["m0", "m1"]
    assert page.items[0].creator_name == ""  # not read: the model default


def test_cursor_of_another_partition_or_filter_is_rejected(repo):
    store_matches(repo, 5)
    page = repo.query(partition_key_value=keys.store("s1"), index="match-store-index", limit=2)

    with pytest.raises(errors.InvalidCursor):
        repo.query(
            partition_key_value=keys.store("s2"),
            index="match-store-index",
            cursor=page.next_cursor,
        )
    with pytest.raises(errors.InvalidCursor):
        repo.query(
            partition_key_value=keys.store("s1"),
            index="match-store-index",
            filter=Attr("status").eq("PENDING"),
            cursor=page.next_cursor,
        )
    with pytest.raises(errors.InvalidCursor):
        repo.query(
            partition_key_value=keys.store("s1"),
            index="match-store-index",
            cursor=page.next_cursor[:-2] + "AA",
        )


# --- errors from botocore -----------------------------------------------------------------


def test_throttling_becomes_throttled(dynamo_tables):
    client = get_client()
    with Stubber(client) as stubber:
        stubber.add_client_error(
            "get_item",
            service_error_code="ProvisionedThroughputExceededException",
            http_status_code=400,
        )
        with pytest.raises(errors.Throttled):
            MatchRepository(client=client).get("MATCH#m1", "STORE#s1#CREATOR#c1")


def test_unreachable_endpoint_fails_fast_with_endpoint_unavailable(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    previous = dynamo_config.get_config()
    dynamo_config.configure(
        dynamo_config.DynamoConfig(endpoint_url="http://127.0.0.1:1", uses_embedded_server=True)
    )
    try:
        started = time.monotonic()
        with pytest.raises(errors.EndpointUnavailable, match=r"127\.0\.0\.1:1"):
            MatchRepository(mode="interactive").get("MATCH#m1", "STORE#s1#CREATOR#c1")
        assert time.monotonic() - started < 5
    finally:
        dynamo_config.configure(previous)


@pytest.mark.parametrize("expected_version", [None, 1])
def test_compound_conditions_are_sent_without_redundant_parentheses(repo, expected_version):
    # DynamoDB (and moto) refuse "((a OR b))"; boto3 already encloses what it builds.
    repo.create(make_match(1, status="PENDING"), actor="alice")
    either = Attr("status").eq("ACCEPTED") | Attr("matchId").not_exists()
    with pytest.raises(errors.ConditionFailed):
        repo.delete(*repo.key("m1"), expected_version=expected_version, condition=either)
    nested = (Attr("status").eq("PENDING") | Attr("status").eq("X")) & Attr("matchId").exists()
    repo.delete(*repo.key("m1"), expected_version=expected_version, condition=nested)
    with pytest.raises(errors.NotFound):
        repo.get(*repo.key("m1"))


@pytest.mark.parametrize(
    ("built", "sent"),
    [
        ("#n0 = :v0", "(#n0 = :v0)"),
        ("(#n0 = :v0 OR attribute_not_exists(#n1))", "(#n0 = :v0 OR attribute_not_exists(#n1))"),
        ("(#a = :a) AND (#b = :b)", "((#a = :a) AND (#b = :b))"),
        ("attribute_exists(#n0)", "(attribute_exists(#n0))"),
    ],
)
def test_grouping_adds_parentheses_only_where_needed(built, sent):
    from marketing.dynamo.expressions import _grouped

    assert _grouped(built) == sent
