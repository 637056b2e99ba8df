"""Re-analyse stored profiles when the analysis changes (per-person spend, sentiment score).

A latest profile's priceAnalysis and sentiment are recomputed from what it stored: its
menus, and its voted keywords from the raw Apollo state when that was kept (all of them),
else from the top keywords the profile holds. A changed profile is written the way a
staff edit is (services.store_update): one transaction, conditional on the version read,
that also moves the price index key and rewrites the store's directory row. A profile
whose figures already match is not written, so running it again changes nothing.
"""

from dataclasses import dataclass

from marketing.dynamo.repository import transact_write
from stores import analysis, payload
from stores.domain import PriceAnalysis, Sentiment, StoreProfile, VotedKeyword
from stores.naver.parser import keywords_from_state
from stores.repository import DirectoryRepository, StoreRepository


@dataclass(frozen=True)
class Reanalysis:
    store_id: str
    store_name: str
    before: tuple[PriceAnalysis, Sentiment]
    after: tuple[PriceAnalysis, Sentiment]
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.before != self.after


def reanalysed(profile: StoreProfile) -> tuple[PriceAnalysis, Sentiment]:
    """The profile's price analysis and sentiment as today's analysis makes them."""
    state = _raw_state(profile)
    if state is not None:
        keywords = keywords_from_state(state)
    else:
        keywords = [VotedKeyword(label=k.label, count=k.count) for k in profile.sentiment.keywords]
    stored = profile.sentiment
    sentiment = analysis.sentiment_of(
        keywords,
        visitor_reviews=stored.visitor_review_count,
        blog_reviews=stored.blog_review_count,
        rating=stored.rating,
    )
    return analysis.analyse_prices(profile.menus), sentiment


def _raw_state(profile: StoreProfile) -> dict | None:
    try:
        state = payload.decompress_state(profile.raw_payload)
    except (OSError, ValueError, RecursionError):
        return None  # a damaged payload: the stored keywords still serve
    return state if isinstance(state, dict) else None


def store_reanalyse(*, store_id: str, actor: str, for_real: bool) -> Reanalysis | None:
    """Recompute one store's latest profile; write it only when `for_real` and changed.

    None when the store has no profile any more; ConcurrentModification when it changed
    between the read and the write.
    """
    repository = StoreRepository(mode="batch")
    directory = DirectoryRepository(mode="batch")
    latest = repository.latest_profile(store_id, consistent=True)
    if latest is None:
        return None
    prices, sentiment = reanalysed(latest)
    outcome = Reanalysis(
        store_id=store_id,
        store_name=latest.store_name,
        before=(latest.price_analysis, latest.sentiment),
        after=(prices, sentiment),
    )
    if not for_real or not outcome.changed:
        return outcome
    changes = {"price_analysis": prices, "sentiment": sentiment}
    actions = [repository.reindex_action(latest, changes, actor=actor)]
    existing = directory.find(store_id, consistent=True)
    if existing is not None:
        entry = existing.model_copy(update=changes)
        actions.append(directory.put_action(entry, expected_version=existing.version, actor=actor))
    transact_write(actions, client=repository.client)
    return Reanalysis(**{**outcome.__dict__, "written": True})
