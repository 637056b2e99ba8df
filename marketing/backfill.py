"""What a key backfill command reports (backfill_creator_keys, backfill_store_keys)."""

from dataclasses import dataclass


@dataclass
class BackfillSummary:
    checked: int = 0
    needing_keys: int = 0
    written: int = 0
    changed_meanwhile: int = 0
    dry_run: bool = True
