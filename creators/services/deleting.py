"""Deleting a creator: every channel and its owner link, all or none."""

import logging

from django.utils.translation import gettext as _

from creators import aggregates
from creators.domain import MAX_CHANNELS_PER_CREATOR, CreatorError
from creators.repository import AreaRepository, ChannelLinkRepository, CreatorRepository
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.client import ClientMode
from marketing.dynamo.transactions import TRANSACTION_SIZE
from matches.services.deleting import matches_release_creator

logger = logging.getLogger(__name__)


def creator_delete(*, creator_id: str, actor: str, mode: ClientMode = "interactive") -> int:
    """Delete a creator: every channel and its owner link, all or nothing; how many channels.

    Each channel must still have the version just read, and each link still point at this
    creator, so a channel synced or moved meanwhile fails the whole delete
    (ConcurrentModification or ConditionFailed) rather than leaving half a creator.
    """
    repo = CreatorRepository(mode=mode)
    links = ChannelLinkRepository(mode=mode)
    channels = repo.channels_of(creator_id, consistent=True)
    if not channels:
        raise dynamo_errors.NotFound(creator_id)
    if len(channels) > MAX_CHANNELS_PER_CREATOR:
        raise CreatorError(
            _("A creator with more than %(n)d channels cannot be deleted at once.")
            % {"n": MAX_CHANNELS_PER_CREATOR}
        )
    # Refused while a deal needs the creator.
    matches_release_creator(creator_id=creator_id, actor=actor, mode=mode)
    actions = []
    for channel in channels:
        actions.append(repo.delete_action(*repo.key(channel), expected_version=channel.version))
        # A link pointing at another creator stops the delete; a missing one does not.
        actions.append(
            links.release_action(channel.platform, channel.channel_id, creator_id=creator_id)
        )
    # The activity-area entries go in the same transaction (before it, when a creator
    # with nearly the most channels would not fit in one: they only index the creator).
    areas = AreaRepository(mode=mode)
    area_actions = [
        areas.delete_action(*areas.key_of(entry), expected_version=entry.version)
        for entry in areas.entries_of(creator_id, consistent=True)
    ]
    if len(actions) + len(area_actions) > TRANSACTION_SIZE:
        areas.transact_write(area_actions)
        area_actions = []
    actions += area_actions
    counters = aggregates.deleted_actions(channels, actor=actor, mode=mode)
    if len(actions) + len(counters) <= TRANSACTION_SIZE:
        actions, counters = actions + counters, []
    repo.transact_write(actions)
    if counters:
        # Too many channels to count in the same transaction: counted right after it
        # (`rebuild_aggregates` mends the count if the process dies in between).
        repo.transact_write(counters)
    logger.info("creator %s deleted by %s (%d channels)", creator_id, actor, len(channels))
    return len(channels)
