"""The five tables of ../shared/design/data-model.md, in code.

One source of truth for `dynamodb_tables create`, `describe` and `template`, for the
test fixtures and for the repositories' index names.
"""

import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexSpec:
    name: str
    pk: str
    sk: str
    projection: str = "ALL"


# eq=False: a spec is a module-level singleton, compared and hashed by identity, so
# the per-item caches keyed by it cost a pointer, not a walk over every field.
@dataclass(frozen=True, eq=False)
class TableSpec:
    key: str  # short name: stores, creators, matches, campaigns
    pk: str = "PK"
    sk: str = "SK"
    indexes: tuple[IndexSpec, ...] = field(default_factory=tuple)
    ttl_attribute: str | None = None
    stream_view_type: str | None = "NEW_AND_OLD_IMAGES"  # None: no stream
    billing_mode: str = "PAY_PER_REQUEST"
    point_in_time_recovery: bool = True
    server_side_encryption: bool = True

    def table_name(self, prefix: str) -> str:
        return f"{prefix}{self.key}"

    def index(self, name: str) -> IndexSpec:
        for index in self.indexes:
            if index.name == name:
                return index
        raise KeyError(f"{self.key} has no index {name!r}")

    @functools.cached_property
    def key_attributes(self) -> tuple[str, ...]:
        names = [self.pk, self.sk]
        for index in self.indexes:
            names += [index.pk, index.sk]
        return tuple(dict.fromkeys(names))

    @functools.cached_property
    def key_attribute_set(self) -> frozenset[str]:
        return frozenset(self.key_attributes)


STORES = TableSpec(
    key="stores",
    indexes=(
        IndexSpec("store-category-index", "GSI1PK", "GSI1SK"),
        IndexSpec("store-location-index", "GSI2PK", "GSI2SK"),
        IndexSpec("store-price-index", "GSI3PK", "GSI3SK"),
    ),
    ttl_attribute="ttl",
)

CREATORS = TableSpec(
    key="creators",
    indexes=(
        IndexSpec("creator-category-index", "GSI1PK", "GSI1SK"),
        IndexSpec("creator-location-index", "GSI2PK", "GSI2SK"),
        IndexSpec("creator-platform-index", "GSI3PK", "GSI3SK"),
        IndexSpec("creator-influence-index", "GSI4PK", "GSI4SK"),
        # Every channel, by normalised name and by handle: the all-creators list and the
        # prefix search (`DIRECTORY#CREATOR` / `NAME#…`, `HANDLE#…`).
        IndexSpec("creator-name-index", "GSI5PK", "GSI5SK"),
        IndexSpec("creator-handle-index", "GSI6PK", "GSI6SK"),
    ),
)

MATCHES = TableSpec(
    key="matches",
    indexes=(
        IndexSpec("match-score-index", "GSI1PK", "GSI1SK"),
        IndexSpec("match-status-index", "GSI2PK", "GSI2SK"),
        IndexSpec("match-date-index", "GSI3PK", "GSI3SK"),
        IndexSpec("match-store-index", "GSI4PK", "GSI4SK"),
        IndexSpec("match-creator-index", "GSI5PK", "GSI5SK"),
    ),
    ttl_attribute="ttl",
)

CAMPAIGNS = TableSpec(
    key="campaigns",
    indexes=(
        IndexSpec("campaign-status-index", "GSI1PK", "GSI1SK"),
        IndexSpec("campaign-store-index", "GSI2PK", "GSI2SK"),
    ),
)

# Every change to the four domain tables, read from their streams (audit/): an entity's
# history on the table key, an actor's and a day's changes on the two indexes. Erasure
# and the consumer's checkpoints are items of their own (audit/keys.py). No stream of its
# own: nothing reads it, and the consumer would otherwise audit its own writes.
AUDIT = TableSpec(
    key="audit",
    indexes=(
        IndexSpec("audit-actor-index", "GSI1PK", "GSI1SK"),
        IndexSpec("audit-day-index", "GSI2PK", "GSI2SK"),
    ),
    ttl_attribute="ttl",
    stream_view_type=None,
)

DOMAIN_TABLES: dict[str, TableSpec] = {
    spec.key: spec for spec in (STORES, CREATORS, MATCHES, CAMPAIGNS)
}
TABLES: dict[str, TableSpec] = {**DOMAIN_TABLES, AUDIT.key: AUDIT}


def create_table_request(spec: TableSpec, prefix: str) -> dict:
    """The CreateTable parameters for a spec (TTL and PITR need calls of their own)."""
    request: dict = {
        "TableName": spec.table_name(prefix),
        "BillingMode": spec.billing_mode,
        "KeySchema": [
            {"AttributeName": spec.pk, "KeyType": "HASH"},
            {"AttributeName": spec.sk, "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in spec.key_attributes
        ],
        "SSESpecification": {"Enabled": spec.server_side_encryption},
    }
    if spec.stream_view_type:
        request["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": spec.stream_view_type,
        }
    if spec.indexes:
        request["GlobalSecondaryIndexes"] = [gsi_definition(index) for index in spec.indexes]
    return request


def gsi_definition(index: IndexSpec) -> dict:
    return {
        "IndexName": index.name,
        "KeySchema": [
            {"AttributeName": index.pk, "KeyType": "HASH"},
            {"AttributeName": index.sk, "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": index.projection},
    }
