"""`python manage.py backfill_store_keys [--for-real]`: dry run unless --for-real.

Gives stores saved before issue 14 their store-location-index keys (stores/key_backfill.py):
needed once on data from before, for the city list and the store page's price peers.
Idempotent; an interrupted run resumes when run again.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand
from stores.key_backfill import stores_backfill_keys


class Command(DynamoCommand):
    help = gettext_lazy(
        "Give stores saved before the city list and the price peers' keys those keys "
        "(once, on data from before). Idempotent: stores already done are skipped, so an "
        "interrupted run resumes when run again. A dry run unless --for-real."
    )

    def add_arguments(self, parser):
        parser.add_argument("--for-real", action="store_true", help=gettext_lazy("write the keys"))

    def handle(self, *args, for_real, **options):
        probe_endpoint()
        summary = stores_backfill_keys(for_real=for_real, progress=self.stdout.write)
        counts = {
            "checked": summary.checked,
            "needing": summary.needing_keys,
            "written": summary.written,
            "meanwhile": summary.changed_meanwhile,
            "done": summary.checked - summary.needing_keys,
        }
        if not for_real:
            self.stdout.write(
                _(
                    "Dry run: %(needing)d of %(checked)d store(s) need their index keys; nothing "
                    "written. Run again with --for-real to write them."
                )
                % counts
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(checked)d store(s) checked: %(written)d given their index keys, "
                    "%(meanwhile)d changed meanwhile (keys set by that change), %(done)d "
                    "already had them."
                )
                % counts
            )
        )
