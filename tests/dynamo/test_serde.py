import datetime as dt
import re
from decimal import Decimal
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from marketing.dynamo import serde
from marketing.dynamo.errors import SerializationError
from marketing.dynamo.models import DynamoModel


class Status(Enum):
    PENDING = "PENDING"


class Location(BaseModel):
    city: str
    lat: Decimal | None = None


class Store(DynamoModel):
    store_id: str
    price_level: int = 1
    rating: Decimal = Decimal("4.5")
    open: bool = True
    photo: bytes = b"\x00\x01"
    status: Status = Status.PENDING
    scraped_at: dt.datetime = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    keywords: set[str] = {"cozy", "quiet"}
    location: Location = Location(city="Seoul")
    menu: list[dict] = [{"name": "bibimbap", "price": 9000}]
    phone: str | None = None


def test_encodes_each_type_to_its_attribute_value():
    raw = serde.encode_item(Store(store_id="s1"))

    assert raw["storeId"] == {"S": "s1"}
    assert raw["priceLevel"] == {"N": "1"}
    assert raw["rating"] == {"N": "4.5"}
    assert raw["open"] == {"BOOL": True}
    assert raw["photo"] == {"B": b"\x00\x01"}
    assert raw["status"] == {"S": "PENDING"}
    assert raw["scrapedAt"] == {"S": "2024-05-01T09:30:00.000000Z"}
    assert raw["keywords"] == {"SS": ["cozy", "quiet"]}
    assert raw["location"] == {"M": {"city": {"S": "Seoul"}}}
    assert raw["menu"] == {"L": [{"M": {"name": {"S": "bibimbap"}, "price": {"N": "9000"}}}]}


def test_none_is_omitted_from_maps_and_null_in_lists():
    raw = serde.encode_item(Store(store_id="s1"))
    assert "phone" not in raw
    assert "createdAt" not in raw
    assert serde.encode_value([None, 1]) == {"L": [{"NULL": True}, {"N": "1"}]}


def test_round_trip_through_the_model():
    store = Store(store_id="s1", rating=Decimal("4.25"), keywords={"a"})
    assert serde.decode_model(Store, serde.encode_item(store)) == store


def test_datetimes_are_stored_in_utc_with_z():
    seoul = dt.timezone(dt.timedelta(hours=9))
    value = dt.datetime(2024, 5, 1, 18, 0, tzinfo=seoul)
    assert serde.encode_value(value) == {"S": "2024-05-01T09:00:00.000000Z"}


def test_naive_datetimes_are_rejected():
    with pytest.raises(SerializationError):
        serde.encode_value(dt.datetime(2024, 5, 1))


@pytest.mark.parametrize(
    ("value", "path"),
    [
        (1.5, "value"),
        ({"sentiment": {"score": 0.7}}, "value.sentiment.score"),
        ([1, {"lat": 37.5}], "value[1].lat"),
    ],
)
def test_floats_are_rejected_with_their_path(value, path):
    with pytest.raises(SerializationError, match="^" + re.escape(path) + ": float"):
        serde.encode_value(value)


def test_float_field_of_a_model_is_rejected():
    class Scored(BaseModel):
        extra: dict

    with pytest.raises(SerializationError, match=r"extra\.ratio"):
        serde.encode_item(Scored(extra={"ratio": 0.5}))


def test_numbers_decode_to_int_when_integral_else_decimal():
    assert serde.decode_value({"N": "42"}) == 42
    assert isinstance(serde.decode_value({"N": "42"}), int)
    assert serde.decode_value({"N": "1E+2"}) == 100
    assert isinstance(serde.decode_value({"N": "2.0"}), int)
    assert serde.decode_value({"N": "5.23"}) == Decimal("5.23")


def test_decodes_every_kind():
    raw = {
        "s": {"S": "x"},
        "b": {"B": b"y"},
        "t": {"BOOL": False},
        "n": {"NULL": True},
        "l": {"L": [{"N": "1"}]},
        "m": {"M": {"k": {"S": "v"}}},
        "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1", "2.5"]},
        "bs": {"BS": [b"z"]},
    }
    assert serde.decode_item(raw) == {
        "s": "x",
        "b": b"y",
        "t": False,
        "n": None,
        "l": [1],
        "m": {"k": "v"},
        "ss": {"a", "b"},
        "ns": {1, Decimal("2.5")},
        "bs": {b"z"},
    }


def test_empty_sets_are_omitted_and_mixed_sets_rejected():
    assert serde.encode_map({"tags": set()}) == {}
    with pytest.raises(SerializationError):
        serde.encode_value({"a", 1})


def test_unknown_types_are_rejected():
    with pytest.raises(SerializationError, match="object"):
        serde.encode_value(object())


json_like = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.decimals(allow_nan=False, allow_infinity=False, places=4)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@given(json_like)
def test_values_survive_a_round_trip(value):
    decoded = serde.decode_value(serde.encode_value(value))
    assert decoded == _without_none_in_maps(value)


def _without_none_in_maps(value):
    if isinstance(value, dict):
        return {k: _without_none_in_maps(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none_in_maps(v) for v in value]
    return value
