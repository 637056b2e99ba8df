"""Python values and pydantic models ⇄ DynamoDB AttributeValue dicts.

A hand-written codec rather than boto3's TypeSerializer/TypeDeserializer: reads are on
every page, and decoding straight from the wire shape into `Model.model_validate` saves
a pass over each item.

Rules (data-model.md):
- float is rejected anywhere, with the path of the offending field; use Decimal or int.
- int, Decimal → N; str → S; bytes → B; bool → BOOL; list/tuple → L; dict → M;
  non-empty sets of str / numbers / bytes → SS / NS / BS.
- datetime → UTC ISO-8601 string ending in `Z`, fixed width (microseconds), so that
  stored timestamps sort chronologically; naive datetimes are rejected. date → YYYY-MM-DD.
- Enum → its value; nested pydantic models → their fields by alias.
- None and empty sets are omitted from maps (and from items): an absent attribute reads
  back as the model's default, and sparse attributes stay absent. Inside a list, where
  position matters, None is stored as NULL.
- N decodes to int when integral, else Decimal.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

from marketing.dynamo.errors import SerializationError

M = TypeVar("M", bound=BaseModel)

AttributeValue = dict[str, Any]
RawItem = dict[str, AttributeValue]

_OMIT = object()


# --- timestamps ---------------------------------------------------------------------------


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def format_timestamp(value: dt.datetime) -> str:
    """`2024-05-01T09:30:00.000000Z`: UTC, fixed width, so lexical order is time order."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise SerializationError(f"naive datetime {value!r}: give it a time zone (UTC)")
    # isoformat, not strftime: %Y does not zero-pad years before 1000 on glibc.
    utc = value.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.isoformat(timespec="microseconds") + "Z"


# --- encoding -----------------------------------------------------------------------------


def encode_item(model: BaseModel) -> RawItem:
    """A model's fields (by alias) as an item; None fields are left out."""
    return encode_map(model.model_dump(by_alias=True))


def encode_map(values: Mapping[str, Any], path: str = "") -> RawItem:
    encoded: RawItem = {}
    for name, value in values.items():
        if type(name) is not str and not isinstance(name, str):
            raise SerializationError(f"{_join(path, repr(name))}: map keys must be strings")
        # Fast paths for the commonest exact types; everything else (subclasses such as
        # str enums and bool included) takes the general path below.
        kind = type(value)
        if kind is str:
            encoded[name] = {"S": value}
        elif value is None:
            continue
        elif kind is int or (kind is Decimal and value.is_finite()):
            encoded[name] = {"N": str(value)}
        elif kind is dict:
            encoded[name] = {"M": encode_map(value, _join(path, name))}
        else:
            attribute = _encode(value, _join(path, name))
            if attribute is not _OMIT:
                encoded[name] = attribute
    return encoded


def encode_value(value: Any, path: str = "value") -> AttributeValue:
    """One value as an AttributeValue; None becomes NULL (there is nothing to omit it from)."""
    attribute = _encode(value, path)
    if attribute is _OMIT:
        return {"NULL": True} if value is None else _empty_set_error(path)
    return attribute


def encode_or_omit(value: Any, path: str = "value") -> AttributeValue | None:
    """One value as an AttributeValue, or None where a map would leave it out."""
    attribute = _encode(value, path)
    return None if attribute is _OMIT else attribute


def _encode(value: Any, path: str) -> Any:
    # Order matters: bool before int (bool is an int), datetime before date.
    if isinstance(value, str):
        return {"S": value}
    if value is None:
        return _OMIT
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | Decimal):
        return {"N": _number(value, path)}
    if isinstance(value, float):
        raise SerializationError(f"{path}: float {value!r} is not allowed; use Decimal or int")
    if isinstance(value, Enum):
        return _encode(value.value, path)
    if isinstance(value, dt.datetime):
        return {"S": format_timestamp(value)}
    if isinstance(value, dt.date):
        return {"S": value.isoformat()}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"B": bytes(value)}
    if isinstance(value, Mapping):
        return {"M": encode_map(value, path)}
    if isinstance(value, list | tuple):
        return {"L": [_encode_element(v, f"{path}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, set | frozenset):
        return _encode_set(value, path)
    if isinstance(value, BaseModel):
        return {"M": encode_map(value.model_dump(by_alias=True), path)}
    raise SerializationError(f"{path}: cannot store a {type(value).__name__}")


def _encode_element(value: Any, path: str) -> AttributeValue:
    if value is None:
        return {"NULL": True}
    attribute = _encode(value, path)
    return _empty_set_error(path) if attribute is _OMIT else attribute


def _encode_set(values: set | frozenset, path: str) -> Any:
    if not values:
        return _OMIT  # DynamoDB has no empty sets
    if all(isinstance(v, str) for v in values):
        return {"SS": sorted(values)}
    if all(isinstance(v, bytes) for v in values):
        return {"BS": sorted(values)}
    if all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in values):
        return {"NS": [_number(v, path) for v in sorted(values)]}
    raise SerializationError(f"{path}: a set must hold only strings, only numbers or only bytes")


def _number(value: int | Decimal, path: str) -> str:
    if isinstance(value, Decimal) and not value.is_finite():
        raise SerializationError(f"{path}: {value} cannot be stored")
    return str(value)


def _empty_set_error(path: str):
    raise SerializationError(f"{path}: DynamoDB cannot store an empty set inside a list")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# --- decoding -----------------------------------------------------------------------------


def decode_item(raw: RawItem) -> dict[str, Any]:
    return {name: decode_value(attribute) for name, attribute in raw.items()}


def decode_value(attribute: AttributeValue) -> Any:
    # An AttributeValue has exactly one member. S and N are most of every item: test them
    # inline; the rest goes through a dict lookup rather than a chain of ifs.
    ((kind, value),) = attribute.items()
    if kind == "S":
        return value
    if kind == "N":
        return _decode_number(value)
    return _DECODERS[kind](value)


def decode_model(model: type[M], raw: RawItem) -> M:
    return model.model_validate(decode_item(raw))


def _decode_number(text: str) -> int | Decimal:
    # Try int() only where it can succeed: a failed int() (raise and catch) costs more
    # than the Decimal it falls back to.
    if "." not in text and "e" not in text and "E" not in text:
        try:
            return int(text)
        except ValueError:
            pass
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else number


_DECODERS = {
    "S": lambda v: v,
    "N": _decode_number,
    "B": bytes,
    "BOOL": lambda v: v,
    "NULL": lambda v: None,
    "M": decode_item,
    "L": lambda v: [decode_value(a) for a in v],
    "SS": set,
    "NS": lambda v: {_decode_number(n) for n in v},
    "BS": lambda v: {bytes(b) for b in v},
}
