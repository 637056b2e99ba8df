"""Back up tables: an on-demand AWS backup each (on AWS) and an export to files (anywhere).

The export directory holds `<table>.json.gz` per table (DynamoDB JSON lines, the format of
DynamoDB's S3 export) and `manifest.json`. It is built in a hidden sibling directory and
renamed into place at the end, so a failed backup never leaves a half-written manifest.
"""

import datetime as dt
import gzip
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from marketing.dynamo.backoff import Backoff
from marketing.dynamo.calls import translated_errors
from marketing.dynamo.tables import TableSpec
from marketing.operations import scanning
from marketing.operations.dynamodb_json import ContentDigest, item_line
from marketing.operations.manifest import Manifest, TableEntry, file_sha256, specs_version

DEFAULT_SEGMENTS = 4

# progress(table, items so far, items expected or None)
Progress = Callable[[str, int, int | None], None]


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupOptions:
    prefix: str
    on_aws: bool  # also make an on-demand backup of each table (CreateBackup)
    segments: int = DEFAULT_SEGMENTS
    backoff: Backoff = field(default_factory=Backoff)


def aws_backup_name(table_name: str, now: dt.datetime) -> str:
    return f"{table_name}-backup-{now:%Y%m%d}"


def default_directory(base: Path, prefix: str, now: dt.datetime) -> Path:
    return base / f"{prefix}{now:%Y%m%d-%H%M%S}"


def backup_tables(
    client,
    specs: list[TableSpec],
    output: Path,
    options: BackupOptions,
    *,
    now: dt.datetime,
    progress: Progress = lambda table, done, total: None,
) -> Manifest:
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(
            _("%(path)s already exists and is not empty; choose another --output.")
            % {"path": output}
        )
    described = {}
    for spec in specs:
        name = spec.table_name(options.prefix)
        table = scanning.describe(client, name)
        if table is None:
            raise BackupError(_("Table %(table)s does not exist.") % {"table": name})
        described[spec.key] = table
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.partial-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        entries = []
        for spec in specs:
            name = spec.table_name(options.prefix)
            arn = _aws_backup(client, name, now) if options.on_aws else None
            total = described[spec.key].get("ItemCount")
            entries.append(
                _export_table(client, spec, name, staging, options, arn, total, progress)
            )
        manifest = Manifest(
            created_at=now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            table_prefix=options.prefix,
            specs_version=specs_version(),
            tables=tuple(entries),
        )
        manifest.write(staging)
        _fsync_tree(staging)
        if output.exists():
            output.rmdir()  # empty, checked above
        os.replace(staging, output)
        _fsync_dir(output.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _aws_backup(client, table_name: str, now: dt.datetime) -> str:
    with translated_errors():
        response = client.create_backup(
            TableName=table_name, BackupName=aws_backup_name(table_name, now)
        )
    return response["BackupDetails"]["BackupArn"]


def _export_table(client, spec, name, staging, options, arn, total, progress) -> TableEntry:
    file_name = f"{spec.key}.json.gz"
    path = staging / file_name
    lock = threading.Lock()
    failed = threading.Event()  # one segment failed: the others stop at their next page
    digest = ContentDigest()
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:

        def read_segment(segment: int) -> None:
            pages = scanning.scan_pages(
                client, name, segment=segment, segments=options.segments, backoff=options.backoff
            )
            try:
                for items, _last_key in pages:
                    if failed.is_set():
                        return
                    write_page(items)
            except BaseException:
                failed.set()
                raise

        def write_page(items: list[dict]) -> None:
            if items:
                lines = b"".join(item_line(item) for item in items)
                with lock:
                    out.write(lines)
                    digest.add_all(items)
                    progress(spec.key, digest.count, total)

        with ThreadPoolExecutor(options.segments, thread_name_prefix="backup-scan") as pool:
            for future in [pool.submit(read_segment, s) for s in range(options.segments)]:
                future.result()
    progress(spec.key, digest.count, digest.count)
    return TableEntry(
        key=spec.key,
        table_name=name,
        file=file_name,
        item_count=digest.count,
        sha256=file_sha256(path),
        content_digest=digest.hexdigest(),
        aws_backup_arn=arn,
    )


def _fsync_tree(directory: Path) -> None:
    for path in directory.iterdir():
        with open(path, "rb") as f:
            os.fsync(f.fileno())
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
