"""The real-world captures beside the checkout (`../shared/realworld`), read in place.

A fresh clone has no such folder, so the capture tests skip there; under CI=true the
folder is part of the set-up and a missing one is a failure, as a missing browser is.
Every conformance test says how many captures it expects, so an emptied or renamed
folder fails instead of passing having checked nothing.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"


def capture_dir(kind: str, *, root: Path | None = None) -> Path:
    path = (root or ROOT) / kind
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing; real-world capture tests may not skip under CI=true")
        pytest.skip(f"../shared/realworld/{kind} is not beside the checkout")
    return path


def captures(kind: str, pattern: str, *, expected: int, root: Path | None = None) -> list[Path]:
    """The captures matching `pattern`; exactly `expected` of them, or the test fails."""
    folder = capture_dir(kind, root=root)
    found = sorted(folder.glob(pattern))
    assert len(found) == expected, (
        f"expected {expected} capture(s) matching {pattern} in {folder}, found {len(found)}: "
        f"{[p.name for p in found]}"
    )
    return found
