"""Demo matches: a store and a creator scored by the matching engine's own rules, made
PENDING as the engine makes them (matches.engine.writing.new_match), then walked through
the workflow by its own transition (matches.services.workflow.transitioned), so every
step is one the console allows and lands in the history with who, when and a note.
"""

import datetime as dt
import random

from django.conf import settings
from django.utils import translation

from marketing.demo.creators import DemoCreator
from marketing.demo.korean import (
    ACCEPTANCE_NOTES,
    COMPLETION_NOTES,
    CONTACT_NOTES,
    DECLINE_NOTES,
    DISMISS_NOTES,
    NEGOTIATION_NOTES,
    RESPONSE_NOTES,
    STAFF,
)
from marketing.demo.stores import DemoStore
from matches.domain import Match, MatchStatus
from matches.engine import scoring
from matches.engine.candidates import creator_facts
from matches.engine.run import store_facts
from matches.engine.sources import CandidateRow
from matches.engine.weights import match_weights
from matches.engine.writing import Pick, new_match
from matches.services.workflow import transitioned

ENGINE_ACTOR = "system:run_matching"
ACTOR = "system:seed_demo"
# The way from a suggestion to a deal, one status after another.
DEAL = (
    MatchStatus.CONTACTED,
    MatchStatus.RESPONDED,
    MatchStatus.NEGOTIATING,
    MatchStatus.ACCEPTED,
    MatchStatus.COMPLETED,
)
# How often each status ends a demo match that is in no campaign.
STATUS_WEIGHTS = {
    MatchStatus.PENDING: 34,
    MatchStatus.CONTACTED: 15,
    MatchStatus.RESPONDED: 10,
    MatchStatus.NEGOTIATING: 10,
    MatchStatus.ACCEPTED: 8,
    MatchStatus.COMPLETED: 8,
    MatchStatus.REJECTED: 15,
}
NOTES = {
    MatchStatus.CONTACTED: CONTACT_NOTES,
    MatchStatus.RESPONDED: RESPONSE_NOTES,
    MatchStatus.NEGOTIATING: NEGOTIATION_NOTES,
    MatchStatus.ACCEPTED: ACCEPTANCE_NOTES,
    MatchStatus.COMPLETED: COMPLETION_NOTES,
}


class Scorer:
    """The engine's score for a demo pair: its weights, and engagement percentiles among
    the demo creators of the same platform and tier (as the engine reads its peers)."""

    def __init__(self, creators: list[DemoCreator], now: dt.datetime):
        self.weights = match_weights()
        self.now = now
        rates: dict[tuple, list] = {}
        for creator in creators:
            channel = creator.primary
            rate = channel.statistics.engagement_rate
            if rate is not None and channel.influence_tier is not None:
                rates.setdefault((channel.platform, channel.influence_tier), []).append(rate)
        self.peers = {key: sorted(values) for key, values in rates.items()}
        self._stores: dict[str, scoring.StoreFacts] = {}
        self._creators: dict[str, tuple[scoring.CreatorFacts, scoring.Engagement]] = {}

    def score(self, store: DemoStore, creator: DemoCreator) -> scoring.Scored:
        facts, engagement = self._creator(creator)
        # Reasons are stored words, in the console's language (as the engine stores them).
        with translation.override(settings.LANGUAGE_CODE):
            return scoring.score_pair(
                self._store(store),
                facts,
                engagement=engagement,
                history=scoring.NO_HISTORY,
                weights=self.weights,
                now=self.now,
            )

    def _store(self, store: DemoStore) -> scoring.StoreFacts:
        if store.store_id not in self._stores:
            self._stores[store.store_id] = store_facts(store.latest)
        return self._stores[store.store_id]

    def _creator(self, creator: DemoCreator) -> tuple[scoring.CreatorFacts, scoring.Engagement]:
        if creator.creator_id not in self._creators:
            row = CandidateRow.model_validate(creator.primary.model_dump())
            peers = self.peers.get((row.platform, row.influence_tier), [])
            rate = row.statistics.engagement_rate
            engagement = (
                scoring.Engagement(scoring.percentile_of(rate, peers), len(peers))
                if rate is not None and peers
                else scoring.Engagement(percentile=None)
            )
            self._creators[creator.creator_id] = (creator_facts(row), engagement)
        return self._creators[creator.creator_id]


def steps_to(final: MatchStatus, rng: random.Random) -> tuple[MatchStatus, ...]:
    """The transitions from PENDING that end in `final`."""
    if final is MatchStatus.PENDING:
        return ()
    if final is MatchStatus.REJECTED:
        return (*DEAL[: rng.randint(0, 3)], MatchStatus.REJECTED)
    return DEAL[: DEAL.index(final) + 1]


def staff(rng: random.Random) -> str:
    """Who works a match: a demo colleague, or the console's own admin (so "Only mine"
    shows something to whoever logs in first)."""
    return rng.choice((*STAFF, settings.CONSOLE_ADMIN_USERNAME))


def build_match(
    store: DemoStore,
    creator: DemoCreator,
    scored: scoring.Scored,
    steps: tuple[MatchStatus, ...],
    *,
    made_at: dt.datetime,
    until: dt.datetime,
    rng: random.Random,
    owner: str,
) -> Match:
    """The match suggested at `made_at` and moved through `steps`, the last at `until`."""
    pick = Pick(
        store.store_id,
        store.latest.store_name,
        creator.creator_id,
        creator.primary.channel_name,
        scored,
    )
    match = new_match(pick, now=made_at, actor=ENGINE_ACTOR)
    moments = _moments(made_at, until, len(steps), rng)
    for status, at in zip(steps, moments, strict=True):
        note = _note(match.status, status, rng)
        match = transitioned(match, status, actor=owner, note=note, at=at)
    return match.model_copy(
        update={
            "owner": owner if steps else None,
            "created_at": made_at,
            "created_by": ACTOR,
            # Stored one higher (the batch write counts itself): the suggestion and each
            # step; a suggestion counts as re-scored once, which keeps its creation time.
            "version": max(len(steps), 1),
            "demo": True,
        }
    )


def _moments(start: dt.datetime, end: dt.datetime, count: int, rng: random.Random):
    """`count` increasing moments after `start`, the last at `end`."""
    if count == 0:
        return []
    span = (end - start).total_seconds()
    points = sorted(rng.uniform(0.05, 0.95) * span for _ in range(count - 1))
    return [start + dt.timedelta(seconds=p) for p in points] + [end]


def _note(before: MatchStatus, status: MatchStatus, rng: random.Random) -> str:
    if status is MatchStatus.REJECTED:
        return rng.choice(DISMISS_NOTES if before is MatchStatus.PENDING else DECLINE_NOTES)
    return rng.choice(NOTES[status])
