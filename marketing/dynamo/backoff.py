"""Exponential backoff with full jitter and a cap, for the retries botocore does not do.

botocore retries throttled requests, but a batch call that succeeds with
UnprocessedItems/UnprocessedKeys is ours to retry. Full jitter (sleep a random time in
[0, min(cap, base * 2**retry)]) spreads competing writers apart.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Backoff:
    base: float = 0.05
    cap: float = 2.0
    max_attempts: int = 8  # calls in all, the first one included
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    random: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self):
        if self.base <= 0 or self.cap < self.base or self.max_attempts < 1:
            raise ValueError("backoff needs 0 < base <= cap and max_attempts >= 1")

    def delay(self, retry: int) -> float:
        """Seconds to wait before retry number `retry` (0 for the first retry)."""
        ceiling = min(self.cap, self.base * 2**retry)
        return self.random() * ceiling

    def wait(self, retry: int) -> float:
        seconds = self.delay(retry)
        self.sleep(seconds)
        return seconds
