"""Changing a campaign from its pages: details, a creator's terms, figures and captions.

Each change is one write conditional on the version the page showed; every write that
touches a creator's figures sums the totals again (Campaign.with_totals), so the totals
always agree with the creators'.
"""

from django.utils.translation import gettext as _

from campaigns import disclosure
from campaigns.domain import (
    MAX_CAPTION,
    MILESTONE_LABELS,
    Campaign,
    CampaignCreator,
    CampaignError,
    ContentCheck,
    ContentPlatform,
    Figures,
)
from campaigns.repository import CampaignRepository
from campaigns.services.inputs import CampaignDetails, MemberTerms
from campaigns.services.loading import campaign_for_edit, saved
from marketing.dynamo import errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow


def campaign_update_details(
    *,
    campaign_id: str,
    details: CampaignDetails,
    expected_version: int,
    actor: str,
    mode: ClientMode = "interactive",
) -> Campaign:
    """Name, type, budget and timeline (the start date moves it in the status list)."""
    details = details.checked()
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version)
    # Milestones the form does not show (named by staff elsewhere) are kept.
    others = [m for m in campaign.timeline.milestones if m.name not in MILESTONE_LABELS]
    timeline = details.timeline
    timeline = timeline.model_copy(
        update={"milestones": sorted([*timeline.milestones, *others], key=lambda m: m.date)}
    )
    changed = campaign.model_copy(
        update={
            "name": details.name,
            "campaign_type": details.campaign_type,
            "budget": details.budget,
            "timeline": timeline,
        }
    )
    return saved(repository, campaign, changed, actor=actor)


def campaign_update_member(
    *,
    campaign_id: str,
    creator_id: str,
    terms: MemberTerms,
    expected_version: int,
    actor: str,
    mode: ClientMode = "interactive",
) -> Campaign:
    """A creator's fee, deliverables, coupon code, status and content URLs. The checks of
    URLs no longer listed are dropped; new URLs start unchecked."""
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version)
    member = _member(campaign, creator_id)
    terms = terms.checked()
    urls = list(terms.content_urls)
    changed_member = member.model_copy(
        update={
            "fee": terms.fee,
            "deliverables": terms.deliverables,
            "coupon_code": terms.coupon_code,
            "status": terms.status,
            "content_urls": urls,
            "contents": [c for c in member.contents if c.url in urls],
        }
    )
    return _put_member(repository, campaign, changed_member, actor=actor)


def campaign_record_figures(
    *,
    campaign_id: str,
    creator_id: str,
    figures: Figures,
    expected_version: int,
    actor: str,
    mode: ClientMode = "interactive",
) -> Campaign:
    """A creator's performance figures (staff's numbers, or a coupon redemption count);
    the campaign's totals are summed again in the same write."""
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version)
    member = _member(campaign, creator_id)
    return _put_member(
        repository, campaign, member.model_copy(update={"figures": figures}), actor=actor
    )


def campaign_record_caption(
    *,
    campaign_id: str,
    creator_id: str,
    url: str,
    caption: str,
    expected_version: int,
    actor: str,
    mode: ClientMode = "interactive",
) -> ContentCheck:
    """The caption of an Instagram, TikTok or other post as staff pasted it, checked for
    the disclosure label in its first line. YouTube posts are read from the API instead."""
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version)
    member = _member(campaign, creator_id)
    if url not in member.content_urls:
        raise CampaignError(_("That post is not one of this creator's content URLs; reload."))
    platform = disclosure.platform_of(url)
    if platform is ContentPlatform.YOUTUBE:
        raise CampaignError(
            _("YouTube posts are checked from the YouTube API: use “Refresh YouTube figures”.")
        )
    caption = (caption or "").strip()
    if len(caption) > MAX_CAPTION:
        raise CampaignError(_("The caption is longer than %(n)d characters.") % {"n": MAX_CAPTION})
    verdict, label = disclosure.check_caption(caption)
    check = ContentCheck(
        url=url,
        platform=platform,
        caption=caption,
        first_line=disclosure.first_line(caption),
        disclosure=verdict,
        label=label,
        checked_at=utcnow() if caption else None,
    )
    contents = [c for c in member.contents if c.url != url] + [check]
    _put_member(repository, campaign, member.model_copy(update={"contents": contents}), actor=actor)
    return check


def _member(campaign: Campaign, creator_id: str) -> CampaignCreator:
    member = campaign.member(creator_id)
    if member is None:
        raise errors.NotFound(f"creator {creator_id} is not in campaign {campaign.campaign_id}")
    return member


def _put_member(
    repository: CampaignRepository, campaign: Campaign, member: CampaignCreator, *, actor: str
) -> Campaign:
    creators = [member if c.creator_id == member.creator_id else c for c in campaign.creators]
    changed = campaign.model_copy(update={"creators": creators}).with_totals(utcnow())
    return saved(repository, campaign, changed, actor=actor)
