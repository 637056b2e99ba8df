"""One run of the matching engine over some stores: read, score, keep the best, write.

For each store: its latest profile, its candidates (matches.engine.candidates), a
score for each (matches.engine.scoring), then the best `limit_per_store` of those scoring
at least `min_score` are written (matches.engine.writing). Our workflow history with a
creator is read only for creators that have one (the work queues past PENDING list them,
read once a run) and only when the candidate could still make the cut whatever it says:
with the history's component at 0 and at 1 a candidate's score has a floor and a
ceiling, and one whose ceiling is below the floor of the `limit_per_store`-th best cannot
be kept.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from marketing.dynamo.client import ClientMode
from marketing.dynamo.serde import utcnow
from matches.engine import scoring
from matches.engine.candidates import Catalogue, creator_facts
from matches.engine.history import history_from
from matches.engine.scoring import NO_HISTORY, History, StoreFacts
from matches.engine.sources import CandidateRow, CreatorSource, HistorySource, QueryCount
from matches.engine.weights import match_weights
from matches.engine.writing import CREATED, RESCORED, SKIPPED, MatchWriter, Pick, Written
from stores.category_map import profile_mapping
from stores.domain import StoreProfile, StoreStatus
from stores.repository import DirectoryRepository, StoreRepository

DEFAULT_MIN_SCORE = 0
DEFAULT_LIMIT_PER_STORE = 50
MAX_LIMIT_PER_STORE = 500


@dataclass
class StoreResult:
    store_id: str
    store_name: str = ""
    scored: int = 0  # candidates scored
    written: list[Written] = field(default_factory=list)
    error: str | None = None

    def count(self, action: str) -> int:
        return sum(1 for w in self.written if w.action == action)


@dataclass
class RunSummary:
    stores: int = 0
    failed: int = 0
    pairs_scored: int = 0
    created: int = 0
    rescored: int = 0
    skipped: int = 0
    index_queries: int = 0
    other_reads: int = 0
    dry_run: bool = False

    def add(self, result: StoreResult) -> None:
        self.stores += 1
        self.failed += result.error is not None
        self.pairs_scored += result.scored
        self.created += result.count(CREATED)
        self.rescored += result.count(RESCORED)
        self.skipped += result.count(SKIPPED)


def store_facts(profile: StoreProfile) -> StoreFacts:
    mapping = profile_mapping(profile)
    return StoreFacts(
        store_id=profile.store_id,
        store_name=profile.store_name,
        categories=mapping.codes,
        category_guessed=mapping.guessed,
        naver_category=mapping.naver,
        city=profile.location.city,
        district=profile.location.district,
        price_level=profile.price_analysis.level,
        per_person=profile.price_analysis.per_person,
    )


class MatchingRun:
    """Scores stores against the creators; one instance per run (its caches are the run's)."""

    def __init__(
        self,
        *,
        actor: str,
        min_score: int = DEFAULT_MIN_SCORE,
        limit_per_store: int = DEFAULT_LIMIT_PER_STORE,
        dry_run: bool = False,
        mode: ClientMode = "batch",
        clock: Callable[[], dt.datetime] = utcnow,
    ):
        if not 0 <= min_score <= 100:
            raise ValueError("min_score must be 0-100")
        if not 1 <= limit_per_store <= MAX_LIMIT_PER_STORE:
            raise ValueError(f"limit_per_store must be 1-{MAX_LIMIT_PER_STORE}")
        self.weights = match_weights()
        self.min_score = min_score
        self.limit = limit_per_store
        self.dry_run = dry_run
        self.clock = clock
        self.mode = mode
        self.count = QueryCount()
        self.catalogue = Catalogue(CreatorSource(count=self.count, mode=mode))
        self.history_source = HistorySource(count=self.count, mode=mode)
        self.stores = StoreRepository(mode=mode)
        self.writer = MatchWriter(actor=actor, mode=mode)
        self.summary = RunSummary(dry_run=dry_run)
        self._histories: dict[str, History] = {}
        self._worked: set[str] | None = None

    # --- which stores -----------------------------------------------------------------------

    def all_store_ids(self) -> Iterable[str]:
        """Every store's id, from the store directory (a query, page by page)."""
        for entry in DirectoryRepository(mode=self.mode).iter_all():
            yield entry.store_id

    # --- one store --------------------------------------------------------------------------

    def run_store(self, store_id: str) -> StoreResult:
        """Score one store and write (or, in a dry run, preview) its best matches."""
        result = self._run_store(store_id)
        self.summary.add(result)
        self.summary.index_queries = self.count.index_queries
        self.summary.other_reads = self.count.other_reads + self.writer.reads
        return result

    def _run_store(self, store_id: str) -> StoreResult:
        self.count.add(index=False)
        profile = self.stores.latest_profile(store_id)
        if profile is None:
            return StoreResult(store_id, error=_("No store has the id %(id)s.") % {"id": store_id})
        if profile.status is StoreStatus.CLOSED:
            return StoreResult(
                store_id,
                profile.store_name,
                error=_("“%(name)s” is closed; reopen it on its page to find creators for it.")
                % {"name": profile.store_name},
            )
        store = store_facts(profile)
        rows = self.catalogue.candidates(store)
        # Reasons are stored words: in the console's language, whoever runs the engine.
        with translation.override(settings.LANGUAGE_CODE):
            picks = self._best(store, rows)
        now = self.clock()
        if self.dry_run:
            written = self.writer.preview(picks, now=now)
        else:
            written = self.writer.write(picks, now=now)
        return StoreResult(store_id, profile.store_name, scored=len(rows), written=written)

    def _best(self, store: StoreFacts, rows: list[CandidateRow]) -> list[Pick]:
        now = self.clock()
        drafts = []
        for row in rows:
            creator = creator_facts(row)
            parts = scoring.component_parts(
                store,
                creator,
                engagement=self.catalogue.engagement(row),
                history=NO_HISTORY,
                now=now,
            )
            drafts.append((creator, parts, self._score_without_history(parts)))
        reach = self.weights["reliability"] * 100
        floors = sorted((base for *_, base in drafts), reverse=True)
        bar = Decimal(self.min_score)
        if len(floors) >= self.limit:
            bar = max(bar, _rounded(floors[self.limit - 1]))
        picks = []
        for creator, parts, base in drafts:
            if _rounded(base + reach) < bar:
                continue  # cannot be kept, whatever our history with the creator says
            parts["reliability"] = scoring.reliability_part(self._history(creator.creator_id))
            scored = scoring.assemble(parts, self.weights)
            if scored.score >= self.min_score:
                picks.append(
                    Pick(
                        store.store_id,
                        store.store_name,
                        creator.creator_id,
                        creator.creator_name,
                        scored,
                    )
                )
        picks.sort(key=lambda p: (-p.scored.score, p.creator_id))
        return picks[: self.limit]

    def _score_without_history(self, parts) -> Decimal:
        """100 * Σ weight * value over every component but reliability (taken as 0)."""
        total = Decimal(0)
        for name, weight in self.weights.items():
            if name != "reliability":
                total += weight * scoring.stored_value(parts[name].value)
        return total * 100

    def _history(self, creator_id: str) -> History:
        """Our history with a creator: read from its matches (match-creator-index) when the
        work queues say it has one (read once a run), else none."""
        if self._worked is None:
            self._worked = self.history_source.worked_creators()
        if creator_id not in self._worked:
            return NO_HISTORY
        if creator_id not in self._histories:
            self._histories[creator_id] = history_from(self.history_source.history_of(creator_id))
        return self._histories[creator_id]


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
