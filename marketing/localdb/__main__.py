"""``python -m marketing.localdb --port P --data-dir DIR``: the embedded DynamoDB, foreground."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .journal import Damaged
from .moto_version import UntestedMotoVersion
from .salvage import SALVAGE_HELP
from .server import serve
from .store import DataDirInUse

# Exit statuses other programs (runconsole, LocalDynamoProcess's callers) can tell apart.
EXIT_CANNOT_START = 2  # port or data dir in use, unreadable files
EXIT_DAMAGED = Damaged.EXIT_STATUS  # a damaged journal or snapshot, left as it is


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m marketing.localdb",
        description=__doc__,
        epilog=f"Exit status {EXIT_CANNOT_START}: it could not start; {EXIT_DAMAGED}: a "
        "damaged journal or snapshot, left untouched (see --salvage).",
    )
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
    parser.add_argument("--salvage", action="store_true", help=SALVAGE_HELP)
    parser.add_argument(
        "--status-fd",
        type=int,
        default=None,
        help="an inherited pipe to write the reason to if start-up fails (LocalDynamoProcess)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.salvage:
        sys.exit(_salvage(args.data_dir))
    try:
        serve(args.port, args.data_dir, switch_interval=args.switch_interval, journal=args.journal)
    except Damaged as exc:
        from .salvage import advice

        _refuse(f"{exc}\n{advice(args.data_dir)}", args.status_fd, EXIT_DAMAGED)
    except (DataDirInUse, UntestedMotoVersion, OSError) as exc:
        _refuse(str(exc), args.status_fd, EXIT_CANNOT_START)


def _salvage(data_dir: Path) -> int:
    from .salvage import SalvageError, report, salvage

    try:
        results = salvage(data_dir)
    except (SalvageError, DataDirInUse, OSError) as exc:
        print(f"localdb: cannot salvage: {exc}", file=sys.stderr)
        return EXIT_CANNOT_START
    print("\n".join(report(results, data_dir)))
    return 0


def _refuse(reason: str, status_fd: int | None, status: int) -> None:
    """Say why start-up failed, to the parent's pipe if one waits for it, and exit."""
    message = f"localdb: cannot start: {reason}\n"
    try:
        if status_fd is None:
            raise OSError("no status pipe")
        with os.fdopen(status_fd, "w") as pipe:
            pipe.write(message)
    except OSError:  # no parent listening (any more): the terminal gets it
        print(message, end="", file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
