import pytest
from hypothesis import given
from hypothesis import strategies as st

from stores.naver.errors import InvalidPlaceUrl
from stores.naver.urls import PlaceRef, ShortLink, canonical_url, parse_place_input

CANONICAL = "https://m.place.naver.com/place/1234567/home"


@pytest.mark.parametrize(
    "text",
    [
        "1234567",
        " 1234567 ",
        "https://m.place.naver.com/restaurant/1234567/home",
        "https://m.place.naver.com/restaurant/1234567/menu/list?entry=pll",
        "m.place.naver.com/hairshop/1234567",
        "https://pcmap.place.naver.com/restaurant/1234567/review/visitor#x",
        "https://pcmap.place.naver.com/place/1234567",
        "https://map.naver.com/p/entry/place/1234567?c=15.00,0,0,0,dh",
        "map.naver.com/p/search/%EA%B5%AD%EB%B0%A5/place/1234567",
        "https://map.naver.com/p/search/국밥/place/1234567?placePath=%3Fentry%3Dpll",
        "https://map.naver.com/v5/entry/place/1234567",
        "https://map.naver.com/v5/search/국밥/place/1234567?c=1,2",
        "http://m.place.naver.com/restaurant/1234567/home",
        "HTTPS://M.PLACE.NAVER.COM/restaurant/1234567",
    ],
)
def test_accepted_forms_normalise_to_one_place_and_canonical_url(text):
    ref = parse_place_input(text)
    assert isinstance(ref, PlaceRef)
    assert ref.place_id == "1234567"
    assert ref.canonical_url == CANONICAL


def test_place_type_is_kept_when_the_url_names_it():
    assert parse_place_input("m.place.naver.com/hairshop/1234567").place_type == "hairshop"


def test_short_links_are_returned_for_resolution():
    ref = parse_place_input("https://naver.me/5abcDEF")
    assert ref == ShortLink("5abcDEF")
    assert ref.url == "https://naver.me/5abcDEF"
    assert parse_place_input("naver.me/xYz12") == ShortLink("xYz12")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "12",  # too short to be a place id
        "https://example.com/restaurant/1234567",
        "https://m.place.naver.com.evil.com/restaurant/1234567",
        "https://m.place.naver.com@evil.com/restaurant/1234567",
        "https://user:pw@m.place.naver.com/restaurant/1234567",
        "https://evil.com\\@m.place.naver.com/restaurant/1234567",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://m.place.naver.com/restaurant/1234567",
        "https://m.place.naver.com:8443/restaurant/1234567",
        "https://map.naver.com/p/entry/place/abc",
        "https://map.naver.com/p/directions/1,2/3,4",
        "https://naver.me/",
        "https://naver.me/a/b",
        "https://127.0.0.1/restaurant/1234567",
        "https://169.254.169.254/latest/meta-data",
        "m.place.naver.com/restaurant/\n1234567",
        "x" * 3000,
    ],
)
def test_anything_else_is_refused_with_the_accepted_forms(text):
    with pytest.raises(InvalidPlaceUrl) as caught:
        parse_place_input(text)
    assert "naver.me" in str(caught.value.message)


def test_canonical_url_refuses_a_non_id():
    with pytest.raises(InvalidPlaceUrl):
        canonical_url("../../etc")


@given(st.text(max_size=300))
def test_parse_never_raises_anything_but_invalid_place_url(text):
    try:
        result = parse_place_input(text)
    except InvalidPlaceUrl:
        return
    assert isinstance(result, PlaceRef | ShortLink)
    if isinstance(result, PlaceRef):
        assert result.canonical_url.startswith("https://m.place.naver.com/place/")


@given(st.from_regex(r"[1-9][0-9]{3,14}", fullmatch=True), st.sampled_from(["m", "pcmap"]))
def test_every_place_id_round_trips(place_id, host):
    ref = parse_place_input(f"https://{host}.place.naver.com/restaurant/{place_id}/home")
    assert ref.place_id == place_id
    assert parse_place_input(ref.canonical_url).place_id == place_id
