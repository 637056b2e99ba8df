"""What staff give a campaign, checked once for the forms, the CSV import and the services.

Every check lists all the problems of an input at once (CampaignError with them joined),
so a form never answers one mistake at a time.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns import disclosure
from campaigns.domain import (
    FIGURE_FIELDS,
    FIGURE_LABELS,
    Budget,
    CampaignError,
    CampaignType,
    CreatorTaskStatus,
    Figures,
    Milestone,
    Timeline,
)

MAX_NAME = 120
MAX_TEXT = 1000  # deliverables
MAX_COUPON = 40
MAX_AMOUNT = 10**12  # KRW: a trillion won is a typo
MAX_FIGURE = 10**12
MAX_URLS = 20  # content URLs per creator


@dataclass(frozen=True)
class CampaignDetails:
    name: str
    campaign_type: CampaignType
    budget_total: int
    budget_spent: int
    start_date: dt.date
    end_date: dt.date
    milestones: list[Milestone] = field(default_factory=list)

    def checked(self) -> "CampaignDetails":
        problems = []
        name = (self.name or "").strip()
        if not name:
            problems.append(_("Give the campaign a name."))
        elif len(name) > MAX_NAME:
            problems.append(_("The name is longer than %(n)d characters.") % {"n": MAX_NAME})
        for amount in (self.budget_total, self.budget_spent):
            if amount is None or not 0 <= amount <= MAX_AMOUNT:
                problems.append(_("A budget amount must be a whole number of won, 0 or more."))
                break
        if self.end_date < self.start_date:
            problems.append(_("The campaign cannot end before it starts."))
        raise_all(problems)
        return CampaignDetails(
            name=name,
            campaign_type=CampaignType(self.campaign_type),
            budget_total=self.budget_total,
            budget_spent=self.budget_spent,
            start_date=self.start_date,
            end_date=self.end_date,
            milestones=sorted(self.milestones, key=lambda m: m.date),
        )

    @property
    def budget(self) -> Budget:
        return Budget(total=self.budget_total, spent=self.budget_spent)

    @property
    def timeline(self) -> Timeline:
        return Timeline(
            start_date=self.start_date, end_date=self.end_date, milestones=self.milestones
        )


@dataclass(frozen=True)
class MemberTerms:
    """One creator's deal in a campaign."""

    fee: int = 0
    deliverables: str = ""
    coupon_code: str = ""
    status: CreatorTaskStatus = CreatorTaskStatus.INVITED
    content_urls: tuple[str, ...] = ()

    def checked(self, creator_name: str = "") -> "MemberTerms":
        problems = []
        if self.fee is None or not 0 <= self.fee <= MAX_AMOUNT:
            problems.append(_("A fee must be a whole number of won, 0 or more."))
        deliverables = (self.deliverables or "").strip()
        if len(deliverables) > MAX_TEXT:
            problems.append(
                _("The deliverables are longer than %(n)d characters.") % {"n": MAX_TEXT}
            )
        coupon = (self.coupon_code or "").strip()
        if len(coupon) > MAX_COUPON or any(c.isspace() for c in coupon):
            problems.append(
                _("A coupon code is one word of at most %(n)d characters.") % {"n": MAX_COUPON}
            )
        urls = []
        for text in self.content_urls:
            if not (text or "").strip():
                continue
            try:
                url = disclosure.content_url(text)
            except CampaignError as exc:
                problems.append(str(exc))
                continue
            if url not in urls:
                urls.append(url)
        if len(urls) > MAX_URLS:
            problems.append(_("At most %(n)d content URLs per creator.") % {"n": MAX_URLS})
        if problems and creator_name:
            problems = [
                _("%(creator)s: %(problem)s") % {"creator": creator_name, "problem": p}
                for p in problems
            ]
        raise_all(problems)
        return MemberTerms(
            fee=self.fee,
            deliverables=deliverables,
            coupon_code=coupon,
            status=CreatorTaskStatus(self.status),
            content_urls=tuple(urls),
        )


@dataclass(frozen=True)
class MemberInput:
    """A match to put in a campaign, with its creator's terms."""

    match_id: str
    terms: MemberTerms = field(default_factory=MemberTerms)


def checked_figures(values: dict) -> Figures:
    """Figures from {field: int | None}: whole numbers, 0 or more; None stays unknown."""
    problems = []
    for name in FIGURE_FIELDS:
        value = values.get(name)
        if value is not None and not 0 <= value <= MAX_FIGURE:
            problems.append(
                _("%(name)s must be a whole number, 0 or more.") % {"name": figure_label(name)}
            )
    raise_all(problems)
    return Figures(**{name: values.get(name) for name in FIGURE_FIELDS})


def figure_label(name: str) -> str:
    return str(FIGURE_LABELS[name])


def raise_all(problems: list[str]) -> None:
    if problems:
        raise CampaignError(" ".join(problems))
