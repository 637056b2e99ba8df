"""The campaigns' maintained aggregates: how many per status, their budget, spend and ROI.

Counters in the campaigns table, partition `STATS#CAMPAIGNS`, one item per status
(`STATUS#ACTIVE` …) holding `count`, `budget` (total), `spent`, and for ROI `revenue` and
`revenueSpent`: the spend of the campaigns whose revenue is known, so the overall ROI
follows the per-campaign rule (no revenue entered: no ROI, not -100 %).

Every write of a campaign adds `shift_actions(before, after)` to its own transaction:
campaign_transition does; the campaign pages' create, edit, performance entry and delete
must too (`shift_actions(None, new)` on create, `(stored, None)` on delete).
`rebuild_aggregates` recounts from the table.
"""

from collections.abc import Iterable

from campaigns.domain import Campaign, CampaignStatus
from marketing.dynamo import keys
from marketing.dynamo.client import ClientMode
from marketing.dynamo.counters import CounterItem, CounterRepository, Deltas
from marketing.dynamo.tables import CAMPAIGNS
from marketing.dynamo.transactions import TransactAction

PARTITION = keys.CAMPAIGNS_STATS
STATUS = keys.CAMPAIGN_STATUS_COUNTER


class CampaignTotals(CounterItem):
    count: int = 0
    budget: int = 0  # KRW
    spent: int = 0
    revenue: int = 0
    revenue_spent: int = 0  # spend of the campaigns whose revenue is known

    @property
    def status(self) -> CampaignStatus:
        return CampaignStatus(self.counter.removeprefix(STATUS))


class CampaignCounterRepository(CounterRepository[CampaignTotals]):
    spec = CAMPAIGNS
    model = CampaignTotals
    partition = PARTITION


def amounts_of(campaign: Campaign) -> dict[str, int]:
    revenue = campaign.performance.totals.revenue
    return {
        "count": 1,
        "budget": campaign.budget.total,
        "spent": campaign.budget.spent,
        "revenue": revenue or 0,
        "revenue_spent": campaign.budget.spent if revenue is not None else 0,
    }


def deltas_for(changes: Iterable[tuple[Campaign | None, Campaign | None]]) -> Deltas:
    deltas = Deltas()
    for before, after in changes:
        for campaign, step in ((before, -1), (after, 1)):
            if campaign is None:
                continue
            amounts = {name: step * value for name, value in amounts_of(campaign).items()}
            deltas.add(STATUS + campaign.status.value, amounts)
    return deltas


def shift_actions(
    before: Campaign | None,
    after: Campaign | None,
    *,
    actor: str,
    mode: ClientMode = "interactive",
) -> list[TransactAction]:
    """The counter actions a write taking a campaign from `before` to `after` (None: not
    there) must include; none when neither its status nor its money changes."""
    return CampaignCounterRepository(mode=mode).actions(deltas_for([(before, after)]), actor=actor)


def recount(campaigns: Iterable[Campaign]) -> list[CampaignTotals]:
    deltas = deltas_for((None, c) for c in campaigns)
    return [
        CampaignTotals(counter=counter, **amounts) for counter, amounts, _initial in deltas.items()
    ]
