"""The floor: the least decoding a raw-client caller could get away with.

AttributeValue dicts to plain Python values and back, no model, no checks. The raw
client with these is the baseline every other contender is a ratio of.
"""

from decimal import Decimal


def decode_item(raw: dict) -> dict:
    return {name: decode(value) for name, value in raw.items()}


def decode(attribute: dict):
    ((kind, value),) = attribute.items()
    if kind == "S":
        return value
    if kind == "N":
        return Decimal(value)
    if kind == "M":
        return decode_item(value)
    if kind == "L":
        return [decode(v) for v in value]
    if kind == "SS":
        return set(value)
    if kind == "NS":
        return {Decimal(v) for v in value}
    if kind == "NULL":
        return None
    return value  # BOOL, B


def encode_item(item: dict) -> dict:
    return {name: encode(value) for name, value in item.items() if value is not None}


def encode(value) -> dict:
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | Decimal):
        return {"N": str(value)}
    if isinstance(value, dict):
        return {"M": encode_item(value)}
    if isinstance(value, list):
        return {"L": [encode(v) for v in value]}
    if isinstance(value, set):
        return {"SS": sorted(value)}
    if value is None:
        return {"NULL": True}
    return {"B": value}
