"""Every maintained aggregate, recounted from the tables (`rebuild_aggregates`).

The counters are kept in the same write as each change (matches, campaigns, stores and
creators each have an `aggregates` module saying which); this recounts them from the data
for data written before the counters existed, loaded in bulk (batch writes carry no
counters: a seed or an import runs this afterwards), or after a count drifted. It reads
through the indexes and directories (commands may read everything; pages never do), and
replaces each table's counter partition: the recounted counters are written, any other
counter is deleted. Running it twice writes the same. A write made while it runs can be
missed: run it when the console is quiet, or again.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from campaigns import aggregates as campaign_counters
from campaigns.domain import CampaignStatus
from campaigns.reports import ReportRepository
from creators import aggregates as creator_counters
from creators.domain import Platform
from creators.repository import CreatorRepository
from marketing.dynamo import keys
from marketing.dynamo.client import ClientMode
from marketing.dynamo.counters import CounterItem, CounterRepository
from matches import aggregates as match_counters
from matches.domain import Match, MatchStatus
from matches.repository import STATUS_INDEX, MatchRepository
from stores import aggregates as store_counters
from stores.repository import DirectoryRepository

ACTOR = "system:rebuild_aggregates"


@dataclass
class TableRecount:
    table: str
    counted: int = 0  # items read
    # (counter, stored amounts, recounted amounts); {} where absent or all zero
    changed: list[tuple[str, dict, dict]] = field(default_factory=list)
    written: int = 0
    deleted: int = 0


def _pages(read) -> Iterator:
    cursor = None
    while True:
        page = read(cursor)
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def _every_match(mode: ClientMode) -> Iterator[Match]:
    repository = MatchRepository(mode=mode)
    for status in MatchStatus:
        yield from _pages(
            lambda cursor, status=status: repository.query(
                index=STATUS_INDEX,
                partition_key_value=keys.status(status),
                cursor=cursor,
                limit=200,
            )
        )


def _every_campaign(mode: ClientMode):
    repository = ReportRepository(mode=mode)
    for status in CampaignStatus:
        yield from _pages(
            lambda cursor, status=status: repository.started_by(status, None, None, cursor=cursor)
        )


def _every_channel(mode: ClientMode):
    repository = CreatorRepository(mode=mode)
    for platform in Platform:
        yield from repository.iter_platform(platform)


# (table, what is read, how it is recounted, the counters' repository)
SOURCES = (
    ("matches", _every_match, match_counters.recount, match_counters.MatchCounterRepository),
    (
        "campaigns",
        _every_campaign,
        campaign_counters.recount,
        campaign_counters.CampaignCounterRepository,
    ),
    (
        "stores",
        lambda mode: DirectoryRepository(mode=mode).iter_all(),
        store_counters.recount,
        store_counters.StoreCounterRepository,
    ),
    (
        "creators",
        _every_channel,
        creator_counters.recount,
        creator_counters.CreatorCounterRepository,
    ),
)


def _amounts(item: CounterItem | None) -> dict:
    """A counter's numbers ({} for none, or all zero: the same as no counter)."""
    if item is None:
        return {}
    amounts = item.model_dump(exclude=set(CounterItem.model_fields))
    return amounts if any(amounts.values()) else {}


def aggregates_rebuild(
    *,
    for_real: bool = False,
    mode: ClientMode = "batch",
    progress: Callable[[str], None] | None = None,
) -> list[TableRecount]:
    """Recount every table's counters; write them only `for_real`. What changed, per table."""
    progress = progress or (lambda message: None)
    results = []
    for table, read, recount, repository_class in SOURCES:
        items = list(read(mode))
        fresh = recount(items)
        repository: CounterRepository = repository_class(mode=mode)
        stored = {item.counter: item for item in repository.all()}
        result = TableRecount(table=table, counted=len(items))
        wanted = {item.counter: item for item in fresh}
        for counter in sorted(wanted.keys() | stored.keys()):
            before, after = _amounts(stored.get(counter)), _amounts(wanted.get(counter))
            if before != after:
                result.changed.append((counter, before, after))
        if for_real:
            result.written, result.deleted = repository.replace_all(fresh, actor=ACTOR)
        progress(table)
        results.append(result)
    return results
