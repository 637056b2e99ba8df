"""python manage.py backfill_store_facets [--for-real]

Recounts the store list's filter choices (stores per category and per area) from the
store directory, for stores saved before the counters existed or after a count drifted.
A dry run prints the counts; --for-real writes them. Idempotent: the counts are
recomputed from scratch each time, so a run that stopped half-way is finished by the next.
"""

from collections import Counter

from django.utils.translation import gettext as _

from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand
from stores.domain import StoreFacet
from stores.repository import DirectoryRepository, FacetRepository

ACTOR = "system:backfill_store_facets"


class Command(DynamoCommand):
    help = "Recount stores per category and per area (the store list's filter choices)."

    def add_arguments(self, parser):
        parser.add_argument("--for-real", action="store_true", help="write the counts")

    def handle(self, *args, for_real, **options):
        probe_endpoint()
        counts: Counter = Counter()
        stores = 0
        for entry in DirectoryRepository(mode="batch").iter_all():
            stores += 1
            if entry.primary_category:
                counts[(entry.primary_category, None, None)] += 1
            if entry.location.city and entry.location.district:
                counts[(None, entry.location.city, entry.location.district)] += 1
        facets = [
            StoreFacet(category=category, city=city, district=district, count=count)
            for (category, city, district), count in sorted(counts.items(), key=str)
        ]
        summary = _("%(stores)d stores: %(facets)d categories and areas.") % {
            "stores": stores,
            "facets": len(facets),
        }
        if not for_real:
            for facet in facets:
                name = facet.category or f"{facet.city} {facet.district}"
                self.stdout.write(f"{name}: {facet.count}")
            self.stdout.write(f"{summary} " + _("Dry run: add --for-real to write them."))
            return
        FacetRepository(mode="batch").replace_all(facets, actor=ACTOR)
        self.stdout.write(self.style.SUCCESS(f"{summary} " + _("Counts written.")))
