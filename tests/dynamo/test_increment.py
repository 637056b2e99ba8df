"""Counters: atomic ADD, created on first use, never losing a concurrent increment."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from marketing.dynamo.models import DynamoModel
from marketing.dynamo.repository import Repository
from marketing.dynamo.tables import STORES


class Counters(DynamoModel):
    hits: int = 0
    misses: int = 0


class CountersRepository(Repository[Counters]):
    spec = STORES
    model = Counters

    def keys_for(self, item):
        return {"PK": "STATS#TEST", "SK": "COUNTERS"}


def test_increment_creates_then_adds_and_bumps_the_version(dynamo_tables):
    repo = CountersRepository()
    first = repo.increment("STATS#TEST", "COUNTERS", {"hits": 1}, actor="system:test")
    assert (first.hits, first.misses, first.version) == (1, 0, 1)
    assert first.created_by == "system:test"
    second = repo.increment("STATS#TEST", "COUNTERS", {"hits": 2, "misses": 1}, actor="ann")
    assert (second.hits, second.misses, second.version) == (3, 1, 2)
    assert second.created_at == first.created_at
    assert second.updated_by == "ann"


@pytest.mark.parametrize("counters", [{}, {"hits": 1.5}, {"hits": True}, {"hits": "1"}])
def test_increment_refuses_anything_but_whole_numbers(dynamo_tables, counters):
    with pytest.raises(ValueError):
        CountersRepository().increment("STATS#TEST", "COUNTERS", counters, actor="ann")


def test_increment_refuses_key_and_audit_attributes(dynamo_tables):
    with pytest.raises(ValueError):
        CountersRepository().increment("STATS#TEST", "COUNTERS", {"version": 5}, actor="ann")


@pytest.mark.integration
def test_concurrent_increments_on_the_embedded_server_are_all_counted(live_dynamo):
    repo = CountersRepository(mode="batch")

    def add_fifty(_worker):
        for _ in range(50):
            repo.increment("STATS#TEST", "COUNTERS", {"hits": 1}, actor="system:test")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(add_fifty, range(8)))
    assert repo.get("STATS#TEST", "COUNTERS", consistent=True).hits == 400


def test_initial_attributes_are_written_only_when_the_item_is_created(dynamo_tables):
    class Ledger(DynamoModel):
        day: str
        used: int = 0

    class LedgerRepository(Repository[Ledger]):
        spec = STORES
        model = Ledger

        def keys_for(self, item):
            return {"PK": "LEDGER", "SK": item.day}

    repo = LedgerRepository()
    repo.increment("LEDGER", "d1", {"used": 3}, initial={"day": "2026-11-24"}, actor="ann")
    later = repo.increment("LEDGER", "d1", {"used": 4}, initial={"day": "ignored"}, actor="ann")
    assert (later.day, later.used) == ("2026-11-24", 7)
