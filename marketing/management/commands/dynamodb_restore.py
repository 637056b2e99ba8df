"""python manage.py dynamodb_restore DIR [--prefix P] [--for-real]

Restores an export of `dynamodb_backup` into empty or new tables (created from the
specs). Without --for-real it only verifies the export (checksums, counts) and the
targets, and says what it would do. Exit status 0 when the export checks out (and, with
--for-real, was restored and read back identical), 1 otherwise: a damaged or tampered
export, or a target table that already holds items; then nothing is written.
"""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.client import get_client
from marketing.dynamo.config import get_config
from marketing.management.base import DynamoCommand
from marketing.management.progress import ProgressBar
from marketing.operations.manifest import specs_version
from marketing.operations.restore import RestoreError, plan_restore, run_restore


class Command(DynamoCommand):
    help = _(
        "Restore a dynamodb_backup export into empty or new tables (dry run unless --for-real)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help=_("The export directory."))
        parser.add_argument(
            "--prefix",
            help=_("Table name prefix to restore into (default: DYNAMODB_TABLE_PREFIX)."),
        )
        parser.add_argument(
            "--for-real", action="store_true", help=_("Write the items (default: dry run).")
        )

    def handle(self, *args, directory, prefix, for_real, **options):
        prefix = prefix if prefix is not None else get_config().table_prefix
        probe_endpoint()
        client = get_client("batch")
        try:
            plan = plan_restore(client, Path(directory), prefix)
        except RestoreError as exc:
            raise CommandError(
                _("Nothing was restored: %(error)s") % {"error": exc}, returncode=1
            ) from exc
        self.stdout.write(
            _("Backup of %(created)s verified: every file matches its checksum and count.")
            % {"created": plan.manifest.created_at}
        )
        if not plan.specs_match:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The backup was made under table specs version %(theirs)s, these are "
                        "%(ours)s: the tables are created from the current specs."
                    )
                    % {"theirs": plan.manifest.specs_version, "ours": specs_version()}
                )
            )
        for planned in plan.tables:
            how = _("empty table") if planned.exists else _("new table")
            self.stdout.write(
                _("%(source)s: %(count)d item(s) → %(target)s (%(how)s)")
                % {
                    "source": planned.entry.table_name,
                    "count": planned.entry.item_count,
                    "target": planned.target,
                    "how": how,
                }
            )
        if not for_real:
            self.stdout.write(_("Dry run: add --for-real to restore."))
            return
        bar = ProgressBar(self.stderr)
        try:
            restored = run_restore(
                client,
                plan,
                progress=lambda table, done, total: bar.show(done, total, table),
                on_event=self.stdout.write,
            )
        except RestoreError as exc:
            raise CommandError(_("Restore failed: %(error)s") % {"error": exc}) from exc
        finally:
            bar.finish()
        for table in restored:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(table)s: %(count)d item(s) restored and read back identical.")
                    % {"table": table.target, "count": table.items}
                )
            )
