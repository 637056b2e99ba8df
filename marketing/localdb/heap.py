"""Keep Python's cyclic garbage collector off the stored data.

moto holds every item as a tree of small objects, all tracked by the collector. A full
collection walks all of them, and one runs each time the tracked heap has grown by a
quarter: with a few thousand items stored, a write now and then stalled for 40-75 ms,
and the pauses grow with the data. Stored items hold no reference cycles and are freed by
reference counting, so the collector has nothing to find in them.

So once recovery has loaded the data, and again after every `freeze_bytes` of write
requests, the heap is collected and what survives is frozen (moved out of the collector's
sight); collections then only walk what the latest writes allocated. Freezing is cheap;
the collection before it walks only the objects not yet frozen. Request bytes stand in
for allocations: a 25-item batch stores 25 times what a single put stores.

Frozen objects that later become unreachable as part of a cycle are not found until
they are unfrozen. moto's tables are such cycles (a table and its stream shard point at
each other), so deleting a table, and every `full_every`-th freeze (every 50 MB
written), unfreezes the whole heap first and collects it in full.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

FREEZE_BYTES = 256 << 10
FULL_EVERY = 200
# Operations after which frozen data can be cyclic garbage (a table and what it holds).
RELEASING_OPERATIONS = frozenset({"DeleteTable", "DeleteBackup", "RestoreTableFromBackup"})


class Heap:
    def __init__(self, *, freeze_bytes: int = FREEZE_BYTES, full_every: int = FULL_EVERY):
        self.freeze_bytes = freeze_bytes
        self.full_every = full_every
        self.written = 0  # request bytes since the last freeze
        self.freezes = 0

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        """No collections while the block builds the stored data (start-up recovery): each
        would walk everything built so far, for nothing, and so would the full collection
        of settle(); 2 s for 10,000 items. What was built is frozen as it is. Any cyclic
        garbage the replay made goes with the next full settle."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            yield
        finally:
            if was_enabled:
                gc.enable()
        gc.freeze()
        self.written = 0
        self.freezes += 1

    def settle(self, *, full: bool = False) -> None:
        """Collect (everything when `full`), then freeze what is left."""
        if full:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.written = 0
        self.freezes += 1

    def wrote(self, operation: str, size: int) -> None:
        """Count one applied write of `size` request bytes; settle the heap when it is due."""
        if operation in RELEASING_OPERATIONS:
            self.settle(full=True)
            return
        self.written += size
        if self.written >= self.freeze_bytes:
            self.settle(full=self.freezes % self.full_every == self.full_every - 1)
