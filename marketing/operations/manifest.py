"""The manifest of an export directory: what `dynamodb_backup` wrote and how to check it."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from marketing.dynamo.tables import TABLES, TableSpec, create_table_request

MANIFEST_FILE = "manifest.json"
FORMAT = "dot-marketing/dynamodb-export"
FORMAT_VERSION = 1


class ManifestError(Exception):
    """The manifest is missing, unreadable or not one this code wrote."""


def specs_version(specs: list[TableSpec] | None = None) -> str:
    """A stable hash of the table specs (keys, indexes, TTL, streams...): two exports with
    the same version were made under the same schema."""
    specs = list(TABLES.values()) if specs is None else specs
    described = [
        {
            "create": create_table_request(spec, ""),
            "ttl": spec.ttl_attribute,
            "pitr": spec.point_in_time_recovery,
        }
        for spec in sorted(specs, key=lambda spec: spec.key)
    ]
    text = json.dumps(described, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TableEntry:
    key: str  # the logical name: stores, creators, ...
    table_name: str
    file: str
    item_count: int
    sha256: str
    content_digest: str
    aws_backup_arn: str | None = None

    def as_dict(self) -> dict:
        return {
            "tableName": self.table_name,
            "file": self.file,
            "itemCount": self.item_count,
            "sha256": self.sha256,
            "contentDigest": self.content_digest,
            "awsBackupArn": self.aws_backup_arn,
        }


@dataclass(frozen=True)
class Manifest:
    created_at: str
    table_prefix: str
    specs_version: str
    tables: tuple[TableEntry, ...]

    def as_dict(self) -> dict:
        return {
            "format": FORMAT,
            "formatVersion": FORMAT_VERSION,
            "createdAt": self.created_at,
            "tablePrefix": self.table_prefix,
            "specsVersion": self.specs_version,
            "tables": {entry.key: entry.as_dict() for entry in self.tables},
        }

    def write(self, directory: Path) -> None:
        text = json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"
        (directory / MANIFEST_FILE).write_text(text, encoding="utf-8")


def read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST_FILE
    if not path.is_file():
        raise ManifestError(_("%(path)s does not exist.") % {"path": path})
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ManifestError(
                _("%(path)s is not a manifest of dynamodb_backup.") % {"path": path}
            )
        if data.get("formatVersion") != FORMAT_VERSION:
            raise ManifestError(
                _("%(path)s: unknown format version %(version)r.")
                % {"path": path, "version": data.get("formatVersion")}
            )
        entries = tuple(_entry(key, value) for key, value in data["tables"].items())
        return Manifest(
            created_at=str(data["createdAt"]),
            table_prefix=str(data["tablePrefix"]),
            specs_version=str(data["specsVersion"]),
            tables=entries,
        )
    except ManifestError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(
            _("%(path)s is damaged: %(error)s") % {"path": path, "error": exc}
        ) from exc


def _entry(key: str, value: dict) -> TableEntry:
    file = str(value["file"])
    if Path(file).name != file or file in ("", ".", ".."):
        raise ValueError(f"file name {file!r} points outside the directory")
    count = value["itemCount"]
    if not isinstance(count, int) or count < 0:
        raise ValueError(f"bad item count {count!r}")
    return TableEntry(
        key=key,
        table_name=str(value["tableName"]),
        file=file,
        item_count=count,
        sha256=str(value["sha256"]),
        content_digest=str(value["contentDigest"]),
        aws_backup_arn=value.get("awsBackupArn"),
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
