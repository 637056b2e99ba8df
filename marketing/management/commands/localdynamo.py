"""`manage.py localdynamo`: the embedded DynamoDB in the foreground, configured from settings."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the embedded local DynamoDB (moto, journaled to disk) until Ctrl-C or SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None, help="default LOCAL_DYNAMODB_PORT")
        parser.add_argument(
            "--data-dir", type=Path, default=None, help="default LOCAL_DYNAMODB_DIR"
        )

    def handle(self, *args, port, data_dir, **options):
        # Imported here so other management commands do not pay for importing moto.
        from marketing.localdb.moto_version import UntestedMotoVersion
        from marketing.localdb.server import serve
        from marketing.localdb.snapshot import SnapshotError
        from marketing.localdb.store import DataDirInUse

        port = port or getattr(settings, "LOCAL_DYNAMODB_PORT", 8001)
        data_dir = data_dir or Path(settings.LOCAL_DYNAMODB_DIR)
        try:
            serve(port, data_dir)
        except (DataDirInUse, SnapshotError, UntestedMotoVersion, OSError) as exc:
            raise CommandError(str(exc)) from exc
