"""Transforms that tests hand to `dynamodb_migrate --transform`."""


def mark_and_drop_thirds(item: dict) -> dict | None:
    if int(item["count"]["N"]) % 3 == 0:
        return None
    return {**item, "migrated": {"BOOL": True}}


def loses_its_key(item: dict) -> dict:
    return {"name": item["name"]}


NOT_A_FUNCTION = 42


def slowly(item: dict) -> dict:
    """Unchanged, a few milliseconds later: long enough for a test to kill the run midway."""
    import time

    time.sleep(0.001)
    return item
