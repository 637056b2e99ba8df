"""Reading a campaign to change it (the version the page showed, or a clear refusal) and
writing it back with its dashboard counters."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from campaigns import aggregates
from campaigns.domain import Campaign, CampaignError
from campaigns.repository import CampaignRepository
from marketing.dynamo import errors
from marketing.dynamo.transactions import TransactAction


def campaign_for_edit(
    repository: CampaignRepository,
    campaign_id: str,
    expected_version: int | None,
    *,
    unfinished: bool = False,
) -> Campaign:
    """The campaign as stored now (consistent read). NotFound without one;
    ConcurrentModification when it moved past `expected_version` (the page is stale);
    CampaignError for a finished campaign when the change needs an `unfinished` one."""
    campaign = repository.find(campaign_id, consistent=True)
    if campaign is None:
        raise errors.NotFound(f"campaign {campaign_id} does not exist")
    if expected_version is not None and campaign.version != expected_version:
        raise errors.ConcurrentModification(
            f"campaign {campaign_id} is at version {campaign.version}, not {expected_version}"
        )
    if unfinished and campaign.status.is_final:
        raise CampaignError(
            _("The campaign is “%(status)s”: its creators can no longer change.")
            % {"status": campaign.status.label}
        )
    return campaign


def saved(
    repository: CampaignRepository,
    before: Campaign,
    changed: Campaign,
    *,
    actor: str,
    extra: Sequence[TransactAction] = (),
) -> Campaign:
    """Write `changed` over `before` (the version read) with `extra` and the dashboard
    counters its status and money move, all in one transaction; the campaign as stored."""
    put = repository.put_action(changed, expected_version=before.version, actor=actor)
    counters = aggregates.shift_actions(before, put.item, actor=actor, mode=repository.mode)
    repository.apply([put, *extra, *counters])
    return put.item
