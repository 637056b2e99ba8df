"""Run the embedded DynamoDB in the foreground until SIGTERM or SIGINT."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Any

from werkzeug.serving import make_server

from . import patches
from .heap import Heap
from .http_handler import KeepAliveRequestHandler
from .store import Store, log
from .wsgi import LocalDynamoApp

HOST = "127.0.0.1"


def serve(
    port: int,
    data_dir: Path,
    *,
    switch_interval: float | None = None,
    journal: bool = True,
) -> None:
    if switch_interval is not None:
        sys.setswitchinterval(switch_interval)
    patches.install_all()
    store = Store(Path(data_dir), journal=journal, heap=Heap())
    recovery = store.recover()
    if journal:
        tables, items = store.contents()
        log(
            f"recovered {recovery.records} records ({recovery.snapshot_requests} from snapshot, "
            f"{recovery.replayed} from journal, {recovery.skipped} skipped, "
            f"{recovery.dropped_bytes} torn bytes dropped) in {recovery.seconds:.2f}s "
            f"(snapshot {recovery.snapshot_seconds:.2f}s, journal "
            f"{recovery.journal_seconds:.2f}s): {tables} tables, {items} items"
        )
    else:
        log("journal disabled: nothing written survives a stop")
    server = make_server(
        HOST, port, LocalDynamoApp(store), threaded=True, request_handler=KeepAliveRequestHandler
    )
    _stop_on_signals(server)
    threading.Thread(target=_fill_query_indexes, args=(store,), daemon=True).start()
    where = f"data in {data_dir}" if journal else "in memory only"
    print(
        f"Local DynamoDB listening on http://{HOST}:{server.port} ({where}); "
        f"recovered {recovery.records} records",
        flush=True,
    )
    try:
        server.serve_forever()
    finally:
        server.server_close()
        store.close(fold=True)
        log("stopped")


def _fill_query_indexes(store: Store) -> None:
    filled, seconds = store.fill_query_indexes()
    if filled:
        log(f"filled {filled} query indexes in {seconds:.2f}s")


def _stop_on_signals(server: Any) -> None:
    def stop(signum: int, frame: Any) -> None:
        # shutdown() waits for serve_forever() to return, which runs in this (main) thread,
        # so it has to be called from another one.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
