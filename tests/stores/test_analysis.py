from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stores import analysis, per_person
from stores.domain import MenuItem, MenuRole, ParsedPlace, Polarity, VotedKeyword
from tests.stores import pages


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


def test_sentiment_blends_net_votes_per_review_and_rating():
    keywords = [
        VotedKeyword(label="음식이 맛있어요", count=90),
        VotedKeyword(label="가격이 비싸요", count=10),
        VotedKeyword(label="주차는 직접 확인하세요", count=500),
    ]
    result = analysis.analyse_sentiment(
        place(
            keywords=keywords, rating=Decimal("4.5"), visitor_review_count=40, blog_review_count=5
        )
    )
    assert result.positive_ratio == Decimal("0.900")
    assert (result.positive_votes, result.negative_votes) == (90, 10)
    assert result.net_votes_per_review == Decimal("2.00")  # (90 - 10) / 40
    assert result.keyword_part == Decimal("0.667")  # 2 of the 3 that make full marks
    assert result.rating_part == Decimal("0.750")  # (4.5 - 3) / 2
    assert result.score == 69  # 100 x (0.7 x 0.667 + 0.3 x 0.75)
    assert result.review_count == 45
    assert result.keywords[0].label == "주차는 직접 확인하세요"


def test_sentiment_with_one_part_missing_uses_the_other_and_with_none_has_no_score():
    only_votes = analysis.analyse_sentiment(
        place(keywords=[VotedKeyword(label="친절해요", count=9)], visitor_review_count=3)
    )
    assert only_votes.score == 100
    no_review_count = analysis.analyse_sentiment(
        place(keywords=[VotedKeyword(label="친절해요", count=3)], rating=Decimal("4.0"))
    )
    assert no_review_count.keyword_part is None and no_review_count.score == 50
    nothing = analysis.analyse_sentiment(place())
    assert nothing.score is None and nothing.positive_ratio is None
    assert nothing.review_count is None


def test_more_complaints_than_praise_is_zero_not_negative():
    result = analysis.analyse_sentiment(
        place(keywords=[VotedKeyword(label="불친절해요", count=50)], visitor_review_count=10)
    )
    assert result.keyword_part == 0 and result.score == 0


def test_stores_whose_visitors_praise_more_often_score_clearly_higher():
    """Two realistic stores, all-positive keywords both: the old score gave 96-100 to each."""
    keywords = [
        ("음식이 맛있어요", 0.45),
        ("친절해요", 0.2),
        ("양이 많아요", 0.2),
        ("매장이 넓어요", 0.15),
    ]

    def store(votes: int, visitor_reviews: int, rating: str):
        return analysis.analyse_sentiment(
            place(
                keywords=[VotedKeyword(label=k, count=round(votes * w)) for k, w in keywords],
                visitor_review_count=visitor_reviews,
                rating=Decimal(rating),
            )
        )

    loved = store(votes=5300, visitor_reviews=1800, rating="4.56")  # 2.9 votes a review
    lukewarm = store(votes=1350, visitor_reviews=1100, rating="4.20")  # 1.2 votes a review
    assert loved.positive_ratio == lukewarm.positive_ratio == 1
    assert loved.score >= 85 and lukewarm.score <= 50
    assert loved.score - lukewarm.score >= 30


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["음식이 맛있어요", "친절해요", "가격이 비싸요", "주차는 직접 확인하세요"]
            ),
            st.integers(min_value=1, max_value=10**9),
        ),
        max_size=8,
    ),
    st.none() | st.integers(min_value=0, max_value=10**9),
    st.none() | st.decimals(min_value=Decimal("0.01"), max_value=5, places=2),
)
def test_sentiment_score_stays_between_0_and_100(keywords, visitor_reviews, rating):
    result = analysis.sentiment_of(
        [VotedKeyword(label=label, count=n) for label, n in keywords],
        visitor_reviews=visitor_reviews,
        blog_reviews=None,
        rating=rating,
    )
    assert result.score is None or 0 <= result.score <= 100
    for part in (result.keyword_part, result.rating_part):
        assert part is None or 0 <= part <= 1


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


# --- per-person spend (stores/per_person.py) -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "persons"),
    [
        ("양대창3인세트🔥단체회식", Decimal(3)),
        ("모둠 4인분", Decimal(4)),
        ("양대창 세트(3~4인)", Decimal("3.5")),
        ("모둠 2-3인", Decimal("2.5")),
        ("가족 세트 4명", Decimal(4)),
        ("탕볶밥(1인분)", None),
        ("소갈비살(2인이상)", None),
        ("소곱창전골(2인 이상, 포장가능)", None),
        ("10인치 피자", None),
        ("대창구이(200g)", None),
        ("단체 100인분", None),
    ],
)
def test_head_count_from_the_menu_name(name, persons):
    assert per_person.head_count(name) == persons


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("양대창3인세트🔥단체회식 가성비최고!", MenuRole.SET),
        ("대창구이(200g)💖고소함의 끝판왕", MenuRole.MAIN),
        ("갓도정쌀공기밥", MenuRole.SIDE),
        ("치즈 추가", MenuRole.SIDE),
        ("라면사리", MenuRole.SIDE),
        ("우동사리 2개", MenuRole.SIDE),
        ("사리곰탕면", MenuRole.MAIN),
        ("할머니계란찜🍳푸딩처럼 보드라운 맛!", MenuRole.SIDE),
        ("산토리 생맥주(DRAFT BEER)", MenuRole.DRINK),
        ("진저 하이볼🥃은은 깔끔한 진저향!", MenuRole.DRINK),
        ("순두부찌개🌶️소주땡기는 매콤한 맛", MenuRole.MAIN),  # the drink is in the advert
        ("아이스 아메리카노", MenuRole.DRINK),
        ("치킨+콜라 2인세트", MenuRole.SET),
    ],
)
def test_menu_role_from_the_menu_name(name, role):
    assert per_person.menu_role(name) == role


def named(*lines):
    return [MenuItem(name=name, price=price) for name, price in lines]


def test_per_person_is_the_median_share_of_mains_plus_one_side_or_drink():
    menus = named(*[(name, int(price)) for name, price in pages.YANGDAECHANG_MENUS])
    spend = per_person.estimate(menus)
    # shares: 28,000 32,000 24,000 5,000 and sets 58,000/2 99,000/3.5 110,000/4
    assert spend.main == 28_000
    # sides and drinks: 4,000 1,000 3,000 2,000 5,000 5,000 2,000
    assert spend.extra == 3_000
    assert spend.per_person == 31_000
    share = {line.name: line.per_person for line in spend.lines}
    assert share["양대창 세트(3~4인)"] == 28_286 and share["공기밥"] is None
    prices = analysis.analyse_prices(menus)
    assert prices.median == 5_000 and prices.per_person == 31_000 and prices.level == 3


def test_drinks_are_the_mains_of_a_cafe():
    spend = per_person.estimate(
        named(("아메리카노", 4500), ("카페라떼", 5000), ("딸기 에이드", 6000), ("치즈케이크", 7000))
    )
    assert spend.drinks_are_mains and spend.main == 5500 and spend.extra is None
    assert spend.per_person == 5500


def test_without_a_main_the_level_follows_the_median():
    prices = analysis.analyse_prices(named(("공기밥", 1000), ("라면사리", 2000), ("계란찜", 4000)))
    assert prices.per_person is None and prices.median == 2000 and prices.level == 1


def test_free_and_unpriced_lines_are_listed_but_not_counted():
    spend = per_person.estimate(named(("국밥", 9000), ("공기밥", 0), ("포장", None)))
    assert [line.role for line in spend.lines] == [
        MenuRole.MAIN,
        MenuRole.UNPRICED,
        MenuRole.UNPRICED,
    ]
    assert spend.per_person == 9000
