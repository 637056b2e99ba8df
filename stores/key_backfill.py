"""Backfilling the store-location-index keys onto stores written before they changed.

Since issue 14 a store's latest profile sorts in its area by category first
(`CATEGORY#<category>#STORE#<id>`: the price peers are one key range) and its list row is
also filed under its city (`LOCATION#<city>`: a city's list is one partition). Every save
writes the current keys, so only stores no one has saved since need this. Rows are read
from the store directory (a query, not a scan); a row or latest profile whose stored key
is not the current one is written again as it is, version-checked. One changed meanwhile
got its keys from that change. Running it again skips every store already done, so an
interrupted run is resumed by running it again.
"""

from collections.abc import Callable

from marketing.backfill import BackfillSummary
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.client import ClientMode
from stores.repository import (
    DirectoryRepository,
    IndexedDirectoryEntry,
    IndexedStoreProfile,
    StoreRepository,
)

BACKFILL_ACTOR = "system:backfill_store_keys"


def stores_backfill_keys(
    *,
    for_real: bool = False,
    actor: str = BACKFILL_ACTOR,
    progress: Callable[[str], None] | None = None,
    mode: ClientMode = "batch",
) -> BackfillSummary:
    """Give every store's list row and latest profile their current index keys; a dry run
    (nothing written) unless `for_real`."""
    progress = progress or (lambda message: None)
    directory, profiles = DirectoryRepository(mode=mode), StoreRepository(mode=mode)
    summary = BackfillSummary(dry_run=not for_real)
    for row in directory.iter_all(into=IndexedDirectoryEntry):
        summary.checked += 1
        latest = profiles.latest_profile(row.store_id, into=IndexedStoreProfile)
        stale_row = not row.has_current_keys()
        stale_profile = latest is not None and not latest.has_current_keys()
        if not (stale_row or stale_profile):
            continue
        summary.needing_keys += 1
        label = f"{row.store_name} ({row.store_id})"
        if not for_real:
            progress(f"{label}: needs its index keys")
            continue
        try:
            if stale_row:
                directory.put(row.entry(), expected_version=row.version, actor=actor)
            if stale_profile:
                profiles.put(latest.profile(), expected_version=latest.version, actor=actor)
        except (dynamo_errors.ConditionFailed, dynamo_errors.NotFound):
            summary.changed_meanwhile += 1
            progress(f"{label}: changed or deleted meanwhile (that write set its keys)")
            continue
        summary.written += 1
        progress(f"{label}: index keys written")
    return summary
