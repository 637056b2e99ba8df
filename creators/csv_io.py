"""CSV of creators: decoding (UTF-8, UTF-8 with BOM, CP949), row validation, export.

One row is one channel. Import is idempotent by platform + channel id (see
creators.services.creators_import); export neutralises spreadsheet formulas.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from creators.area import validate_area
from creators.domain import (
    CONTACT_FIELDS,
    MAX_COUNT,
    ActivityArea,
    CreatorError,
    CreatorStatus,
    Platform,
    Statistics,
    choice_sets,
    has_control_characters,
    validate_categories,
    validate_channel_id,
    validate_channel_name,
    validate_channel_url,
    validate_engagement_rate,
    validate_phone,
    validate_platform,
    validate_region,
    validate_status,
)
from marketing.errors import UserError
from marketing.spreadsheets import neutralise

COLUMNS = [
    "platform",
    "channel_id",
    "channel_name",
    "channel_url",
    "categories",
    "region",
    "area_city",
    "area_districts",
    "country",
    "status",
    "subscribers",
    "total_views",
    "video_count",
    "avg_views",
    "avg_likes",
    "avg_comments",
    "engagement_rate",
    "email",
    "phone",
]
REQUIRED = ("platform", "channel_id", "channel_name")
INT_COLUMNS = ("subscribers", "total_views", "video_count")
DECIMAL_COLUMNS = ("avg_views", "avg_likes", "avg_comments", "engagement_rate")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# Columns whose cells are codes; each also takes the code's label in English or Korean.
CODED_COLUMNS = ("platform", "categories", "region", "status")
CATEGORY_SEPARATORS = "|;,"
# The template's example row: Korean labels where a code is asked for, to show they work.
TEMPLATE_EXAMPLE = {
    "platform": "instagram",
    "channel_id": "example.account",
    "channel_name": "예시 크리에이터",
    "channel_url": "https://www.instagram.com/example.account/",
    "categories": "음식|카페·디저트",
    "region": "서울",
    "area_city": "서울",
    "area_districts": "송파구|강동구",
    "country": "KR",
    "status": "활성",
    "subscribers": "12300",
    "avg_views": "850",
    "avg_likes": "42",
    "avg_comments": "3",
    "engagement_rate": "4.5",
    "email": "example@example.com",
    "phone": "010-1234-5678",
}


class CsvError(UserError):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class ImportRow:
    line: int
    platform: Platform | None = None
    channel_id: str = ""
    channel_name: str = ""
    channel_url: str = ""
    categories: list[str] = field(default_factory=list)
    region: str | None = None
    area: ActivityArea | None = None
    country: str | None = None
    status: CreatorStatus | None = None
    statistics: Statistics = field(default_factory=Statistics)
    contact: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    action: str = ""  # create, update, error, duplicate

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (with or without BOM), else CP949 (Korean Excel)."""
    if len(data) > MAX_BYTES:
        raise CsvError(_("The file is larger than 5 MB."))
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as exc:
        raise CsvError(
            _("The file is neither UTF-8 nor CP949 (EUC-KR); save it as CSV UTF-8.")
        ) from exc


def parse(data: bytes) -> tuple[list[ImportRow], str]:
    """Every data row validated, and the encoding found. Duplicated channels are flagged."""
    text, encoding = decode(data)
    try:
        return _parse_text(text), encoding
    except csv.Error as exc:  # a cell over the csv module's field limit, a stray quote
        raise CsvError(
            _("The file is not a readable CSV file (%(reason)s).") % {"reason": exc}
        ) from exc


def _parse_text(text: str) -> list[ImportRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise CsvError(
            _("The header lacks the column(s) %(names)s. Expected: %(all)s.")
            % {"names": ", ".join(missing), "all": ", ".join(COLUMNS)}
        )
    reader.fieldnames = header
    rows: list[ImportRow] = []
    seen: dict[tuple[str, str], int] = {}
    for raw in reader:
        if len(rows) >= MAX_ROWS:
            raise CsvError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
        row = parse_row({k: (v or "").strip() for k, v in raw.items() if k}, reader.line_num)
        if row.ok:
            key = (row.platform.value, row.channel_id.lower())
            if key in seen:
                row.errors.append(
                    _("Duplicate of line %(line)d (same platform and channel id).")
                    % {"line": seen[key]}
                )
                row.action = "duplicate"
            else:
                seen[key] = row.line
        elif not row.action:
            row.action = "error"
        rows.append(row)
    return rows


def parse_row(values: dict[str, str], line: int) -> ImportRow:
    """One row checked by the same rules as the add form (creators.domain.validate_*);
    every problem of the row is listed, not only the first."""
    row = ImportRow(line=line)

    def check(fn, *args, column: str | None = None):
        try:
            return fn(*args)
        except CreatorError as exc:
            problem = str(exc)
            if column:
                problem = _("%(column)s: %(problem)s") % {"column": column, "problem": problem}
            row.errors.append(problem)
            return None

    row.platform = check(validate_platform, values.get("platform", ""))
    row.channel_id = check(validate_channel_id, values.get("channel_id", "")) or ""
    row.channel_name = values.get("channel_name", "")
    if not row.channel_name:
        row.errors.append(_("channel_name is empty."))
    else:
        row.channel_name = check(validate_channel_name, row.channel_name) or ""
    row.channel_url = (
        check(validate_channel_url, row.platform, values.get("channel_url"), column="channel_url")
        or ""
    )
    categories = values.get("categories", "")
    for separator in CATEGORY_SEPARATORS:
        categories = categories.replace(separator, "|")
    row.categories = check(validate_categories, categories.split("|")) or []
    row.region = check(validate_region, values.get("region"))
    row.area = check(validate_area, values.get("area_city"), values.get("area_districts"))
    row.country = values.get("country", "").upper() or None
    row.status = check(validate_status, values.get("status"))
    numbers = {}
    for name in INT_COLUMNS:
        numbers[name] = _number(values.get(name, ""), name, row, whole=True)
    for name in DECIMAL_COLUMNS:
        numbers[name] = _number(values.get(name, "").rstrip("%"), name, row, whole=False)
    check(validate_engagement_rate, numbers["engagement_rate"], column="engagement_rate")
    numbers["subscribers_rounded"] = False
    row.statistics = Statistics(**numbers)
    email = values.get("email", "")
    if email and (
        "@" not in email or " " in email or len(email) > 254 or has_control_characters(email)
    ):
        row.errors.append(_("email is not an e-mail address."))
    check(validate_phone, values.get("phone", ""), column="phone")
    row.contact = {name: values.get(name, "") for name in CONTACT_FIELDS}
    return row


def _number(text: str, name: str, row: ImportRow, *, whole: bool):
    text = text.replace(",", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        row.errors.append(
            _("%(name)s is not a number: “%(value)s”.") % {"name": name, "value": text}
        )
        return None
    if not value.is_finite() or value < 0 or (whole and value != value.to_integral_value()):
        row.errors.append(
            _("%(name)s must be a non-negative %(kind)s.")
            % {"name": name, "kind": _("whole number") if whole else _("number")}
        )
        return None
    if value > MAX_COUNT:
        row.errors.append(_("%(name)s is larger than %(max)d.") % {"name": name, "max": MAX_COUNT})
        return None
    # Two decimals are all the statistics show; a long fraction would not fit an item.
    if whole:
        return int(value)
    if value.as_tuple().exponent < -2:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return value


def accepted_values_table() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(column, [(code, label), ...])] for each coded column, for the import page."""
    return [
        (column, [(code, str(label)) for code, label in choice_sets()[column].items()])
        for column in CODED_COLUMNS
    ]


def template_csv() -> str:
    """The import's header and one example row (delete or replace it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([TEMPLATE_EXAMPLE.get(column, "") for column in COLUMNS])
    return out.getvalue()


def export_rows(channels, contacts: dict | None = None) -> str:
    """CSV text (with the columns import reads) for `channels`; contacts only if given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for channel in channels:
        stats = channel.statistics
        contact = (contacts or {}).get((channel.creator_id, channel.platform, channel.channel_id))
        contact = contact or {}
        writer.writerow(
            [
                neutralise(v)
                for v in (
                    channel.platform.value,
                    channel.channel_id,
                    channel.channel_name,
                    channel.channel_url,
                    "|".join(channel.categories),
                    channel.region or "",
                    channel.area.city if channel.area else "",
                    "|".join(channel.area.districts) if channel.area else "",
                    channel.country or "",
                    channel.status.value,
                    stats.subscribers,
                    stats.total_views,
                    stats.video_count,
                    stats.avg_views,
                    stats.avg_likes,
                    stats.avg_comments,
                    stats.engagement_rate,
                    contact.get("email", ""),
                    contact.get("phone", ""),
                )
            ]
        )
    return out.getvalue()
