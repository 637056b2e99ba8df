from decimal import Decimal

import pytest

from stores import analysis
from stores.domain import MenuItem, ParsedPlace, Polarity, VotedKeyword


def menus(*prices):
    return [MenuItem(name=f"m{i}", price=p) for i, p in enumerate(prices)]


def test_price_analysis_ignores_free_and_unknown_prices():
    result = analysis.analyse_prices(menus(0, None, 9000, 10000, 25000))
    assert result.menu_count == 5 and result.priced_count == 3
    assert (result.min, result.max, result.median, result.mean) == (9000, 25000, 10000, 14667)
    assert result.level == 2 and result.currency == "KRW"


def test_price_analysis_without_prices_has_no_level():
    result = analysis.analyse_prices(menus(None, 0))
    assert result.level is None and result.median is None and result.menu_count == 2


def test_even_median_is_the_mean_of_the_middle_pair():
    assert analysis.analyse_prices(menus(8000, 9000, 12000, 30000)).median == 10500


@pytest.mark.parametrize(
    ("median", "level"),
    [(1, 1), (9999, 1), (10000, 2), (19999, 2), (20000, 3), (39999, 3), (40000, 4), (None, None)],
)
def test_price_level_bounds_follow_the_data_model(median, level):
    assert analysis.price_level(median) == level


@pytest.mark.parametrize(
    ("label", "code", "polarity"),
    [
        ("음식이 맛있어요", "food_good", Polarity.POSITIVE),
        ("친절해요", "kind", Polarity.POSITIVE),
        ("특별한 메뉴가 있어요", None, Polarity.POSITIVE),
        ("직접 잘 구워줘요", None, Polarity.POSITIVE),
        ("가격이 비싸요", None, Polarity.NEGATIVE),
        ("맛있지만 양이 아쉬워요", None, Polarity.NEGATIVE),
        ("주차 공간이 없어요", None, Polarity.NEGATIVE),
        ("x", "unkind", Polarity.NEGATIVE),
        ("주차는 직접 확인하세요", None, Polarity.NEUTRAL),
    ],
)
def test_keyword_lexicon(label, code, polarity):
    assert analysis.keyword_polarity(VotedKeyword(label=label, count=1, code=code)) == polarity


def place(**fields):
    return ParsedPlace(place_id="31000001", name="n", **fields)


def test_sentiment_blends_keyword_ratio_and_rating():
    keywords = [
        VotedKeyword(label="음식이 맛있어요", count=90),
        VotedKeyword(label="가격이 비싸요", count=10),
        VotedKeyword(label="주차는 직접 확인하세요", count=500),
    ]
    result = analysis.analyse_sentiment(
        place(
            keywords=keywords, rating=Decimal("4.5"), visitor_review_count=10, blog_review_count=5
        )
    )
    assert result.positive_ratio == Decimal("0.900")
    assert result.score == 90  # 0.6 * 90 + 0.4 * 90
    assert result.review_count == 15
    assert result.keywords[0].label == "주차는 직접 확인하세요"


def test_sentiment_without_rating_uses_the_ratio_and_without_anything_has_no_score():
    only_votes = analysis.analyse_sentiment(
        place(keywords=[VotedKeyword(label="친절해요", count=3)])
    )
    assert only_votes.score == 100
    nothing = analysis.analyse_sentiment(place())
    assert nothing.score is None and nothing.positive_ratio is None
    assert nothing.review_count is None


def test_top_keywords_are_kept():
    keywords = [VotedKeyword(label=f"좋아요 {i}", count=i + 1) for i in range(30)]
    result = analysis.analyse_sentiment(place(keywords=keywords))
    assert len(result.keywords) == 10 and result.keywords[0].count == 30


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("서울 송파구 가락동 57-6", ("서울", "송파구")),
        ("서울특별시 송파구 송이로 103", ("서울", "송파구")),
        ("경남 창원시 의창구 중앙대로 1", ("경남", "창원시 의창구")),
        ("경상남도 창원시 의창구 중앙대로 1", ("경남", "창원시 의창구")),
        ("경기 화성시 반송동 1", ("경기", "화성시")),
        ("경기도 성남시 분당구 판교역로 1", ("경기", "성남시 분당구")),
        ("강원특별자치도 춘천시 중앙로 1", ("강원", "춘천시")),
        ("제주특별자치도 제주시 1", ("제주", "제주시")),
        ("세종특별자치시 한누리대로 1", ("세종", None)),
        ("Tokyo", (None, None)),
        ("", (None, None)),
    ],
)
def test_city_and_district_short_and_long_forms_agree(address, expected):
    assert analysis.city_and_district(address) == expected


def test_primary_category_is_the_first_normalised():
    assert analysis.primary_category(["  곱창 ", "막창"]) == "곱창"
    assert analysis.primary_category(["", "중#식"]) == "중 식"
    assert analysis.primary_category([]) is None


def test_percentile_is_mid_rank():
    assert analysis.percentile(10000, [5000, 8000, 12000, 15000]) == 50
    assert analysis.percentile(20000, [5000, 8000]) == 100
    assert analysis.percentile(1000, [5000, 8000]) == 0
    assert analysis.percentile(5000, [5000]) == 50
