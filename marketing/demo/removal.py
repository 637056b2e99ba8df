"""`seed_demo --remove`: delete the demo, and nothing else.

Every table is read once (keys and the few attributes that say what an item belongs to)
and these items are deleted:

- every item marked `demo`;
- the items of a demo store, creator, match or campaign that a staff action wrote
  without the marker: anything in its partition (`STORE#<id>`, `CREATOR#<id>`,
  `MATCH#<id>`, `CAMPAIGN#<id>`), a demo store's directory row, a demo channel's owner
  link;
- what exists only because of the demo: matches of a demo store or a demo creator (the
  engine suggests demo creators to real stores too), with their outbox, queued messages
  and campaign places, a demo creator's consent record, and campaigns of a demo store.

Real stores, creators, matches and campaigns stay, and so do the counters, which are
counted again afterwards (marketing.demo.recount).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from campaigns.repository import CampaignRepository
from creators.repository import CreatorRepository
from marketing.demo.writing import ACTOR, SLICE, ItemKey
from marketing.dynamo import keys
from marketing.dynamo.sweeps import scan_rows
from marketing.dynamo.tables import CAMPAIGNS, CREATORS, MATCHES, STORES, TableSpec
from matches.repository import MatchRepository
from stores.repository import StoreRepository

Progress = Callable[[int, int, str], None]
ATTRIBUTES = ("demo", "campaignId")


@dataclass
class RemovalReport:
    removed: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("stores", "creators", "matches", "campaigns"), 0)
    )

    @property
    def items_removed(self) -> int:
        return sum(self.removed.values())


# Each table's deletes go through one of its repositories (a delete needs only the key).
REPOSITORIES = {
    "stores": (StoreRepository, _("stores table")),
    "creators": (CreatorRepository, _("creators table")),
    "matches": (MatchRepository, _("matches table")),
    "campaigns": (CampaignRepository, _("campaigns table")),
}


def remove_demo(*, progress: Progress | None = None) -> RemovalReport:
    progress = progress or (lambda done, total, label: None)
    doomed = demo_keys()
    report = RemovalReport()
    total, done = sum(len(found) for found in doomed.values()), 0
    for table, found in doomed.items():
        repository_class, label = REPOSITORIES[table]
        repository = repository_class(mode="batch")
        for start in range(0, len(found), SLICE):
            chunk = found[start : start + SLICE]
            repository.batch_write(delete_keys=chunk, actor=ACTOR)
            done += len(chunk)
            report.removed[table] += len(chunk)
            progress(done, total, str(label))
    return report


def demo_keys() -> dict[str, list[ItemKey]]:
    """{table: keys of the items to delete}, by the rules of this module."""
    stores = _rows(STORES)
    creators = _rows(CREATORS)
    matches = _rows(MATCHES)
    campaigns = _rows(CAMPAIGNS)

    store_ids = _demo_ids(stores, keys.STORE)
    store_ids |= {
        _id(sk, keys.STORE)
        for (pk, sk), row in stores.items()
        if pk == keys.STORE_DIRECTORY and row.get("demo")
    }
    gone_stores = [
        key
        for key, row in stores.items()
        if row.get("demo")
        or _in(key[0], keys.STORE, store_ids)
        or (key[0] == keys.STORE_DIRECTORY and _in(key[1], keys.STORE, store_ids))
    ]

    creator_ids = _demo_ids(creators, keys.CREATOR)
    channels = {
        sk
        for (pk, sk) in creators
        if _in(pk, keys.CREATOR, creator_ids) and sk.startswith(keys.PLATFORM)
    }
    channels |= {
        pk for (pk, sk), row in creators.items() if sk == keys.CHANNEL_LINK and row.get("demo")
    }
    gone_creators = [
        key
        for key, row in creators.items()
        if row.get("demo")
        or _in(key[0], keys.CREATOR, creator_ids)
        or (key[1] == keys.CHANNEL_LINK and key[0] in channels)
    ]

    match_ids = {
        _id(pk, keys.MATCH)
        for (pk, sk), row in matches.items()
        if pk.startswith(keys.MATCH)
        and (row.get("demo") or _names_demo_pair(sk, store_ids, creator_ids))
    }
    outboxes = {keys.outbox_partition(match_id) for match_id in match_ids}
    consents = {keys.consent(creator_id) for creator_id in creator_ids}
    gone_matches = [
        key
        for key, row in matches.items()
        if row.get("demo")
        or _in(key[0], keys.MATCH, match_ids)
        or key[0] in outboxes
        or key in consents
        or (key[0] == keys.OUTBOX_QUEUE and _queued_match(key[1]) in match_ids)
    ]

    campaign_ids = {
        _id(pk, keys.CAMPAIGN)
        for (pk, sk), row in campaigns.items()
        if pk.startswith(keys.CAMPAIGN) and (row.get("demo") or _in(sk, keys.STORE, store_ids))
    }
    gone_campaigns = [
        key
        for key, row in campaigns.items()
        if row.get("demo")
        or _in(key[0], keys.CAMPAIGN, campaign_ids)
        or (
            key[1] == keys.CAMPAIGN_CLAIM
            and (_in(key[0], keys.MATCH, match_ids) or row.get("campaignId") in campaign_ids)
        )
    ]
    return {
        "stores": gone_stores,
        "creators": gone_creators,
        "matches": gone_matches,
        "campaigns": gone_campaigns,
    }


def _rows(spec: TableSpec) -> dict[ItemKey, dict]:
    return {(row["PK"], row["SK"]): row for row in scan_rows(spec, attributes=ATTRIBUTES)}


def _demo_ids(rows: dict[ItemKey, dict], prefix: str) -> set[str]:
    """The ids of the partitions `<prefix><id>` that hold a demo item."""
    return {
        _id(pk, prefix)
        for (pk, _sk), row in rows.items()
        if row.get("demo") and pk.startswith(prefix)
    }


def _id(key: str, prefix: str) -> str:
    return key[len(prefix) :].split(keys.SEPARATOR, 1)[0]


def _in(key: str, prefix: str, ids: set[str]) -> bool:
    return key.startswith(prefix) and _id(key, prefix) in ids


def _names_demo_pair(sk: str, store_ids: set[str], creator_ids: set[str]) -> bool:
    """`STORE#<storeId>#CREATOR#<creatorId>` naming a demo store or a demo creator."""
    store, _, creator = sk.partition(f"{keys.SEPARATOR}{keys.CREATOR}")
    return _in(store, keys.STORE, store_ids) or creator in creator_ids


def _queued_match(sk: str) -> str | None:
    """The match of a queued message: `DUE#<time>#<matchId>#<key>`."""
    parts = sk.split(keys.SEPARATOR)
    return parts[2] if len(parts) >= 4 else None
