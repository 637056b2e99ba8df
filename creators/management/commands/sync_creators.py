"""python manage.py sync_creators [--stale-days N] [--limit N] [--dry-run] — the daily job."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

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
            raise CommandError(_("--stale-days must be >= 0 and --limit >= 1."))
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
                _(
                    "Dry run: %(n)d stale channel(s); about %(units)d quota units needed, "
                    "%(left)d left today."
                )
                % {
                    "n": summary.candidates,
                    "units": summary.estimated_units,
                    "left": summary.quota_budget - summary.quota_used_today,
                }
            )
            return
        line = _(
            "Synced %(synced)d of %(candidates)d; %(not_found)d not found, %(failed)d failed, "
            "%(remaining)d left for the next run. Quota: %(run)d units this run, "
            "%(today)d/%(budget)d today."
        ) % {
            "synced": summary.synced,
            "candidates": summary.candidates,
            "not_found": len(summary.not_found),
            "failed": len(summary.failed),
            "remaining": summary.remaining,
            "run": summary.quota_used_run,
            "today": summary.quota_used_today,
            "budget": summary.quota_budget,
        }
        if summary.stopped_reason:
            stopped = _("Stopped: %(why)s") % {"why": summary.stopped_reason}
            self.stdout.write(self.style.WARNING(stopped))
        for channel_id in summary.not_found:
            missing = _("No such channel on YouTube: %(id)s") % {"id": channel_id}
            self.stdout.write(self.style.WARNING(missing))
        self.stdout.write(self.style.SUCCESS(line))
