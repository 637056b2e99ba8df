"""The matches table's access patterns (data-model.md §3), one named method each.

Every index key is always present except that reads drop expired PENDING suggestions
(the `ttl` the base repository checks). Index keys:
- match-score-index `SCORE#<band>` / `MATCH#<id>`: matches by score band;
- match-status-index `STATUS#<status>` / `DATE#<last status change>`: the work queues;
- match-date-index `DATE#<day made, Asia/Seoul>` / `SCORE#<score>`: a day's matches;
- match-store-index `STORE#<storeId>` / `SCORE#<score>`: a store's matches, best first;
- match-creator-index `CREATOR#<creatorId>` / `DATE#<made>`: a creator's matches.
"""

import datetime as dt

from marketing.dynamo import keys
from marketing.dynamo.pagination import Page
from marketing.dynamo.repository import Repository
from marketing.dynamo.tables import MATCHES
from matches.domain import Match, MatchRow, MatchStatus

SCORE_INDEX = "match-score-index"
STATUS_INDEX = "match-status-index"
DATE_INDEX = "match-date-index"
STORE_INDEX = "match-store-index"
CREATOR_INDEX = "match-creator-index"


def match_keys(item: Match) -> dict[str, str]:
    made = item.created_at or item.scored_at or dt.datetime.now(dt.UTC)
    changed = item.status_changed_at or made
    return {
        "PK": keys.match(item.match_id),
        "SK": keys.match_pair(item.store_id, item.creator_id),
        "GSI1PK": keys.score_band(item.match_score),
        "GSI1SK": keys.match(item.match_id),
        "GSI2PK": keys.status(item.status),
        "GSI2SK": keys.date(changed),
        "GSI3PK": keys.date(item.created_day),
        "GSI3SK": keys.score(item.match_score),
        "GSI4PK": keys.store(item.store_id),
        "GSI4SK": keys.score(item.match_score),
        "GSI5PK": keys.creator(item.creator_id),
        "GSI5SK": keys.date(made),
    }


class MatchRepository(Repository[Match]):
    spec = MATCHES
    model = Match

    def keys_for(self, item: Match) -> dict[str, str]:
        return match_keys(item)

    @staticmethod
    def key(store_id: str, creator_id: str, match_id: str) -> tuple[str, str]:
        return keys.match(match_id), keys.match_pair(store_id, creator_id)

    def find(self, match_id: str, *, consistent: bool = False) -> Match | None:
        """The match with this id (its partition holds it alone), or None."""
        page = self.query(partition_key_value=keys.match(match_id), limit=1, consistent=consistent)
        return page.items[0] if page.items else None

    def find_pair(self, store_id: str, creator_id: str, match_id: str) -> Match | None:
        from marketing.dynamo.errors import NotFound

        try:
            return self.get(*self.key(store_id, creator_id, match_id), consistent=True)
        except NotFound:
            return None

    def by_status(
        self,
        status: MatchStatus | str,
        *,
        owner: str | None = None,
        changed_before: dt.datetime | None = None,
        cursor: str | None = None,
        limit: int = 25,
    ) -> Page[MatchRow]:
        """A work queue: oldest status change first; optionally one owner's, or only the
        matches whose status has not changed since `changed_before` (follow-ups)."""
        from marketing.dynamo.expressions import SortKey

        return self.query(
            index=STATUS_INDEX,
            partition_key_value=keys.status(MatchStatus(status)),
            sk_condition=SortKey.lt(keys.date(changed_before)) if changed_before else None,
            filter=self._owned_by(owner),
            into=MatchRow,
            cursor=cursor,
            limit=limit,
        )

    def by_score_band(self, band: int, *, owner=None, cursor=None, limit=25) -> Page[MatchRow]:
        """The matches scored in `band` (0, 10, … 90; 100 alone)."""
        return self.query(
            index=SCORE_INDEX,
            partition_key_value=keys.score_band(band),
            filter=self._owned_by(owner),
            into=MatchRow,
            cursor=cursor,
            limit=limit,
        )

    def by_day(self, day: dt.date, *, owner=None, cursor=None, limit=25) -> Page[MatchRow]:
        """A day's matches (made that day in Seoul), best score first."""
        return self.query(
            index=DATE_INDEX,
            partition_key_value=keys.date(day),
            filter=self._owned_by(owner),
            into=MatchRow,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def by_store(self, store_id: str, *, owner=None, cursor=None, limit=25) -> Page[MatchRow]:
        """A store's matches, best score first."""
        return self.query(
            index=STORE_INDEX,
            partition_key_value=keys.store(store_id),
            filter=self._owned_by(owner),
            into=MatchRow,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def by_creator(self, creator_id: str, *, owner=None, cursor=None, limit=25) -> Page[MatchRow]:
        """A creator's matches, newest first."""
        return self.query(
            index=CREATOR_INDEX,
            partition_key_value=keys.creator(creator_id),
            filter=self._owned_by(owner),
            into=MatchRow,
            newest_first=True,
            cursor=cursor,
            limit=limit,
        )

    def _owned_by(self, owner: str | None):
        """A filter on the owner ("my queue"); None: everyone's."""
        return self.where(owner=owner) if owner else None
