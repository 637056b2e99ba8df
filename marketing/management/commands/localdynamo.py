"""`manage.py localdynamo`: the embedded DynamoDB in the foreground, configured from settings."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run the embedded local DynamoDB (moto, journaled to disk) until Ctrl-C or SIGTERM. "
        "It refuses to start on a damaged journal or snapshot; --salvage repairs them."
    )

    def add_arguments(self, parser):
        from marketing.localdb.salvage import SALVAGE_HELP

        parser.add_argument("--port", type=int, default=None, help="default LOCAL_DYNAMODB_PORT")
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="default LOCAL_DYNAMODB_DIR"
        )
        parser.add_argument("--salvage", action="store_true", help=SALVAGE_HELP)

    def handle(self, *args, port, data_dir, salvage, **options):
        # Imported here so other management commands do not pay for importing moto.
        from marketing.localdb.journal import Damaged
        from marketing.localdb.moto_version import UntestedMotoVersion
        from marketing.localdb.server import serve
        from marketing.localdb.store import DataDirInUse

        port = port or getattr(settings, "LOCAL_DYNAMODB_PORT", 8001)
        data_dir = data_dir or Path(settings.LOCAL_DYNAMODB_DIR)
        if salvage:
            self._salvage(data_dir)
            return
        try:
            serve(port, data_dir)
        except Damaged as exc:
            from marketing.localdb.salvage import advice

            raise CommandError(f"{exc}\n{advice(data_dir)}", returncode=exc.EXIT_STATUS) from exc
        except (DataDirInUse, UntestedMotoVersion, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _salvage(self, data_dir):
        from marketing.localdb.salvage import SalvageError, report, salvage
        from marketing.localdb.store import DataDirInUse

        try:
            results = salvage(data_dir)
        except (SalvageError, DataDirInUse, OSError) as exc:
            raise CommandError(f"Cannot salvage: {exc}") from exc
        for line in report(results, data_dir):
            self.stdout.write(line)
