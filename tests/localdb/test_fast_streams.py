"""GetRecords written in one json.dumps answers exactly as moto's serializer does."""

import json

import pytest
from moto.core.base_backend import BackendDict

from marketing.localdb import fast_streams
from marketing.localdb.moto_app import MotoDynamo
from tests.localdb.test_fast_results import EVERY_TYPE, REGION

STREAMS = "DynamoDBStreams_20120810."
TABLE = {
    "TableName": "changes",
    "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
}
# Every type but binaries (moto's way writes those), nested ones too.
PLAIN = {key: value for key, value in EVERY_TYPE.items() if key not in ("blob", "blobs", "nested")}
PLAIN["nested"] = {
    "M": {
        "list": {"L": [{"N": "1"}, {"BOOL": True}, {"NULL": True}, {"S": "상점"}]},
        "map": {"M": {"deep": {"SS": ["z"]}, "n": {"NS": ["1", "2.5"]}}},
    }
}


def _streams(moto: MotoDynamo, operation: str, body: dict):
    reply = moto.invoke(STREAMS + operation, json.dumps(body).encode(), REGION)
    return reply, json.loads(reply.body)


@pytest.fixture
def moto():
    BackendDict.reset()
    moto = MotoDynamo()
    moto.invoke_json("CreateTable", TABLE, REGION)
    yield moto
    BackendDict.reset()


def _iterator(moto: MotoDynamo) -> str:
    arn = moto.invoke_json("DescribeTable", {"TableName": "changes"}, REGION)["Table"][
        "LatestStreamArn"
    ]
    _, described = _streams(moto, "DescribeStream", {"StreamArn": arn})
    shard = described["StreamDescription"]["Shards"][0]["ShardId"]
    _, found = _streams(
        moto,
        "GetShardIterator",
        {"StreamArn": arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"},
    )
    return found["ShardIterator"]


def _both(moto: MotoDynamo, limit: int | None = None):
    iterator = _iterator(moto)
    body = {"ShardIterator": iterator, **({"Limit": limit} if limit else {})}
    theirs, theirs_json = _streams(moto, "GetRecords", body)
    uninstall = fast_streams.install()
    try:
        ours, ours_json = _streams(moto, "GetRecords", body)
    finally:
        uninstall()
    return (theirs, theirs_json), (ours, ours_json)


def _comparable(reply, parsed):
    headers = {
        k.lower(): v
        for k, v in reply.headers
        if k.lower() not in ("x-amzn-requestid", "x-amz-crc32", "date", "content-length")
    }
    records = parsed.get("Records")
    return reply.status, headers, records, "NextShardIterator" in parsed


@pytest.mark.parametrize("limit", [None, 2])
def test_records_are_written_as_moto_writes_them(moto, limit):
    moto.invoke_json("PutItem", {"TableName": "changes", "Item": PLAIN}, REGION)
    bigger = {**PLAIN, "PK": {"S": "b"}, "many": {"L": [{"M": PLAIN}] * 20}}
    moto.invoke_json("PutItem", {"TableName": "changes", "Item": bigger}, REGION)
    moto.invoke_json(
        "PutItem", {"TableName": "changes", "Item": {**bigger, "text": {"S": "새 값"}}}, REGION
    )
    moto.invoke_json("DeleteItem", {"TableName": "changes", "Key": {"PK": {"S": "a"}}}, REGION)
    theirs, ours = _both(moto, limit)
    assert _comparable(*ours) == _comparable(*theirs)
    assert len(ours[1]["Records"]) == (limit or 4)
    assert isinstance(ours[1]["Records"][0]["dynamodb"]["ApproximateCreationDateTime"], int | float)


def test_records_with_binary_values_take_moto_s_way(moto):
    moto.invoke_json("PutItem", {"TableName": "changes", "Item": EVERY_TYPE}, REGION)
    theirs, ours = _both(moto)
    assert _comparable(*ours) == _comparable(*theirs)


def test_no_records_and_bad_iterators_answer_as_moto(moto):
    theirs, ours = _both(moto)
    assert _comparable(*ours) == _comparable(*theirs) and ours[1]["Records"] == []
    assert fast_streams._has_binary({"L": [{"M": {"x": {"BS": []}}}]})
    assert not fast_streams._has_binary({"M": {"x": {"S": "B"}}})


def test_the_records_skip_moto_s_serializer(moto):
    from unittest import mock

    from moto.core.responses import ActionResult

    moto.invoke_json("PutItem", {"TableName": "changes", "Item": PLAIN}, REGION)
    walked = []
    original = ActionResult.execute_result

    def spy(self, context):
        walked.append(len((self.result or {}).get("Records", [])))
        return original(self, context)

    with mock.patch.object(ActionResult, "execute_result", spy):
        _both(moto)
    # DescribeTable, DescribeStream, GetShardIterator; then GetRecords walks its record
    # moto's way, and only an empty result ours.
    assert walked[-2:] == [1, 0], walked
