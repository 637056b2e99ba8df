"""On-demand backups of the embedded server survive restarts and compaction (#13)."""

from tests.localdb.conftest import dynamo_client

TABLE = {
    "TableName": "shops",
    "KeySchema": [
        {"AttributeName": "PK", "KeyType": "HASH"},
        {"AttributeName": "SK", "KeyType": "RANGE"},
    ],
    "AttributeDefinitions": [
        {"AttributeName": "PK", "AttributeType": "S"},
        {"AttributeName": "SK", "AttributeType": "S"},
    ],
    "BillingMode": "PAY_PER_REQUEST",
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
}


def item(number: int) -> dict:
    return {
        "PK": {"S": f"SHOP#{number}"},
        "SK": {"S": "PROFILE"},
        "big": {"N": "12345678901234567890.123456789"},
        "blob": {"B": bytes([0, 255, number])},
        "tags": {"SS": ["a", f"t{number}"]},
    }


def items_of(client, table: str) -> dict:
    found = {}
    for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        for found_item in page["Items"]:
            found[found_item["PK"]["S"]] = found_item
    return found


def summaries(client) -> dict:
    return {
        b["BackupArn"]: (b["BackupName"], b["BackupCreationDateTime"], b["TableName"])
        for b in client.list_backups()["BackupSummaries"]
    }


def test_backups_survive_a_killed_server_and_a_clean_stop(spawn):
    server = spawn()
    client = dynamo_client(server.endpoint_url)
    client.create_table(**TABLE)
    for number in range(30):
        client.put_item(TableName="shops", Item=item(number))
    first = client.create_backup(TableName="shops", BackupName="shops-backup-1")
    arn = first["BackupDetails"]["BackupArn"]
    client.delete_item(TableName="shops", Key={"PK": {"S": "SHOP#0"}, "SK": {"S": "PROFILE"}})
    client.put_item(TableName="shops", Item={**item(99), "late": {"BOOL": True}})
    second = client.create_backup(TableName="shops", BackupName="shops-backup-2")
    gone = client.create_backup(TableName="shops", BackupName="deleted")["BackupDetails"]
    client.delete_backup(BackupArn=gone["BackupArn"])
    before = summaries(client)
    assert len(before) == 2

    # kill -9: the journal is replayed, CreateBackup with the identity it was given.
    server.kill()
    server.start()
    client = dynamo_client(server.endpoint_url)
    assert summaries(client) == before

    # A clean stop folds everything into a snapshot: the backups go with it.
    assert server.stop() == 0
    server.start()
    client = dynamo_client(server.endpoint_url)
    assert summaries(client) == before
    described = client.describe_backup(BackupArn=arn)["BackupDescription"]
    assert described["SourceTableDetails"]["TableName"] == "shops"

    # Each restores the table as it was when it was made, every attribute intact.
    client.restore_table_from_backup(TargetTableName="shops-1", BackupArn=arn)
    restored = items_of(client, "shops-1")
    assert restored == {f"SHOP#{n}": item(n) for n in range(30)}
    client.restore_table_from_backup(
        TargetTableName="shops-2", BackupArn=second["BackupDetails"]["BackupArn"]
    )
    assert items_of(client, "shops-2") == items_of(client, "shops")
    assert "SHOP#0" not in items_of(client, "shops-2")

    # And after another restart, the restored tables and the backups are all still there.
    assert server.stop() == 0
    server.start()
    client = dynamo_client(server.endpoint_url)
    assert summaries(client) == before
    assert items_of(client, "shops-1") == restored
