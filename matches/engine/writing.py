"""Writing a store's scored pairs: each one conditional write, sent a few at a time.

- a pair with no match yet is created only if its item does not exist
  (`attribute_not_exists`), PENDING, with the 30-day `ttl`;
- a PENDING match is re-scored in place, conditional on the version read and on still
  being PENDING; its `ttl` starts again from now, so a suggestion the engine still makes
  does not expire;
- a match past PENDING is never written: the engine reports it as skipped.

No write is an unconditional batch put. A write that loses a race (the match was created,
moved on or re-scored meanwhile) reads the match again and decides again, once; a match
that has meanwhile left PENDING is skipped, one deleted meanwhile is left deleted.
Expired suggestions are still items until DynamoDB gets round to deleting them, so the
engine reads matches as they are stored and re-scores an expired PENDING one (which
revives it) rather than failing to create it.
"""

import datetime as dt
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from marketing.dynamo import errors
from marketing.dynamo.client import ClientMode
from matches.aggregates import create_counted, shift_actions
from matches.domain import PENDING_TTL, Match, MatchStatus, StatusChange, match_id_for
from matches.engine.scoring import Scored
from matches.repository import MatchRepository

WRITES_IN_FLIGHT = 4
CREATED, RESCORED, SKIPPED = "created", "rescored", "skipped"


@dataclass(frozen=True)
class Pick:
    """A pair the engine wants stored: who, and how it scored."""

    store_id: str
    store_name: str
    creator_id: str
    creator_name: str
    scored: Scored

    @property
    def match_id(self) -> str:
        return match_id_for(self.store_id, self.creator_id)


@dataclass(frozen=True)
class Written:
    action: str  # created, rescored, skipped
    match: Match  # as written (or, in a dry run, as it would be); skipped: as stored


def ttl_from(now: dt.datetime) -> int:
    return int((now + PENDING_TTL).timestamp())


def new_match(pick: Pick, *, now: dt.datetime, actor: str) -> Match:
    scored = pick.scored
    return Match(
        match_id=pick.match_id,
        store_id=pick.store_id,
        creator_id=pick.creator_id,
        store_name=pick.store_name,
        creator_name=pick.creator_name,
        match_score=scored.score,
        score_breakdown=scored.breakdown,
        strengths=scored.strengths,
        problems=scored.problems,
        confidence=scored.confidence,
        priority=scored.priority,
        status=MatchStatus.PENDING,
        status_changed_at=now,
        status_history=[StatusChange(from_status=None, to=MatchStatus.PENDING, at=now, by=actor)],
        scored_at=now,
        ttl=ttl_from(now),
    )


def rescored(existing: Match, pick: Pick, *, now: dt.datetime) -> Match:
    scored = pick.scored
    return existing.model_copy(
        update={
            "store_name": pick.store_name,
            "creator_name": pick.creator_name,
            "match_score": scored.score,
            "score_breakdown": scored.breakdown,
            "strengths": scored.strengths,
            "problems": scored.problems,
            "confidence": scored.confidence,
            "priority": scored.priority,
            "scored_at": now,
            "ttl": ttl_from(now),
        }
    )


class MatchWriter:
    def __init__(self, *, actor: str, mode: ClientMode = "batch", in_flight=WRITES_IN_FLIGHT):
        self.actor = actor
        self.repo = MatchRepository(mode=mode)
        # Reads every stored match, expired or not: what a conditional write will meet.
        self.stored = MatchRepository(mode=mode, clock=lambda: 0)
        self.in_flight = in_flight
        self.reads = 0  # batch gets and single reads made

    def existing(self, picks: Iterable[Pick]) -> dict[str, Match]:
        keys = [MatchRepository.key(p.store_id, p.creator_id, p.match_id) for p in picks]
        if not keys:
            return {}
        self.reads += (len(keys) + 99) // 100
        return {m.match_id: m for m in self.stored.batch_get(keys, consistent=True)}

    def preview(self, picks: list[Pick], *, now: dt.datetime) -> list[Written]:
        """What `write` would do, writing nothing (a dry run)."""
        found = self.existing(picks)
        return [self._planned(pick, found.get(pick.match_id), now) for pick in picks]

    def write(self, picks: list[Pick], *, now: dt.datetime) -> list[Written]:
        found = self.existing(picks)
        if self.in_flight <= 1 or len(picks) <= 1:
            return [self._write_one(p, found.get(p.match_id), now) for p in picks]
        with ThreadPoolExecutor(max_workers=self.in_flight, thread_name_prefix="match") as pool:
            return list(pool.map(lambda p: self._write_one(p, found.get(p.match_id), now), picks))

    def _planned(self, pick: Pick, existing: Match | None, now) -> Written:
        if existing is None:
            match = new_match(pick, now=now, actor=self.actor)
            return Written(CREATED, match.model_copy(update={"version": 1}))
        if existing.status is not MatchStatus.PENDING:
            return Written(SKIPPED, existing)
        match = rescored(existing, pick, now=now)
        return Written(RESCORED, match.model_copy(update={"version": existing.version + 1}))

    def _write_one(self, pick: Pick, existing: Match | None, now, *, retry=True) -> Written:
        try:
            if existing is None:
                new = new_match(pick, now=now, actor=self.actor)
                return Written(CREATED, create_counted(self.repo, new, actor=self.actor))
            if existing.status is not MatchStatus.PENDING:
                return Written(SKIPPED, existing)
            put = self.stored.put_action(
                rescored(existing, pick, now=now),
                expected_version=existing.version,
                actor=self.actor,
                condition=self.repo.where(status=MatchStatus.PENDING.value),
            )
            counters = shift_actions(existing, put.item, actor=self.actor, mode=self.repo.mode)
            self.stored.apply([put, *counters])
            return Written(RESCORED, put.item)
        except errors.NotFound:
            return Written(SKIPPED, existing)  # deleted meanwhile (its store or creator went)
        except errors.ConditionFailed:
            if not retry:  # raced twice: leave it to the next run
                return Written(SKIPPED, existing or new_match(pick, now=now, actor=self.actor))
            self.reads += 1
            again = self.stored.find_pair(pick.store_id, pick.creator_id, pick.match_id)
            if again is None and existing is not None:
                return Written(SKIPPED, existing)
            return self._write_one(pick, again, now, retry=False)
