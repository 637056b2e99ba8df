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


class Milestone(CamelModel):
    name: str  # e.g. visit date, posting deadline
    date: dt.date


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


class Performance(CamelModel):
    totals: Figures = Field(default_factory=Figures)
    updated_at: dt.datetime | None = None


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
    demo: bool = False

    @property
    def allowed(self) -> tuple[CampaignStatus, ...]:
        return TRANSITIONS[self.status]

    @property
    def match_ids(self) -> list[str]:
        return [c.match_id for c in self.creators]


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


def money(value: Decimal | int | None) -> int | None:
    """Whole KRW (half up) or None."""
    if value is None:
        return None
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
