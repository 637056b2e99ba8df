"""Quota accounting: every call's cost in units, against a daily budget.

Costs are the API's own (https://developers.google.com/youtube/v3/determine_quota_cost):
channels.list, playlistItems.list and videos.list cost 1 unit each, failed calls
included. The quota day is the Pacific-time day, when Google resets it.
"""

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from creators.youtube.errors import QuotaBudgetExhausted

COSTS = {"channels": 1, "playlistItems": 1, "videos": 1, "search": 100}
PACIFIC = ZoneInfo("America/Los_Angeles")


def quota_day(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(PACIFIC).date().isoformat()


class QuotaMeter:
    """Counts units spent; refuses a call that would take the day past `budget`.

    `used` starts at what earlier runs spent today (see creators.services), so several
    runs on one day share the budget.
    """

    def __init__(self, budget: int, used: int = 0, on_spend: Callable[[int], None] | None = None):
        self.budget = budget
        self.used = used
        self.spent_this_run = 0
        self.calls: dict[str, int] = {}
        self.on_spend = on_spend

    @property
    def remaining(self) -> int:
        return max(self.budget - self.used, 0)

    def can_afford(self, units: int) -> bool:
        return self.used + units <= self.budget

    def spend(self, resource: str) -> int:
        units = COSTS[resource]
        if not self.can_afford(units):
            raise QuotaBudgetExhausted()
        self.used += units
        self.spent_this_run += units
        self.calls[resource] = self.calls.get(resource, 0) + 1
        if self.on_spend:
            self.on_spend(units)
        return units
