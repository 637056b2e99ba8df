"""A small repository over the matches table, for exercising the base repository."""

from decimal import Decimal

from marketing.dynamo import keys
from marketing.dynamo.models import DynamoModel
from marketing.dynamo.repository import Repository
from marketing.dynamo.tables import MATCHES


class Match(DynamoModel):
    match_id: str
    store_id: str
    creator_id: str
    creator_name: str = ""
    match_score: Decimal = Decimal(0)
    status: str = "PENDING"
    tags: set[str] = set()
    notes: dict = {}
    ttl: int | None = None


class MatchRow(DynamoModel):
    match_id: str
    match_score: Decimal


class MatchRepository(Repository[Match]):
    spec = MATCHES
    model = Match

    def keys_for(self, item: Match) -> dict[str, str]:
        return {
            "PK": keys.match(item.match_id),
            "SK": keys.match_pair(item.store_id, item.creator_id),
            "GSI4PK": keys.store(item.store_id),
            "GSI4SK": keys.score(item.match_score),
        }

    def key(self, match_id: str, store_id: str = "s1", creator_id: str = "c1") -> tuple[str, str]:
        return keys.match(match_id), keys.match_pair(store_id, creator_id)


def make_match(n: int | str, *, store_id: str = "s1", score: int = 50, **extra) -> Match:
    return Match(
        match_id=f"m{n}", store_id=store_id, creator_id=f"c{n}", match_score=score, **extra
    )
