"""CSV import and export of creators.

Import is a dry run until `for_real`: every row is validated and matched to the channel it
would update (owner links, one batch get per 100 rows). Applying saves each valid row
through the same upsert as the add form — version-checked, creator-level fields on every
channel of a creator — a few rows at a time, so an import never overwrites an edit made
meanwhile without reading it first.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from creators import csv_io
from creators.domain import CreatorError, Platform
from creators.repository import ChannelLinkRepository, CreatorRepository
from creators.services.saving import creator_contact, creator_save_channel, manual_channel
from marketing.dynamo import errors as dynamo_errors
from marketing.dynamo.client import ClientMode

# Rows saved at once: each save is a few small requests that wait on their round trips.
ROWS_IN_FLIGHT = 4


@dataclass
class ImportReport:
    rows: list
    encoding: str
    applied: bool = False
    written: int = 0

    @property
    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "error": 0, "duplicate": 0}
        for row in self.rows:
            counts[row.action] = counts.get(row.action, 0) + 1
        return counts

    @property
    def valid_rows(self) -> list:
        return [row for row in self.rows if row.ok]

    @property
    def failed_rows(self) -> list:
        """Rows that were valid but could not be saved when applying."""
        return [row for row in self.rows if row.action == "failed"]


def creators_import(
    *,
    data: bytes,
    actor: str,
    for_real: bool = False,
    may_update: bool = True,
    mode: ClientMode = "batch",
) -> ImportReport:
    """Validate a CSV (a per-row report); with `for_real`, save the valid rows.

    Rows are matched to existing channels by platform + channel id, so importing the same
    file twice updates the same creators. A row that cannot be saved (changed or deleted
    meanwhile) is marked `failed` with its reason; the others are saved.
    """
    rows, encoding = csv_io.parse(data)
    report = ImportReport(rows=rows, encoding=encoding)
    valid = report.valid_rows
    owners = ChannelLinkRepository(mode=mode).owners_of(
        (row.platform, row.channel_id) for row in valid
    )
    for row in valid:
        row.action = "update" if (row.platform.value, row.channel_id) in owners else "create"
    if not for_real or not valid:
        return report
    updates = sum(1 for row in valid if row.action == "update")
    if updates and not may_update:
        raise CreatorError(
            ngettext(
                "%(n)d row would update a creator already in the catalogue; that needs the "
                "permission to change creators.",
                "%(n)d rows would update creators already in the catalogue; that needs the "
                "permission to change creators.",
                updates,
            )
            % {"n": updates}
        )
    with ThreadPoolExecutor(max_workers=ROWS_IN_FLIGHT, thread_name_prefix="import") as pool:
        saved = list(pool.map(lambda row: _save_row(row, actor, may_update, mode), valid))
    report.written = sum(saved)
    report.applied = True
    return report


def _save_row(row, actor: str, may_update: bool, mode: ClientMode) -> bool:
    try:
        creator_save_channel(
            channel=manual_channel(
                platform=row.platform,
                channel_id=row.channel_id,
                channel_name=row.channel_name,
                channel_url=row.channel_url,
                statistics=row.statistics,
                country=row.country,
            ),
            actor=actor,
            categories=row.categories,
            region=row.region,
            area=row.area,
            status=row.status,
            contact=row.contact,
            may_update=may_update,
            mode=mode,
        )
    except (CreatorError, dynamo_errors.ConditionFailed) as exc:
        row.action = "failed"
        row.errors.append(str(exc) or _("The row could not be saved."))
        return False
    return True


def creators_import_template() -> str:
    """The CSV a new import starts from: the columns and one example row."""
    return csv_io.template_csv()


def creators_export(*, with_contacts: bool = False, mode: ClientMode = "batch") -> str:
    """Every channel as CSV, platform by platform (queries on the platform index)."""
    repo = CreatorRepository(mode=mode)
    channels = [c for p in Platform for c in repo.iter_platform(p, full=True)]
    contacts = None
    if with_contacts:
        contacts = {(c.creator_id, c.platform, c.channel_id): creator_contact(c) for c in channels}
    return csv_io.export_rows(channels, contacts)
