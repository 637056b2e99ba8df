"""Writing the demo: what is missing, in batches, through the repositories' own encoding.

Each store, creator, match and campaign is written only if it is missing, so running the
demo again with the same seed writes nothing. It is recognised by the key written last in
its group, read first (consistent batch reads of those keys): a store by its directory
row, a creator by its primary channel's owner link, a match and a campaign by their own
keys; a campaign is also left out while one of its matches is held by another campaign
(someone used the match meanwhile).

A run cut short leaves groups without their last item; the next run writes them again.
Every key is the same then except a store profile's (it holds its scrape time), so the
demo profiles already in the partition of a store being written again go first: the
stores table (a few items per store) is scanned for them.

Items go through `Repository.batch_write`: 25 to a request, unprocessed items retried
with backoff, and each item encoded (index keys included) exactly as the app writes it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from campaigns.repository import CampaignRepository, ClaimRepository
from creators.repository import AreaRepository, ChannelLinkRepository, CreatorRepository
from marketing.demo.dataset import DemoSet
from marketing.dynamo import keys
from marketing.dynamo.repository import Repository
from marketing.dynamo.sweeps import rows_at, scan_rows
from marketing.dynamo.tables import TABLES
from matches.repository import MatchRepository
from stores.repository import DirectoryRepository, StoreRepository

ACTOR = "system:seed_demo"
SLICE = 250  # items per batch_write call: the progress bar moves between them

Progress = Callable[[int, int, str], None]  # (done, total, what is being written)
ItemKey = tuple[str, str]

# The kinds of item, in the order they are written (each group's last item last).
KINDS = {
    "profiles": (StoreRepository, _("store profiles")),
    "directory": (DirectoryRepository, _("store list rows")),
    "channels": (CreatorRepository, _("creator channels")),
    "areas": (AreaRepository, _("activity areas")),
    "links": (ChannelLinkRepository, _("channel links")),
    "matches": (MatchRepository, _("matches")),
    "claims": (ClaimRepository, _("campaign places")),
    "campaigns": (CampaignRepository, _("campaigns")),
}


@dataclass
class SeedReport:
    written: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    # Stores, creators, matches and campaigns that were there already (left alone).
    kept: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("stores", "creators", "matches", "campaigns"), 0)
    )
    cleared: int = 0  # profiles of an interrupted run, deleted before writing again

    @property
    def items_written(self) -> int:
        return sum(self.written.values())


@dataclass
class _Plan:
    puts: dict[str, list] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    profile_deletes: list[ItemKey] = field(default_factory=list)


def seed_dataset(dataset: DemoSet, *, progress: Progress | None = None) -> SeedReport:
    """Write every part of `dataset` that is missing; what was written and what was kept."""
    progress = progress or (lambda done, total, label: None)
    report = SeedReport()
    plan = _plan(dataset, _stored(dataset), report)
    total = len(plan.profile_deletes) + sum(len(items) for items in plan.puts.values())
    done = 0
    if plan.profile_deletes:
        for chunk in _slices(plan.profile_deletes):
            StoreRepository(mode="batch").batch_write(delete_keys=chunk, actor=ACTOR)
            done += len(chunk)
            progress(done, total, str(KINDS["profiles"][1]))
        report.cleared = len(plan.profile_deletes)
    for kind, (repository_class, label) in KINDS.items():
        repository: Repository = repository_class(mode="batch")
        for chunk in _slices(plan.puts[kind]):
            repository.batch_write(put_items=chunk, actor=ACTOR)
            done += len(chunk)
            report.written[kind] += len(chunk)
            progress(done, total, str(label))
    return report


Stored = dict[str, dict[ItemKey, dict]]


def _stored(dataset: DemoSet) -> Stored:
    """{table: {key: item}} of the demo's guard keys that hold an item (and every item of
    the stores table), with their demo marker and campaignId where they have them."""
    campaign_keys = []
    for item in dataset.campaigns:
        campaign = item.campaign
        campaign_keys.append((keys.campaign(campaign.campaign_id), keys.store(campaign.store_id)))
        campaign_keys += [keys.campaign_claim(claim.match_id) for claim in item.claims]
    wanted = {
        "creators": [
            ChannelLinkRepository.key_of(c.primary.platform, c.primary.channel_id)
            for c in dataset.creators
        ],
        "matches": [
            MatchRepository.key(m.store_id, m.creator_id, m.match_id) for m in dataset.matches
        ],
        "campaigns": campaign_keys,
    }
    stored = {
        table: rows_at(TABLES[table], found, attributes=("demo", "campaignId"))
        for table, found in wanted.items()
    }
    stored["stores"] = {
        (row["PK"], row["SK"]): row for row in scan_rows(TABLES["stores"], attributes=("demo",))
    }
    return stored


def _plan(dataset: DemoSet, stored: Stored, report: SeedReport) -> _Plan:
    plan = _Plan()
    stores, creators = stored["stores"], stored["creators"]
    demo_profiles: dict[str, list[ItemKey]] = {}
    for key, row in stores.items():
        if row.get("demo") and key[1].startswith(keys.PROFILE):
            demo_profiles.setdefault(key[0], []).append(key)
    for store in dataset.stores:
        if DirectoryRepository.key(store.store_id) in stores:
            report.kept["stores"] += 1
            continue
        plan.profile_deletes += demo_profiles.get(keys.store(store.store_id), [])
        plan.puts["profiles"] += store.profiles
        plan.puts["directory"].append(store.directory)
    for creator in dataset.creators:
        primary = creator.primary
        if ChannelLinkRepository.key_of(primary.platform, primary.channel_id) in creators:
            report.kept["creators"] += 1
            continue
        plan.puts["channels"] += creator.channels
        plan.puts["areas"] += creator.areas
        plan.puts["links"] += creator.links
    for match in dataset.matches:
        if (
            MatchRepository.key(match.store_id, match.creator_id, match.match_id)
            in stored["matches"]
        ):
            report.kept["matches"] += 1
            continue
        plan.puts["matches"].append(match)
    campaigns = stored["campaigns"]
    for item in dataset.campaigns:
        campaign = item.campaign
        there = (keys.campaign(campaign.campaign_id), keys.store(campaign.store_id)) in campaigns
        held = (
            campaigns.get(keys.campaign_claim(claim.match_id), {}).get("campaignId")
            for claim in item.claims
        )
        if there or any(other not in (None, campaign.campaign_id) for other in held):
            report.kept["campaigns"] += 1
            continue
        plan.puts["claims"] += item.claims
        plan.puts["campaigns"].append(campaign)
    return plan


def _slices(items: list) -> Iterable[list]:
    for start in range(0, len(items), SLICE):
        yield items[start : start + SLICE]
