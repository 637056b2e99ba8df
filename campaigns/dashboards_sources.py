"""What the dashboards and reports read of a campaign's attribution and disclosure data.

The campaign pages record the review baseline taken when a campaign goes ACTIVE, the
+14/+30-day follow-ups (`campaign_followups`) and each content URL's disclosure check.
The dashboards and reports read them only through the two functions here, as plain rows,
so the stored shape can change without touching a page, a chart or a report:

- `review_checkpoints(campaign)`: the baseline first, then each follow-up, oldest first;
  empty while no baseline was taken;
- `disclosure_rows(campaign)`: one row per content URL of each creator.

They come from `campaign.attribution` (baseline and checkpoints) and each creator's
`contents` (the disclosure check of the refresh or of a pasted caption).
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from campaigns.domain import Campaign, ReviewSnapshot
from campaigns.domain import Disclosure as CheckedDisclosure


@dataclass(frozen=True)
class ReviewCheckpoint:
    """The store's Naver review counts at one moment of the campaign."""

    at: dt.datetime
    visitor_reviews: int
    blog_reviews: int
    is_baseline: bool = False


class Disclosure(StrEnum):
    DISCLOSED = "disclosed"
    NOT_DISCLOSED = "not_disclosed"
    NOT_CHECKED = "not_checked"

    @property
    def label(self):
        return {
            Disclosure.DISCLOSED: _("Disclosed"),
            Disclosure.NOT_DISCLOSED: _("Not disclosed"),
            Disclosure.NOT_CHECKED: _("Not checked yet"),
        }[self]


@dataclass(frozen=True)
class DisclosureRow:
    creator_name: str
    url: str
    state: Disclosure
    checked_at: dt.datetime | None = None

    @property
    def link(self) -> str | None:
        """The URL to link to, only if it is a web address (never `javascript:`)."""
        return self.url if self.url.lower().startswith(("https://", "http://")) else None


def review_checkpoints(campaign: Campaign) -> list[ReviewCheckpoint]:
    """The baseline and the follow-ups, oldest first ([] while there is no baseline with
    review counts; a follow-up whose page showed no counts is left out)."""
    recorded = campaign.attribution
    baseline = _checkpoint(recorded.baseline, is_baseline=True) if recorded.baseline else None
    if baseline is None:
        return []
    followups = (_checkpoint(c) for c in sorted(recorded.checkpoints, key=lambda c: c.day))
    return [baseline, *(point for point in followups if point is not None)]


def _checkpoint(snapshot: ReviewSnapshot, *, is_baseline: bool = False) -> ReviewCheckpoint | None:
    if snapshot.visitor_review_count is None and snapshot.blog_review_count is None:
        return None
    return ReviewCheckpoint(
        at=snapshot.taken_at,
        visitor_reviews=snapshot.visitor_review_count or 0,
        blog_reviews=snapshot.blog_review_count or 0,
        is_baseline=is_baseline,
    )


_STATES = {
    CheckedDisclosure.DISCLOSED: Disclosure.DISCLOSED,
    CheckedDisclosure.MISSING: Disclosure.NOT_DISCLOSED,
    CheckedDisclosure.UNCHECKED: Disclosure.NOT_CHECKED,
}


def disclosure_rows(campaign: Campaign) -> list[DisclosureRow]:
    """Each creator's content URLs with what the disclosure check found."""
    rows = []
    for member in campaign.creators:
        for url in member.content_urls:
            check = member.content_for(url)
            rows.append(
                DisclosureRow(
                    creator_name=member.creator_name,
                    url=url,
                    state=_STATES[check.disclosure] if check else Disclosure.NOT_CHECKED,
                    checked_at=check.checked_at if check else None,
                )
            )
    return rows


def new_visitor_reviews(checkpoints: list[ReviewCheckpoint]) -> int | None:
    """Visitor reviews since launch: the latest follow-up less the baseline (None before
    the first follow-up)."""
    if len(checkpoints) < 2 or not checkpoints[0].is_baseline:
        return None
    return checkpoints[-1].visitor_reviews - checkpoints[0].visitor_reviews
