"""Reading a campaign to change it: the version the page showed, or a clear refusal."""

from django.utils.translation import gettext as _

from campaigns.domain import Campaign, CampaignError
from campaigns.repository import CampaignRepository
from marketing.dynamo import errors


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
