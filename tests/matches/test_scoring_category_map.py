"""The mapping from Naver's categories to creator categories (stores/category_map.py)."""

import pytest

from creators.domain import CATEGORIES
from stores.category_map import (
    DEFAULT_CODE,
    PLACE_TYPE_FALLBACK,
    RULES,
    MappingSource,
    creator_categories,
)


@pytest.mark.parametrize(
    ("naver", "codes"),
    [
        (["곱창", "막창", "양"], ("food",)),
        (["곱창,막창,양"], ("food",)),
        (["분식"], ("food",)),
        (["떡볶이"], ("food",)),
        (["중식당"], ("food",)),
        (["양식"], ("food",)),
        (["국밥", "순대국"], ("food",)),
        (["피부관리실"], ("beauty",)),
        (["피부,체형관리"], ("beauty",)),
        (["카페", "디저트"], ("cafe", "food")),
        (["카페,디저트"], ("cafe", "food")),
        (["브런치카페"], ("cafe", "food")),
        (["전통찻집"], ("cafe", "food")),
        (["애견카페"], ("pets", "cafe")),
        (["애견미용"], ("pets",)),
        (["키즈카페"], ("parenting", "cafe")),
        (["방탈출카페"], ("entertainment",)),
        (["PC방"], ("gaming", "entertainment")),
        (["필라테스"], ("fitness",)),
        (["호텔"], ("travel",)),
        (["미용실"], ("beauty",)),
        (["와인바"], ("food",)),
        (["바(BAR)"], ("food",)),
        (["꽃집,꽃배달"], ("lifestyle",)),
        (["안경원"], ("fashion",)),
        (["피아노학원"], ("education",)),
        (["이자카야", "카페"], ("food", "cafe")),
    ],
)
def test_naver_categories_map_to_creator_categories(naver, codes):
    mapping = creator_categories(naver)
    assert mapping.codes == codes
    assert mapping.source is MappingSource.MAP and not mapping.guessed


def test_one_letter_keywords_match_whole_words_only():
    assert creator_categories(["양"]).codes == ("food",)
    assert creator_categories(["차"]).codes == ("cafe", "food")
    assert creator_categories(["자동차정비"]).guessed  # no tea house


def test_unknown_categories_fall_back_to_the_place_type_then_the_default():
    guess = creator_categories(["세무사무소"], place_type="restaurant")
    assert guess.codes == ("food",) and guess.source is MappingSource.FALLBACK
    assert guess.naver == "세무사무소"
    assert creator_categories(["세무사무소"], place_type="hairshop").codes == ("beauty",)
    assert creator_categories(["세무사무소"]).codes == (DEFAULT_CODE,)
    assert creator_categories([]).codes == (DEFAULT_CODE,)


def test_a_staff_correction_wins_and_unknown_codes_are_ignored():
    corrected = creator_categories(["곱창"], corrected="beauty")
    assert corrected.codes == ("beauty",) and corrected.source is MappingSource.CORRECTION
    assert creator_categories(["곱창"], corrected="nonsense").codes == ("food",)


def test_every_rule_and_fallback_names_known_creator_categories():
    for _keywords, codes in RULES:
        assert codes and set(codes) <= set(CATEGORIES)
    assert set(PLACE_TYPE_FALLBACK.values()) <= set(CATEGORIES)
    assert DEFAULT_CODE in CATEGORIES
