"""Copy one table into another, item by item, resumably: `dynamodb_migrate`.

The source is read by parallel Scan segments (one thread each). Each page is passed
through an optional transform (item -> item, or None to drop it) and written to the
target with the repository's batch retry of unprocessed items; only then does the
segment's checkpoint move past the page. So an interrupted run, started again, carries on
from the last page written in each segment: a page cut off half-way is written again,
which puts the same items under the same keys (no duplicates), and the counters in the
checkpoint count each page once.

The checkpoint is a JSON file under var/migrations/, named after the source and target,
written whole and renamed into place after every page, and deleted once the run is done.
A file rather than a DynamoDB item: it needs no table of its own in the account being
migrated, works the same on every endpoint, and the operator can read or delete it; a
migration runs from one machine at a time, which is what a local file can serve.
"""

import importlib
import json
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from marketing.dynamo.backoff import Backoff
from marketing.dynamo.repository import BATCH_WRITE_SIZE
from marketing.operations import scanning
from marketing.operations.dynamodb_json import from_json, to_json

DEFAULT_SEGMENTS = 4
PAGE_SIZE = scanning.PAGE_SIZE  # items per Scan page, so per checkpoint
DEFAULT_BACKOFF = Backoff(base=0.05, cap=5.0, max_attempts=10)

Transform = Callable[[dict], dict | None]
# progress(items read so far, items expected or None)
Progress = Callable[[int, int | None], None]


class MigrationError(Exception):
    pass


def load_transform(path: str) -> Transform:
    """The function a dotted path (`package.module.function` or `package.module:function`)
    names; MigrationError when it does not name a callable."""
    module_name, colon, name = path.partition(":")
    if not colon:
        module_name, _dot, name = path.rpartition(".")
    if not module_name or not name:
        raise MigrationError(
            _("--transform %(path)r is not a dotted path to a function.") % {"path": path}
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise MigrationError(
            _("--transform %(path)r: cannot import %(module)s: %(error)s")
            % {"path": path, "module": module_name, "error": exc}
        ) from exc
    function = getattr(module, name, None)
    if not callable(function):
        raise MigrationError(
            _("--transform %(path)r: %(module)s has no function %(name)r.")
            % {"path": path, "module": module_name, "name": name}
        )
    return function


@dataclass(frozen=True)
class MigrationOptions:
    source: str
    target: str
    checkpoint_dir: Path
    segments: int = DEFAULT_SEGMENTS
    transform_path: str | None = None
    for_real: bool = False
    backoff: Backoff = field(default_factory=lambda: DEFAULT_BACKOFF)
    page_size: int = PAGE_SIZE


@dataclass
class MigrationResult:
    read: int = 0
    written: int = 0
    dropped: int = 0
    resumed: bool = False
    target_count: int | None = None
    target_at_start: int = 0
    checkpoint: Path | None = None

    @property
    def count_ok(self) -> bool:
        """The final count check: a target that started empty holds exactly the items
        written; otherwise at least as many as either, at most their sum."""
        if self.target_count is None:
            return True
        if self.target_at_start == 0:
            return self.target_count == self.written
        low = max(self.target_at_start, self.written)
        return low <= self.target_count <= self.target_at_start + self.written


def checkpoint_path(directory: Path, source: str, target: str) -> Path:
    safe = re.compile(r"[^A-Za-z0-9._-]")
    return directory / f"{safe.sub('_', source)}--{safe.sub('_', target)}.json"


class Checkpoint:
    """Where each segment stands, saved whole after every page (thread-safe)."""

    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data
        self.lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, options: MigrationOptions, target_at_start: Callable[[], int]):
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise MigrationError(
                    _("Checkpoint %(path)s is damaged (%(error)s); delete it to start over.")
                    % {"path": path, "error": exc}
                ) from exc
            for name, wanted in (
                ("segments", options.segments),
                ("transform", options.transform_path),
            ):
                if data.get(name) != wanted:
                    raise MigrationError(
                        _(
                            "Checkpoint %(path)s was made with %(option)s %(theirs)r, not "
                            "%(ours)r: run again with the same options, or delete it to start "
                            "over."
                        )
                        % {
                            "path": path,
                            "option": f"--{name}",
                            "theirs": data.get(name),
                            "ours": wanted,
                        }
                    )
            return cls(path, data), True
        data = {
            "source": options.source,
            "target": options.target,
            "segments": options.segments,
            "transform": options.transform_path,
            "targetItemsAtStart": target_at_start(),
            "state": {
                str(segment): {
                    "startKey": None,
                    "done": False,
                    "read": 0,
                    "written": 0,
                    "dropped": 0,
                }
                for segment in range(options.segments)
            },
        }
        checkpoint = cls(path, data)
        checkpoint.save()
        return checkpoint, False

    def segment(self, number: int) -> dict:
        return self.data["state"][str(number)]

    def start_key(self, number: int) -> dict | None:
        key = self.segment(number)["startKey"]
        return None if key is None else {name: from_json(v) for name, v in key.items()}

    def advance(self, number: int, last_key: dict | None, read: int, written: int, dropped: int):
        with self.lock:
            state = self.segment(number)
            state["startKey"] = (
                None if last_key is None else {name: to_json(v) for name, v in last_key.items()}
            )
            state["done"] = last_key is None
            state["read"] += read
            state["written"] += written
            state["dropped"] += dropped
            self.save()

    def totals(self) -> tuple[int, int, int]:
        states = self.data["state"].values()
        return (
            sum(s["read"] for s in states),
            sum(s["written"] for s in states),
            sum(s["dropped"] for s in states),
        )

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)


def run_migration(client, options: MigrationOptions, progress: Progress = lambda r, t: None):
    if options.segments < 1:
        raise MigrationError(_("--segments must be at least 1."))
    if options.source == options.target:
        raise MigrationError(_("--source and --target must be different tables."))
    transform = load_transform(options.transform_path) if options.transform_path else None
    source = scanning.describe(client, options.source)
    if source is None:
        raise MigrationError(
            _("Source table %(table)s does not exist.") % {"table": options.source}
        )
    target = scanning.describe(client, options.target)
    if target is None:
        raise MigrationError(
            _(
                "Target table %(table)s does not exist; create it first "
                "(dynamodb_tables create --prefix ...)."
            )
            % {"table": options.target}
        )
    key_names = [element["AttributeName"] for element in target["KeySchema"]]
    expected = source.get("ItemCount")
    if not options.for_real:
        return _dry_run(client, options, transform, key_names, expected, progress)

    path = checkpoint_path(options.checkpoint_dir, options.source, options.target)
    checkpoint, resumed = Checkpoint.open(
        path, options, lambda: scanning.count_items(client, options.target, options.backoff)
    )
    result = MigrationResult(resumed=resumed, checkpoint=path)
    copier = _SegmentCopier(client, options, transform, key_names, checkpoint, expected, progress)
    pending = [n for n in range(options.segments) if not checkpoint.segment(n)["done"]]
    copier.run(pending)
    result.read, result.written, result.dropped = checkpoint.totals()
    result.target_at_start = checkpoint.data["targetItemsAtStart"]
    result.target_count = scanning.count_items(client, options.target, options.backoff)
    # Done: the next run is a new migration (into a table that may have been recreated
    # since), not the resumption of this one.
    path.unlink()
    return result


def _apply(transform: Transform | None, item: dict, key_names: list[str]) -> dict | None:
    if transform is None:
        return item
    new = transform(item)
    if new is None:
        return None
    if not isinstance(new, dict) or any(name not in new for name in key_names):
        raise MigrationError(
            _(
                "The transform must return an item with the target's key attributes "
                "(%(keys)s) or None; it returned %(value).200s"
            )
            % {"keys": ", ".join(key_names), "value": repr(new)}
        )
    return new


def _dry_run(client, options, transform, key_names, expected, progress) -> MigrationResult:
    result = MigrationResult()
    for segment in range(options.segments):
        pages = scanning.scan_pages(
            client,
            options.source,
            segment=segment,
            segments=options.segments,
            backoff=options.backoff,
            page_size=options.page_size,
        )
        for items, _last_key in pages:
            for item in items:
                result.read += 1
                if _apply(transform, item, key_names) is None:
                    result.dropped += 1
                else:
                    result.written += 1
            progress(result.read, expected)
    return result


class _SegmentCopier:
    def __init__(self, client, options, transform, key_names, checkpoint, expected, progress):
        self.client = client
        self.options = options
        self.transform = transform
        self.key_names = key_names
        self.checkpoint = checkpoint
        self.expected = expected
        self.progress = progress
        self.stop = threading.Event()
        self.progress_lock = threading.Lock()

    def run(self, segments: list[int]) -> None:
        if not segments:
            return
        with ThreadPoolExecutor(len(segments), thread_name_prefix="migrate-segment") as pool:
            futures = [pool.submit(self._copy_segment, n) for n in segments]
        for future in futures:
            future.result()  # the first segment's error, once every segment has stopped

    def _copy_segment(self, number: int) -> None:
        try:
            pages = scanning.scan_pages(
                self.client,
                self.options.source,
                segment=number,
                segments=self.options.segments,
                start_key=self.checkpoint.start_key(number),
                backoff=self.options.backoff,
                page_size=self.options.page_size,
            )
            for items, last_key in pages:
                if self.stop.is_set():
                    return
                kept = self._write_page(items)
                self.checkpoint.advance(number, last_key, len(items), kept, len(items) - kept)
                with self.progress_lock:
                    self.progress(self.checkpoint.totals()[0], self.expected)
        except BaseException:
            self.stop.set()
            raise

    def _write_page(self, items: list[dict]) -> int:
        """Write a page's transformed items; how many distinct items were written."""
        by_key: dict[str, dict] = {}
        for item in items:
            new = _apply(self.transform, item, self.key_names)
            if new is not None:
                key = json.dumps([to_json(new[name]) for name in self.key_names])
                by_key[key] = new  # one request per key: a batch refuses duplicates
        requests = [{"PutRequest": {"Item": item}} for item in by_key.values()]
        chunks = [
            requests[start : start + BATCH_WRITE_SIZE]
            for start in range(0, len(requests), BATCH_WRITE_SIZE)
        ]
        if chunks:
            left = scanning.write_chunks(
                self.client, self.options.target, chunks, self.options.backoff
            )
            if left:
                raise MigrationError(
                    _(
                        "%(count)d item(s) stayed unprocessed after every retry; run the same "
                        "command again to resume from the last page written."
                    )
                    % {"count": left}
                )
        return len(requests)
