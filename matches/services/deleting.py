"""What deleting a store or a creator does to its matches: no orphans, no lost deals.

A match past PENDING is a record of real outreach (a message sent, a deal made or
refused) and needs its store and creator, so any such match refuses the delete with a
message saying why. PENDING suggestions go first, each conditional on its version and on
still being PENDING, so one contacted meanwhile is kept and the delete is refused as
changed meanwhile. The engine can always suggest them again.
"""

import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.utils.translation import ngettext

from marketing.dynamo import errors
from marketing.dynamo.client import ClientMode
from matches import aggregates
from matches.domain import MatchError, MatchRow, MatchStatus
from matches.repository import MatchRepository

DELETES_IN_FLIGHT = 4


class MatchesInTheWay(MatchError):
    """A delete refused because matches past PENDING need the store or creator."""


def matches_release_store(*, store_id: str, actor: str, mode: ClientMode = "interactive") -> int:
    """Before a store is deleted: refuse if a match of it is past PENDING, else delete its
    PENDING matches; how many were deleted."""
    repository = MatchRepository(mode=mode)
    return _release(
        repository,
        actor,
        lambda cursor: repository.by_store(store_id, cursor=cursor, limit=100),
        lambda n, statuses: (
            ngettext(
                "This store cannot be deleted: %(n)d of its matches has gone past the suggestion "
                "stage (%(statuses)s), and its record needs the store.",
                "This store cannot be deleted: %(n)d of its matches have gone past the suggestion "
                "stage (%(statuses)s), and their records need the store.",
                n,
            )
            % {"n": n, "statuses": statuses}
        ),
    )


def matches_release_creator(
    *, creator_id: str, actor: str, mode: ClientMode = "interactive"
) -> int:
    """Before a creator is deleted: as matches_release_store, for the creator's matches."""
    repository = MatchRepository(mode=mode)
    return _release(
        repository,
        actor,
        lambda cursor: repository.by_creator(creator_id, cursor=cursor, limit=100),
        lambda n, statuses: (
            ngettext(
                "This creator cannot be deleted: %(n)d of their matches has gone past the "
                "suggestion stage (%(statuses)s), and its record needs the creator.",
                "This creator cannot be deleted: %(n)d of their matches have gone past the "
                "suggestion stage (%(statuses)s), and their records need the creator.",
                n,
            )
            % {"n": n, "statuses": statuses}
        ),
    )


def _release(
    repository: MatchRepository, actor: str, read_page: Callable, refusal: Callable
) -> int:
    rows: list[MatchRow] = []
    cursor = None
    while True:
        page = read_page(cursor)
        rows += page.items
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    past = [row for row in rows if row.status is not MatchStatus.PENDING]
    if past:
        statuses = ", ".join(
            str(status.label) for status in MatchStatus if any(r.status is status for r in past)
        )
        raise MatchesInTheWay(refusal(len(past), statuses))

    # Read whole (a row has no expiry day) so each funnel counter goes down with its match:
    # one BatchGetItem per 100 suggestions.
    keys = {
        row.match_id: MatchRepository.key(row.store_id, row.creator_id, row.match_id)
        for row in rows
    }
    whole = {
        match.match_id: match for match in repository.batch_get(keys.values(), consistent=True)
    }

    def delete(row: MatchRow) -> None:
        key = keys[row.match_id]
        match = whole.get(row.match_id)
        if match is None:
            return  # gone already (expired, or deleted)
        if match.version != row.version:
            raise errors.ConcurrentModification(f"match {row.match_id} changed meanwhile")
        delete = repository.delete_action(
            *key,
            expected_version=row.version,
            condition=repository.where(status=MatchStatus.PENDING.value),
        )
        counters = aggregates.shift_actions(match, None, actor=actor, mode=repository.mode)
        with contextlib.suppress(errors.NotFound):  # deleted between the read and the write
            repository.apply([delete, *counters])

    with ThreadPoolExecutor(max_workers=DELETES_IN_FLIGHT, thread_name_prefix="unmatch") as pool:
        list(pool.map(delete, rows))
    return len(rows)


__all__ = ["MatchesInTheWay", "matches_release_creator", "matches_release_store"]
