"""Stream records survive a server restart as DynamoDB's do: same ARN and shard, numbers
that go on, nothing re-emitted by the replay, unread records reported as trimmed."""

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.localdb.conftest import REGION, dynamo_client
from tests.localdb.helpers import SIMPLE_TABLE

STREAMED = {
    **SIMPLE_TABLE,
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
}


def streams_client(endpoint_url):
    return boto3.client(
        "dynamodbstreams",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"total_max_attempts": 1}),
    )


def _stream(server):
    arn = dynamo_client(server.endpoint_url).describe_table(TableName="items")["Table"][
        "LatestStreamArn"
    ]
    shards = streams_client(server.endpoint_url).describe_stream(StreamArn=arn)
    return arn, [s["ShardId"] for s in shards["StreamDescription"]["Shards"]]


def _read(server, arn, shard, **position):
    streams = streams_client(server.endpoint_url)
    position = position or {"ShardIteratorType": "TRIM_HORIZON"}
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, **position)
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    return [
        (r["eventName"], r["dynamodb"]["Keys"]["PK"]["S"], r["dynamodb"]["SequenceNumber"])
        for r in records
    ]


def _put(server, pk, value="v"):
    dynamo_client(server.endpoint_url).put_item(
        TableName="items", Item={"PK": {"S": pk}, "v": {"S": value}}
    )


# A clean stop folds the journal into the snapshot (the stream's position is read from it);
# after kill -9 the journal's writes since the snapshot are replayed and counted.
@pytest.mark.parametrize("restart", ["clean stop", "kill -9"])
def test_a_restarted_server_goes_on_with_the_same_stream(spawn, tmp_path, restart):
    server = spawn(tmp_path / "data")
    client = dynamo_client(server.endpoint_url)
    client.create_table(**STREAMED)
    _put(server, "a")
    _put(server, "b")
    _put(server, "a", "changed")
    client.delete_item(TableName="items", Key={"PK": {"S": "b"}})
    client.delete_item(TableName="items", Key={"PK": {"S": "nothing"}})  # no record
    arn, shards = _stream(server)
    before = _read(server, arn, shards[0])
    assert [(event, pk) for event, pk, _seq in before] == [
        ("INSERT", "a"),
        ("INSERT", "b"),
        ("MODIFY", "a"),
        ("REMOVE", "b"),
    ]
    last = before[-1][2]
    streams = streams_client(server.endpoint_url)
    old_iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shards[0], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]

    if restart == "clean stop":
        server.stop()
    else:
        server.kill()
    server.start()

    assert _stream(server) == (arn, shards)
    assert _read(server, arn, shards[0]) == []  # the replay emitted nothing
    _put(server, "c")
    after = _read(
        server, arn, shards[0], ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=last
    )
    assert after == [("INSERT", "c", str(int(last) + 1))]
    with pytest.raises(ClientError) as trimmed:  # records made before the restart, unread
        _read(
            server,
            arn,
            shards[0],
            ShardIteratorType="AFTER_SEQUENCE_NUMBER",
            SequenceNumber=before[1][2],
        )
    assert trimmed.value.response["Error"]["Code"] == "TrimmedDataAccessException"
    with pytest.raises(ClientError) as expired:
        streams_client(server.endpoint_url).get_records(ShardIterator=old_iterator)
    assert expired.value.response["Error"]["Code"] == "ExpiredIteratorException"


def test_an_unknown_shard_id_is_resource_not_found(spawn, tmp_path):
    server = spawn(tmp_path / "data")
    dynamo_client(server.endpoint_url).create_table(**STREAMED)
    arn, _shards = _stream(server)
    with pytest.raises(ClientError) as error:
        streams_client(server.endpoint_url).get_shard_iterator(
            StreamArn=arn,
            ShardId="shardId-00000000000000000000-00000000",
            ShardIteratorType="TRIM_HORIZON",
        )
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"
