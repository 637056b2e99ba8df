"""Matches as the engine would make them, for tests."""

import datetime as dt

from matches.domain import PENDING_TTL, Match, MatchStatus, match_id_for
from matches.repository import MatchRepository


def new_match(store_id="s-1", creator_id="c-1", score=72, status=MatchStatus.PENDING, **kw):
    now = dt.datetime.now(dt.UTC)
    return Match(
        match_id=match_id_for(store_id, creator_id),
        store_id=store_id,
        creator_id=creator_id,
        store_name=kw.pop("store_name", "연남 국밥집"),
        creator_name=kw.pop("creator_name", "맛집 탐방"),
        match_score=score,
        status=status,
        status_changed_at=kw.pop("status_changed_at", now),
        scored_at=now,
        ttl=int((now + PENDING_TTL).timestamp()) if status is MatchStatus.PENDING else None,
        **kw,
    )


def stored_match(**kw) -> Match:
    return MatchRepository().create(new_match(**kw), actor="engine")
