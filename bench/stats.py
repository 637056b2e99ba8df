"""Interleaved timing and percentiles.

Contenders of one operation run in a shuffled order in every round, so drift on a shared
machine (other processes, CPU frequency) lands on all of them alike.
"""

import gc
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    samples: int
    p50: float  # microseconds
    p90: float
    p99: float
    max: float

    @classmethod
    def of(cls, nanoseconds: list[int]) -> "Summary":
        ordered = sorted(nanoseconds)
        return cls(
            samples=len(ordered),
            p50=percentile(ordered, 50) / 1000,
            p90=percentile(ordered, 90) / 1000,
            p99=percentile(ordered, 99) / 1000,
            max=ordered[-1] / 1000,
        )


def percentile(ordered: list, pct: float):
    """Nearest-rank percentile of an already sorted list."""
    if not ordered:
        raise ValueError("no samples")
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def interleaved(
    contenders: dict[str, Callable[[], object]],
    *,
    samples: int,
    warmup: int,
    seed: int = 5,
) -> dict[str, Summary]:
    """Time each contender `samples` times, round-robin in shuffled order, after warm-up."""
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name]()
    timings: dict[str, list[int]] = {name: [] for name in names}
    shuffle = random.Random(seed).shuffle
    clock = time.perf_counter_ns
    gc.collect()
    for _ in range(samples):
        shuffle(names)
        for name in names:
            call = contenders[name]
            start = clock()
            call()
            timings[name].append(clock() - start)
    return {name: Summary.of(timings[name]) for name in contenders}


@contextmanager
def settled_heap() -> Iterator[None]:
    """Collect, then freeze the benchmark's own long-lived objects (botocore's models,
    the dataset) for the block, so a full collection of them does not land in whichever
    sample happened to trigger it: it cost a 100-item round 30 ms, a tenth of a batch."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
