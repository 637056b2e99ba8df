"""Backfilling the search keys (the name and handle indexes) onto channels stored before
those indexes existed.

Every save of a channel writes its keys (creators.repository.channel_keys), so only
channels no one has saved since need this. Channels are read per platform from the
platform index (a query, not a scan); one that lacks its keys, or has out-of-date ones, is
written again as it is, version-checked, which gives it its current keys. A channel
changed meanwhile already got them from that change. Running it again skips every
channel already done, so an interrupted run is resumed by running it again.
"""

from collections.abc import Callable

from creators.domain import Platform
from creators.repository import CreatorRepository
from marketing.backfill import BackfillSummary, Candidate, backfill_keys
from marketing.dynamo.client import ClientMode

BACKFILL_ACTOR = "system:backfill_creator_keys"


def creators_backfill_search_keys(
    *,
    for_real: bool = False,
    actor: str = BACKFILL_ACTOR,
    progress: Callable[[str], None] | None = None,
    mode: ClientMode = "batch",
) -> BackfillSummary:
    """Give every channel its search keys; a dry run (nothing written) unless `for_real`."""
    repo = CreatorRepository(mode=mode)

    def candidates():
        for platform in Platform:
            for item in repo.iter_indexed(platform):
                yield Candidate(
                    label=f"{platform.value}/{item.channel_id}",
                    needs_keys=not item.has_current_keys(),
                    write=lambda item=item: repo.put(
                        item.channel(), expected_version=item.version, actor=actor
                    ),
                )

    return backfill_keys(candidates(), for_real=for_real, what="search keys", progress=progress)
