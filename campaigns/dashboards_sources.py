"""What the dashboards and reports read of a campaign's attribution and disclosure data.

The campaign pages record the review baseline taken when a campaign goes ACTIVE, the
+14/+30-day follow-ups (`campaign_followups`) and each content URL's disclosure check.
The dashboards and reports read them only through the two functions here, as plain rows,
so the stored shape can change without touching a page, a chart or a report:

- `review_checkpoints(campaign)`: the baseline first, then each follow-up, oldest first;
  empty while no baseline was taken;
- `disclosure_rows(campaign)`: one row per content URL of each creator.

Until the campaign item carries those records, a campaign has no checkpoints and every
content URL is "not checked yet".
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from campaigns.domain import Campaign


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
    """The baseline and the follow-ups, oldest first ([] while there is no baseline)."""
    return []


def disclosure_rows(campaign: Campaign) -> list[DisclosureRow]:
    """Each creator's content URLs with what the disclosure check found."""
    return [
        DisclosureRow(creator_name=member.creator_name, url=url, state=Disclosure.NOT_CHECKED)
        for member in campaign.creators
        for url in member.content_urls
    ]


def new_visitor_reviews(checkpoints: list[ReviewCheckpoint]) -> int | None:
    """Visitor reviews since launch: the latest follow-up less the baseline (None before
    the first follow-up)."""
    if len(checkpoints) < 2 or not checkpoints[0].is_baseline:
        return None
    return checkpoints[-1].visitor_reviews - checkpoints[0].visitor_reviews
