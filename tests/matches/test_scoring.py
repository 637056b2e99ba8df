"""The match score's properties (hypothesis) and its rules, without any I/O."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from creators.domain import CATEGORIES, InfluenceTier, Platform
from marketing.checks import match_weights_check
from marketing.geography import NEIGHBOURS, PROVINCES
from matches.domain import Confidence, Priority
from matches.engine import scoring
from matches.engine.scoring import (
    NO_HISTORY,
    Closeness,
    CreatorFacts,
    Engagement,
    History,
    StoreFacts,
    closeness,
    score_of,
    score_pair,
)
from matches.engine.weights import COMPONENTS, DEFAULT_WEIGHTS, match_weights, parse_weights
from matches.findings import FINDINGS, describe

# Capped under CI, where the whole suite shares two cores.
PROFILE = settings(max_examples=60 if os.environ.get("CI") == "true" else 250, deadline=None)
NOW = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
WEIGHTS = parse_weights(DEFAULT_WEIGHTS)[0]

codes = st.sampled_from(sorted(CATEGORIES))
cities = st.sampled_from([korean for korean, _label in PROVINCES.values()])
districts = st.sampled_from(["송파구", "마포구", "성남시 분당구", "성남시 수정구", "수원시 팔달구"])
regions = st.sampled_from([*PROVINCES, "nationwide", "overseas"])


@st.composite
def weight_sets(draw):
    """Any weights adding up to exactly 1 (hundredths)."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=6, max_size=6)))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return {name: Decimal(share) / 100 for name, share in zip(COMPONENTS, shares, strict=True)}


stores = st.builds(
    StoreFacts,
    store_id=st.just("s-1"),
    store_name=st.just("가게"),
    categories=st.lists(codes, min_size=1, max_size=2, unique=True).map(tuple),
    category_guessed=st.booleans(),
    naver_category=st.one_of(st.none(), st.just("국밥")),
    city=st.one_of(st.none(), cities),
    district=st.one_of(st.none(), districts),
    price_level=st.one_of(st.none(), st.integers(1, 4)),
    per_person=st.one_of(st.none(), st.integers(1, 500_000)),
)
creators = st.builds(
    CreatorFacts,
    creator_id=st.just("c-1"),
    creator_name=st.just("채널"),
    platform=st.sampled_from(Platform),
    categories=st.lists(codes, max_size=3, unique=True).map(tuple),
    region=st.one_of(st.none(), regions),
    area_city=st.one_of(st.none(), cities),
    area_districts=st.lists(districts, max_size=3, unique=True).map(tuple),
    subscribers=st.one_of(st.none(), st.integers(0, 10**12 - 1)),
    subscribers_hidden=st.booleans(),
    subscribers_rounded=st.booleans(),
    tier=st.one_of(st.none(), st.sampled_from(InfluenceTier)),
    tier_uncertain=st.booleans(),
    engagement_rate=st.one_of(st.none(), st.decimals(0, 100, places=2)),
    synced_at=st.one_of(
        st.none(), st.integers(0, 2000).map(lambda days: NOW - dt.timedelta(days=days))
    ),
    hand_entered=st.booleans(),
)
engagements = st.builds(
    Engagement,
    percentile=st.one_of(st.none(), st.integers(0, 100)),
    peers=st.integers(0, 5000),
)
histories = st.builds(
    lambda contacted, responded, completed, declined, days: History(
        contacted=contacted,
        responded=min(responded, contacted),
        completed=min(completed, responded, contacted),
        declined=declined,
        median_reply_days=days,
    ),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 50),
    st.integers(0, 50),
    st.one_of(st.none(), st.decimals(0, 400, places=2)),
)


def _score(store, creator, *, engagement=None, history=NO_HISTORY, weights=WEIGHTS):
    return score_pair(
        store,
        creator,
        engagement=engagement or Engagement(percentile=50, peers=100),
        history=history,
        weights=weights,
        now=NOW,
    )


@PROFILE
@given(stores, creators, engagements, histories, weight_sets())
def test_a_score_is_always_0_to_100_and_its_breakdown_reproduces_it(
    store, creator, engagement, history, weights
):
    scored = _score(store, creator, engagement=engagement, history=history, weights=weights)
    assert 0 <= scored.score <= 100
    assert list(scored.breakdown) == list(COMPONENTS)
    assert sum(c.weight for c in scored.breakdown.values()) == 1
    for component in scored.breakdown.values():
        assert 0 <= component.value <= 1
        assert component.reason
    recomputed = sum(c.weight * c.value for c in scored.breakdown.values()) * 100
    assert scored.score == int(recomputed.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    assert score_of(scored.breakdown) == scored.score
    with translation.override("en"):
        for found in [*scored.strengths, *scored.problems]:
            assert found.code in FINDINGS
            assert "Further detail" not in describe(found), found


@PROFILE
@given(stores, creators, histories, st.integers(0, 100), st.integers(0, 100), st.integers(1, 999))
def test_a_higher_engagement_percentile_never_lowers_the_score(
    store, creator, history, low, high, peers
):
    creator = CreatorFacts(
        **{**creator.__dict__, "engagement_rate": Decimal("3"), "tier": InfluenceTier.MICRO}
    )
    low, high = sorted((low, high))
    below = _score(store, creator, engagement=Engagement(low, peers), history=history)
    above = _score(store, creator, engagement=Engagement(high, peers), history=history)
    assert above.score >= below.score
    assert above.breakdown["engagement"].value >= below.breakdown["engagement"].value


LADDER = [
    # (closeness, what the creator says about where it works), for a store in 성남시 분당구
    (Closeness.DISTRICT, {"area_city": "경기", "area_districts": ("성남시 분당구",)}),
    (Closeness.CITY, {"area_city": "경기", "area_districts": ("성남시 수정구",)}),
    (Closeness.PROVINCE, {"region": "gyeonggi"}),
    (Closeness.NEIGHBOUR, {"region": "seoul"}),
    (Closeness.NATIONWIDE, {"region": "nationwide"}),
    (Closeness.ELSEWHERE, {"region": "jeju"}),
]


@PROFILE
@given(stores, creators, engagements, histories)
def test_a_closer_creator_never_scores_lower(store, creator, engagement, history):
    store = StoreFacts(**{**store.__dict__, "city": "경기", "district": "성남시 분당구"})
    scores = []
    for level, where in LADDER:
        placed = CreatorFacts(
            **{**creator.__dict__, "region": None, "area_city": None, "area_districts": (), **where}
        )
        assert closeness(store, placed) is level
        scores.append(_score(store, placed, engagement=engagement, history=history).score)
    assert scores == sorted(scores, reverse=True)


def test_in_seoul_the_province_is_the_city():
    store = StoreFacts("s", "가게", ("food",), city="서울", district="송파구")
    in_seoul = CreatorFacts("c", "채널", Platform.INSTAGRAM, region="seoul")
    covers = CreatorFacts(
        "c", "채널", Platform.INSTAGRAM, area_city="서울", area_districts=("송파구", "강동구")
    )
    elsewhere_in_seoul = CreatorFacts(
        "c", "채널", Platform.INSTAGRAM, area_city="서울", area_districts=("마포구",)
    )
    assert closeness(store, in_seoul) is Closeness.CITY
    assert closeness(store, covers) is Closeness.DISTRICT
    assert closeness(store, elsewhere_in_seoul) is Closeness.CITY
    assert closeness(store, CreatorFacts("c", "채널", Platform.TIKTOK)) is None


def test_neighbours_are_symmetric_and_known_provinces():
    assert set(NEIGHBOURS) == set(PROVINCES)
    for province, around in NEIGHBOURS.items():
        for other in around:
            assert province in NEIGHBOURS[other], (province, other)


def test_engagement_is_a_percentile_among_peers():
    peers = sorted(Decimal(x) for x in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])
    assert scoring.percentile_of(Decimal("10"), peers) == 95
    assert scoring.percentile_of(Decimal("1"), peers) == 5
    assert scoring.percentile_of(Decimal("5.5"), peers) == 50
    assert scoring.percentile_of(Decimal("3"), []) == 50


def test_the_audience_band_follows_the_spend():
    assert scoring.audience_band(5_000) == (1_000, 30_000)
    assert scoring.audience_band(60_000) == (30_000, 1_000_000)
    assert scoring.audience_band(100_000) == (30_000, 1_000_000)
    low, high = scoring.audience_band(10_000)
    assert 1_000 < low < 3_000 and 30_000 < high < 100_000
    lows = [scoring.audience_band(spend)[0] for spend in range(1_000, 80_000, 2_500)]
    assert lows == sorted(lows)


def _store(**kw):
    return StoreFacts(
        **{
            "store_id": "s",
            "store_name": "가게",
            "categories": ("food",),
            "city": "서울",
            "district": "마포구",
            "price_level": 1,
            "per_person": 9_000,
            **kw,
        }
    )


def _creator(**kw):
    return CreatorFacts(
        **{
            "creator_id": "c",
            "creator_name": "채널",
            "platform": Platform.YOUTUBE,
            "categories": ("food",),
            "region": "seoul",
            "area_city": "서울",
            "area_districts": ("마포구",),
            "subscribers": 8_000,
            "tier": InfluenceTier.MICRO,
            "engagement_rate": Decimal("4.2"),
            "synced_at": NOW - dt.timedelta(days=2),
            **kw,
        }
    )


def test_a_complete_fresh_record_is_high_confidence_and_priority():
    scored = _score(_store(), _creator(), engagement=Engagement(95, 200))
    assert scored.confidence is Confidence.HIGH
    assert scored.priority is Priority.HIGH
    codes = [f.code for f in scored.strengths]
    assert codes[:2] == ["category_main", "same_district"]
    assert "engagement_top" in codes
    assert scored.problems == []


def test_doubts_lower_confidence_and_say_why():
    rounded = _score(_store(), _creator(subscribers_rounded=True))
    assert rounded.confidence is Confidence.HIGH  # rounding alone is a small doubt
    assert [f.code for f in rounded.problems] == ["subscribers_rounded"]
    by_hand = _score(_store(), _creator(hand_entered=True, synced_at=NOW - dt.timedelta(days=94)))
    assert by_hand.confidence is Confidence.MEDIUM
    with translation.override("en"):
        words = [describe(f) for f in by_hand.problems]
    assert "Figures entered by hand 94 days ago" in words
    with translation.override("ko"):
        said = describe(by_hand.problems[0])
    assert "94" in said and "Figures" not in said
    unknown = _score(
        _store(price_level=None, per_person=None, category_guessed=True),
        _creator(engagement_rate=None, subscribers=None, synced_at=None),
        engagement=Engagement(None),
    )
    assert unknown.confidence is Confidence.LOW
    assert {"price_unknown", "category_guessed", "engagement_unknown", "never_synced"} <= {
        f.code for f in unknown.problems
    }


def test_priority_weighs_the_score_by_confidence():
    assert scoring.priority_for(72, Confidence.HIGH) is Priority.HIGH
    assert scoring.priority_for(72, Confidence.MEDIUM) is Priority.NORMAL
    assert scoring.priority_for(72, Confidence.LOW) is Priority.NORMAL
    assert scoring.priority_for(55, Confidence.LOW) is Priority.LOW
    assert scoring.priority_for(44, Confidence.HIGH) is Priority.LOW


@translation.override("en")
def test_engagement_findings_name_platform_and_tier():
    top = _score(_store(), _creator(), engagement=Engagement(93, 40))
    found = next(f for f in top.strengths if f.code == "engagement_top")
    assert describe(found) == "Engagement in the top 10 % of Micro (1K-10K) YouTube creators"
    bottom = _score(_store(), _creator(), engagement=Engagement(12, 40))
    found = next(f for f in bottom.problems if f.code == "engagement_bottom")
    assert describe(found) == ("Engagement in the bottom 25 % of Micro (1K-10K) YouTube creators")


def test_reliability_is_neutral_without_history_and_follows_it():
    neutral = scoring.reliability_part(NO_HISTORY)
    assert neutral.value == Decimal("0.5")
    good = scoring.reliability_part(
        History(contacted=4, responded=4, completed=3, median_reply_days=Decimal(1))
    )
    bad = scoring.reliability_part(History(contacted=4, responded=0, declined=2))
    assert good.value > neutral.value > bad.value
    assert {f.code for f in good.strengths} == {"replies_reliably", "deals_completed"}
    assert {f.code for f in bad.problems} == {"rarely_replies", "declined_before"}
    with translation.override("en"):
        assert describe(bad.problems[0]) == "Replied to only 0 of our 4 messages"


def test_category_fit_ranks_main_shared_related_and_none():
    def fit(store_codes, creator_codes):
        return scoring.category_part(
            _store(categories=store_codes), _creator(categories=creator_codes)
        ).value

    assert fit(("cafe", "food"), ("cafe",)) == 1
    assert fit(("cafe", "food"), ("travel", "cafe")) == Decimal("0.8")
    assert fit(("cafe", "food"), ("food",)) == Decimal("0.7")
    assert fit(("cafe", "food"), ("travel", "food")) == Decimal("0.6")
    assert fit(("food",), ("travel",)) == Decimal("0.3")
    assert fit(("food",), ("gaming",)) == 0


# --- weights --------------------------------------------------------------------------------


def test_the_default_weights_are_valid_and_add_up_to_1():
    weights = match_weights()
    assert list(weights) == list(COMPONENTS)
    assert sum(weights.values()) == 1
    assert weights == WEIGHTS


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("category=0.5,location=0.5", "no weight for audience"),
        (DEFAULT_WEIGHTS.replace("0.25", "0.35"), "add up to 1.10, not 1"),
        (DEFAULT_WEIGHTS + ",charm=0", "unknown component “charm”"),
        (DEFAULT_WEIGHTS.replace("0.25", "lots"), "not a number"),
        (DEFAULT_WEIGHTS.replace("category=0.25", "category"), "is not name=weight"),
        (DEFAULT_WEIGHTS.replace("0.25", "-0.1"), "between 0 and 1"),
    ],
)
def test_bad_weights_are_reported_by_the_system_check_and_stop_the_engine(value, problem):
    with override_settings(MATCH_WEIGHTS=value):
        errors = match_weights_check(None)
        assert errors and errors[0].id == "console.E004"
        assert any(problem in e.msg for e in errors), [e.msg for e in errors]
        with pytest.raises(ImproperlyConfigured, match="MATCH_WEIGHTS"):
            match_weights()


def test_weights_may_be_a_mapping_in_a_settings_file():
    mapping = {name: str(weight) for name, weight in WEIGHTS.items()}
    with override_settings(MATCH_WEIGHTS=mapping):
        assert match_weights_check(None) == []
        assert match_weights() == WEIGHTS


def test_settings_default_is_the_documented_one():
    from django.conf import settings as django_settings

    assert parse_weights(django_settings.MATCH_WEIGHTS)[0] == WEIGHTS
