"""Store-visit attribution, pure: snapshots of a store's Naver reviews and what changed.

The baseline is the store's latest profile when the campaign goes ACTIVE; each checkpoint
(+14, +30 days) a profile fetched through the stores cache and rate limit. From them:

- new visitor reviews = checkpoint visitor reviews - baseline visitor reviews (same for blog);
- keyword shifts = votes per keyword at the checkpoint - at the baseline;
- cost per new review = budget spent / new visitor reviews.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from campaigns.domain import Attribution, Checkpoint, KeywordCount, ReviewSnapshot
from stores.domain import StoreProfile

MAX_KEYWORDS = 30  # keyword votes kept per snapshot (Naver shows about 20)


def snapshot(profile: StoreProfile, *, at: dt.datetime) -> ReviewSnapshot:
    sentiment = profile.sentiment
    return ReviewSnapshot(
        taken_at=at,
        scraped_at=profile.scraped_at,
        visitor_review_count=sentiment.visitor_review_count,
        blog_review_count=sentiment.blog_review_count,
        keywords=[
            KeywordCount(label=k.label, count=k.count) for k in sentiment.keywords[:MAX_KEYWORDS]
        ],
    )


def baseline(profile: StoreProfile, *, at: dt.datetime) -> Attribution:
    """The attribution of a campaign going ACTIVE now, from the store's latest profile."""
    return Attribution(
        naver_place_id=profile.naver_place_id,
        source_url=profile.source_url,
        baseline=snapshot(profile, at=at),
    )


def checkpoint(profile: StoreProfile, *, day: int, at: dt.datetime) -> Checkpoint:
    return Checkpoint(day=day, **snapshot(profile, at=at).model_dump())


def _difference(after: int | None, before: int | None) -> int | None:
    if after is None or before is None:
        return None
    return after - before


@dataclass(frozen=True)
class KeywordShift:
    label: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Growth:
    """What changed between the baseline and one checkpoint."""

    day: int
    taken_at: dt.datetime
    scraped_at: dt.datetime | None
    visitor_reviews: int | None
    blog_reviews: int | None
    new_visitor_reviews: int | None
    new_blog_reviews: int | None
    cost_per_new_review: Decimal | None
    keyword_shifts: list[KeywordShift]
    days_after_launch: int  # when it was actually taken (a late run takes it later)


def keyword_shifts(before: list[KeywordCount], after: list[KeywordCount]) -> list[KeywordShift]:
    """The keywords of the later snapshot whose votes changed, biggest change first. Votes
    only grow; a keyword the baseline did not list starts from 0, and one the later page no
    longer lists (Naver shows the top ones) is left out rather than counted as lost."""
    old = {k.label: k.count for k in before}
    shifts = [KeywordShift(label=k.label, before=old.get(k.label, 0), after=k.count) for k in after]
    changed = [s for s in shifts if s.change]
    return sorted(changed, key=lambda s: (-abs(s.change), s.label))


def growth(base: ReviewSnapshot, point: Checkpoint, *, spent: int) -> Growth:
    new_visitor = _difference(point.visitor_review_count, base.visitor_review_count)
    cost = None
    if new_visitor is not None and new_visitor > 0:
        cost = Decimal(spent) / Decimal(new_visitor)
    return Growth(
        day=point.day,
        taken_at=point.taken_at,
        scraped_at=point.scraped_at,
        visitor_reviews=point.visitor_review_count,
        blog_reviews=point.blog_review_count,
        new_visitor_reviews=new_visitor,
        new_blog_reviews=_difference(point.blog_review_count, base.blog_review_count),
        cost_per_new_review=cost,
        keyword_shifts=keyword_shifts(base.keywords, point.keywords),
        days_after_launch=(point.taken_at - base.taken_at).days,
    )


def growth_since_launch(attribution: Attribution, *, spent: int) -> list[Growth]:
    """One Growth per recorded checkpoint, in day order (empty without a baseline)."""
    if attribution.baseline is None:
        return []
    return [
        growth(attribution.baseline, point, spent=spent)
        for point in sorted(attribution.checkpoints, key=lambda c: c.day)
    ]
