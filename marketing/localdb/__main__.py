"""``python -m marketing.localdb --port P --data-dir DIR``: the embedded DynamoDB, foreground."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .moto_version import UntestedMotoVersion
from .server import serve
from .snapshot import SnapshotError
from .store import DataDirInUse


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m marketing.localdb", description=__doc__)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="sys.setswitchinterval() for the server (tiny values provoke thread races)",
    )
    parser.add_argument(
        "--no-journal",
        dest="journal",
        action="store_false",
        help="keep data in memory only (for benchmarks)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        serve(args.port, args.data_dir, switch_interval=args.switch_interval, journal=args.journal)
    except (DataDirInUse, SnapshotError, UntestedMotoVersion, OSError) as exc:
        print(f"localdb: cannot start: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
