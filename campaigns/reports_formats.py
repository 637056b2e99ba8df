"""The campaign report as a file: JSON for scripts, CSV and XLSX for people.

- JSON: one object, `from`, `to` (ISO dates, null where the range is open), `totals` and
  `campaigns` (one object per campaign in the report's order), with the field names of
  the contract and numbers as JSON numbers (null where unknown). `status` is the code.
- CSV (UTF-8 with a BOM, so Excel opens Korean text) and XLSX: one header row of column
  names in the user's language, then one row per campaign in the same order; no title or
  totals rows. The XLSX's first (active) sheet is that table; its second holds the totals.
  Text cells go through `neutralise` (no formulas); numbers are written as numbers.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.reports import Report, ReportRow, ReportTotals
from marketing.management.json_lines import json_line
from marketing.spreadsheets import neutralise

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
KRW_FORMAT = "#,##0"
COUNT_FORMAT = "#,##0"
ROI_FORMAT = "0.00%"


@dataclass(frozen=True)
class Column:
    key: str  # the JSON field
    label: object  # lazy translation: the CSV/XLSX header
    value: Callable[[ReportRow], object]
    text: bool = False  # a text cell (neutralised), else a number
    number_format: str = ""


COLUMNS = (
    Column("campaignId", gettext_lazy("Campaign ID"), lambda r: r.campaign_id, text=True),
    Column("storeId", gettext_lazy("Store ID"), lambda r: r.store_id, text=True),
    Column("storeName", gettext_lazy("Store"), lambda r: r.store_name, text=True),
    Column("name", gettext_lazy("Campaign"), lambda r: r.name, text=True),
    Column("status", gettext_lazy("Status"), lambda r: r.status, text=True),
    Column("budget", gettext_lazy("Budget (KRW)"), lambda r: r.budget, number_format=KRW_FORMAT),
    Column("spent", gettext_lazy("Spent (KRW)"), lambda r: r.spent, number_format=KRW_FORMAT),
    Column("views", gettext_lazy("Views"), lambda r: r.views, number_format=COUNT_FORMAT),
    Column(
        "engagements",
        gettext_lazy("Engagements"),
        lambda r: r.engagements,
        number_format=COUNT_FORMAT,
    ),
    Column(
        "newVisitorReviews",
        gettext_lazy("New visitor reviews"),
        lambda r: r.new_visitor_reviews,
        number_format=COUNT_FORMAT,
    ),
    Column("cpm", gettext_lazy("CPM (KRW)"), lambda r: r.cpm, number_format=KRW_FORMAT),
    Column(
        "costPerEngagement",
        gettext_lazy("Cost per engagement (KRW)"),
        lambda r: r.cost_per_engagement,
        number_format=KRW_FORMAT,
    ),
    Column("roi", gettext_lazy("ROI"), lambda r: r.roi, number_format=ROI_FORMAT),
)

TOTAL_FIELDS = (
    ("budget", gettext_lazy("Budget (KRW)"), KRW_FORMAT),
    ("spent", gettext_lazy("Spent (KRW)"), KRW_FORMAT),
    ("views", gettext_lazy("Views"), COUNT_FORMAT),
    ("engagements", gettext_lazy("Engagements"), COUNT_FORMAT),
    ("newVisitorReviews", gettext_lazy("New visitor reviews"), COUNT_FORMAT),
    ("cpm", gettext_lazy("CPM (KRW)"), KRW_FORMAT),
    ("roi", gettext_lazy("ROI"), ROI_FORMAT),
)


def totals_object(totals: ReportTotals) -> dict:
    return {
        "budget": totals.budget,
        "spent": totals.spent,
        "views": totals.views,
        "engagements": totals.engagements,
        "newVisitorReviews": totals.new_visitor_reviews,
        "cpm": totals.cpm,
        "roi": totals.roi,
    }


def as_json(report: Report) -> bytes:
    campaigns = [{column.key: column.value(row) for column in COLUMNS} for row in report.rows]
    fields = {
        "from": report.range.date_from,
        "to": report.range.date_to,
        "totals": totals_object(report.totals),
        "campaigns": campaigns,
    }
    return (json_line(**fields) + "\n").encode()


def _cell_text(column: Column, row: ReportRow) -> str:
    value = column.value(row)
    if column.key == "status":
        return neutralise(value.label)
    if column.text:
        return neutralise(value)
    return "" if value is None else str(value)


def as_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(column.label) for column in COLUMNS])
    for row in report.rows:
        writer.writerow([_cell_text(column, row) for column in COLUMNS])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def as_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Campaigns")
    _write_text_row(sheet, 1, [column.label for column in COLUMNS])
    for number, row in enumerate(report.rows, start=2):
        for position, column in enumerate(COLUMNS, start=1):
            if column.text:
                _text_cell(sheet, number, position, _cell_text(column, row))
            else:
                _number_cell(sheet, number, position, column.value(row), column.number_format)
    totals = book.create_sheet(_("Totals"))
    values = totals_object(report.totals)
    _write_text_row(totals, 1, [label for _key, label, _format in TOTAL_FIELDS])
    for position, (key, _label, number_format) in enumerate(TOTAL_FIELDS, start=1):
        _number_cell(totals, 2, position, values[key], number_format)
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_text_row(sheet, number: int, texts) -> None:
    for position, text in enumerate(texts, start=1):
        _text_cell(sheet, number, position, neutralise(text))


def _text_cell(sheet, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula


def _number_cell(sheet, row: int, column: int, value, number_format: str) -> None:
    if value is None:
        return
    cell = sheet.cell(row=row, column=column, value=value)
    cell.number_format = number_format


WRITERS = {"csv": as_csv, "xlsx": as_xlsx, "json": as_json}


def render(report: Report, output_format: str) -> bytes:
    return WRITERS[output_format](report)


def file_name(report: Report, output_format: str) -> str:
    """`campaign-report-2026-12-01-2026-12-31.csv`; `all` for an open bound."""
    start = report.range.date_from.isoformat() if report.range.date_from else "all"
    end = report.range.date_to.isoformat() if report.range.date_to else "all"
    return f"campaign-report-{start}-{end}.{output_format}"
