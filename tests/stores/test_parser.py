import contextlib
import datetime as dt
import json
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stores import services
from stores.domain import ProfileSource
from stores.naver.errors import Blocked, ParseError, PlaceNotFound, ScrapeError
from stores.naver.parser import clean_text, parse_place_page, parse_price
from stores.payload import MAX_ITEM_BYTES, item_bytes
from tests.realworld import captures
from tests.stores import pages


def test_home_page_with_apollo_state():
    place = parse_place_page(pages.home_page("31000001"))
    assert place.place_id == "31000001"
    assert place.place_type == "restaurant"
    assert place.name == "연남 국밥집"
    assert place.categories == ["국밥", "순대국"]
    assert place.road_address == "서울 마포구 연남로 12 1층"
    assert place.phone == "02-333-1234"
    assert place.lat == Decimal("37.5610002") and place.lng == Decimal("126.9250001")
    assert [(m.name, m.price) for m in place.menus] == [
        ("돼지국밥", 9000),
        ("순대국", 10000),
        ("수육 (소)", 25000),
        ("공기밥", 0),  # "0" is free
    ]
    assert place.menu_source == "menu"
    assert place.visitor_review_count == 420
    assert place.blog_review_count == 77
    assert place.rating == Decimal("4.31")
    assert place.keywords[0].label == "음식이 맛있어요" and place.keywords[0].count == 120


def test_query_key_is_matched_by_prefix_whatever_its_arguments():
    html = pages.home_page(
        "31000001", query_args='{"checkRedirect":true,"deviceType":"pc","id":"%s","isNx":false}'
    )
    assert parse_place_page(html).name == "연남 국밥집"


def test_safe_number_is_used_when_there_is_no_landline():
    place = parse_place_page(pages.home_page(phone=None, virtual_phone="0507-1234-5678"))
    assert place.phone == "0507-1234-5678"


def test_menu_page_with_baemin_menus_only():
    place = parse_place_page(pages.menu_list_page("31000002"))
    assert place.menu_source == "baemin"
    assert [(m.name, m.price) for m in place.menus] == [
        ("짜장면", 8000),
        ("짬뽕", 9000),
        ("탕수육(중)", 24000),
        ("세트메뉴", None),  # empty is unknown
    ]


def test_baemin_menus_replace_unpriced_regular_menus():
    html = pages.home_page(
        menus=[("대표 메뉴", ""), ("세트", None)], baemin=[("치킨", "19000"), ("치킨", "19000")]
    )
    place = parse_place_page(html)
    assert place.menu_source == "baemin"
    assert [(m.name, m.price) for m in place.menus] == [("치킨", 19000)]  # repeats removed


def test_franchise_menus_with_empty_prices_are_unknown_not_free():
    html = pages.home_page(menus=[("버거 세트", ""), ("감자튀김", ""), ("콜라", "변동")])
    place = parse_place_page(html)
    assert [m.price for m in place.menus] == [None, None, None]
    assert not place.has_priced_menus


def test_non_restaurant_has_no_menus_or_review_stats():
    html = pages.home_page(
        "31000003",
        kind="place",
        name="바른 피부관리실",
        category="피부,체형관리",
        menus=[],
        keywords=[],
        visitor_total=None,
        score=None,
        blog_total=None,
        business_type="place",
    )
    place = parse_place_page(html)
    assert place.place_type == "place"
    assert place.menus == [] and place.keywords == []
    assert place.rating is None


def test_hidden_rating_is_none_not_zero():
    assert parse_place_page(pages.home_page(score=0)).rating is None


def test_control_characters_are_stripped_from_the_name():
    place = parse_place_page(pages.home_page(name="연남\x1c 국밥집\u200b"))
    assert place.name == "연남 국밥집"
    assert clean_text("세광 : 네이버\x1c") == "세광 : 네이버"


def test_not_found_page():
    with pytest.raises(PlaceNotFound):
        parse_place_page(pages.not_found_page())


def test_block_page():
    with pytest.raises(Blocked) as caught:
        parse_place_page(pages.block_page())
    assert "Import saved page" in str(caught.value.message)


def test_meta_fallback_without_apollo_state():
    place = parse_place_page(pages.meta_only_page("31000010"))
    assert place.from_meta_only
    assert place.name == "메타 전용 카페"
    assert place.place_id == "31000010" and place.place_type == "cafe"
    assert place.visitor_review_count == 12 and place.blog_review_count == 3


def test_truncated_apollo_json_is_a_clean_parse_error():
    with pytest.raises(ParseError) as caught:
        parse_place_page(pages.garbled_page())
    assert "damaged" in str(caught.value.message)


def test_garbled_apollo_json_is_a_clean_parse_error():
    html = pages.home_page().replace('"ROOT_QUERY":', '"ROOT_QUERY"::', 1)
    with pytest.raises(ParseError):
        parse_place_page(html)


def test_a_20_mb_page_is_refused_quickly():
    html = pages.home_page().replace("<h1>place</h1>", "<p>" + "가" * (20 * 1024 * 1024) + "</p>")
    started = time.perf_counter()
    with pytest.raises(ParseError):
        parse_place_page(html)
    assert time.perf_counter() - started < 1.0


def test_a_page_without_anything_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_place_page("<html><body>hello</body></html>")


@pytest.mark.parametrize(
    ("raw", "price"),
    [
        ("0", 0),
        ("12000", 12000),
        ("12,000", 12000),
        ("12,000원", 12000),
        ("", None),
        (None, None),
        ("변동", None),
        ("-5", None),
        (True, None),
        (15000, 15000),
    ],
)
def test_price_strings(raw, price):
    assert parse_price(raw) == price


# --- fuzzing: nothing but a clean ScrapeError may escape ------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


def _page_with_state(state) -> str:
    return pages.SHELL.format(meta="", body="", state=json.dumps(state, ensure_ascii=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_fuzz_arbitrary_text(text):
    with contextlib.suppress(ScrapeError):
        parse_place_page(text)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_fuzz_arbitrary_apollo_state(state):
    with contextlib.suppress(ScrapeError):
        parse_place_page(_page_with_state(state))


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "category",
                "address",
                "roadAddress",
                "phone",
                "virtualPhone",
                "coordinate",
                "visitorReviewsTotal",
                "visitorReviewsScore",
                "id",
                "missingInfo",
            ]
        ),
        json_values,
    ),
    st.lists(st.tuples(json_values, json_values), max_size=5),
)
def test_fuzz_mutated_place_fields(fields, menus):
    state = pages.apollo_state("31000001")
    state["PlaceDetailBase:31000001"].update(fields)
    for i, (name, price) in enumerate(menus):
        state[f"Menu:31000001_x{i}"] = {"name": name, "price": price, "index": i}
    try:
        place = parse_place_page(_page_with_state(state))
    except ScrapeError:
        return
    assert place.name and place.place_id
    assert all(m.price is None or m.price >= 0 for m in place.menus)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=5000), st.binary(max_size=50))
def test_fuzz_truncated_and_corrupted_real_shaped_pages(cut, noise):
    html = pages.home_page()
    html = html[:cut] + noise.decode("latin-1") + html[cut + len(noise) :]
    with contextlib.suppress(ScrapeError):
        parse_place_page(html)


# --- conformance over the real captures (read in place, never copied) ------------------------


EXPECTED_OUTCOME = {
    "_mplace_home.html": "place",
    "_menu_list.html": "place",
    "_nonrestaurant.html": "place",
    "_not_found.html": PlaceNotFound,
    "_blocked_rate_limited.html": Blocked,
}


def test_conformance_over_every_real_page():
    seen = 0
    for path in captures("naver", "*.html", expected=len(EXPECTED_OUTCOME)):
        expected = next(v for k, v in EXPECTED_OUTCOME.items() if path.name.endswith(k))
        html = path.read_text(encoding="utf-8", errors="replace")
        if expected == "place":
            place = parse_place_page(html)
            assert place.place_id in path.name
            assert place.name and "\x1c" not in place.name
            assert place.categories and place.road_address and place.lat and place.lng
            assert place.phone
        else:
            with pytest.raises(expected):
                parse_place_page(html)
        seen += 1
    assert seen == len(EXPECTED_OUTCOME)


def test_conformance_real_menus_and_keywords():
    for path in captures("naver", "*_mplace_home.html", expected=1):
        place = parse_place_page(path.read_text(encoding="utf-8"))
        assert place.menu_source == "menu" and place.has_priced_menus
        assert any(m.price == 0 for m in place.menus)  # the "0" shown as free
        assert place.keywords and place.visitor_review_count and place.blog_review_count
        assert place.rating is not None
    for path in captures("naver", "*_menu_list.html", expected=1):
        place = parse_place_page(path.read_text(encoding="utf-8"))
        assert place.menu_source == "baemin" and place.has_priced_menus
    for path in captures("naver", "*_nonrestaurant.html", expected=1):
        place = parse_place_page(path.read_text(encoding="utf-8"))
        assert place.menus == [] and place.keywords == [] and place.rating is None


def test_conformance_apollo_json_matches_the_page():
    for path in captures("naver", "*_apollo.json", expected=1):
        state = json.loads(path.read_text(encoding="utf-8"))
        from_json = parse_place_page(_page_with_state(state))
        (page,) = captures("naver", f"naver_place_{from_json.place_id}_*home.html", expected=1)
        from_page = parse_place_page(page.read_text(encoding="utf-8"))
        assert from_page.name == from_json.name
        assert from_page.menus == from_json.menus
        assert from_page.keywords == from_json.keywords


# --- nesting, sizes (issue #10, items 5 and 6) -----------------------------------------------


@pytest.mark.parametrize("levels", [65, 940, 100_000])
def test_a_state_nested_deeper_than_the_limit_is_refused_clearly(levels):
    with pytest.raises(ParseError) as caught:
        parse_place_page(pages.deeply_nested_page(levels))
    assert "nested more than 64 levels deep" in str(caught.value.message)


def test_a_state_nested_64_deep_is_read():
    assert parse_place_page(pages.deeply_nested_page(63)).name == "연남 국밥집"


def test_menus_beyond_the_limit_are_counted_not_kept():
    menus = [(f"메뉴 {i}", str(1000 + i)) for i in range(301)]
    place = parse_place_page(pages.home_page(menus=menus))
    assert len(place.menus) == 300 and place.menus_left_out == 1
    assert place.menus[-1].name == "메뉴 299"  # the page's order is kept


def test_a_long_name_from_the_meta_tags_is_refused():
    page = pages.meta_only_page().replace("메타 전용 카페", "가" * 201)
    with pytest.raises(ParseError, match="201 characters long"):
        parse_place_page(page)


def test_a_business_type_that_is_no_short_word_is_dropped():
    page = pages.home_page(kind="x" * 40, business_type="가" * 100_000)
    assert parse_place_page(page).place_type is None


@pytest.mark.parametrize(
    "field",
    ["name", "category", "address", "roadAddress", "phone", "virtualPhone", "id", "missingInfo"],
)
def test_a_megabyte_in_any_place_field_is_refused_or_kept_out_of_the_profile(field):
    state = pages.apollo_state("31000001")
    huge = "가" * 1_000_000
    state["PlaceDetailBase:31000001"][field] = (
        {"businessType": huge} if field == "missingInfo" else huge
    )
    state["VisitorReviewStatsResult:31000001"]["analysis"]["votedKeyword"]["details"] += [
        {"displayName": huge, "count": n, "code": huge} for n in range(1, 80)
    ]
    try:
        place = parse_place_page(_page_with_state(state))
    except ParseError:
        return
    profile = services.build_profile(
        place, scraped_at=dt.datetime.now(dt.UTC), source=ProfileSource.IMPORT
    )
    assert item_bytes(profile) < MAX_ITEM_BYTES
