"""python manage.py import_creators FILE [--for-real] — dry run unless --for-real.

Exit status: 0 when every row is valid (and, with --for-real, saved); 1 when any row was
rejected or could not be saved, so a script notices.
"""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creators import services
from creators.csv_io import CsvError
from creators.domain import CreatorError
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand

ACTIONS = {"create": gettext_lazy("to create"), "update": gettext_lazy("to update")}


class Command(DynamoCommand):
    help = (
        "Import creators from CSV (UTF-8, UTF-8 with BOM or CP949). Prints a per-row "
        "validation report; writes only with --for-real. Idempotent by platform + channel_id. "
        "Exits 1 when any row was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--for-real", action="store_true", help="write the valid rows")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        probe_endpoint()
        try:
            report = services.creators_import(
                data=path.read_bytes(), actor="system:import_creators", for_real=options["for_real"]
            )
        except (CsvError, CreatorError) as exc:
            raise CommandError(str(exc)) from exc
        for row in report.rows:
            label = _("line %(line)d: %(platform)s %(channel)s") % {
                "line": row.line,
                "platform": row.platform or "?",
                "channel": row.channel_id or "?",
            }
            if row.ok:
                self.stdout.write(f"{label}: {ACTIONS.get(row.action, row.action)}")
            else:
                self.stdout.write(self.style.ERROR(f"{label}: {'; '.join(row.errors)}"))
        counts = report.counts
        rejected = counts["error"] + counts["duplicate"] + len(report.failed_rows)
        summary = _(
            "%(rows)d row(s) (%(encoding)s): %(create)d to create, %(update)d to update, "
            "%(rejected)d rejected."
        ) % {
            "rows": len(report.rows),
            "encoding": report.encoding,
            "create": counts["create"],
            "update": counts["update"],
            "rejected": rejected,
        }
        if report.applied:
            written = _("Wrote %(n)d channel(s).") % {"n": report.written}
            self.stdout.write(self.style.SUCCESS(f"{summary} {written}"))
        else:
            dry = _("Dry run: nothing written; add --for-real to apply.")
            self.stdout.write(f"{summary} {dry}")
        if rejected:
            sys.exit(1)
