"""Creating a campaign from a store's ACCEPTED matches, and adding or taking out creators.

A match is in at most one campaign that is not finished: each member's match gets a
MatchClaim (`MATCH#<matchId>` / `CAMPAIGN`) created with `attribute_not_exists` in the
same transaction as the campaign write, so two staff putting the same creator in two
campaigns at once cannot both succeed. Before writing, the claims are read to refuse with
the other campaign's name; a claim whose campaign is gone or finished is stale and is
taken over (version-checked).
"""

from django.utils.translation import gettext as _

from campaigns import aggregates
from campaigns.domain import (
    MAX_CREATORS,
    Campaign,
    CampaignCreator,
    CampaignError,
    MatchClaim,
    new_campaign_id,
)
from campaigns.repository import CampaignRepository, ClaimRepository
from campaigns.services.inputs import CampaignDetails, MemberInput, raise_all
from campaigns.services.loading import campaign_for_edit, saved
from creators.repository import CreatorRepository
from marketing.dynamo import errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow
from matches.domain import Match, MatchStatus
from matches.repository import MatchRepository


def campaign_create(
    *,
    store_id: str,
    details: CampaignDetails,
    members: list[MemberInput],
    actor: str,
    mode: ClientMode = "interactive",
) -> Campaign:
    """A DRAFT campaign for the store with the creators of the chosen ACCEPTED matches."""
    details = details.checked()
    if not members:
        raise CampaignError(_("Choose at least one accepted match."))
    matches = _accepted_matches(store_id, [m.match_id for m in members], mode=mode)
    creators = _members(members, matches, mode=mode)
    campaign = Campaign(
        campaign_id=new_campaign_id(),
        store_id=store_id,
        store_name=matches[0].store_name,
        name=details.name,
        campaign_type=details.campaign_type,
        budget=details.budget,
        timeline=details.timeline,
        creators=creators,
    ).with_totals(utcnow())
    repository = CampaignRepository(mode=mode)
    create = repository.create_action(campaign, actor=actor)
    claims = _claim_actions(create.item, [m.match_id for m in creators], actor=actor, mode=mode)
    counters = aggregates.shift_actions(None, create.item, actor=actor, mode=mode)
    repository.apply([create, *claims, *counters])
    return create.item


def campaign_add_members(
    *,
    campaign_id: str,
    members: list[MemberInput],
    expected_version: int,
    actor: str,
    mode: ClientMode = "interactive",
) -> Campaign:
    """Put more of the store's ACCEPTED matches in a campaign that is not finished."""
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version, unfinished=True)
    if not members:
        raise CampaignError(_("Choose at least one accepted match."))
    already = set(campaign.match_ids)
    if any(m.match_id in already for m in members):
        raise CampaignError(_("A chosen creator is already in this campaign."))
    matches = _accepted_matches(campaign.store_id, [m.match_id for m in members], mode=mode)
    added = _members(members, matches, mode=mode)
    if len(campaign.creators) + len(added) > MAX_CREATORS:
        raise CampaignError(_("A campaign has at most %(n)d creators.") % {"n": MAX_CREATORS})
    changed = campaign.model_copy(update={"creators": [*campaign.creators, *added]})
    changed = changed.with_totals(utcnow())
    claims = _claim_actions(changed, [m.match_id for m in added], actor=actor, mode=mode)
    return saved(repository, campaign, changed, actor=actor, extra=claims)


def campaign_remove_member(
    *,
    campaign_id: str,
    creator_id: str,
    expected_version: int,
    actor: str,
    mode: ClientMode = "interactive",
) -> Campaign:
    """Take a creator out of a campaign that is not finished; their match is free again
    (still ACCEPTED) and the totals are summed again without their figures."""
    repository = CampaignRepository(mode=mode)
    campaign = campaign_for_edit(repository, campaign_id, expected_version, unfinished=True)
    member = campaign.member(creator_id)
    if member is None:
        raise errors.NotFound(f"creator {creator_id} is not in campaign {campaign_id}")
    kept = [c for c in campaign.creators if c.creator_id != creator_id]
    changed = campaign.model_copy(update={"creators": kept}).with_totals(utcnow())
    claims = ClaimRepository(mode=mode)
    held = claims.claims_of([member.match_id]).get(member.match_id)
    release = []
    if held is not None and held.campaign_id == campaign.campaign_id:
        release.append(claims.release_action(held))
    return saved(repository, campaign, changed, actor=actor, extra=release)


def _accepted_matches(store_id: str, match_ids: list[str], *, mode: ClientMode) -> list[Match]:
    """The matches, each checked: this store's, ACCEPTED, asked once."""
    if len(set(match_ids)) != len(match_ids):
        raise CampaignError(_("The same match was chosen twice."))
    if len(match_ids) > MAX_CREATORS:
        raise CampaignError(_("A campaign has at most %(n)d creators.") % {"n": MAX_CREATORS})
    repository = MatchRepository(mode=mode)
    found, problems = [], []
    for match_id in match_ids:
        match = repository.find(match_id, consistent=True)
        if match is None or match.store_id != store_id:
            problems.append(_("A chosen match is not one of this store's; reload the page."))
            continue
        if match.status is not MatchStatus.ACCEPTED:
            problems.append(
                _(
                    "The match of %(creator)s is “%(status)s”: only accepted matches join "
                    "a campaign."
                )
                % {"creator": match.creator_name, "status": match.status.label}
            )
            continue
        found.append(match)
    raise_all(sorted(set(problems), key=problems.index))
    return found


def _members(
    members: list[MemberInput], matches: list[Match], *, mode: ClientMode
) -> list[CampaignCreator]:
    by_id = {m.match_id: m for m in matches}
    creators = CreatorRepository(mode=mode)
    made, problems = [], []
    for member in members:
        match = by_id[member.match_id]
        try:
            terms = member.terms.checked(match.creator_name)
        except CampaignError as exc:
            problems.append(str(exc))
            continue
        channels = creators.channels_of(match.creator_id)
        made.append(
            CampaignCreator(
                creator_id=match.creator_id,
                match_id=match.match_id,
                creator_name=match.creator_name,
                platform=channels[0].platform.value if channels else "",
                fee=terms.fee,
                deliverables=terms.deliverables,
                coupon_code=terms.coupon_code,
                status=terms.status,
                content_urls=list(terms.content_urls),
                contents=[],
            )
        )
    raise_all(problems)
    return made


def _claim_actions(campaign: Campaign, match_ids: list[str], *, actor: str, mode: ClientMode):
    """Claims for `match_ids`, refused with the other campaign's name when one holds them."""
    claims = ClaimRepository(mode=mode)
    held = claims.claims_of(match_ids)
    campaigns = CampaignRepository(mode=mode)
    names = {m.match_id: m.creator_name for m in campaign.creators}
    actions, problems = [], []
    for match_id in match_ids:
        claim = MatchClaim(
            match_id=match_id,
            campaign_id=campaign.campaign_id,
            campaign_name=campaign.name,
            store_id=campaign.store_id,
        )
        current = held.get(match_id)
        if current is None:
            actions.append(claims.create_action(claim, actor=actor))
            continue
        other = campaigns.find(current.campaign_id, consistent=True)
        if other is not None and not other.status.is_final:
            problems.append(
                _(
                    "%(creator)s is already in the campaign “%(campaign)s” (%(status)s); a "
                    "match can be in one unfinished campaign at a time."
                )
                % {
                    "creator": names.get(match_id, match_id),
                    "campaign": other.name,
                    "status": other.status.label,
                }
            )
            continue
        actions.append(claims.put_action(claim, expected_version=current.version, actor=actor))
    raise_all(problems)
    return actions
