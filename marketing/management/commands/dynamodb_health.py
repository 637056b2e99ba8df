"""`python manage.py dynamodb_health [--json] [--minutes N] [--sample N]`.

Exit status 0 healthy, 1 a target missed (or a table missing, not active, short of an
index), 2 DynamoDB unreachable. Field names of --json: README, "Health and operations".
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.config import get_config
from marketing.dynamo.errors import EndpointUnavailable
from marketing.management.base import endpoint_unavailable_message
from marketing.operations import health
from marketing.operations.health_text import report_lines


class Command(BaseCommand):
    help = "Check DynamoDB: tables, latency and error targets, consumer lag, hot partitions."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--minutes",
            type=int,
            default=health.DEFAULT_WINDOW_MINUTES,
            help="The call metrics of this many last minutes (default %(default)s).",
        )
        parser.add_argument(
            "--sample",
            type=int,
            default=health.DEFAULT_SAMPLE_SIZE,
            help="Items a table's hot-partition sample scans at most; 0: no sample "
            "(default %(default)s).",
        )

    def handle(self, *args, **options):
        if options["minutes"] < 1 or options["minutes"] > 24 * 60:
            raise CommandError(_("--minutes must be between 1 and 1440."))
        if options["sample"] < 0:
            raise CommandError(_("--sample must be 0 or more."))
        report = health.health_report(
            window_minutes=options["minutes"], sample_size=options["sample"] or None
        )
        if options["json"]:
            self.stdout.write(json.dumps(health.as_json(report), ensure_ascii=False, indent=2))
        else:
            for line in report_lines(report):
                self.stdout.write(line)
        if report.exit_code == health.UNREACHABLE:
            config = get_config()
            unavailable = EndpointUnavailable(config.endpoint_url, config.uses_embedded_server)
            raise CommandError(
                endpoint_unavailable_message(unavailable), returncode=health.UNREACHABLE
            )
        if report.exit_code == health.TARGET_MISSED:
            raise CommandError(
                _("Targets missed: %(targets)s") % {"targets": ", ".join(report.targets_missed)},
                returncode=health.TARGET_MISSED,
            )
