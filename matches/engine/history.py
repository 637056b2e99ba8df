"""Our own workflow history with a creator, read from its matches' status histories."""

import statistics
from decimal import Decimal

from matches.domain import MatchStatus
from matches.engine.scoring import History
from matches.engine.sources import HistoryRow

PAST_CONTACT = frozenset(
    {
        MatchStatus.CONTACTED,
        MatchStatus.RESPONDED,
        MatchStatus.NEGOTIATING,
        MatchStatus.ACCEPTED,
        MatchStatus.COMPLETED,
    }
)
PAST_REPLY = frozenset(
    {MatchStatus.RESPONDED, MatchStatus.NEGOTIATING, MatchStatus.ACCEPTED, MatchStatus.COMPLETED}
)
SECONDS_A_DAY = Decimal(86400)


def history_from(rows: list[HistoryRow]) -> History:
    """Contacts, replies, deals and refusals over a creator's matches.

    A match counts as contacted once it reached CONTACTED (or was rejected after it), as
    answered once it reached RESPONDED; the reply time is from its first CONTACTED to its
    first RESPONDED entry. Rejections before any contact are our own dismissals and say
    nothing about the creator.
    """
    contacted = responded = completed = declined = 0
    reply_days: list[Decimal] = []
    for row in rows:
        reached = {change.to for change in row.status_history} | {row.status}
        rejected_after_contact = any(
            change.to is MatchStatus.REJECTED and change.from_status in PAST_CONTACT
            for change in row.status_history
        )
        if not (reached & PAST_CONTACT or rejected_after_contact):
            continue
        contacted += 1
        if reached & PAST_REPLY:
            responded += 1
            asked = _first(row, MatchStatus.CONTACTED)
            answered = _first(row, MatchStatus.RESPONDED)
            if asked is not None and answered is not None and answered >= asked:
                reply_days.append(Decimal((answered - asked).total_seconds()) / SECONDS_A_DAY)
        if row.status is MatchStatus.COMPLETED:
            completed += 1
        if row.status is MatchStatus.REJECTED and rejected_after_contact:
            declined += 1
    median = statistics.median(reply_days) if reply_days else None
    return History(
        contacted=contacted,
        responded=responded,
        completed=completed,
        declined=declined,
        median_reply_days=median,
    )


def _first(row: HistoryRow, status: MatchStatus):
    return next((change.at for change in row.status_history if change.to is status), None)
