from decimal import Decimal

import pytest

from creators import domain
from creators.domain import InfluenceTier


@pytest.mark.parametrize(
    ("subscribers", "tier"),
    [
        (0, InfluenceTier.NANO),
        (999, InfluenceTier.NANO),
        (1_000, InfluenceTier.MICRO),
        (9_999, InfluenceTier.MICRO),
        (10_000, InfluenceTier.MID),
        (99_999, InfluenceTier.MID),
        (100_000, InfluenceTier.MACRO),
        (999_999, InfluenceTier.MACRO),
        (1_000_000, InfluenceTier.MEGA),
        (None, None),
    ],
)
def test_tier_follows_the_data_model_boundaries(subscribers, tier):
    assert domain.tier_for(subscribers) == tier


def test_rounded_count_next_to_a_boundary_makes_the_tier_uncertain():
    assert domain.tier_is_uncertain(1_000_000, rounded=True)  # 999,xxx is macro
    assert domain.tier_is_uncertain(99_900, rounded=True)  # up to 100,000 is macro
    assert not domain.tier_is_uncertain(2_290_000, rounded=True)
    assert not domain.tier_is_uncertain(1_000_000, rounded=False)
    assert not domain.tier_is_uncertain(None, rounded=True)


def test_video_statistics_with_missing_counts():
    stats = domain.video_statistics(
        [
            {"views": 1000, "likes": 50, "comments": 10},
            {"views": 3000, "likes": None, "comments": 30},  # likes hidden
            {"views": None, "likes": 5, "comments": None},  # views missing: not in the rate
        ]
    )
    assert stats["avg_views"] == Decimal("2000.00")
    assert stats["avg_likes"] == Decimal("27.50")
    assert stats["avg_comments"] == Decimal("20.00")
    assert stats["engagement_rate"] == Decimal("2.25")  # (50+10+30)/4000
    assert stats["sample_size"] == 3


def test_engagement_is_unknown_when_every_video_hides_reactions_or_there_are_none():
    assert (
        domain.video_statistics([{"views": 10, "likes": None, "comments": None}])["engagement_rate"]
        is None
    )
    assert domain.video_statistics([])["engagement_rate"] is None
    assert (
        domain.video_statistics([{"views": 0, "likes": 0, "comments": 0}])["engagement_rate"]
        is None
    )


def test_creator_id_is_stable_per_platform_channel():
    a = domain.creator_id_for("youtube", "UC1")
    assert a == domain.creator_id_for(domain.Platform.YOUTUBE, "UC1")
    assert a != domain.creator_id_for("instagram", "UC1")


def test_validation_messages():
    with pytest.raises(domain.CreatorError):
        domain.validate_categories(["food", "nonsense"])
    assert domain.validate_categories([" Food", "food", "travel"]) == ["food", "travel"]
    with pytest.raises(domain.CreatorError):
        domain.validate_region("atlantis")
    with pytest.raises(domain.CreatorError):
        domain.validate_channel_id("bad id#")
    assert domain.validate_channel_id("@cook.kim") == "cook.kim"
