"""`manage.py localdynamo` wiring, and the standalone entry point's independence from Django."""

import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from marketing.localdb import server
from marketing.localdb.process import REPO_ROOT


def test_command_serves_with_settings_and_overrides(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(server, "serve", lambda port, data_dir: calls.append((port, data_dir)))

    with override_settings(LOCAL_DYNAMODB_PORT=8123, LOCAL_DYNAMODB_DIR=tmp_path / "a"):
        call_command("localdynamo")
        call_command("localdynamo", "--port", "9000", "--data-dir", str(tmp_path / "b"))

    assert calls == [(8123, tmp_path / "a"), (9000, Path(tmp_path / "b"))]


def test_standalone_server_does_not_import_django():
    code = (
        "import sys, marketing.localdb.__main__, marketing.localdb.process; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT).returncode == 0
