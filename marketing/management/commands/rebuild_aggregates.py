"""python manage.py rebuild_aggregates [--for-real]

Recounts the dashboards' counters (the match funnel and follow-up queue, campaigns per
status with their budget, spend and revenue, stores per scrape hour, creator channels per
sync hour) from the tables, through their indexes. A dry run lists the counters that
differ; --for-real writes the recounted ones and deletes the rest. Idempotent.
"""

from django.utils.translation import gettext as _

from marketing.aggregates import aggregates_rebuild
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand


def _shown(amounts: dict) -> str:
    return ", ".join(f"{name}={value}" for name, value in amounts.items()) or "—"


class Command(DynamoCommand):
    help = "Recount the dashboards' counters from the tables (dry run unless --for-real)."

    def add_arguments(self, parser):
        parser.add_argument("--for-real", action="store_true", help="write the counts")

    def handle(self, *args, for_real, **options):
        probe_endpoint()
        results = aggregates_rebuild(for_real=for_real)
        for result in results:
            self.stdout.write(
                _("%(table)s: %(items)d item(s) read, %(changed)d counter(s) differ.")
                % {"table": result.table, "items": result.counted, "changed": len(result.changed)}
            )
            for counter, stored, recounted in result.changed:
                self.stdout.write(f"  {counter}: {_shown(stored)} → {_shown(recounted)}")
        if for_real:
            written = sum(r.written for r in results)
            deleted = sum(r.deleted for r in results)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Counters written: %(written)d; stale counters deleted: %(deleted)d.")
                    % {"written": written, "deleted": deleted}
                )
            )
        else:
            self.stdout.write(_("Dry run: add --for-real to write the counts."))
