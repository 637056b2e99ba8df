"""Run manage.py in a process of its own, with only the configuration a test gives it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Nothing of the developer's shell or .env reaches the child: settings come from the test.
CONFIGURATION_PREFIXES = ("DJANGO_", "CONSOLE_", "AWS_", "DYNAMODB_", "LOCAL_", "DATABASE_")


def manage_environment(**env: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION_PREFIXES)}
    return {**inherited, **env}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=manage_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_manage(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=manage_environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
