"""`make run`: embedded DynamoDB, tables, migrations, an admin, the web server and the
stream consumer (`consume_streams`, the audit trail).

Ctrl-C stops everything this command started; data stays in LOCAL_DYNAMODB_DIR.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketing.dynamo.calls import probe_endpoint
from marketing.dynamo.errors import DynamoError, EndpointUnavailable


class Command(BaseCommand):
    help = "Set everything up on the configured DynamoDB and serve the console."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--noreload", action="store_true", help="Do not restart the web server on code changes."
        )

    def handle(self, *args, addrport, noreload, **options):
        # A closed terminal (SIGHUP) or a process manager (SIGTERM) stops everything this
        # command started, exactly as Ctrl-C does.
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(signum, _interrupt)
        started = time.monotonic()
        local_server = None
        web = None
        consumer = None
        try:
            if settings.DYNAMODB_USES_EMBEDDED_SERVER and not self._endpoint_answers():
                local_server = self._start_embedded_server()
            elif not self._endpoint_answers():
                raise CommandError(str(EndpointUnavailable(settings.DYNAMODB_ENDPOINT_URL)))
            call_command("dynamodb_tables", "create", stdout=self.stdout)
            call_command("migrate", interactive=False, verbosity=0)
            call_command("ensure_admin", stdout=self.stdout)
            self._load_demo_if_empty()
            consumer = self._start_stream_consumer()
            web = self._start_web_server(addrport, noreload)
            self._wait_for_first_page(addrport, web, started)
            web.wait()
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            if web is not None:
                _stop(web)
            if consumer is not None:
                _stop(consumer)  # before the embedded server: it reads from it to the end
                self.stdout.write(f"Stream consumer stopped (pid {consumer.pid}).")
            if local_server is not None:
                local_server.stop()
                self.stdout.write("Embedded DynamoDB stopped; its data stays in place.")

    def _load_demo_if_empty(self) -> None:
        """A newcomer's first page is a living console: the small demo goes into an empty
        embedded database (marketing.demo.console says when)."""
        from marketing.demo.console import should_load_demo

        if not should_load_demo():
            return
        self.stdout.write(
            _(
                "The database is empty: loading the demo data (CONSOLE_DEMO_DATA=false starts "
                "empty; `python manage.py seed_demo --remove` deletes it)…"
            )
        )
        call_command("seed_demo", stdout=self.stdout, stderr=self.stderr)

    def _endpoint_answers(self) -> bool:
        try:
            probe_endpoint()
        except EndpointUnavailable:
            return False
        except DynamoError as exc:
            raise CommandError(
                f"Something answers at {settings.DYNAMODB_ENDPOINT_URL}, but not as DynamoDB "
                f"({exc}). Stop it, or point LOCAL_DYNAMODB_PORT / DYNAMODB_ENDPOINT_URL "
                "elsewhere."
            ) from exc
        return True

    def _start_embedded_server(self):
        from marketing.localdb.process import LocalDynamoProcess, StartRefused

        data_dir = Path(settings.LOCAL_DYNAMODB_DIR)
        server = LocalDynamoProcess(settings.LOCAL_DYNAMODB_PORT, data_dir)
        self.stdout.write(f"Starting the embedded DynamoDB on {server.endpoint_url} ({data_dir})…")
        try:
            server.start()
        except (RuntimeError, TimeoutError) as exc:
            if isinstance(exc, StartRefused) and exc.damaged:
                # Its own words (which file is damaged where, how to salvage), not a port hint.
                raise CommandError(
                    f"The embedded DynamoDB did not start.\n{exc.reason}", returncode=exc.returncode
                ) from exc
            raise CommandError(
                f"The embedded DynamoDB did not start: {exc}. If another program uses port "
                f"{server.port}, set LOCAL_DYNAMODB_PORT to a free one."
            ) from exc
        return server

    def _start_stream_consumer(self):
        process = subprocess.Popen(
            [sys.executable, "manage.py", "consume_streams"], cwd=settings.BASE_DIR
        )
        self.stdout.write(f"Stream consumer started (consume_streams, pid {process.pid}).")
        return process

    def _start_web_server(self, addrport, noreload):
        command = [sys.executable, "manage.py", "runserver", addrport]
        if noreload:
            command.append("--noreload")
        return subprocess.Popen(command, cwd=settings.BASE_DIR)  # noqa: S603

    def _wait_for_first_page(self, addrport, web, started):
        import requests

        url = f"http://{addrport}/login/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and web.poll() is None:
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    elapsed = time.monotonic() - started
                    self.stdout.write(
                        self.style.SUCCESS(
                            f"The console is ready at http://{addrport}/ ({elapsed:.1f} s). "
                            "Ctrl-C stops it."
                        )
                    )
                    return
            except requests.RequestException:
                time.sleep(0.2)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
