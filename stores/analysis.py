"""Pure analysis of a parsed place: prices, review sentiment, category and area. No I/O.

Sentiment lexicon (documented here, tested in tests/stores/test_analysis.py)
--------------------------------------------------------------------------
Naver's voted review keywords are short fixed phrases ("음식이 맛있어요", "친절해요").
Each is classified by its code when known, else by its Korean wording:

- negative when the phrase contains a complaint stem: 아쉬워 / 아쉽 / 별로 / 불친절 /
  비싸 / 비쌈 / 느려 / 늦어 / 오래 기다 / 좁아 / 시끄러 / 더러 / 불편 / 짜요 / 싱거 /
  실망 / 불결 / 없어요 (e.g. "주차 공간이 없어요");
- positive when it praises: 맛있 / 좋아요 / 좋은 / 친절 / 깨끗 / 청결 / 넓어 / 멋져 /
  예뻐 / 신선 / 푸짐 / 많아요 / 가성비 / 특별 / 빨라 / 편해 / 편리 / 아늑 / 만족 /
  추천 / 훌륭 / 최고 / 정성 / 재방문 / 잘 / 있어요 (e.g. "특별한 메뉴가 있어요");
- neutral otherwise (informational phrases).

Negative stems are checked first, so "맛있지만 비싸요" counts as negative.

positiveRatio = positive votes / (positive + negative votes); neutral votes are left out.

Sentiment score (0-100)
-----------------------
Naver only offers praise to vote for, so the share of positive votes is near 100 % for
every store and told nothing apart. What differs is how many visitors bother to praise:
the best-liked stores collect about three votes per visitor review, others fewer than one.

- keyword part = (positive votes - negative votes) / visitor reviews / 3, kept between
  0 and 1: three net votes per review or more is full marks;
- rating part = (rating - 3) / 2, kept between 0 and 1: Naver's ratings sit between 4
  and 5, so rating / 5 would tell stores apart by a few points only;
- score = 100 x (0.7 x keyword part + 0.3 x rating part); either part alone when the
  other is missing (no visitor review count or no polarised votes; a hidden rating);
  with neither, no score.
"""

import re
import statistics
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from stores import per_person
from stores.domain import (
    TOP_KEYWORDS,
    KeywordScore,
    Location,
    MenuItem,
    ParsedPlace,
    Polarity,
    PriceAnalysis,
    Sentiment,
    VotedKeyword,
)

# --- prices -------------------------------------------------------------------------------

PRICE_LEVEL_BOUNDS = (10_000, 20_000, 40_000)  # 1 < 10,000 <= 2 < 20,000 <= 3 < 40,000 <= 4


def price_level(amount: int | None) -> int | None:
    if amount is None:
        return None
    return 1 + sum(amount >= bound for bound in PRICE_LEVEL_BOUNDS)


def analyse_prices(menus: list[MenuItem]) -> PriceAnalysis:
    """Statistics over menus with a known, non-zero price (free and unknown are left out),
    the per-person spend estimate (stores/per_person.py) and the level it gives (the
    median's level where there is no estimate)."""
    prices = sorted(m.price for m in menus if m.price)
    if not prices:
        return PriceAnalysis(menu_count=len(menus))
    median = _round(Decimal(str(statistics.median(prices))))
    spend = per_person.estimate(menus).per_person
    return PriceAnalysis(
        menu_count=len(menus),
        priced_count=len(prices),
        min=prices[0],
        max=prices[-1],
        mean=_round(Decimal(sum(prices)) / len(prices)),
        median=median,
        per_person=spend,
        level=price_level(median if spend is None else spend),
    )


def price_distribution(menus: list[MenuItem]) -> list[tuple[str, int]]:
    """Menu counts per price band, for the detail page's price panel."""
    bands = [
        ("< 10,000", 0, 10_000),
        ("10,000-19,999", 10_000, 20_000),
        ("20,000-39,999", 20_000, 40_000),
        ("40,000+", 40_000, None),
    ]
    prices = [m.price for m in menus if m.price]
    return [
        (label, sum(1 for p in prices if p >= low and (high is None or p < high)))
        for label, low, high in bands
    ]


def _round(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


# --- sentiment ----------------------------------------------------------------------------

NEGATIVE_STEMS = (
    "아쉬워",
    "아쉽",
    "별로",
    "불친절",
    "비싸",
    "비쌈",
    "느려",
    "늦어",
    "오래 기다",
    "좁아",
    "시끄러",
    "더러",
    "불편",
    "짜요",
    "싱거",
    "실망",
    "불결",
    "없어요",
)
POSITIVE_STEMS = (
    "맛있",
    "좋아요",
    "좋은",
    "친절",
    "깨끗",
    "청결",
    "넓어",
    "멋져",
    "예뻐",
    "신선",
    "푸짐",
    "많아요",
    "가성비",
    "특별",
    "빨라",
    "편해",
    "편리",
    "아늑",
    "만족",
    "추천",
    "훌륭",
    "최고",
    "정성",
    "재방문",
    "잘 ",
    "있어요",
)
NEGATIVE_CODES = frozenset({"price_expensive", "unkind", "dirty", "noisy", "narrow", "slow"})
FULL_NET_VOTES_PER_REVIEW = Decimal(3)
KEYWORD_WEIGHT = Decimal("0.7")
RATING_FLOOR = Decimal(3)
RATING_SPAN = Decimal(2)


def keyword_polarity(keyword: VotedKeyword) -> Polarity:
    if keyword.code in NEGATIVE_CODES:
        return Polarity.NEGATIVE
    label = unicodedata.normalize("NFC", keyword.label)
    if any(stem in label for stem in NEGATIVE_STEMS):
        return Polarity.NEGATIVE
    if any(stem in label for stem in POSITIVE_STEMS):
        return Polarity.POSITIVE
    return Polarity.NEUTRAL


def analyse_sentiment(place: ParsedPlace) -> Sentiment:
    return sentiment_of(
        place.keywords,
        visitor_reviews=place.visitor_review_count,
        blog_reviews=place.blog_review_count,
        rating=place.rating,
    )


def sentiment_of(
    keywords: list[VotedKeyword],
    *,
    visitor_reviews: int | None,
    blog_reviews: int | None,
    rating: Decimal | None,
) -> Sentiment:
    """The score of the module docstring, with every input it was made from."""
    scored = [
        KeywordScore(label=k.label, count=k.count, polarity=keyword_polarity(k)) for k in keywords
    ]
    positive = sum(k.count for k in scored if k.polarity == Polarity.POSITIVE)
    negative = sum(k.count for k in scored if k.polarity == Polarity.NEGATIVE)
    ratio = net_per_review = keyword_part = None
    if positive + negative:
        ratio = (Decimal(positive) / (positive + negative)).quantize(Decimal("0.001"))
        if visitor_reviews:
            net = Decimal(positive - negative) / visitor_reviews
            net_per_review = net.quantize(Decimal("0.01"))
            keyword_part = _share(net / FULL_NET_VOTES_PER_REVIEW)
    rating_part = _share((rating - RATING_FLOOR) / RATING_SPAN) if rating else None
    score = None
    if keyword_part is not None and rating_part is not None:
        score = (keyword_part * KEYWORD_WEIGHT + rating_part * (1 - KEYWORD_WEIGHT)) * 100
    elif keyword_part is not None:
        score = keyword_part * 100
    elif rating_part is not None:
        score = rating_part * 100
    total = None
    if visitor_reviews is not None or blog_reviews is not None:
        total = (visitor_reviews or 0) + (blog_reviews or 0)
    return Sentiment(
        review_count=total,
        visitor_review_count=visitor_reviews,
        blog_review_count=blog_reviews,
        rating=rating,
        positive_ratio=ratio,
        positive_votes=positive if scored else None,
        negative_votes=negative if scored else None,
        net_votes_per_review=net_per_review,
        keyword_part=keyword_part,
        rating_part=rating_part,
        score=None if score is None else max(0, min(100, _round(score))),
        keywords=sorted(scored, key=lambda k: -k.count)[:TOP_KEYWORDS],
    )


def _share(value: Decimal) -> Decimal:
    return max(Decimal(0), min(Decimal(1), value)).quantize(Decimal("0.001"))


# --- category and area --------------------------------------------------------------------


def normalise_category(value: str | None) -> str | None:
    """One index-safe category label: NFC, spaces collapsed, no `#` or control chars."""
    if not value:
        return None
    text = unicodedata.normalize("NFC", value)
    text = re.sub(r"[#\x00-\x1f\x7f]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:50] or None


def primary_category(categories: list[str]) -> str | None:
    for category in categories:
        normalised = normalise_category(category)
        if normalised:
            return normalised
    return None


# Each province's short form (what Naver shows) is the stored value; long forms map to it.
CITY_FORMS: dict[str, tuple[str, ...]] = {
    "서울": ("서울특별시", "서울시"),
    "부산": ("부산광역시", "부산시"),
    "대구": ("대구광역시", "대구시"),
    "인천": ("인천광역시", "인천시"),
    "광주": ("광주광역시",),
    "대전": ("대전광역시", "대전시"),
    "울산": ("울산광역시", "울산시"),
    "세종": ("세종특별자치시", "세종시"),
    "경기": ("경기도",),
    "강원": ("강원도", "강원특별자치도"),
    "충북": ("충청북도",),
    "충남": ("충청남도",),
    "전북": ("전라북도", "전북특별자치도"),
    "전남": ("전라남도",),
    "경북": ("경상북도",),
    "경남": ("경상남도",),
    "제주": ("제주특별자치도", "제주도"),
}
_CITY_LOOKUP = {form: short for short, forms in CITY_FORMS.items() for form in (short, *forms)}


def normalise_city(value: str | None) -> str | None:
    if not value:
        return None
    return _CITY_LOOKUP.get(unicodedata.normalize("NFC", value).strip())


def city_and_district(address: str | None) -> tuple[str | None, str | None]:
    """`서울 송파구 가락동` → (서울, 송파구); `경기도 성남시 분당구 …` → (경기, 성남시 분당구)."""
    if not address:
        return None, None
    tokens = unicodedata.normalize("NFC", address).replace("#", " ").split()
    if not tokens:
        return None, None
    city = normalise_city(tokens[0])
    if city is None:
        return None, None
    district = None
    if len(tokens) > 1 and re.fullmatch(r"\S+[시군구]", tokens[1]):
        district = tokens[1]
        if (
            district.endswith("시")
            and len(tokens) > 2
            and re.fullmatch(r"\S+구", tokens[2])
            and not re.search(r"\d", tokens[2])
        ):
            district = f"{district} {tokens[2]}"
    return city, district


def build_location(place: ParsedPlace) -> Location:
    city, district = city_and_district(place.road_address)
    if city is None:
        city, district = city_and_district(place.address)
    return Location(
        address=place.address,
        road_address=place.road_address,
        city=city,
        district=district,
        lat=place.lat,
        lng=place.lng,
        phone=place.phone,
    )


def percentile(value: int, peers: list[int]) -> int:
    """Mid-rank percentile of `value` among `peers` (ties count half), 0-100."""
    if not peers:
        return 50
    below = sum(1 for p in peers if p < value)
    equal = sum(1 for p in peers if p == value)
    return _round(Decimal(below * 2 + equal) * 50 / len(peers))
