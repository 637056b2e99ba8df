"""Journal framing, recovery and compaction, driven in-process (no server, no sockets).

moto keeps its state in module globals, so every test resets it before building a Store
and again before "restarting" one on the same directory.
"""

import json

import pytest
from moto.core.base_backend import BackendDict
from werkzeug.test import EnvironBuilder

from marketing.localdb import journal
from marketing.localdb.journal import Journal, JournalCorrupt, Record
from marketing.localdb.moto_app import CONTENT_TYPE, TARGET_PREFIX, Reply
from marketing.localdb.store import JOURNAL_FILE, SNAPSHOT_FILE, Store
from marketing.localdb.targets import authorization_for, is_mutating, region_from_authorization

from .helpers import SIMPLE_TABLE, key

REGION = "ap-northeast-2"


@pytest.fixture(autouse=True)
def clean_moto():
    BackendDict.reset()
    yield
    BackendDict.reset()


def open_store(data_dir, **options) -> Store:
    """A store recovered from data_dir, as a freshly started server would be."""
    BackendDict.reset()
    store = Store(data_dir, **options)
    store.recover()
    return store


def send(store: Store, operation: str, body: dict, region: str = REGION) -> Reply:
    """One request through the store, as the server hands it over."""
    target = TARGET_PREFIX + operation
    data = json.dumps(body).encode()
    environ = EnvironBuilder(
        method="POST",
        path="/",
        headers={"X-Amz-Target": target, "Authorization": authorization_for(region)},
        content_type=CONTENT_TYPE,
        data=data,
    ).get_environ()
    return store.apply(environ, data, target, region)


def call(store: Store, operation: str, body: dict, region: str = REGION) -> dict:
    reply = send(store, operation, body, region)
    assert reply.ok, reply.body
    return json.loads(reply.body)


def put(store: Store, pk: str, **attributes) -> None:
    call(store, "PutItem", {"TableName": "items", "Item": {**key(pk), **attributes}})


def scan_keys(store: Store) -> list[str]:
    items = call(store, "Scan", {"TableName": "items"})["Items"]
    return sorted(item["PK"]["S"] for item in items)


def test_records_round_trip_through_the_framing():
    records = [Record(i, f"{TARGET_PREFIX}PutItem", REGION, b'{"n":%d}' % i) for i in (1, 2, 3)]
    data = b"".join(journal.encode(r) for r in records)
    assert [frame.record for frame in journal.read(data).frames] == records


def test_targets_and_regions():
    assert is_mutating("DynamoDB_20120810.PutItem")
    assert is_mutating("DynamoDB_20120810.UpdateTimeToLive")
    assert not is_mutating("DynamoDB_20120810.Query")
    assert not is_mutating("DynamoDBStreams_20120810.GetRecords")
    auth = "AWS4-HMAC-SHA256 Credential=AK/20250101/eu-west-3/dynamodb/aws4_request, Sig=1"
    assert region_from_authorization(auth) == "eu-west-3"
    assert region_from_authorization(None) == "us-east-1"


def test_torn_trailing_record_is_dropped_and_cut_off(tmp_path):
    store = open_store(tmp_path)
    call(store, "CreateTable", SIMPLE_TABLE)
    for i in range(5):
        put(store, f"k{i}")
    store.close()
    path = tmp_path / JOURNAL_FILE
    intact = path.stat().st_size
    torn = journal.encode(Record(7, f"{TARGET_PREFIX}PutItem", REGION, b'{"TableName":"items"}'))
    with open(path, "ab") as f:
        f.write(torn[:-5])  # what kill -9 in the middle of an append leaves

    contents = Journal(path).recover()

    assert len(contents.records) == 6
    assert contents.dropped_bytes == len(torn) - 5
    assert path.stat().st_size == intact


def test_torn_record_does_not_stop_the_store_recovering(tmp_path):
    store = open_store(tmp_path)
    call(store, "CreateTable", SIMPLE_TABLE)
    put(store, "a")
    store.close()
    with open(tmp_path / JOURNAL_FILE, "ab") as f:
        f.write(b"\x00\x00\x01")

    store = open_store(tmp_path)

    assert scan_keys(store) == ["a"]
    put(store, "b")  # appends after the cut, not after the garbage
    store.close()
    assert scan_keys(open_store(tmp_path)) == ["a", "b"]


def journal_of_puts(data_dir, count: int = 5) -> tuple[bytes, list[journal.Frame]]:
    """A closed store's journal: CreateTable, then a put of k0, k1, ... as seq 2, 3, ..."""
    store = open_store(data_dir)
    call(store, "CreateTable", SIMPLE_TABLE)
    for i in range(count):
        put(store, f"k{i}")
    store.close()
    data = (data_dir / JOURNAL_FILE).read_bytes()
    return data, journal.read(data).frames


def flip_body_byte(data: bytearray, frames: list[journal.Frame]) -> None:
    data[frames[3].end - 2] ^= 0xFF


def flip_length_past_the_end(data: bytearray, frames: list[journal.Frame]) -> None:
    data[frames[3].offset] ^= 0x01  # +16 MiB: the record now seems to run past the file's end


def shorten_length(data: bytearray, frames: list[journal.Frame]) -> None:
    data[frames[3].offset + 3] ^= 0x10


def repeat_an_earlier_record(data: bytearray, frames: list[journal.Frame]) -> None:
    # Intact, but seq 2 again after seq 3: not a record this journal could hold there.
    data[frames[3].offset : frames[3].end] = data[frames[1].offset : frames[1].end]


@pytest.mark.parametrize(
    "damage", [flip_body_byte, flip_length_past_the_end, shorten_length, repeat_an_earlier_record]
)
def test_a_bad_record_followed_by_an_intact_one_is_refused_and_the_file_left_untouched(
    tmp_path, damage
):
    data, frames = journal_of_puts(tmp_path)
    damaged = bytearray(data)
    damage(damaged, frames)
    path = tmp_path / JOURNAL_FILE
    path.write_bytes(bytes(damaged))

    with pytest.raises(JournalCorrupt) as refused:
        open_store(tmp_path)

    assert refused.value.path == path
    assert refused.value.offset == frames[3].offset
    assert f"{path} is damaged at byte offset {frames[3].offset}" in str(refused.value)
    assert path.read_bytes() == bytes(damaged)


def test_damage_to_the_very_first_record_is_found_too(tmp_path):
    data, _ = journal_of_puts(tmp_path)
    damaged = bytearray(data)
    damaged[0] = 0xFF  # the length field of the first record
    (tmp_path / JOURNAL_FILE).write_bytes(bytes(damaged))

    with pytest.raises(JournalCorrupt, match="byte offset 0:"):
        Journal(tmp_path / JOURNAL_FILE).recover()


@pytest.mark.parametrize("cut", [3, 9, 30, -1])
def test_a_record_cut_short_at_the_end_is_a_torn_tail(tmp_path, cut):
    data, frames = journal_of_puts(tmp_path)
    last = frames[-1]
    (tmp_path / JOURNAL_FILE).write_bytes(data[: last.offset + cut % (last.end - last.offset)])

    contents = Journal(tmp_path / JOURNAL_FILE).recover()

    assert [r.seq for r in contents.records] == [f.record.seq for f in frames[:-1]]
    assert (tmp_path / JOURNAL_FILE).stat().st_size == last.offset


def test_a_last_record_with_a_bad_checksum_and_nothing_after_it_counts_as_torn(tmp_path):
    data, frames = journal_of_puts(tmp_path)
    damaged = bytearray(data)
    damaged[frames[-1].end - 2] ^= 0xFF
    (tmp_path / JOURNAL_FILE).write_bytes(bytes(damaged))

    assert scan_keys(open_store(tmp_path)) == ["k0", "k1", "k2", "k3"]


@pytest.mark.parametrize(
    "tail",
    [
        b"\x00" * 100_000,  # a size extended before the data reached the disk
        journal.encode(Record(99, f"{TARGET_PREFIX}PutItem", REGION, b"x" * (1 << 20)))[:5000],
    ],
    ids=["zero-filled", "half-written large record"],
)
def test_damage_running_to_the_end_with_nothing_intact_after_it_is_a_torn_tail(tmp_path, tail):
    data, _ = journal_of_puts(tmp_path)
    for prefix in (data, b""):  # with intact records before it, and as the only content
        reading = journal.read(prefix + tail)
        assert reading.torn_tail is not None and reading.torn_tail.start == len(prefix)
        assert reading.corruption is None


def test_journal_records_covered_by_the_snapshot_are_not_applied_twice(tmp_path):
    store = open_store(tmp_path, compact_records=10**9)
    call(store, "CreateTable", SIMPLE_TABLE)
    increment = {
        "TableName": "items",
        "Key": key("counter"),
        "UpdateExpression": "ADD n :one",
        "ExpressionAttributeValues": {":one": {"N": "1"}},
    }
    for _ in range(3):
        call(store, "UpdateItem", increment)
    journal_before_compaction = (tmp_path / JOURNAL_FILE).read_bytes()
    store.compact()
    call(store, "UpdateItem", increment)
    store.close()
    # A crash between the snapshot's rename and the journal's truncation leaves this:
    tail = (tmp_path / JOURNAL_FILE).read_bytes()
    (tmp_path / JOURNAL_FILE).write_bytes(journal_before_compaction + tail)

    BackendDict.reset()
    store = Store(tmp_path)
    recovery = store.recover()

    assert (recovery.skipped, recovery.replayed) == (4, 1)
    item = call(store, "GetItem", {"TableName": "items", "Key": key("counter")})["Item"]
    assert item["n"] == {"N": "4"}


def test_runtime_compaction_starts_when_the_journal_passes_its_threshold(tmp_path):
    store = open_store(tmp_path, compact_records=10)
    call(store, "CreateTable", SIMPLE_TABLE)
    for i in range(25):
        put(store, f"k{i:02}")
    store.close()
    assert (tmp_path / SNAPSHOT_FILE).exists()
    assert Journal(tmp_path / JOURNAL_FILE).recover().records  # the 6 since the last compaction
    assert scan_keys(open_store(tmp_path)) == [f"k{i:02}" for i in range(25)]


RICH_TABLE = {
    "TableName": "rich",
    "KeySchema": [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ],
    "AttributeDefinitions": [
        {"AttributeName": "PK", "AttributeType": "S"},
        {"AttributeName": "SK", "AttributeType": "S"},
        {"AttributeName": "G1", "AttributeType": "S"},
        {"AttributeName": "L1", "AttributeType": "N"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
    "GlobalSecondaryIndexes": [
        {
            "IndexName": "by-g1",
            "KeySchema": [
                {"AttributeName": "G1", "KeyType": "HASH"},
                {"AttributeName": "SK", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["name"]},
        }
    ],
    "LocalSecondaryIndexes": [
        {
            "IndexName": "by-l1",
            "KeySchema": [
                {"AttributeName": "PK", "KeyType": "HASH"},
                {"AttributeName": "L1", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }
    ],
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    "Tags": [{"Key": "team", "Value": "marketing"}],
}

PROVISIONED_TABLE = {
    "TableName": "provisioned",
    "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
    "AttributeDefinitions": [
        {"AttributeName": "PK", "AttributeType": "S"},
        {"AttributeName": "G", "AttributeType": "N"},
    ],
    "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3},
    "GlobalSecondaryIndexes": [
        {
            "IndexName": "by-g",
            "KeySchema": [{"AttributeName": "G", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
            "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1},
        }
    ],
}

VOLATILE = {"CreationDateTime", "LatestStreamLabel", "LatestStreamArn"}


def describe_everything(store: Store, region: str) -> dict:
    state = {}
    for name in call(store, "ListTables", {}, region)["TableNames"]:
        table = call(store, "DescribeTable", {"TableName": name}, region)["Table"]
        items = []
        body = {"TableName": name}
        while True:
            page = call(store, "Scan", body, region)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            body["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        state[name] = {
            "table": {k: v for k, v in table.items() if k not in VOLATILE},
            "ttl": call(store, "DescribeTimeToLive", {"TableName": name}, region),
            "pitr": call(store, "DescribeContinuousBackups", {"TableName": name}, region)[
                "ContinuousBackupsDescription"
            ]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"],
            "tags": call(store, "ListTagsOfResource", {"ResourceArn": table["TableArn"]}, region),
            "items": sorted(items, key=lambda item: json.dumps(item, sort_keys=True)),
        }
    return state


def rich_item(i: int) -> dict:
    return {
        "PK": {"S": f"p{i % 7}"},
        "SK": {"S": f"s{i:04}"},
        "G1": {"S": f"g{i % 3}"},
        "L1": {"N": str(i * 1.5)},
        "name": {"S": f"이름 {i}"},
        "blob": {"B": "AAEC/w=="},
        "tags": {"SS": ["a", f"t{i}"]},
        "scores": {"NS": ["1", str(i)]},
        "nested": {"M": {"list": {"L": [{"BOOL": True}, {"NULL": True}, {"N": "-0.5"}]}}},
    }


def test_compaction_preserves_tables_indexes_settings_and_items(tmp_path):
    store = open_store(tmp_path)
    call(store, "CreateTable", RICH_TABLE)
    call(store, "CreateTable", PROVISIONED_TABLE, region="eu-west-1")
    call(
        store,
        "UpdateTimeToLive",
        {"TableName": "rich", "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "exp"}},
    )
    call(
        store,
        "UpdateContinuousBackups",
        {
            "TableName": "rich",
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        },
    )
    for i in range(60):  # crosses BatchWriteItem's 25-item boundary
        call(store, "PutItem", {"TableName": "rich", "Item": rich_item(i)})
    item = {"PK": {"S": "x"}, "G": {"N": "1"}}
    call(store, "PutItem", {"TableName": "provisioned", "Item": item}, region="eu-west-1")
    before = {r: describe_everything(store, r) for r in (REGION, "eu-west-1")}
    store.compact()
    store.close()
    assert (tmp_path / JOURNAL_FILE).stat().st_size == 0

    restarted = open_store(tmp_path)
    after = {r: describe_everything(restarted, r) for r in (REGION, "eu-west-1")}

    assert after == before
    assert after[REGION]["rich"]["ttl"]["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"
    assert after[REGION]["rich"]["pitr"] == "ENABLED"
    assert len(after[REGION]["rich"]["items"]) == 60


def test_a_request_moto_fails_half_way_is_journaled_so_restarts_keep_its_state(
    tmp_path, monkeypatch
):
    from moto.dynamodb.responses import DynamoHandler

    store = open_store(tmp_path)
    call(store, "CreateTable", SIMPLE_TABLE)
    original = DynamoHandler.put_item

    def put_then_fail(self):
        original(self)
        raise RuntimeError("a moto bug after the write")

    monkeypatch.setattr(DynamoHandler, "put_item", put_then_fail)
    reply = send(store, "PutItem", {"TableName": "items", "Item": key("half")})

    assert reply.status.startswith("500")
    assert json.loads(reply.body)["__type"].endswith("#InternalServerError")
    assert scan_keys(store) == ["half"]  # moto kept the write it failed to answer
    store.close()
    monkeypatch.setattr(DynamoHandler, "put_item", original)

    assert scan_keys(open_store(tmp_path)) == ["half"]  # and so does a restart
