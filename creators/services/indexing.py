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
from marketing.backfill import BackfillSummary
from marketing.dynamo import errors as dynamo_errors
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
    progress = progress or (lambda message: None)
    repo = CreatorRepository(mode=mode)
    summary = BackfillSummary(dry_run=not for_real)
    for platform in Platform:
        for item in repo.iter_indexed(platform):
            summary.checked += 1
            if item.has_current_keys():
                continue
            summary.needing_keys += 1
            label = f"{platform.value}/{item.channel_id}"
            if not for_real:
                progress(f"{label}: needs its search keys")
                continue
            try:
                repo.put(item.channel(), expected_version=item.version, actor=actor)
            except (dynamo_errors.ConditionFailed, dynamo_errors.NotFound):
                summary.changed_meanwhile += 1
                progress(f"{label}: changed or deleted meanwhile (that write set its keys)")
                continue
            summary.written += 1
            progress(f"{label}: search keys written")
    return summary
