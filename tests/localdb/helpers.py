"""Shared table and item builders for the localdb tests."""

SIMPLE_TABLE = {
    "TableName": "items",
    "KeySchema": [{"AttributeName": "PK", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "PK", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
}


def key(value: str) -> dict:
    return {"PK": {"S": value}}
