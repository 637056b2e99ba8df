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

from marketing.backfill import BackfillSummary, Candidate, backfill_keys
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
    directory, profiles = DirectoryRepository(mode=mode), StoreRepository(mode=mode)

    def candidates():
        for row in directory.iter_all(into=IndexedDirectoryEntry):
            latest = profiles.latest_profile(row.store_id, into=IndexedStoreProfile)
            stale_row = not row.has_current_keys()
            stale_profile = latest is not None and not latest.has_current_keys()

            def write(row=row, latest=latest, stale_row=stale_row, stale_profile=stale_profile):
                if stale_row:
                    directory.put(row.entry(), expected_version=row.version, actor=actor)
                if stale_profile:
                    profiles.put(latest.profile(), expected_version=latest.version, actor=actor)

            yield Candidate(
                label=f"{row.store_name} ({row.store_id})",
                needs_keys=stale_row or stale_profile,
                write=write,
            )

    return backfill_keys(candidates(), for_real=for_real, what="index keys", progress=progress)
