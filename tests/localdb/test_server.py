"""The embedded DynamoDB as other code sees it: a subprocess on 127.0.0.1 spoken to by boto3."""

import http.client
import json
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from marketing.localdb.process import LocalDynamoProcess, free_port
from marketing.localdb.targets import authorization_for

from .conftest import REGION, dynamo_client
from .helpers import SIMPLE_TABLE, key

pytestmark = pytest.mark.integration

THREADS = 8


def all_items(client, table="items") -> dict[str, dict]:
    items, body = {}, {"TableName": table}
    while True:
        page = client.scan(**body)
        items.update({item["PK"]["S"]: item for item in page["Items"]})
        if "LastEvaluatedKey" not in page:
            return items
        body["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_acknowledged_writes_survive_kill_9(spawn, tmp_path):
    server = spawn()
    client = dynamo_client(server.endpoint_url)
    client.create_table(**SIMPLE_TABLE)
    expected = {f"k{i:04}": {**key(f"k{i:04}"), "n": {"N": str(i)}} for i in range(1000)}

    def put_all(items: list[dict]) -> None:
        writer = dynamo_client(server.endpoint_url)
        for item in items:
            writer.put_item(TableName="items", Item=item)

    started = time.perf_counter()
    items = list(expected.values())
    with ThreadPoolExecutor(4) as pool:  # concurrent writers share fsyncs, as in real use
        list(pool.map(put_all, [items[i::4] for i in range(4)]))
    write_seconds = time.perf_counter() - started
    for pk in ("k0001", "k0002", "k0003"):
        client.update_item(
            TableName="items",
            Key=key(pk),
            UpdateExpression="SET n = :v",
            ExpressionAttributeValues={":v": {"N": "-1"}},
        )
        expected[pk]["n"] = {"N": "-1"}
    for pk in ("k0010", "k0011"):
        client.delete_item(TableName="items", Key=key(pk))
        del expected[pk]
    server.kill()

    started = time.perf_counter()
    server.start()
    restart_seconds = time.perf_counter() - started

    assert all_items(dynamo_client(server.endpoint_url)) == expected
    print(
        f"\n1000 fsynced PutItem from 4 clients: {write_seconds:.2f}s "
        f"({1000 / write_seconds:.0f}/s); restart after kill -9: {restart_seconds:.2f}s"
    )


def test_writes_acknowledged_to_concurrent_clients_survive_kill_9_mid_stream(spawn):
    server = spawn()
    dynamo_client(server.endpoint_url).create_table(**SIMPLE_TABLE)
    acknowledged: list[str] = []

    def write_until_killed(thread: int) -> None:
        client = dynamo_client(server.endpoint_url)
        for i in range(100_000):
            pk = f"t{thread}-{i}"
            try:
                client.put_item(TableName="items", Item=key(pk))
            except Exception:
                return  # the server is gone; this write was never acknowledged
            acknowledged.append(pk)

    with ThreadPoolExecutor(4) as pool:
        for thread in range(4):
            pool.submit(write_until_killed, thread)
        time.sleep(1.0)
        server.kill()

    server.start()
    stored = all_items(dynamo_client(server.endpoint_url))
    assert len(acknowledged) > 50
    assert set(acknowledged) <= set(stored)


def test_conditional_puts_have_exactly_one_winner_per_key(spawn):
    server = spawn(switch_interval=1e-5)
    dynamo_client(server.endpoint_url).create_table(**SIMPLE_TABLE)
    keys = [f"key{i:03}" for i in range(300)]

    def claim_all(thread: int) -> list[str]:
        client = dynamo_client(server.endpoint_url)
        won = []
        for pk in keys:
            try:
                client.put_item(
                    TableName="items",
                    Item={**key(pk), "owner": {"N": str(thread)}},
                    ConditionExpression="attribute_not_exists(PK)",
                )
                won.append(pk)
            except ClientError as exc:
                assert exc.response["Error"]["Code"] == "ConditionalCheckFailedException"
        return won

    with ThreadPoolExecutor(THREADS) as pool:
        wins = list(pool.map(claim_all, range(THREADS)))

    assert sum(len(won) for won in wins) == len(keys)
    stored = all_items(dynamo_client(server.endpoint_url))
    for thread, won in enumerate(wins):
        for pk in won:
            assert stored[pk]["owner"] == {"N": str(thread)}


def test_concurrent_add_increments_are_all_counted(spawn):
    server = spawn(switch_interval=1e-5)
    dynamo_client(server.endpoint_url).create_table(**SIMPLE_TABLE)
    per_thread = 2000 // THREADS

    def increment(_: int) -> None:
        client = dynamo_client(server.endpoint_url)
        for _ in range(per_thread):
            client.update_item(
                TableName="items",
                Key=key("counter"),
                UpdateExpression="ADD hits :one",
                ExpressionAttributeValues={":one": {"N": "1"}},
            )

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(increment, range(THREADS)))

    item = dynamo_client(server.endpoint_url).get_item(TableName="items", Key=key("counter"))
    assert item["Item"]["hits"] == {"N": "2000"}


def test_clean_stop_and_restarts_keep_data(spawn, tmp_path):
    server = spawn()
    client = dynamo_client(server.endpoint_url)
    client.create_table(**SIMPLE_TABLE)
    client.put_item(TableName="items", Item={**key("a"), "v": {"S": "1"}})
    assert server.stop() == 0

    server.start()  # replays the journal, and appends to it from there
    client = dynamo_client(server.endpoint_url)
    assert set(all_items(client)) == {"a"}
    client.put_item(TableName="items", Item={**key("b"), "v": {"S": "2"}})
    assert server.stop() == 0

    server.start()
    assert set(all_items(dynamo_client(server.endpoint_url))) == {"a", "b"}


def test_oversized_request_is_refused_and_the_server_keeps_serving(spawn):
    server = spawn()
    client = dynamo_client(server.endpoint_url)
    client.create_table(**SIMPLE_TABLE)

    with pytest.raises(ClientError) as refused:
        client.put_item(TableName="items", Item={**key("big"), "blob": {"S": "x" * (17 << 20)}})

    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    client.put_item(TableName="items", Item=key("small"))
    assert set(all_items(client)) == {"small"}


def test_a_second_server_on_the_same_data_dir_is_refused(spawn, tmp_path):
    spawn()
    with pytest.raises(RuntimeError, match="exited"):
        LocalDynamoProcess(free_port(), tmp_path / "data").start(timeout=15)


def test_no_journal_writes_nothing_and_startup_time(spawn, tmp_path):
    started = time.perf_counter()
    server = spawn(tmp_path / "empty")
    startup = time.perf_counter() - started
    server.stop()

    server = spawn(tmp_path / "memory", journal=False)
    dynamo_client(server.endpoint_url).create_table(**SIMPLE_TABLE)
    server.stop()

    assert not (tmp_path / "memory" / "journal.bin").exists()
    print(f"\nstart-up on an empty data dir, until it answers: {startup:.2f}s")


def test_reads_do_not_wait_behind_a_thread_holding_a_connection(spawn):
    """A client that opens a request and stalls must not hold the lock (body read outside it)."""
    import socket

    server = spawn()
    client = dynamo_client(server.endpoint_url)
    client.create_table(**SIMPLE_TABLE)
    stalled = socket.create_connection(("127.0.0.1", server.port))
    stalled.sendall(
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
        b"X-Amz-Target: DynamoDB_20120810.ListTables\r\n\r\n{"
    )
    try:
        done = threading.Event()
        threading.Thread(target=lambda: (client.list_tables(), done.set()), daemon=True).start()
        assert done.wait(5)
    finally:
        stalled.close()


def test_start_refuses_a_port_another_server_already_answers_on(spawn, tmp_path):
    running = spawn()
    with pytest.raises(RuntimeError, match="already answers"):
        LocalDynamoProcess(running.port, tmp_path / "other").start()


def _raw_post(server, target: str, body: bytes) -> tuple[int, dict]:
    url = urllib.parse.urlsplit(server.endpoint_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.request(
            "POST",
            "/",
            body=body,
            headers={
                "X-Amz-Target": target,
                "Content-Type": "application/x-amz-json-1.0",
                "Authorization": authorization_for(REGION),
            },
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize(
    "target",
    ["DynamoDB_20120810.NoSuchThing", "DynamoDB_20120810", "Kinesis_20131202.PutRecord", ""],
)
def test_an_unknown_operation_gets_dynamodb_s_error_and_the_server_keeps_serving(spawn, target):
    server = spawn(journal=False)
    status, body = _raw_post(server, target, b"{}")
    assert status == 400
    assert body["__type"].endswith("#UnknownOperationException")
    assert dynamo_client(server.endpoint_url).list_tables()["TableNames"] == []


@pytest.mark.parametrize(
    "item",
    [
        b'{"PK": {"S": "a"}, "blob": {"B": "abc"}}',  # base64 with a bad length
        b'{"PK": {"S": "a"}, "map": {"M": [["k", {"S": "v"}]]}}',  # a list where a map goes
        b'{"PK": {"S": "a"}, "n": {"N": {"deep": 1}}}',
    ],
)
def test_a_body_that_does_not_fit_the_operation_is_refused_and_nothing_is_written(
    spawn, tmp_path, item
):
    server = spawn(tmp_path / "data")
    client = dynamo_client(server.endpoint_url)
    client.create_table(**SIMPLE_TABLE)
    body = b'{"TableName": "items", "Item": ' + item + b"}"
    status, answer = _raw_post(server, "DynamoDB_20120810.PutItem", body)
    assert status == 400, answer
    assert answer["__type"].split("#")[-1] in ("SerializationException", "ValidationException")
    assert answer["message"]
    assert all_items(client) == {}
    server.stop()
    server.start()  # nothing refused reached the journal either
    assert all_items(dynamo_client(server.endpoint_url)) == {}
