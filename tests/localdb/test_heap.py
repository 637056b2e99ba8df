"""The server keeps the collector off stored data, yet frees what a deleted table held."""

import gc
import weakref

import pytest
from moto.dynamodb.models import dynamodb_backends

from marketing.localdb import untracked
from marketing.localdb.heap import Heap
from tests.localdb.helpers import SIMPLE_TABLE
from tests.localdb.test_journal import REGION, call, open_store, put


@pytest.fixture(autouse=True)
def unfrozen():
    yield
    gc.unfreeze()  # freezing is process-wide: give the test process its collector back
    gc.collect()


class Cycle:
    def __init__(self):
        self.me = self


def test_writes_settle_the_heap_once_enough_bytes_are_written():
    heap = Heap(freeze_bytes=100)
    heap.wrote("PutItem", 60)
    assert (heap.freezes, gc.get_freeze_count()) == (0, 0)
    heap.wrote("PutItem", 60)
    assert heap.freezes == 1
    assert gc.get_freeze_count() > 0
    assert heap.written == 0


def test_frozen_cycles_wait_for_a_full_settle():
    heap = Heap(freeze_bytes=10**9)
    cycle = Cycle()
    ref = weakref.ref(cycle)
    heap.settle()
    del cycle
    gc.collect()
    assert ref() is not None  # frozen: the collector does not look at it
    heap.wrote("DeleteTable", 10)
    assert ref() is None


def test_every_full_every_th_settle_unfreezes_everything():
    heap = Heap(freeze_bytes=1, full_every=3)
    cycle = Cycle()
    ref = weakref.ref(cycle)
    heap.settle()  # the first settle (recovery's)
    del cycle
    heap.wrote("PutItem", 1)
    assert ref() is not None
    heap.wrote("PutItem", 1)  # the third
    assert ref() is None


def test_a_deleted_table_and_its_items_are_freed(tmp_path):
    uninstall = untracked.install()  # as in the server: moto's own list would keep it
    try:
        _delete_a_table(tmp_path)
    finally:
        uninstall()


def _delete_a_table(tmp_path):
    store = open_store(tmp_path, journal=False, heap=Heap(freeze_bytes=1))
    call(
        store,
        "CreateTable",
        {
            **SIMPLE_TABLE,
            "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        },
    )
    for n in range(20):
        put(store, f"k{n}", v={"S": "x" * 100})
    table = weakref.ref(dynamodb_backends["123456789012"][REGION].get_table("items"))
    assert store.heap.freezes >= 20
    assert gc.get_freeze_count() > 0
    call(store, "DeleteTable", {"TableName": "items"})
    assert table() is None


def test_reads_do_not_count_as_writes(tmp_path):
    store = open_store(tmp_path, journal=False, heap=Heap(freeze_bytes=10**9))
    call(store, "CreateTable", SIMPLE_TABLE)
    written = store.heap.written
    call(store, "Scan", {"TableName": "items"})
    assert store.heap.written == written > 0
