"""python manage.py report [--from DATE] [--to DATE] [--store ID] [--campaign ID]
                           [--format csv|xlsx|json] [--output FILE]

The campaign report (campaigns.reports): the campaigns whose timeline overlaps the range,
one row each, with their totals. JSON goes to stdout without --output (one object); CSV
too (without the BOM a file gets); XLSX needs --output. A file is written whole or not at
all (a temporary file renamed into place). Exit 1 with a one-line reason on bad input.
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from campaigns.reports import ReportRange, campaign_report
from campaigns.reports_formats import FORMATS, render
from marketing.dynamo import errors
from marketing.dynamo.calls import probe_endpoint
from marketing.errors import UserError
from marketing.management.base import DynamoCommand


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(text)s” is not a date: write it as YYYY-MM-DD.") % {"text": text}
        ) from None


class Command(DynamoCommand):
    help = (
        "Report the campaigns whose timeline overlaps --from/--to (either may be left out): "
        "budget, spend, views, engagements, new visitor reviews, CPM, cost per engagement "
        "and ROI per campaign, with totals. CSV (UTF-8 with BOM in a file), XLSX or JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", metavar="DATE", help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", metavar="DATE", help="YYYY-MM-DD")
        parser.add_argument("--store", metavar="ID", help="one store's campaigns")
        parser.add_argument("--campaign", metavar="ID", help="one campaign")
        parser.add_argument("--format", dest="output_format", choices=FORMATS, default="csv")
        parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, date_from, date_to, store, campaign, output_format, output, **_o):
        if output_format == "xlsx" and not output:
            raise CommandError(_("An XLSX report needs --output FILE."))
        try:
            wanted = ReportRange(
                date_from=iso_date(date_from) if date_from else None,
                date_to=iso_date(date_to) if date_to else None,
                store_id=store,
                campaign_id=campaign,
            )
            probe_endpoint()
            report = campaign_report(wanted, mode="batch")
        except (UserError, errors.NotFound) as exc:
            raise CommandError(str(exc)) from exc
        content = render(report, output_format)
        if not output:
            text = content.decode("utf-8").removeprefix("\ufeff")
            self.stdout.write(text, ending="")
            return
        _write_whole(Path(output), content)
        self.stderr.write(
            _("%(n)d campaign(s) written to %(path)s.") % {"n": len(report.rows), "path": output}
        )


def _write_whole(path: Path, content: bytes) -> None:
    """`content` at `path`, or nothing there at all (never a file cut short)."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    except OSError as exc:
        raise CommandError(
            _("Cannot write to %(path)s: %(why)s") % {"path": path, "why": exc.strerror}
        ) from exc
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is an ordinary file
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(
            _("Cannot write to %(path)s: %(why)s") % {"path": path, "why": exc.strerror}
        ) from exc
