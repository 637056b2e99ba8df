"""The shape of a key backfill (backfill_creator_keys, backfill_store_keys): walk the items
that may lack their current index keys, and write each one that does again as it is,
version-checked; one changed meanwhile got its keys from that change. Running it again
skips every item already done, so an interrupted run is resumed by running it again."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from marketing.dynamo import errors as dynamo_errors


@dataclass
class BackfillSummary:
    checked: int = 0
    needing_keys: int = 0
    written: int = 0
    changed_meanwhile: int = 0
    dry_run: bool = True


@dataclass(frozen=True)
class Candidate:
    label: str  # how progress lines name it
    needs_keys: bool
    write: Callable[[], None]  # writes it again (ConditionFailed/NotFound: changed meanwhile)


def backfill_keys(
    candidates: Iterable[Candidate],
    *,
    for_real: bool,
    what: str,
    progress: Callable[[str], None] | None = None,
) -> BackfillSummary:
    """`what` names the keys in progress lines ("search keys")."""
    progress = progress or (lambda message: None)
    summary = BackfillSummary(dry_run=not for_real)
    for candidate in candidates:
        summary.checked += 1
        if not candidate.needs_keys:
            continue
        summary.needing_keys += 1
        if not for_real:
            progress(f"{candidate.label}: needs its {what}")
            continue
        try:
            candidate.write()
        except (dynamo_errors.ConditionFailed, dynamo_errors.NotFound):
            summary.changed_meanwhile += 1
            progress(f"{candidate.label}: changed or deleted meanwhile (that write set its keys)")
            continue
        summary.written += 1
        progress(f"{candidate.label}: {what} written")
    return summary
