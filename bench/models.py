"""The benchmark's data: a match as data-model.md describes it, in each library's terms.

One pydantic model (ours), one repository with the matches table's access patterns, one
PynamoDB model over the same attributes, and plain dicts for the raw client and boto3's
resource layer. All of them read and write the same items.
"""

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from marketing.dynamo import keys
from marketing.dynamo.models import DynamoModel
from marketing.dynamo.repository import Repository, SortKey
from marketing.dynamo.tables import MATCHES

PREFIX = "bench-"
TABLE = MATCHES.table_name(PREFIX)
REGION = "ap-northeast-2"
STORE_INDEX = "match-store-index"

_T0 = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)


class StatusChange(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    from_status: str | None = None
    to_status: str
    at: dt.datetime
    by: str
    note: str = ""


class Match(DynamoModel):
    match_id: str
    store_id: str
    creator_id: str
    store_name: str = ""
    creator_name: str = ""
    match_score: Decimal = Decimal(0)
    score_breakdown: dict[str, Decimal] = {}
    confidence: str = "medium"
    status: str = "PENDING"
    status_history: list[StatusChange] = []
    priority: int = 0
    tags: set[str] = set()
    ttl: int | None = None


class MatchRow(DynamoModel):
    """What a list page shows (a projection)."""

    match_id: str
    creator_name: str = ""
    match_score: Decimal = Decimal(0)
    status: str = "PENDING"


class MatchRepository(Repository[Match]):
    spec = MATCHES
    model = Match

    def keys_for(self, item: Match) -> dict[str, str]:
        created = item.created_at or _T0
        return {
            "PK": keys.match(item.match_id),
            "SK": keys.match_pair(item.store_id, item.creator_id),
            "GSI1PK": keys.score_band(item.match_score),
            "GSI1SK": keys.match(item.match_id),
            "GSI2PK": keys.status(item.status),
            "GSI2SK": keys.date(item.updated_at or created),
            "GSI3PK": keys.date(created.date()),
            "GSI3SK": keys.score(item.match_score),
            "GSI4PK": keys.store(item.store_id),
            "GSI4SK": keys.score(item.match_score),
            "GSI5PK": keys.creator(item.creator_id),
            "GSI5SK": keys.date(created),
        }

    @staticmethod
    def key(item: Match) -> tuple[str, str]:
        return keys.match(item.match_id), keys.match_pair(item.store_id, item.creator_id)

    # The access patterns of data-model.md's matches table, one named method each.
    def match(self, match_id: str, store_id: str, creator_id: str) -> Match:
        return self.get(keys.match(match_id), keys.match_pair(store_id, creator_id))

    def for_store(self, store_id: str, *, limit: int = 20, cursor: str | None = None):
        return self.query(
            partition_key_value=keys.store(store_id),
            index=STORE_INDEX,
            newest_first=True,
            limit=limit,
            cursor=cursor,
        )

    def rows_for_store(self, store_id: str, *, limit: int = 20):
        return self.query(
            partition_key_value=keys.store(store_id),
            index=STORE_INDEX,
            newest_first=True,
            into=MatchRow,
            limit=limit,
        )

    def for_creator(self, creator_id: str, *, limit: int = 20):
        return self.query(
            partition_key_value=keys.creator(creator_id),
            index="match-creator-index",
            newest_first=True,
            limit=limit,
        )

    def work_queue(self, status: str, *, limit: int = 20, min_score: int | None = None):
        from boto3.dynamodb.conditions import Attr

        condition = None if min_score is None else Attr("matchScore").gte(Decimal(min_score))
        return self.query(
            partition_key_value=keys.status(status),
            index="match-status-index",
            filter=condition,
            limit=limit,
        )

    def by_score_band(self, score: int, *, limit: int = 20):
        return self.query(
            partition_key_value=keys.score_band(score),
            index="match-score-index",
            newest_first=True,
            limit=limit,
        )

    def on_day(self, day: dt.date, *, min_score: int = 0, limit: int = 20):
        return self.query(
            partition_key_value=keys.date(day),
            index="match-date-index",
            sk_condition=SortKey.gte(keys.score(min_score)),
            newest_first=True,
            limit=limit,
        )


def make_match(n: int, *, store: int = 0, creator: int | None = None, status="PENDING") -> Match:
    """A realistic match: ~20 attributes with a map, a list of maps and a set."""
    score = 40 + (n * 7) % 60
    at = _T0 + dt.timedelta(minutes=n)
    return Match(
        match_id=f"m{n:06d}",
        store_id=f"s{store:04d}",
        creator_id=f"c{(n if creator is None else creator):06d}",
        store_name=f"가게 {store}",
        creator_name=f"크리에이터 {n}",
        match_score=Decimal(score),
        score_breakdown={
            "category": Decimal("0.35"),
            "location": Decimal("0.25"),
            "audience": Decimal("0.2"),
            "engagement": Decimal("0.2"),
        },
        confidence="high" if score >= 80 else "medium",
        status=status,
        status_history=[
            StatusChange(to_status="PENDING", at=at, by="system:match"),
        ],
        priority=n % 3,
        tags={"food", "seoul"},
        version=1,
        created_at=at,
        updated_at=at,
        created_by="system:match",
        updated_by="system:match",
    )


# --- PynamoDB ---------------------------------------------------------------------------


class PStatusChange(MapAttribute):
    fromStatus = UnicodeAttribute(null=True)
    toStatus = UnicodeAttribute()
    at = UnicodeAttribute()
    by = UnicodeAttribute()
    note = UnicodeAttribute(null=True)


class PStoreIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = STORE_INDEX
        projection = AllProjection()

    GSI4PK = UnicodeAttribute(hash_key=True)
    GSI4SK = UnicodeAttribute(range_key=True)


def pynamodb_model(host: str):
    """A PynamoDB model of the same items. Timestamps are plain strings: PynamoDB's
    UTCDateTimeAttribute cannot read our `...Z` format (a small discount in its favour)."""

    class PMatch(Model):
        class Meta:
            table_name = TABLE
            region = REGION
            aws_access_key_id = "local"
            aws_secret_access_key = "local"

        PK = UnicodeAttribute(hash_key=True)
        SK = UnicodeAttribute(range_key=True)
        matchId = UnicodeAttribute()
        storeId = UnicodeAttribute()
        creatorId = UnicodeAttribute()
        storeName = UnicodeAttribute(null=True)
        creatorName = UnicodeAttribute(null=True)
        matchScore = NumberAttribute()
        scoreBreakdown = MapAttribute(null=True)
        confidence = UnicodeAttribute(null=True)
        status = UnicodeAttribute(null=True)
        statusHistory = ListAttribute(of=PStatusChange, null=True)
        priority = NumberAttribute(null=True)
        tags = UnicodeSetAttribute(null=True)
        ttl = NumberAttribute(null=True)
        version = VersionAttribute()
        createdAt = UnicodeAttribute(null=True)
        updatedAt = UnicodeAttribute(null=True)
        createdBy = UnicodeAttribute(null=True)
        updatedBy = UnicodeAttribute(null=True)
        store_index = PStoreIndex()

    PMatch.Meta.host = host
    return PMatch
