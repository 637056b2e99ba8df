"""python manage.py import_creators FILE [--for-real] — dry run unless --for-real."""

from pathlib import Path

from django.core.management.base import CommandError

from creators import services
from creators.csv_io import CsvError
from creators.domain import CreatorError
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = (
        "Import creators from CSV (UTF-8, UTF-8 with BOM or CP949). Prints a per-row "
        "validation report; writes only with --for-real. Idempotent by platform + channel_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--for-real", action="store_true", help="write the valid rows")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        probe_endpoint()
        try:
            report = services.creators_import(
                data=path.read_bytes(), actor="system:import_creators", for_real=options["for_real"]
            )
        except (CsvError, CreatorError) as exc:
            raise CommandError(str(exc)) from exc
        for row in report.rows:
            label = f"line {row.line}: {row.platform or '?'} {row.channel_id or '?'}"
            if row.ok:
                self.stdout.write(f"{label}: {row.action}")
            else:
                self.stdout.write(self.style.ERROR(f"{label}: {'; '.join(row.errors)}"))
        counts = report.counts
        summary = (
            f"{len(report.rows)} row(s) ({report.encoding}): {counts['create']} to create, "
            f"{counts['update']} to update, {counts['error'] + counts['duplicate']} rejected."
        )
        if report.applied:
            self.stdout.write(self.style.SUCCESS(f"{summary} Wrote {report.written} channel(s)."))
        else:
            self.stdout.write(f"{summary} Dry run: nothing written; add --for-real to apply.")
