"""python manage.py dynamodb_migrate --source T --target T2 [--segments N]
    [--transform dotted.path] [--for-real]

Copies every item of table T into table T2 (which must exist), through an optional
transform: a function taking the item as boto3's low-level client returns it
(`{"name": {"S": "..."}}`, numbers as strings) and returning the item to write, or None
to drop it. T and T2 are table names; a logical name (stores, creators, matches,
campaigns) means that table under DYNAMODB_TABLE_PREFIX. Parallel Scan segments
(default 4), a checkpoint per segment in var/migrations/ so that a run started again
after an interruption resumes where it stopped, progress on stderr, and a final count
check. Dry run (reads and transforms, writes nothing) unless --for-real.

Exit status: 0 done (the count check holds); 1 an error (bad --transform, missing table,
items left unprocessed; run again to resume) or a failed count check.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.client import get_client
from marketing.dynamo.config import get_config
from marketing.dynamo.tables import TABLES
from marketing.management.base import DynamoCommand
from marketing.management.progress import ProgressBar
from marketing.operations import migrate
from marketing.operations.migrate import MigrationError, MigrationOptions, run_migration


def _table_name(name: str) -> str:
    if name in TABLES:
        return TABLES[name].table_name(get_config().table_prefix)
    return name


class Command(DynamoCommand):
    help = _(
        "Copy a table into another through an optional transform, resumably "
        "(dry run unless --for-real)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, metavar="T", help=_("Table to read."))
        parser.add_argument("--target", required=True, metavar="T2", help=_("Table to write."))
        parser.add_argument(
            "--segments",
            type=int,
            default=migrate.DEFAULT_SEGMENTS,
            metavar="N",
            help=_("Parallel Scan segments (threads)."),
        )
        parser.add_argument(
            "--transform",
            metavar="dotted.path",
            help=_("Function item -> item or None (None drops the item)."),
        )
        parser.add_argument(
            "--for-real", action="store_true", help=_("Write the items (default: dry run).")
        )

    def handle(self, *args, source, target, segments, transform, for_real, **options):
        options = MigrationOptions(
            source=_table_name(source),
            target=_table_name(target),
            checkpoint_dir=settings.VAR_DIR / "migrations",
            segments=segments,
            transform_path=transform,
            for_real=for_real,
            backoff=migrate.DEFAULT_BACKOFF,
            page_size=migrate.PAGE_SIZE,
        )
        probe_endpoint()
        bar = ProgressBar(self.stderr)
        try:
            result = run_migration(
                get_client("batch"),
                options,
                progress=lambda done, total: bar.show(done, total, options.source),
            )
        except MigrationError as exc:
            raise CommandError(_("Migration stopped: %(error)s") % {"error": exc}) from exc
        finally:
            bar.finish()
        figures = {
            "read": result.read,
            "written": result.written,
            "dropped": result.dropped,
            "source": options.source,
            "target": options.target,
        }
        if not for_real:
            self.stdout.write(
                _(
                    "Dry run: %(read)d item(s) read from %(source)s; %(written)d would be "
                    "written to %(target)s, %(dropped)d dropped. Add --for-real to migrate."
                )
                % figures
            )
            return
        if result.resumed:
            self.stdout.write(
                _("Resumed from the checkpoint %(path)s.") % {"path": result.checkpoint}
            )
        self.stdout.write(
            _(
                "%(read)d item(s) read from %(source)s; %(written)d written to %(target)s, "
                "%(dropped)d dropped."
            )
            % figures
        )
        counts = {
            "count": result.target_count,
            "start": result.target_at_start,
            "written": result.written,
            "target": options.target,
        }
        if not result.count_ok:
            raise CommandError(
                _(
                    "Count check failed: %(target)s holds %(count)d item(s); it held %(start)d "
                    "before and %(written)d were written."
                )
                % counts
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Count check passed: %(target)s holds %(count)d item(s).") % counts
            )
        )
