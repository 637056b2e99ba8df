"""The campaign workflow: each transition one conditional write on status and version."""

from django.utils.translation import gettext as _

from campaigns import aggregates, attribution
from campaigns.domain import (
    MAX_HISTORY,
    Campaign,
    CampaignError,
    CampaignStatus,
    CampaignStatusChange,
    IllegalCampaignTransition,
)
from campaigns.repository import CampaignRepository, ClaimRepository
from marketing.dynamo import errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow
from marketing.dynamo.transactions import TRANSACTION_SIZE
from matches import aggregates as match_aggregates
from matches.domain import MatchStatus
from matches.repository import MatchRepository
from matches.services.workflow import transitioned
from stores.repository import StoreRepository

MAX_NOTE_LENGTH = 500


def campaign_transition(
    *,
    campaign_id: str,
    to_status: CampaignStatus | str,
    actor: str,
    note: str = "",
    expected_version: int | None = None,
    update: dict | None = None,
    clock=utcnow,
    mode: ClientMode = "interactive",
) -> Campaign:
    """Move a campaign to `to_status`, if the workflow allows it from its current status.

    One write conditional on the status and version read (or `expected_version`, the one
    the page showed): a stale page gets ConcurrentModification, an illegal move
    IllegalCampaignTransition, and nothing is written. Completing a campaign completes its
    ACCEPTED matches in the same transaction, each conditional on its status and version;
    a match that is not ACCEPTED any more refuses the whole completion with the reason.
    Cancelling leaves the matches ACCEPTED, free for another campaign: completing or
    cancelling releases the matches' claims (MatchClaim) in the same transaction. Going
    ACTIVE for the first time records the store's latest Naver review counts and keyword
    votes as the attribution baseline, in the same write. `update` adds other fields to
    the same write.
    """
    repository = CampaignRepository(mode=mode)
    campaign = repository.find(campaign_id, consistent=True)
    if campaign is None:
        raise errors.NotFound(f"campaign {campaign_id} does not exist")
    if expected_version is not None and campaign.version != expected_version:
        raise errors.ConcurrentModification(
            f"campaign {campaign_id} is at version {campaign.version}, not {expected_version}"
        )
    at = clock()
    changed = transitioned_campaign(campaign, to_status, actor=actor, note=note, at=at)
    if changed.status is CampaignStatus.ACTIVE and campaign.attribution.baseline is None:
        changed = changed.model_copy(update=_baseline_update(campaign, at=at, mode=mode))
    if update:
        changed = changed.model_copy(update=update)
    put = repository.put_action(
        changed,
        expected_version=campaign.version,
        actor=actor,
        condition=repository.where(status=campaign.status.value),
    )
    actions = [put, *aggregates.shift_actions(campaign, put.item, actor=actor, mode=mode)]
    if changed.status is CampaignStatus.COMPLETED:
        completed = _complete_matches(campaign, actor=actor, at=at, mode=mode)
        actions += [action for action, _before in completed]
        actions += match_aggregates.changes_actions(
            [(before, action.item) for action, before in completed], actor=actor, mode=mode
        )
    if changed.status.is_final:
        actions += release_claims(campaign, mode=mode)
    if len(actions) > TRANSACTION_SIZE:
        raise CampaignError(
            _("A campaign with this many creators cannot change status in one step.")
        )
    repository.apply(actions)
    return put.item


def _baseline_update(campaign: Campaign, *, at, mode: ClientMode) -> dict:
    """{"attribution": ...} from the store's latest profile (nothing without one)."""
    profile = StoreRepository(mode=mode).latest_profile(campaign.store_id, consistent=True)
    if profile is None:
        return {}
    return {"attribution": attribution.baseline(profile, at=at)}


def release_claims(campaign: Campaign, *, mode: ClientMode) -> list:
    """Deletes of the claims this campaign holds on its matches (others' are left alone)."""
    claims = ClaimRepository(mode=mode)
    held = claims.claims_of(campaign.match_ids)
    return [
        claims.release_action(claim)
        for claim in held.values()
        if claim.campaign_id == campaign.campaign_id
    ]


def transitioned_campaign(
    campaign: Campaign, to_status: CampaignStatus | str, *, actor: str, note: str, at
) -> Campaign:
    """The campaign after a legal transition (IllegalCampaignTransition otherwise)."""
    try:
        target = CampaignStatus(to_status)
    except ValueError:
        message = _("“%(status)s” is not a campaign status.") % {"status": to_status}
        raise IllegalCampaignTransition(message) from None
    if target not in campaign.allowed:
        raise IllegalCampaignTransition(
            _("A campaign cannot go from “%(from)s” to “%(to)s”.")
            % {"from": campaign.status.label, "to": target.label}
        )
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise CampaignError(_("The note is longer than %(n)d characters.") % {"n": MAX_NOTE_LENGTH})
    change = CampaignStatusChange(
        from_status=campaign.status, to=target, at=at, by=actor, note=note
    )
    return campaign.model_copy(
        update={
            "status": target,
            "status_history": [*campaign.status_history, change][-MAX_HISTORY:],
        }
    )


def _complete_matches(campaign: Campaign, *, actor: str, at, mode: ClientMode) -> list:
    """Version-checked ACCEPTED → COMPLETED writes for the campaign's matches, each with
    the match as read (its counters move in the same transaction)."""
    matches = MatchRepository(mode=mode)
    actions = []
    for member in campaign.creators:
        match = matches.find(member.match_id, consistent=True)
        if match is None:
            raise CampaignError(
                _("The match of %(creator)s no longer exists; remove the creator first.")
                % {"creator": member.creator_name}
            )
        if match.status is MatchStatus.COMPLETED:
            continue
        if match.status is not MatchStatus.ACCEPTED:
            raise CampaignError(
                _(
                    "The match of %(creator)s is “%(status)s”, not accepted: settle it (or "
                    "remove the creator) before completing the campaign."
                )
                % {"creator": member.creator_name, "status": match.status.label}
            )
        note = _("Campaign “%(name)s” completed.") % {"name": campaign.name}
        done = transitioned(match, MatchStatus.COMPLETED, actor=actor, note=note, at=at)
        action = matches.put_action(
            done,
            expected_version=match.version,
            actor=actor,
            condition=matches.where(status=MatchStatus.ACCEPTED.value),
        )
        actions.append((action, match))
    return actions
