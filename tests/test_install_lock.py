"""requirements.lock: hash-pinned, within pyproject.toml's ranges, installed, synced by make."""

import os
import re
import shutil
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from marketing.localdb.moto_version import TESTED_MOTO_VERSIONS

ROOT = Path(__file__).resolve().parents[1]
# `name==version \` or `name==version ; marker \`, its hashes on the lines below.
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


def pins(lock: Path) -> list[tuple[str, str, Marker | None, list[str]]]:
    """(name, version, marker, hashes) for each pin of a `uv pip compile --generate-hashes` file."""
    found: list[tuple[str, str, Marker | None, list[str]]] = []
    for line in lock.read_text().splitlines():
        if line.startswith("    --hash="):
            found[-1][3].append(line.split("=", 1)[1].rstrip(" \\"))
        elif line and not line.startswith((" ", "#")):
            match = PIN.match(line)
            assert match, f"not a pin: {line!r}"
            marker = Marker(match["marker"]) if match["marker"] else None
            found.append((canonicalize_name(match["name"]), match["version"], marker, []))
    return found


def pins_here(lock: Path) -> dict[str, str]:
    """name -> version of the pins that apply to this interpreter and platform."""
    return {name: v for name, v, marker, _ in pins(lock) if marker is None or marker.evaluate()}


def allowed() -> list[Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    project = pyproject["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    return [Requirement(line) for line in declared + pyproject["build-system"]["requires"]]


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-uv.lock"])
def test_every_pin_has_hashes(lock):
    locked = pins(ROOT / lock)
    assert locked
    assert [name for name, _, _, hashes in locked if not hashes] == []


def test_every_requirement_of_pyproject_is_pinned_within_its_range():
    locked = pins_here(ROOT / "requirements.lock")
    outside = {
        str(requirement): locked.get(canonicalize_name(requirement.name))
        for requirement in allowed()
        if locked.get(canonicalize_name(requirement.name)) not in requirement.specifier
    }
    assert outside == {}, "pyproject.toml changed without `make lock`"


def test_the_locked_moto_is_one_marketing_localdb_was_tested_against():
    assert pins_here(ROOT / "requirements.lock")["moto"] in TESTED_MOTO_VERSIONS


def test_what_is_installed_is_what_is_locked():
    installed = {name: version(name) for name in pins_here(ROOT / "requirements.lock")}
    assert installed == pins_here(ROOT / "requirements.lock"), "run `make install`"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_install_syncs_again_when_a_lock_or_pyproject_changes(tmp_path):
    inputs = ["Makefile", "pyproject.toml", "requirements.lock", "requirements-uv.lock"]
    for name in inputs:
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv/bin").mkdir(parents=True)
    (tmp_path / ".venv/bin/uv").touch()
    (tmp_path / ".venv/.installed-stamp").touch()

    def planned() -> str:
        # -n prints the commands make would run, and runs none of them.
        make = subprocess.run(
            ["make", "-n", "install"], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        return make.stdout

    def age(name: str, seconds_ago: int) -> None:
        stamp = (tmp_path / ".venv/.installed-stamp").stat().st_mtime
        os.utime(tmp_path / name, (stamp - seconds_ago, stamp - seconds_ago))

    for name in inputs:
        age(name, 100)
    age(".venv/bin/uv", 50)
    assert "uv pip sync" not in planned()

    for changed in ["requirements.lock", "pyproject.toml"]:
        age(changed, -10)
        assert "uv pip sync --quiet --require-hashes" in planned()
        age(changed, 100)

    age("requirements-uv.lock", -10)
    assert "--require-hashes --no-deps -r requirements-uv.lock" in planned()
    assert "uv pip sync --quiet --require-hashes" in planned()
