"""From a store's Naver category to the creator categories that fit it.

Naver names a place's category in free text, one or more comma-separated words
(`곱창,막창,양`, `분식`, `피부,체형관리`, `카페,디저트`); creators carry fixed codes
(`food`, `cafe`, `beauty`, … in creators.domain.CATEGORIES). The matching engine asks
this module which codes a store stands for, best first, and why:

1. A staff correction wins: the store page's edit form sets `creator_category`, kept
   across re-scrapes like every correction (stores.corrections).
2. Otherwise each of the store's Naver categories is read in order (the primary first),
   word by word, against RULES below: the first rule with a keyword equal to the word,
   or contained in it, gives its codes. At most two codes are kept (`애견카페` → pets,
   then cafe; `카페,디저트` → cafe, then food).
3. With no rule matching, the fallback is the place type Naver files the place under
   (its page path: restaurant → food, cafe → cafe, hairshop → beauty, …) and, failing
   that, `lifestyle`. A fallback is reported as guessed: the engine counts it as a
   defaulted input (lower confidence) and says so among a match's problems.

Rules run top to bottom, so specific words come before general ones (`애견카페` is pets
before it is a cafe; `떡볶이` is food before `떡카페` is a cafe). The one-letter keywords
in WHOLE_WORD_ONLY (`양`, `회`, `차`, `바`, `죽`) only match a whole word, never part of one:
`양` is tripe in `곱창,막창,양`, `차` is tea, but `자동차` is no tea house.
"""

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from creators.domain import CATEGORIES

MAX_CODES = 2
DEFAULT_CODE = "lifestyle"
WHOLE_WORD_ONLY = frozenset({"양", "회", "차", "바", "죽"})

# (keywords, creator category codes best first), checked in order.
RULES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("애견카페", "고양이카페", "펫카페", "반려동물카페"), ("pets", "cafe")),
    (("애견", "반려", "펫", "동물병원", "고양이", "강아지", "동물"), ("pets",)),
    (("키즈카페",), ("parenting", "cafe")),
    (("키즈", "유아", "아동", "어린이", "놀이방", "산후", "육아"), ("parenting",)),
    (("PC방", "피씨방", "보드게임", "보드카페", "게임"), ("gaming", "entertainment")),
    (
        (
            "방탈출",
            "노래방",
            "노래연습장",
            "볼링",
            "당구",
            "영화관",
            "공연",
            "VR",
            "오락실",
            "만화카페",
            "만화방",
        ),
        ("entertainment",),
    ),
    (
        (
            "피부",
            "체형관리",
            "미용",
            "헤어",
            "네일",
            "속눈썹",
            "왁싱",
            "에스테틱",
            "메이크업",
            "화장품",
            "뷰티",
            "두피",
            "반영구",
            "마사지",
        ),
        ("beauty",),
    ),
    (
        (
            "헬스",
            "필라테스",
            "요가",
            "크로스핏",
            "복싱",
            "수영",
            "골프",
            "클라이밍",
            "주짓수",
            "태권도",
            "체육관",
            "스포츠",
        ),
        ("fitness",),
    ),
    (
        (
            "호텔",
            "펜션",
            "게스트하우스",
            "모텔",
            "리조트",
            "캠핑",
            "글램핑",
            "민박",
            "관광",
            "풀빌라",
            "숙박",
            "한옥스테이",
        ),
        ("travel",),
    ),
    (("악기", "음악", "연습실", "녹음실"), ("music",)),
    (("학원", "교습", "공부방", "독서실", "스터디", "과외"), ("education",)),
    (
        (
            "의류",
            "패션",
            "신발",
            "잡화",
            "가방",
            "안경",
            "주얼리",
            "액세서리",
            "편집샵",
            "부티크",
        ),
        ("fashion",),
    ),
    (("휴대폰", "전자", "컴퓨터", "카메라", "가전"), ("tech",)),
    (("목욕탕", "사우나", "찜질방"), ("lifestyle",)),
    # Food before cafes: `떡볶이` is not a rice-cake cafe, `브런치카페` is still a cafe.
    (("떡볶이", "분식"), ("food",)),
    (
        (
            "카페",
            "커피",
            "디저트",
            "베이커리",
            "제과",
            "케이크",
            "도넛",
            "와플",
            "마카롱",
            "빙수",
            "아이스크림",
            "찻집",
            "떡카페",
            "차",
            "빵",
        ),
        ("cafe", "food"),
    ),
    (
        (
            "한식",
            "중식",
            "일식",
            "양식",
            "곱창",
            "막창",
            "고기",
            "구이",
            "치킨",
            "피자",
            "국밥",
            "식당",
            "요리",
            "음식",
            "술집",
            "주점",
            "포차",
            "호프",
            "맥주",
            "이자카야",
            "뷔페",
            "국수",
            "냉면",
            "찌개",
            "전골",
            "초밥",
            "족발",
            "보쌈",
            "햄버거",
            "샌드위치",
            "브런치",
            "스테이크",
            "라멘",
            "돈가스",
            "샤브샤브",
            "쌈밥",
            "백반",
            "도시락",
            "만두",
            "닭",
            "오리",
            "해물",
            "생선",
            "장어",
            "곰탕",
            "설렁탕",
            "감자탕",
            "해장국",
            "순대",
            "김밥",
            "덮밥",
            "카레",
            "파스타",
            "와인",
            "칵테일",
            "막걸리",
            "정육",
            "갈비",
            "삼겹살",
            "횟집",
            "꽃게",
            "게장",
            "탕",
            "양",
            "회",
            "죽",
            "바",
        ),
        ("food",),
    ),
    (
        (
            "꽃",
            "인테리어",
            "생활용품",
            "소품",
            "서점",
            "사진관",
            "스튜디오",
            "공방",
            "가구",
            "문구",
        ),
        ("lifestyle",),
    ),
)

# Naver's place type (the page path, stores.domain.StoreProfile.place_type) -> code, for
# categories no rule knows.
PLACE_TYPE_FALLBACK = {
    "restaurant": "food",
    "cafe": "cafe",
    "hairshop": "beauty",
    "nailshop": "beauty",
    "accommodation": "travel",
    "hospital": "lifestyle",
}


class MappingSource(StrEnum):
    CORRECTION = "correction"  # staff set it on the store page
    MAP = "map"  # a rule matched one of Naver's words
    FALLBACK = "fallback"  # no rule matched: guessed from the place type or the default


@dataclass(frozen=True)
class CategoryMapping:
    codes: tuple[str, ...]  # creator category codes, best first (never empty)
    source: MappingSource
    naver: str | None  # the Naver category read (the primary one for a fallback)
    keyword: str | None = None  # the rule keyword that matched

    @property
    def primary(self) -> str:
        return self.codes[0]

    @property
    def guessed(self) -> bool:
        return self.source is MappingSource.FALLBACK

    @property
    def labels(self) -> list:
        return [CATEGORIES[code] for code in self.codes]


def profile_mapping(profile) -> CategoryMapping:
    """The creator categories of a stored profile (stores.domain.StoreProfile): staff's
    correction, else its primary category and the others Naver gives, in that order."""
    naver = [c for c in (profile.primary_category, *profile.categories) if c]
    return creator_categories(
        list(dict.fromkeys(naver)),
        place_type=profile.place_type,
        corrected=profile.creator_category,
    )


def creator_categories(
    naver_categories: list[str],
    *,
    place_type: str | None = None,
    corrected: str | None = None,
) -> CategoryMapping:
    """The creator categories a store with these Naver categories (primary first) fits."""
    naver_primary = next((c for c in naver_categories if c), None)
    if corrected in CATEGORIES:
        return CategoryMapping((corrected,), MappingSource.CORRECTION, naver_primary)
    codes: list[str] = []
    first_hit: tuple[str, str] | None = None
    for category in naver_categories:
        for word in _words(category):
            found = _rule_for(word)
            if found is None:
                continue
            keyword, rule_codes = found
            first_hit = first_hit or (category, keyword)
            codes += [code for code in rule_codes if code not in codes]
            if len(codes) >= MAX_CODES:
                break
        if len(codes) >= MAX_CODES:
            break
    if first_hit is not None:
        return CategoryMapping(
            tuple(codes[:MAX_CODES]), MappingSource.MAP, first_hit[0], first_hit[1]
        )
    fallback = PLACE_TYPE_FALLBACK.get(place_type or "", DEFAULT_CODE)
    return CategoryMapping((fallback,), MappingSource.FALLBACK, naver_primary)


def _words(category: str) -> list[str]:
    """`곱창,막창,양` → [곱창, 막창, 양]; `바(BAR)` → [바, BAR]; NFC, no blanks."""
    text = unicodedata.normalize("NFC", category or "")
    for separator in ",/()·&":
        text = text.replace(separator, " ")
    return [word for word in text.split() if word]


def _rule_for(word: str) -> tuple[str, tuple[str, ...]] | None:
    folded = word.casefold()
    for keywords, codes in RULES:
        for keyword in keywords:
            wanted = keyword.casefold()
            if folded == wanted or (keyword not in WHOLE_WORD_ONLY and wanted in folded):
                return keyword, codes
    return None
