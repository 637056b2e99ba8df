"""The daily follow-up: re-scrape the store of each running or recently completed campaign
at +14 and +30 days after launch and record its Naver reviews as a checkpoint.

Candidates come from the status index (ACTIVE, PAUSED, and COMPLETED campaigns that
started within COMPLETED_LOOKBACK), never a scan. A checkpoint is due when its day has
come and it is not recorded: running the job twice records nothing twice. The store is
read through store_add_by_url, so a profile younger than 7 days is served from the cache
(two campaigns of one store cost one fetch) and one fetcher (its rate limit) serves the
whole run. Each checkpoint is written conditional on the campaign's version; a campaign
edited meanwhile is read again.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns import attribution
from campaigns.domain import CampaignStatus, FollowUpRow
from campaigns.repository import CampaignRepository
from campaigns.services.loading import saved
from marketing.dynamo import errors
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow
from marketing.errors import UserError
from stores import services as store_services
from stores.naver import fetcher as fetcher_module
from stores.naver.fetcher import NaverFetcher

ACTOR = "system:campaign_followups"
COMPLETED_LOOKBACK = dt.timedelta(days=90)  # by start date; the last checkpoint is +30 days
WRITE_RETRIES = Backoff(base=0.05, cap=1.0, max_attempts=4)


@dataclass
class FollowUp:
    """What happened to one campaign."""

    campaign_id: str
    campaign_name: str
    store_name: str
    days: list[int] = field(default_factory=list)  # checkpoints recorded
    cache_hit: bool | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def campaign_followups(
    *,
    now: dt.datetime | None = None,
    fetcher: NaverFetcher | None = None,
    actor: str = ACTOR,
    mode: ClientMode = "batch",
) -> list[FollowUp]:
    """Record every due checkpoint; one FollowUp per campaign that had one due."""
    now = now or utcnow()
    fetcher = fetcher or fetcher_module.default_fetcher()
    repository = CampaignRepository(mode=mode)
    done = []
    for row in _candidates(repository, now):
        if row.attribution.due(now):
            done.append(_follow_up(repository, row, now=now, fetcher=fetcher, actor=actor))
    return done


def _candidates(repository: CampaignRepository, now: dt.datetime) -> Iterator[FollowUpRow]:
    since = (now - COMPLETED_LOOKBACK).date()
    for status, started_since in (
        (CampaignStatus.ACTIVE, None),
        (CampaignStatus.PAUSED, None),
        (CampaignStatus.COMPLETED, since),
    ):
        cursor = None
        while True:
            page = repository.by_status(
                status, cursor=cursor, limit=100, started_since=started_since, into=FollowUpRow
            )
            yield from page.items
            cursor = page.next_cursor
            if not cursor:
                break


def _follow_up(repository, row: FollowUpRow, *, now, fetcher, actor) -> FollowUp:
    outcome = FollowUp(
        campaign_id=row.campaign_id, campaign_name=row.name, store_name=row.store_name
    )
    where = row.attribution.source_url or row.attribution.naver_place_id
    if not where:
        outcome.error = _("The baseline does not say which Naver place the store is.")
        return outcome
    try:
        scraped = store_services.store_add_by_url(
            url=where, actor=actor, fetcher=fetcher, clock=lambda: now, mode=repository.mode
        )
    except UserError as exc:
        outcome.error = str(exc)
        return outcome
    outcome.cache_hit = scraped.cache_hit
    outcome.days = _record(repository, row.campaign_id, scraped.profile, now=now, actor=actor)
    return outcome


def _record(repository, campaign_id: str, profile, *, now, actor) -> list[int]:
    """Write the checkpoints still due (none if another run just did); their days."""
    attempt = 0
    while True:
        campaign = repository.find(campaign_id, consistent=True)
        due = campaign.attribution.due(now) if campaign else []
        if not due:
            return []
        points = [attribution.checkpoint(profile, day=day, at=now) for day in due]
        recorded = campaign.attribution.model_copy(
            update={"checkpoints": [*campaign.attribution.checkpoints, *points]}
        )
        try:
            changed = campaign.model_copy(update={"attribution": recorded})
            saved(repository, campaign, changed, actor=actor)
        except errors.ConcurrentModification:
            attempt += 1
            if attempt >= WRITE_RETRIES.max_attempts:
                raise
            WRITE_RETRIES.wait(attempt - 1)
            continue
        return due
