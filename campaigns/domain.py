"""Campaigns: a store's deal with the creators of its ACCEPTED matches. Pydantic only.

`PK CAMPAIGN#<campaignId>`, `SK STORE#<storeId>` (data-model.md §4). Money is whole KRW.
"""

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from marketing.dynamo.models import DynamoModel
from marketing.errors import UserError

MAX_HISTORY = 100
MAX_CREATORS = 40  # completing writes the campaign and two items per creator in one transaction
MAX_CAPTION = 2200  # Instagram's own caption limit; the first line is what is checked
FOLLOW_UP_DAYS = (14, 30)  # review checkpoints after launch (campaign_followups)


def new_campaign_id() -> str:
    return str(uuid.uuid4())


class CampaignStatus(StrEnum):
    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"

    @property
    def label(self):
        return STATUS_LABELS[self]

    @property
    def is_final(self) -> bool:
        return not TRANSITIONS[self]


STATUS_LABELS = {
    CampaignStatus.DRAFT: _("Draft"),
    CampaignStatus.SCHEDULED: _("Scheduled"),
    CampaignStatus.ACTIVE: _("Active"),
    CampaignStatus.PAUSED: _("Paused"),
    CampaignStatus.COMPLETED: _("Completed"),
    CampaignStatus.CANCELLED: _("Cancelled"),
}

# DRAFT → SCHEDULED → ACTIVE ⇄ PAUSED; ACTIVE or PAUSED → COMPLETED; CANCELLED from any
# state that is not final.
TRANSITIONS: dict[CampaignStatus, tuple[CampaignStatus, ...]] = {
    CampaignStatus.DRAFT: (CampaignStatus.SCHEDULED, CampaignStatus.CANCELLED),
    CampaignStatus.SCHEDULED: (CampaignStatus.ACTIVE, CampaignStatus.CANCELLED),
    CampaignStatus.ACTIVE: (
        CampaignStatus.PAUSED,
        CampaignStatus.COMPLETED,
        CampaignStatus.CANCELLED,
    ),
    CampaignStatus.PAUSED: (
        CampaignStatus.ACTIVE,
        CampaignStatus.COMPLETED,
        CampaignStatus.CANCELLED,
    ),
    CampaignStatus.COMPLETED: (),
    CampaignStatus.CANCELLED: (),
}


class CampaignType(StrEnum):
    VISIT_REVIEW = "visit_review"  # 체험단: creators visit and review
    SPONSORED_VIDEO = "sponsored_video"
    SHORT_FORM = "short_form"
    GIVEAWAY = "giveaway"

    @property
    def label(self):
        return {
            CampaignType.VISIT_REVIEW: _("Visit review (체험단)"),
            CampaignType.SPONSORED_VIDEO: _("Sponsored video"),
            CampaignType.SHORT_FORM: _("Short-form video"),
            CampaignType.GIVEAWAY: _("Giveaway"),
        }[self]


class CreatorTaskStatus(StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    VISITED = "visited"
    POSTED = "posted"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self):
        return {
            CreatorTaskStatus.INVITED: _("Invited"),
            CreatorTaskStatus.CONFIRMED: _("Confirmed"),
            CreatorTaskStatus.VISITED: _("Visited"),
            CreatorTaskStatus.POSTED: _("Posted"),
            CreatorTaskStatus.DONE: _("Done"),
            CreatorTaskStatus.DROPPED: _("Dropped"),
        }[self]


class ContentPlatform(StrEnum):
    """Where a content URL was posted (from its host)."""

    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    OTHER = "other"  # a blog post, a Naver review: checked from the text staff paste

    @property
    def label(self):
        return {
            ContentPlatform.YOUTUBE: _("YouTube"),
            ContentPlatform.INSTAGRAM: _("Instagram"),
            ContentPlatform.TIKTOK: _("TikTok"),
            ContentPlatform.OTHER: _("Other site"),
        }[self]


class Disclosure(StrEnum):
    """Whether a post says it is paid (공정거래위원회 추천·보증 심사지침)."""

    DISCLOSED = "disclosed"
    MISSING = "missing"  # checked: no label where it must be
    UNCHECKED = "unchecked"  # not read yet (no API call, no caption pasted)

    @property
    def label(self):
        return {
            Disclosure.DISCLOSED: _("Disclosed"),
            Disclosure.MISSING: _("Not disclosed"),
            Disclosure.UNCHECKED: _("Not checked yet"),
        }[self]


MILESTONE_LABELS = {
    "visit": _("Visit date"),
    "posting_deadline": _("Posting deadline"),
}


class CampaignError(UserError):
    """A campaign operation that cannot be done as asked; the message is for the user."""


class IllegalCampaignTransition(CampaignError):
    pass


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class Budget(CamelModel):
    total: int = 0  # KRW
    spent: int = 0
    currency: str = "KRW"

    @property
    def over(self) -> bool:
        return self.spent > self.total

    @property
    def over_by(self) -> int:
        return max(self.spent - self.total, 0)


class Milestone(CamelModel):
    name: str  # a MILESTONE_LABELS code (visit, posting_deadline) or staff's own words
    date: dt.date

    @property
    def label(self):
        return MILESTONE_LABELS.get(self.name, self.name)


class Timeline(CamelModel):
    start_date: dt.date
    end_date: dt.date
    milestones: list[Milestone] = Field(default_factory=list)


class Figures(CamelModel):
    """Performance figures; None is unknown, never zero."""

    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    clicks: int | None = None
    visits: int | None = None
    conversions: int | None = None
    revenue: int | None = None  # KRW
    coupon_redemptions: int | None = None


FIGURE_FIELDS = (
    "views",
    "likes",
    "comments",
    "clicks",
    "visits",
    "conversions",
    "revenue",
    "coupon_redemptions",
)
FIGURE_LABELS = {
    "views": _("Views"),
    "likes": _("Likes"),
    "comments": _("Comments"),
    "clicks": _("Clicks"),
    "visits": _("Store visits"),
    "conversions": _("Conversions"),
    "revenue": _("Revenue (KRW)"),
    "coupon_redemptions": _("Coupon redemptions"),
}


def summed(many: list[Figures]) -> Figures:
    """Field by field sum; a field nobody knows stays None (unknown, not zero)."""
    totals = {}
    for name in FIGURE_FIELDS:
        known = [getattr(f, name) for f in many if getattr(f, name) is not None]
        totals[name] = sum(known) if known else None
    return Figures(**totals)


class ContentCheck(CamelModel):
    """What is known about one content URL: its figures (YouTube) and its disclosure."""

    url: str
    platform: ContentPlatform = ContentPlatform.OTHER
    video_id: str | None = None  # YouTube
    title: str = ""  # YouTube: the video's title
    first_line: str = ""  # the description's (YouTube) or the caption's first line
    caption: str = ""  # Instagram, TikTok, other sites: the text staff pasted
    disclosure: Disclosure = Disclosure.UNCHECKED
    label: str = ""  # the disclosure label found
    checked_at: dt.datetime | None = None
    views: int | None = None
    likes: int | None = None
    comments: int | None = None


class CampaignCreator(CamelModel):
    creator_id: str
    match_id: str
    creator_name: str
    platform: str = ""
    fee: int = 0  # KRW
    deliverables: str = ""
    content_urls: list[str] = Field(default_factory=list)
    coupon_code: str = ""
    status: CreatorTaskStatus = CreatorTaskStatus.INVITED
    figures: Figures = Field(default_factory=Figures)
    # One per content URL that has been read or had its caption pasted (by url).
    contents: list[ContentCheck] = Field(default_factory=list)

    def content_for(self, url: str) -> ContentCheck | None:
        return next((c for c in self.contents if c.url == url), None)

    @property
    def disclosure(self) -> Disclosure:
        """MISSING if any post lacks the label, DISCLOSED when every post has it,
        else UNCHECKED (no URL yet, or a post not read)."""
        found = [
            (self.content_for(url) or ContentCheck(url=url)).disclosure for url in self.content_urls
        ]
        if Disclosure.MISSING in found:
            return Disclosure.MISSING
        if found and all(d is Disclosure.DISCLOSED for d in found):
            return Disclosure.DISCLOSED
        return Disclosure.UNCHECKED


class Performance(CamelModel):
    totals: Figures = Field(default_factory=Figures)
    updated_at: dt.datetime | None = None


class KeywordCount(CamelModel):
    label: str
    count: int


class ReviewSnapshot(CamelModel):
    """The store's Naver review counts and keyword votes at one moment."""

    taken_at: dt.datetime  # when the campaign recorded it
    scraped_at: dt.datetime | None = None  # when the store profile it came from was fetched
    visitor_review_count: int | None = None
    blog_review_count: int | None = None
    keywords: list[KeywordCount] = Field(default_factory=list)


class Checkpoint(ReviewSnapshot):
    day: int  # days after launch it stands for (FOLLOW_UP_DAYS)


class Attribution(CamelModel):
    """Store-visit attribution: the baseline taken when the campaign went ACTIVE, and the
    re-scrapes campaign_followups records at +14 and +30 days."""

    naver_place_id: str | None = None
    source_url: str | None = None
    baseline: ReviewSnapshot | None = None
    checkpoints: list[Checkpoint] = Field(default_factory=list)

    @property
    def launched_at(self) -> dt.datetime | None:
        return self.baseline.taken_at if self.baseline else None

    def checkpoint(self, day: int) -> Checkpoint | None:
        return next((c for c in self.checkpoints if c.day == day), None)

    def due(self, now: dt.datetime) -> list[int]:
        """Checkpoint days that have come and are not recorded yet."""
        if self.launched_at is None:
            return []
        return [
            day
            for day in FOLLOW_UP_DAYS
            if self.checkpoint(day) is None and now >= self.launched_at + dt.timedelta(days=day)
        ]


class CampaignStatusChange(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_status: CampaignStatus | None = Field(default=None, alias="from")
    to: CampaignStatus
    at: dt.datetime
    by: str
    note: str = ""


class Campaign(DynamoModel):
    campaign_id: str
    store_id: str
    store_name: str
    name: str
    campaign_type: CampaignType = CampaignType.VISIT_REVIEW
    status: CampaignStatus = CampaignStatus.DRAFT
    budget: Budget = Field(default_factory=Budget)
    timeline: Timeline
    creators: list[CampaignCreator] = Field(default_factory=list)
    performance: Performance = Field(default_factory=Performance)
    status_history: list[CampaignStatusChange] = Field(default_factory=list)
    attribution: Attribution = Field(default_factory=Attribution)
    demo: bool = False

    @property
    def allowed(self) -> tuple[CampaignStatus, ...]:
        return TRANSITIONS[self.status]

    @property
    def match_ids(self) -> list[str]:
        return [c.match_id for c in self.creators]

    def member(self, creator_id: str) -> CampaignCreator | None:
        return next((c for c in self.creators if c.creator_id == creator_id), None)

    def with_totals(self, at: dt.datetime) -> "Campaign":
        """The campaign with its totals summed again from the creators' figures: every
        write that changes a creator's figures goes through here, so they always agree."""
        totals = summed([member.figures for member in self.creators])
        return self.model_copy(update={"performance": Performance(totals=totals, updated_at=at)})


class MatchClaim(DynamoModel):
    """A match's place in a campaign (campaigns table, `MATCH#<matchId>` / `CAMPAIGN`):
    created with the campaign in one transaction, so one match is never in two campaigns
    that are not finished; deleted when its campaign is cancelled or completed or the
    creator is taken out of it."""

    match_id: str
    campaign_id: str
    campaign_name: str
    store_id: str


class CampaignRow(CamelModel):
    """What list pages read (a projection)."""

    campaign_id: str
    store_id: str
    store_name: str
    name: str
    campaign_type: CampaignType = CampaignType.VISIT_REVIEW
    status: CampaignStatus = CampaignStatus.DRAFT
    budget: Budget = Field(default_factory=Budget)
    timeline: Timeline
    created_at: dt.datetime | None = None
    version: int = 0


class CampaignSummaryRow(CampaignRow):
    """What overviews and reports read of each campaign: the list row, its totals and its
    attribution (no creators: the figures that need them, like EMV, are the page's)."""

    performance: Performance = Field(default_factory=Performance)
    attribution: Attribution = Field(default_factory=Attribution)


class FollowUpRow(CamelModel):
    """What campaign_followups reads of each candidate (a projection)."""

    campaign_id: str
    store_id: str
    store_name: str
    name: str
    status: CampaignStatus
    attribution: Attribution = Field(default_factory=Attribution)


def money(value: Decimal | int | None) -> int | None:
    """Whole KRW (half up) or None."""
    if value is None:
        return None
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
