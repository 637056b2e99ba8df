"""python manage.py export_creators FILE — every channel as CSV (UTF-8 with BOM)."""

from pathlib import Path

from django.utils.translation import gettext as _

from creators import services
from marketing.dynamo.calls import probe_endpoint
from marketing.management.base import DynamoCommand


class Command(DynamoCommand):
    help = (
        "Export every creator channel to CSV (UTF-8 with BOM, so Excel opens Korean text). "
        "Formula-like cells are neutralised. Contacts are left out unless --with-contacts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--with-contacts", action="store_true", help="decrypt e-mail/phone")

    def handle(self, *args, **options):
        probe_endpoint()
        text = services.creators_export(with_contacts=options["with_contacts"])
        path = Path(options["file"])
        path.write_text(text, encoding="utf-8-sig", newline="")
        rows = max(text.count("\r\n") - 1, 0)
        self.stdout.write(
            self.style.SUCCESS(_("Wrote %(n)d channel(s) to %(path)s") % {"n": rows, "path": path})
        )
