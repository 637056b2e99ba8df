"""Raw items of every attribute type, and reading tables back raw."""

from decimal import Decimal

BIG_NUMBER = "12345678901234567890.123456789"


def every_type_item(number: int) -> dict:
    return {
        "PK": {"S": f"STORE#{number:05d}"},
        "SK": {"S": "PROFILE"},
        "name": {"S": f"가게 {number} 🍜"},
        "big": {"N": BIG_NUMBER},
        "tiny": {"N": "-0.000000000000000000000000000001"},
        "count": {"N": str(number)},
        "blob": {"B": bytes([0, 255, number % 256, 10, 13]) + b"\x00binary"},
        "tags": {"SS": ["맛집", "korean", f"t{number}"]},
        "scores": {"NS": ["1", BIG_NUMBER, "-3.5"]},
        "blobs": {"BS": [b"\x01\x02", b"\xff\xfe\x00"]},
        "flag": {"BOOL": number % 2 == 0},
        "nothing": {"NULL": True},
        "nested": {
            "M": {
                "list": {"L": [{"N": "1.10"}, {"S": "x"}, {"NULL": True}, {"B": b"\x00"}]},
                "map": {"M": {"deep": {"SS": ["a", "b"]}}},
            }
        },
        "GSI1PK": {"S": "CATEGORY#food"},
        "GSI1SK": {"S": f"{number:05d}"},
    }


def canonical(item: dict) -> dict:
    """An item with set members sorted (DynamoDB returns sets in no particular order)."""

    def value(v):
        ((kind, raw),) = v.items()
        if kind in ("SS", "NS", "BS"):
            return {kind: sorted(raw)}
        if kind == "M":
            return {kind: {k: value(m) for k, m in raw.items()}}
        if kind == "L":
            return {kind: [value(m) for m in raw]}
        return {kind: raw}

    return {name: value(v) for name, v in item.items()}


def scan_all(client, table: str) -> dict:
    """{(PK, SK): canonical raw item} of every item of the table."""
    items = {}
    request = {"TableName": table, "ConsistentRead": True}
    while True:
        response = client.scan(**request)
        for item in response["Items"]:
            items[(item["PK"]["S"], item["SK"]["S"])] = canonical(item)
        if "LastEvaluatedKey" not in response:
            return items
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def put_items(client, table: str, items: list[dict]) -> None:
    for start in range(0, len(items), 25):
        chunk = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
        client.batch_write_item(RequestItems={table: chunk})


assert Decimal(BIG_NUMBER)  # a valid DynamoDB number (38 digits of precision)
