"""python manage.py dynamodb_backup [--tables KEY ...] [--output DIR]

Backs up the tables (all of them by default): on AWS an on-demand backup per table named
`<table>-backup-YYYYMMDD`; on every endpoint an export to DIR (default
var/backups/<prefix><YYYYMMDD-HHMMSS>): `<table>.json.gz`, gzip'd DynamoDB JSON lines,
and `manifest.json` with item counts, SHA-256 per file and the table specs' version.
A progress bar goes to stderr. Exit status 0 when the backup is complete, 1 when it
failed (no directory is left behind; an error says why).
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from marketing.dynamo import provisioning
from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.client import get_client
from marketing.dynamo.config import get_config
from marketing.management.base import DynamoCommand
from marketing.management.progress import ProgressBar
from marketing.operations.backup import (
    BackupError,
    BackupOptions,
    aws_backup_name,
    backup_tables,
    default_directory,
)


class Command(DynamoCommand):
    help = _(
        "Back up the DynamoDB tables: an on-demand backup per table on AWS, and an export "
        "to gzip'd DynamoDB JSON lines with a manifest on every endpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tables",
            nargs="+",
            metavar="KEY",
            help=_("Only these tables (stores, creators, matches, campaigns)."),
        )
        parser.add_argument(
            "--output",
            metavar="DIR",
            help=_("Directory to write (must not exist or be empty)."),
        )

    def handle(self, *args, tables, output, **options):
        try:
            specs = provisioning.selected_specs(tables)
        except KeyError as exc:
            raise CommandError(_("Unknown table name: %(error)s") % {"error": exc.args[0]}) from exc
        config = get_config()
        now = dt.datetime.now(dt.UTC)
        directory = (
            Path(output)
            if output
            else default_directory(settings.VAR_DIR / "backups", config.table_prefix, now)
        )
        # Real AWS only: the embedded server and other local endpoints have no backups
        # worth keeping beside the export.
        on_aws = config.endpoint_url is None
        probe_endpoint()
        bar = ProgressBar(self.stderr)
        try:
            manifest = backup_tables(
                get_client("batch"),
                specs,
                directory,
                BackupOptions(prefix=config.table_prefix, on_aws=on_aws),
                now=now,
                progress=lambda table, done, total: bar.show(done, total, table),
            )
        except BackupError as exc:
            raise CommandError(_("Backup failed: %(error)s") % {"error": exc}) from exc
        finally:
            bar.finish()
        for entry in manifest.tables:
            self.stdout.write(
                _("%(table)s: %(count)d item(s) → %(file)s (SHA-256 %(sha)s…)")
                % {
                    "table": entry.table_name,
                    "count": entry.item_count,
                    "file": directory / entry.file,
                    "sha": entry.sha256[:12],
                }
            )
            if entry.aws_backup_arn:
                self.stdout.write(
                    _("  on-demand backup %(name)s: %(arn)s")
                    % {"name": aws_backup_name(entry.table_name, now), "arn": entry.aws_backup_arn}
                )
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(directory)s (table specs version %(version)s).")
                % {"directory": directory, "version": manifest.specs_version}
            )
        )
