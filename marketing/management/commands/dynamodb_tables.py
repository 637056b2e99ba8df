"""`python manage.py dynamodb_tables {create,describe,template}`.

All three derive from marketing/dynamo/tables.py: create (idempotent) brings the
endpoint's tables up to the specs, describe lists every difference, template prints
the CloudFormation equivalent.
"""

import json

from django.core.management.base import CommandError

from marketing.dynamo import cloudformation, provisioning
from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.client import get_client
from marketing.dynamo.config import get_config
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = "Create, compare or export (CloudFormation) the DynamoDB tables of data-model.md."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create missing tables, indexes and settings.")
        describe = actions.add_parser("describe", help="Compare the live tables with the specs.")
        describe.add_argument("--json", action="store_true", help="Print a JSON report.")
        for sub in (create, describe):
            sub.add_argument("--prefix", help="Table name prefix (default: DYNAMODB_TABLE_PREFIX).")
            sub.add_argument(
                "--table",
                action="append",
                dest="tables",
                metavar="KEY",
                help="Only this table (stores, creators, matches, campaigns); repeatable.",
            )
        create.add_argument(
            "--poll-delay",
            type=float,
            default=provisioning.Waiting.delay,
            help="Seconds between status checks while waiting for ACTIVE.",
        )
        create.add_argument(
            "--timeout",
            type=float,
            default=provisioning.Waiting.timeout,
            help="Seconds to wait for a table or index to become ACTIVE.",
        )
        template = actions.add_parser("template", help="Print a CloudFormation template.")
        template.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, action, **options):
        if action == "template":
            self.stdout.write(cloudformation.render(cloudformation.build_template()), ending="")
            return
        try:
            specs = provisioning.selected_specs(options["tables"])
        except KeyError as exc:
            raise CommandError(exc.args[0]) from exc
        prefix = options["prefix"] or get_config().table_prefix
        probe_endpoint()
        if action == "create":
            self._create(specs, prefix, options)
        else:
            self._describe(specs, prefix, as_json=options["json"])

    def _create(self, specs, prefix, options):
        waiting = provisioning.Waiting(delay=options["poll_delay"], timeout=options["timeout"])
        events = provisioning.ensure_tables(get_client("batch"), specs, prefix, waiting)
        for event in events:
            if event.warning:
                self.stdout.write(self.style.WARNING(str(event)))
            else:
                self.stdout.write(str(event))

    def _describe(self, specs, prefix, *, as_json):
        report = provisioning.compare_tables(get_client("batch"), specs, prefix)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            for table in report.tables:
                for difference in table.differences:
                    self.stdout.write(str(difference))
            for table in report.tables:
                style = self.style.SUCCESS if table.matches else self.style.ERROR
                self.stdout.write(style(table.summary()))
        if not report.matches:
            count = len(report.differences)
            raise CommandError(
                f"{count} difference(s) between the live tables and the specs", returncode=1
            )
