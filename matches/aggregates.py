"""The matches' maintained aggregates: the funnel, the success rate and the follow-up queue.

Counters in the matches table, partition `STATS#MATCHES`, each `{count}`:

- `STAGE#<stage>`: matches per funnel stage. A stage is the status, except that a match
  rejected straight from PENDING (a dismissed suggestion) counts as `DISMISSED`, apart
  from rejections after contact, and a PENDING match with a `ttl` counts by expiry day
  instead (next item);
- `PENDING#<YYYY-MM-DD>`: PENDING suggestions whose `ttl` falls on that day (Seoul).
  Suggestions expire without a write, so the live count is the sum of the days from today
  on; a day's counter carries a `ttl` of its own and goes once the day is over;
- `CONTACTED#<YYYY-MM-DDTHH>`: CONTACTED matches by the hour (UTC) they were contacted.
  The follow-up queue (contacted longer than MATCH_FOLLOW_UP_DAYS ago) is the CONTACTED
  stage less the hours since the cut-off: exact to the hour.

Every write that creates, moves, re-scores or deletes a match adds `shift_actions(before,
after)` to its own transaction (match_transition does; campaign completion does). The
matching engine creates suggestions with `create_counted` (or adds `created_actions` to
its own transaction) and re-scores with `shift_actions(stored, rescored)`, which moves the
expiry day when the `ttl` starts again. `rebuild_aggregates` recounts from the tables.
"""

import datetime as dt
from collections.abc import Iterable

from marketing.dynamo import errors, keys
from marketing.dynamo.client import ClientMode
from marketing.dynamo.counters import CounterItem, CounterRepository, Deltas, hour_key
from marketing.dynamo.tables import MATCHES
from marketing.dynamo.transactions import TransactAction
from matches.domain import SEOUL, Match, MatchStatus
from matches.repository import MatchRepository

PARTITION = keys.MATCHES_STATS
STAGE = "STAGE#"
PENDING_DAY = "PENDING#"
CONTACTED_HOUR = "CONTACTED#"
DISMISSED = "DISMISSED"


class MatchCounter(CounterItem):
    count: int = 0


class MatchCounterRepository(CounterRepository[MatchCounter]):
    spec = MATCHES
    model = MatchCounter
    partition = PARTITION


def stage(match: Match) -> str:
    """The funnel stage a match counts in: its status, or DISMISSED for a suggestion
    rejected before any contact."""
    history = match.status_history
    if match.status is MatchStatus.REJECTED and history[-1:]:
        dismissed = history[-1].from_status is MatchStatus.PENDING
        return DISMISSED if dismissed else match.status.value
    return match.status.value


def pending_day(ttl: int) -> dt.date:
    return dt.datetime.fromtimestamp(ttl, dt.UTC).astimezone(SEOUL).date()


def pending_day_key(day: dt.date) -> str:
    return f"{PENDING_DAY}{day.isoformat()}"


def contacted_hour_key(moment: dt.datetime) -> str:
    return hour_key(CONTACTED_HOUR, moment)


def end_of_day(day: dt.date) -> int:
    """Epoch seconds when `day` (Seoul) is over: when its expiry counter stops mattering."""
    following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=SEOUL)
    return int(following.timestamp())


def counters_of(match: Match) -> list[tuple[str, dict]]:
    """The counters `match` counts in: (key, attributes written when the counter is new)."""
    if match.status is MatchStatus.PENDING and match.ttl is not None:
        day = pending_day(match.ttl)
        found = [(pending_day_key(day), {"ttl": end_of_day(day)})]
    else:
        found = [(STAGE + stage(match), {})]
    if match.status is MatchStatus.CONTACTED:
        since = match.status_changed_at or match.created_at
        if since is not None:
            found.append((contacted_hour_key(since), {}))
    return found


def deltas_for(changes: Iterable[tuple[Match | None, Match | None]]) -> Deltas:
    """Counter changes for matches going from `before` to `after` (None: not there)."""
    deltas = Deltas()
    for before, after in changes:
        for match, step in ((before, -1), (after, 1)):
            if match is None:
                continue
            for counter, initial in counters_of(match):
                deltas.add(counter, {"count": step}, initial=initial)
    return deltas


def shift_actions(
    before: Match | None, after: Match | None, *, actor: str, mode: ClientMode = "interactive"
) -> list[TransactAction]:
    """The counter actions a write taking a match from `before` to `after` (None: not
    there) must include in its transaction; none where no counter moves."""
    return changes_actions([(before, after)], actor=actor, mode=mode)


def changes_actions(
    changes: Iterable[tuple[Match | None, Match | None]],
    *,
    actor: str,
    mode: ClientMode = "interactive",
) -> list[TransactAction]:
    """`shift_actions` for several matches written in one transaction, merged per counter
    (a transaction may touch each counter item once)."""
    return MatchCounterRepository(mode=mode).actions(deltas_for(changes), actor=actor)


def created_actions(
    match: Match | Iterable[Match], *, actor: str, mode: ClientMode = "interactive"
) -> list[TransactAction]:
    """The counter actions a create of `match` (or of several, in one transaction) must
    include. For the matching engine: `[repo.create_action(m), *created_actions(m)]`."""
    made = [match] if isinstance(match, Match) else list(match)
    return changes_actions([(None, m) for m in made], actor=actor, mode=mode)


def create_counted(repository: MatchRepository, match: Match, *, actor: str) -> Match:
    """Create `match` and count it, in one transaction; ConditionFailed if the key is
    taken (as `repository.create` would say)."""
    create = repository.create_action(match, actor=actor)
    try:
        repository.apply([create, *created_actions(match, actor=actor, mode=repository.mode)])
    except errors.TransactionCanceled as exc:
        if exc.reasons and exc.reasons[0] == "ConditionalCheckFailed":
            raise errors.ConditionFailed(f"{create.label} already exists") from exc
        raise
    return create.item


def recount(matches: Iterable[Match]) -> list[MatchCounter]:
    """Every counter recomputed from `matches` (the rebuild command)."""
    deltas = deltas_for((None, m) for m in matches)
    return [
        MatchCounter(counter=counter, count=amounts["count"], **initial)
        for counter, amounts, initial in deltas.items()
    ]
