"""python manage.py backfill_creator_keys [--for-real] — dry run unless --for-real."""

from creators import services
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = (
        "Give creator channels stored before the name and handle indexes their search keys "
        "(needed once after `dynamodb_tables create` added those indexes). Idempotent: "
        "channels already done are skipped, so an interrupted run resumes when run again. "
        "A dry run unless --for-real."
    )

    def add_arguments(self, parser):
        parser.add_argument("--for-real", action="store_true", help="write the keys")

    def handle(self, *args, **options):
        probe_endpoint()
        for_real = options["for_real"]
        summary = services.creators_backfill_search_keys(
            for_real=for_real, progress=lambda line: self.stdout.write(line)
        )
        if not for_real:
            self.stdout.write(
                f"Dry run: {summary.needing_keys} of {summary.checked} channel(s) need their "
                "search keys; nothing written. Run again with --for-real to write them."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.checked} channel(s) checked: {summary.written} given their search "
                f"keys, {summary.changed_meanwhile} changed meanwhile (keys set by that "
                f"change), {summary.checked - summary.needing_keys} already had them."
            )
        )
