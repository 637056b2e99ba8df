"""The embedded server keeps a day of stream records, and no model object it dropped."""

import datetime as dt
import gc
import json
import weakref

import pytest
from moto.core.base_backend import BackendDict
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType, Item

from marketing.localdb import stream_retention, untracked
from marketing.localdb.moto_app import MotoDynamo
from tests.localdb.helpers import SIMPLE_TABLE

REGION = "ap-northeast-2"
STREAMED_TABLE = {
    **SIMPLE_TABLE,
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
}


@pytest.fixture
def moto():
    BackendDict.reset()
    undo = [stream_retention.install(), untracked.install()]
    moto = MotoDynamo()
    moto.invoke_json("CreateTable", STREAMED_TABLE, REGION)
    yield moto
    for uninstall in undo:
        uninstall()
    BackendDict.reset()


def _put(moto: MotoDynamo, pk: str, value: str = "v") -> None:
    item = {"PK": {"S": pk}, "v": {"S": value}}
    moto.invoke_json("PutItem", {"TableName": "items", "Item": item}, REGION)


def _table():
    return dynamodb_backends["123456789012"][REGION].get_table("items")


def _streams(moto: MotoDynamo, operation: str, body: dict, ok: bool = True) -> dict:
    reply = moto.invoke(f"DynamoDBStreams_20120810.{operation}", json.dumps(body).encode(), REGION)
    assert reply.ok == ok, reply.body
    return json.loads(reply.body)


def _trim_horizon_iterator(moto: MotoDynamo) -> str:
    described = moto.invoke_json("DescribeTable", {"TableName": "items"}, REGION)
    arn = described["Table"]["LatestStreamArn"]
    stream = _streams(moto, "DescribeStream", {"StreamArn": arn})["StreamDescription"]
    return _streams(
        moto,
        "GetShardIterator",
        {
            "StreamArn": arn,
            "ShardId": stream["Shards"][0]["ShardId"],
            "ShardIteratorType": "TRIM_HORIZON",
        },
    )["ShardIterator"]


def _records_from_trim_horizon(moto: MotoDynamo) -> list[dict]:
    iterator = _trim_horizon_iterator(moto)
    return _streams(moto, "GetRecords", {"ShardIterator": iterator})["Records"]


def test_records_older_than_a_day_are_dropped(moto):
    for pk in ("a", "b", "c"):
        _put(moto, pk)
    shard = _table().stream_shard
    first = shard.starting_sequence_number
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=25)
    for record in shard.items[:2]:
        record.record["dynamodb"]["ApproximateCreationDateTime"] = old
    _put(moto, "d")
    assert shard.starting_sequence_number == first + 2
    records = _records_from_trim_horizon(moto)
    assert [r["dynamodb"]["Keys"]["PK"]["S"] for r in records] == ["c", "d"]
    numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert numbers == [first + 2, first + 3]  # numbering goes on past the cut


def test_an_iterator_into_dropped_records_gets_trimmed_data_access(moto):
    _put(moto, "a")
    iterator = _trim_horizon_iterator(moto)  # at record "a"
    shard = _table().stream_shard
    old = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=25)
    shard.items[0].record["dynamodb"]["ApproximateCreationDateTime"] = old
    _put(moto, "b")  # drops "a"
    answer = _streams(moto, "GetRecords", {"ShardIterator": iterator}, ok=False)
    assert answer["__type"].endswith("TrimmedDataAccessException")


def test_a_day_of_records_is_kept(moto):
    for pk in ("a", "b", "c"):
        _put(moto, pk)
    assert [r["dynamodb"]["Keys"]["PK"]["S"] for r in _records_from_trim_horizon(moto)] == [
        "a",
        "b",
        "c",
    ]


def test_overwritten_items_and_deleted_tables_are_freed(moto):
    def live_items() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if type(o) is Item)

    before, tracked = live_items(), len(Item.instances_tracked)
    for n in range(200):
        _put(moto, "same", str(n))
    assert len(Item.instances_tracked) == tracked
    assert live_items() - before <= 1  # the latest version only
    table = weakref.ref(_table())
    moto.invoke_json("DeleteTable", {"TableName": "items"}, REGION)
    gc.collect()  # a table and its stream shard point at each other
    assert table() is None


def test_untracked_undoes_itself():
    uninstall = untracked.install()
    uninstall()
    before = len(Item.instances_tracked)
    Item(DynamoType({"S": "a"}), None, {"PK": {"S": "a"}})
    assert len(Item.instances_tracked) == before + 1  # moto's own behaviour again
    Item.instances_tracked.clear()
