"""Restore an export directory into empty or new tables, checking everything twice.

Before anything is written, every file is checked against the manifest (SHA-256 of the
file, its item count, and the digest of its items) and every target table must be absent
or empty. Only then are the tables created from the specs (the code `dynamodb_tables
create` runs) and the items written, raw, with the repository's retry of unprocessed
items. Afterwards each table is read back: its count and the digest of its items must
equal the manifest's, which checks every attribute of every item.
"""

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from marketing.dynamo import provisioning
from marketing.dynamo.backoff import Backoff
from marketing.dynamo.repository import BATCH_WRITE_SIZE
from marketing.dynamo.tables import TABLES, TableSpec
from marketing.operations import scanning
from marketing.operations.dynamodb_json import BadLine, ContentDigest, RawItem, parse_line
from marketing.operations.manifest import (
    Manifest,
    TableEntry,
    file_sha256,
    read_manifest,
    specs_version,
)

CHUNKS_PER_ROUND = 40  # 1,000 items: one call to write_raw_chunks

Progress = Callable[[str, int, int | None], None]


class RestoreError(Exception):
    pass


@dataclass(frozen=True)
class PlannedTable:
    entry: TableEntry
    spec: TableSpec
    target: str  # the table written to
    exists: bool  # already there (and empty); otherwise created from the spec


@dataclass
class RestorePlan:
    directory: Path
    manifest: Manifest
    prefix: str
    tables: list[PlannedTable] = field(default_factory=list)

    @property
    def specs_match(self) -> bool:
        return self.manifest.specs_version == specs_version()


def verify_export(directory: Path) -> Manifest:
    """The manifest, once every file checks out against it; RestoreError otherwise."""
    try:
        manifest = read_manifest(directory)
    except Exception as exc:
        raise RestoreError(str(exc)) from exc
    for entry in manifest.tables:
        if entry.key not in TABLES:
            raise RestoreError(
                _("The backup holds table %(table)r, which the table specs lack.")
                % {"table": entry.key}
            )
        path = directory / entry.file
        if not path.is_file():
            raise RestoreError(_("%(path)s is missing.") % {"path": path})
        if file_sha256(path) != entry.sha256:
            raise RestoreError(
                _("%(path)s does not match its SHA-256 in the manifest.") % {"path": path}
            )
        digest = ContentDigest()
        digest.add_all(read_items(path, entry.key))
        if digest.count != entry.item_count:
            raise RestoreError(
                _("%(path)s holds %(count)d item(s); the manifest says %(expected)d.")
                % {"path": path, "count": digest.count, "expected": entry.item_count}
            )
        if digest.hexdigest() != entry.content_digest:
            raise RestoreError(
                _("The items of %(path)s do not match the digest in the manifest.") % {"path": path}
            )
    return manifest


def read_items(path: Path, key: str) -> Iterator[RawItem]:
    spec = TABLES[key]
    try:
        with gzip.open(path, "rb") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    item = parse_line(line)
                except BadLine as exc:
                    raise RestoreError(
                        _("%(path)s, line %(line)d: %(error)s")
                        % {"path": path, "line": number, "error": exc}
                    ) from exc
                if spec.pk not in item or spec.sk not in item:
                    raise RestoreError(
                        _("%(path)s, line %(line)d: the item lacks its key.")
                        % {"path": path, "line": number}
                    )
                yield item
    except (OSError, EOFError, zlib.error) as exc:
        raise RestoreError(
            _("%(path)s is not a readable gzip file: %(error)s") % {"path": path, "error": exc}
        ) from exc


def plan_restore(
    client, directory: Path, prefix: str, backoff: Backoff | None = None
) -> RestorePlan:
    """Verify the export and the targets; RestoreError (nothing written) if either fails."""
    backoff = backoff or Backoff()
    manifest = verify_export(directory)
    plan = RestorePlan(directory, manifest, prefix)
    occupied = []
    for entry in manifest.tables:
        spec = TABLES[entry.key]
        target = spec.table_name(prefix)
        exists = scanning.describe(client, target) is not None
        if exists and not scanning.is_empty(client, target, backoff):
            occupied.append(target)
        plan.tables.append(PlannedTable(entry, spec, target, exists))
    if occupied:
        raise RestoreError(
            _(
                "Table(s) %(tables)s already hold items; a restore only writes into empty or "
                "new tables (use --prefix for new ones)."
            )
            % {"tables": ", ".join(occupied)}
        )
    return plan


@dataclass(frozen=True)
class RestoredTable:
    target: str
    items: int


def run_restore(
    client,
    plan: RestorePlan,
    *,
    waiting: provisioning.Waiting | None = None,
    backoff: Backoff | None = None,
    progress: Progress = lambda table, done, total: None,
    on_event: Callable[[str], None] = lambda message: None,
) -> list[RestoredTable]:
    backoff = backoff or Backoff()
    specs = [planned.spec for planned in plan.tables]
    for event in provisioning.ensure_tables(
        client, specs, plan.prefix, waiting or provisioning.Waiting()
    ):
        on_event(str(event))
    restored = []
    for planned in plan.tables:
        entry = planned.entry
        written = 0
        for chunks in _rounds(read_items(plan.directory / entry.file, entry.key)):
            left = scanning.write_chunks(client, planned.target, chunks, backoff)
            if left:
                raise RestoreError(
                    _(
                        "%(table)s: %(count)d item(s) stayed unprocessed after every retry; "
                        "empty the table and run the restore again."
                    )
                    % {"table": planned.target, "count": left}
                )
            written += sum(len(chunk) for chunk in chunks)
            progress(entry.key, written, entry.item_count)
        _check_restored(client, planned, backoff)
        restored.append(RestoredTable(planned.target, written))
    return restored


def _rounds(items: Iterator[RawItem]) -> Iterator[list[list[dict]]]:
    chunks: list[list[dict]] = []
    chunk: list[dict] = []
    for item in items:
        chunk.append({"PutRequest": {"Item": item}})
        if len(chunk) == BATCH_WRITE_SIZE:
            chunks.append(chunk)
            chunk = []
            if len(chunks) == CHUNKS_PER_ROUND:
                yield chunks
                chunks = []
    if chunk:
        chunks.append(chunk)
    if chunks:
        yield chunks


def _check_restored(client, planned: PlannedTable, backoff: Backoff) -> None:
    digest = ContentDigest()
    for items, _last_key in scanning.scan_pages(client, planned.target, backoff=backoff):
        digest.add_all(items)
    entry = planned.entry
    if digest.count != entry.item_count:
        raise RestoreError(
            _("%(table)s holds %(count)d item(s) after the restore; the backup %(expected)d.")
            % {"table": planned.target, "count": digest.count, "expected": entry.item_count}
        )
    if digest.hexdigest() != entry.content_digest:
        raise RestoreError(
            _("The items read back from %(table)s differ from the backup's.")
            % {"table": planned.target}
        )
