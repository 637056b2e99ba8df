import datetime as dt
from decimal import Decimal
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketing.dynamo import keys


class Platform(Enum):
    YOUTUBE = "youtube"


def test_entity_keys():
    assert keys.store("3f2a") == "STORE#3f2a"
    assert keys.creator("c-1") == "CREATOR#c-1"
    assert keys.channel(Platform.YOUTUBE, "UC_x-1") == "PLATFORM#youtube#UC_x-1"
    assert keys.platform("instagram") == "PLATFORM#instagram"
    assert keys.match("m1") == "MATCH#m1"
    assert keys.match_pair("s1", "c1") == "STORE#s1#CREATOR#c1"
    assert keys.campaign("k1") == "CAMPAIGN#k1"


def test_index_keys():
    assert keys.category("한식") == "CATEGORY#한식"
    assert keys.location("Seoul", "Mapo-gu") == "LOCATION#Seoul#Mapo-gu"
    assert keys.location("Busan") == "LOCATION#Busan"
    assert keys.price(3) == "PRICE#3"
    assert keys.influence_tier("micro") == "INFLUENCE_TIER#micro"
    assert keys.status("PENDING") == "STATUS#PENDING"
    assert keys.date(dt.date(2024, 5, 1)) == "DATE#2024-05-01"
    moment = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)
    assert keys.date(moment) == "DATE#2024-05-01T09:00:00.000000Z"
    assert keys.profile(moment) == "PROFILE#2024-05-01T09:00:00.000000Z"


def test_padded_numbers():
    assert keys.score(70) == "SCORE#070"
    assert keys.score(Decimal("69.5")) == "SCORE#070"
    assert keys.score_band(Decimal("79.9")) == "SCORE#070"
    assert keys.score_band(5) == "SCORE#000"
    assert keys.score_band(100) == "SCORE#100"
    assert keys.influence(12345) == "INFLUENCE#000000012345"
    assert keys.engagement(Decimal("5.23")) == "ENGAGEMENT#000523"
    assert keys.engagement(Decimal("5.2350")) == "ENGAGEMENT#000524"  # half up
    assert keys.engagement(Decimal("5.2349")) == "ENGAGEMENT#000523"
    assert keys.engagement(7) == "ENGAGEMENT#000700"


@pytest.mark.parametrize(
    ("build", "value"),
    [
        (keys.score, -1),
        (keys.score, 101),
        (keys.score_band, Decimal("100.1")),
        (keys.influence, -5),
        (keys.influence, 10**12),
        (keys.engagement, Decimal("-0.01")),
        (keys.engagement, Decimal("10000")),
        (keys.engagement, Decimal("NaN")),
        (keys.price, 0),
        (keys.price, 5),
    ],
)
def test_out_of_range_numbers_are_rejected(build, value):
    with pytest.raises(ValueError):
        build(value)


@pytest.mark.parametrize("build", [keys.score, keys.influence, keys.engagement])
def test_floats_and_bools_are_rejected(build):
    with pytest.raises(TypeError):
        build(5.5)
    with pytest.raises(TypeError):
        build(True)


@pytest.mark.parametrize("bad", ["a#b", "", "a b", "x\n", "STORE#evil", None])
def test_ids_that_could_forge_keys_are_rejected(bad):
    with pytest.raises(ValueError):
        keys.store(bad)


@pytest.mark.parametrize("bad", ["Seoul#Gangnam", "", "  ", "a\x00"])
def test_segments_with_separators_are_rejected(bad):
    with pytest.raises(ValueError):
        keys.location(bad, "Mapo-gu")


def test_id_from_reads_the_id_back():
    assert keys.id_from("STORE#s1#CREATOR#c1", keys.STORE) == "s1"
    assert keys.id_from(keys.creator("c1"), keys.CREATOR) == "c1"
    with pytest.raises(ValueError):
        keys.id_from("MATCH#m1", keys.STORE)


scores = st.integers(0, 100)
subscribers = st.integers(0, 10**12 - 1)
rates = st.decimals(min_value=0, max_value=Decimal("9999.99"), places=2)
moments = st.datetimes(timezones=st.just(dt.UTC))


@given(scores, scores)
def test_score_order_is_numeric_order(a, b):
    assert (keys.score(a) < keys.score(b)) == (a < b)
    assert (keys.score_band(a) <= keys.score_band(b)) == (a // 10 <= b // 10)


@given(subscribers, subscribers)
def test_influence_order_is_numeric_order(a, b):
    assert (keys.influence(a) < keys.influence(b)) == (a < b)


@given(rates, rates)
def test_engagement_order_is_numeric_order(a, b):
    assert (keys.engagement(a) < keys.engagement(b)) == (a < b)


@given(moments, moments)
def test_timestamp_order_is_time_order(a, b):
    assert (keys.profile(a) < keys.profile(b)) == (a < b)
