"""python manage.py sync_creators [--stale-days N] [--limit N] [--dry-run] — the daily job."""

from django.core.management.base import CommandError

from creators import services
from creators.youtube.errors import YouTubeError
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = (
        "Re-fetch YouTube statistics of channels not synced for --stale-days days, oldest "
        "first, within the daily quota budget (YOUTUBE_DAILY_QUOTA); a run stopped by the "
        "budget is continued by the next one. Candidates come from a query over the "
        "platform index with a filter on syncedAt (it reads every YouTube channel's "
        "projection, but never scans the table)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stale-days", type=int, default=1)
        parser.add_argument("--limit", type=int, default=None)
        parser.add_argument("--dry-run", action="store_true", help="list, call nothing")

    def handle(self, *args, **options):
        if options["stale_days"] < 0 or (options["limit"] is not None and options["limit"] < 1):
            raise CommandError("--stale-days must be >= 0 and --limit >= 1.")
        probe_endpoint()
        try:
            summary = services.creators_sync(
                stale_days=options["stale_days"],
                limit=options["limit"],
                dry_run=options["dry_run"],
                progress=self.stdout.write,
            )
        except YouTubeError as exc:
            raise CommandError(str(exc)) from exc
        if summary.dry_run:
            self.stdout.write(
                f"Dry run: {summary.candidates} stale channel(s); about "
                f"{summary.estimated_units} quota units needed, "
                f"{summary.quota_budget - summary.quota_used_today} left today."
            )
            return
        line = (
            f"Synced {summary.synced} of {summary.candidates}; "
            f"{len(summary.not_found)} not found, {len(summary.failed)} failed, "
            f"{summary.remaining} left for the next run. Quota: {summary.quota_used_run} "
            f"units this run, {summary.quota_used_today}/{summary.quota_budget} today."
        )
        if summary.stopped_reason:
            self.stdout.write(self.style.WARNING(f"Stopped: {summary.stopped_reason}"))
        for channel_id in summary.not_found:
            self.stdout.write(self.style.WARNING(f"No such channel on YouTube: {channel_id}"))
        self.stdout.write(self.style.SUCCESS(line))
