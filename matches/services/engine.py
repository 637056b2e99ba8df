"""Running the matching engine: for the command (many stores) and the store page (one)."""

from collections.abc import Callable, Iterable

from marketing.dynamo.client import ClientMode
from matches.domain import MatchError
from matches.engine.run import (
    DEFAULT_LIMIT_PER_STORE,
    DEFAULT_MIN_SCORE,
    MatchingRun,
    RunSummary,
    StoreResult,
)


def matches_run_engine(
    *,
    actor: str,
    store_ids: Iterable[str] | None = None,
    all_stores: bool = False,
    min_score: int = DEFAULT_MIN_SCORE,
    limit_per_store: int = DEFAULT_LIMIT_PER_STORE,
    dry_run: bool = False,
    on_store: Callable[[StoreResult, int, int | None], None] | None = None,
    mode: ClientMode = "batch",
) -> RunSummary:
    """Score the given stores (or every store) and write their best matches.

    `on_store(result, position, total)` is called after each store (total is None while
    every store is being listed page by page). A store that cannot be scored (unknown,
    closed) is reported through its result's `error`; the others carry on.
    """
    run = MatchingRun(
        actor=actor,
        min_score=min_score,
        limit_per_store=limit_per_store,
        dry_run=dry_run,
        mode=mode,
    )
    if all_stores:
        ids: Iterable[str] = run.all_store_ids()
        total = None
    else:
        ids = list(dict.fromkeys(store_ids or []))
        total = len(ids)
    for position, store_id in enumerate(ids, 1):
        result = run.run_store(store_id)
        if on_store is not None:
            on_store(result, position, total)
    return run.summary


def match_find_creators(
    *, store_id: str, actor: str, mode: ClientMode = "interactive"
) -> StoreResult:
    """The "Find creators" button: score one store with the defaults and write its matches.

    MatchError (a message for the page) when the store cannot be scored.
    """
    run = MatchingRun(actor=actor, mode=mode)
    result = run.run_store(store_id)
    if result.error:
        raise MatchError(result.error)
    return result


__all__ = ["match_find_creators", "matches_run_engine"]
