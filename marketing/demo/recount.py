"""The counts a batch write cannot move, counted again after the demo is written or removed.

Batch writes carry no counter updates (the apps move their counters in the transaction of
each change), so after loading or deleting the demo the counted figures are recomputed
from the tables: the dashboards' counters (`rebuild_aggregates`: the match funnel and
follow-ups, campaigns per status, store and creator freshness) and the store list's
filter choices (stores per category and area, `backfill_store_facets`).
"""

from io import StringIO

from django.core.management import call_command

from marketing.aggregates import aggregates_rebuild


def recount_after_bulk_write() -> None:
    aggregates_rebuild(for_real=True)
    call_command("backfill_store_facets", "--for-real", stdout=StringIO())
