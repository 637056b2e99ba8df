"""`make run` (runconsole) loads the small demo into an empty embedded database only."""

import signal
from io import StringIO

import pytest
from django.core.management import call_command

from marketing.management.commands import runconsole
from stores import services as store_services
from stores.repository import DirectoryRepository
from tests.manage_process import run_manage
from tests.stores import pages


class _FinishedServer:
    """Stands in for the web server process: it has already stopped."""

    def wait(self):
        return 0

    def poll(self):
        return 0


@pytest.fixture
def run_console(db, mocked_aws, monkeypatch, settings):
    """runconsole as `make run` starts it, its endpoint answering (moto) and no web server."""
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    monkeypatch.setattr(runconsole.Command, "_endpoint_answers", lambda self: True)
    monkeypatch.setattr(
        runconsole.Command, "_start_web_server", lambda self, addrport, noreload: _FinishedServer()
    )
    monkeypatch.setattr(runconsole.Command, "_wait_for_first_page", lambda self, *args: None)
    settings.DYNAMODB_USES_EMBEDDED_SERVER = True
    settings.CONSOLE_DEMO_DATA = True

    def run() -> str:
        out = StringIO()
        call_command("runconsole", "--noreload", stdout=out, stderr=StringIO())
        return out.getvalue()

    return run


def _stores() -> list[str]:
    return [entry.store_name for entry in DirectoryRepository().iter_all()]


def test_an_empty_embedded_database_gets_the_small_demo(run_console):
    output = run_console()
    assert len(_stores()) == 12
    assert "seed_demo --remove" in output
    run_console()  # the second start finds it not empty: nothing more
    assert len(_stores()) == 12


def test_console_demo_data_false_starts_empty(run_console, settings):
    settings.CONSOLE_DEMO_DATA = False
    run_console()
    assert _stores() == []


def test_never_on_an_endpoint_other_than_the_embedded_one(run_console, settings):
    settings.DYNAMODB_USES_EMBEDDED_SERVER = False  # AWS, or a DynamoDB someone configured
    output = run_console()
    assert _stores() == []
    assert "seed_demo" not in output


def test_a_database_with_a_store_is_left_as_it_is(run_console, dynamo_tables):
    real = store_services.store_import_html(html=pages.home_page("31000001"), actor="staff")
    run_console()
    assert _stores() == [real.profile.store_name]


@pytest.mark.parametrize("value, loads", [("false", False), ("", True), ("true", True)])
def test_console_demo_data_comes_from_the_environment(value, loads):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CONSOLE_DEMO_DATA)",
        CONSOLE_DEMO_DATA=value,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(loads)
