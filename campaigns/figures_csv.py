"""CSV of a campaign's performance figures, one row per creator.

Columns: `creator` (the creator's id, as the template has it, or their name in the
campaign, or their coupon code), then any of views, likes, comments, clicks, visits,
conversions, revenue, coupon_redemptions (the code or its Korean or English label). An
empty cell keeps the stored figure. `creator_name` (in the template, for people) is
ignored. Encodings as the creators import: UTF-8, UTF-8 with BOM, CP949.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.domain import FIGURE_FIELDS, FIGURE_LABELS, Campaign, CampaignCreator
from campaigns.services.inputs import MAX_FIGURE
from creators.csv_io import CsvError, decode, neutralise

CREATOR_COLUMN = "creator"
NAME_COLUMN = "creator_name"
MAX_ROWS = 500
WHOLE_NUMBER = re.compile(r"[0-9]{1,15}")


@dataclass
class FigureRow:
    line: int
    creator: str  # as written in the file
    member: CampaignCreator | None = None
    values: dict[str, int] = field(default_factory=dict)  # only the cells given
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class FiguresFile:
    rows: list[FigureRow]
    encoding: str
    columns: list[str]  # the figure columns the file has, as field names

    @property
    def bad_rows(self) -> list[FigureRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.bad_rows


def _squeezed(text: str) -> str:
    return "".join((text or "").split()).lower()


def header_names() -> dict[str, str]:
    """{squeezed header text: figure field} for the codes and both languages' labels."""
    names = {_squeezed(name): name for name in FIGURE_FIELDS}
    for language in ("ko", "en"):
        with translation.override(language):
            names.update({_squeezed(str(label)): name for name, label in FIGURE_LABELS.items()})
    names[_squeezed(CREATOR_COLUMN)] = CREATOR_COLUMN
    names[_squeezed(NAME_COLUMN)] = NAME_COLUMN
    return names


def parse(data: bytes, campaign: Campaign) -> FiguresFile:
    text, encoding = decode(data)
    try:
        return _parse_text(text, encoding, campaign)
    except csv.Error as exc:
        raise CsvError(
            _("The file is not a readable CSV file (%(reason)s).") % {"reason": exc}
        ) from exc


def _parse_text(text: str, encoding: str, campaign: Campaign) -> FiguresFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None) or []
    known = header_names()
    fields = [known.get(_squeezed(name)) for name in header]
    if CREATOR_COLUMN not in fields:
        raise CsvError(
            _("The header needs a “creator” column and one or more of: %(all)s.")
            % {"all": ", ".join(FIGURE_FIELDS)}
        )
    unknown = [name for name, f in zip(header, fields, strict=True) if f is None and name.strip()]
    if unknown:
        raise CsvError(
            _("Unknown column(s) %(names)s. Columns: creator, %(all)s.")
            % {"names": ", ".join(unknown), "all": ", ".join(FIGURE_FIELDS)}
        )
    columns = [f for f in fields if f in FIGURE_FIELDS]
    if not columns:
        raise CsvError(
            _("The file has no figure column (%(all)s).") % {"all": ", ".join(FIGURE_FIELDS)}
        )
    rows: list[FigureRow] = []
    seen: dict[str, int] = {}
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
        values = {
            f: (cells[i].strip() if i < len(cells) else "") for i, f in enumerate(fields) if f
        }
        row = _row(values, reader.line_num, campaign, columns)
        if row.member is not None:
            first = seen.setdefault(row.member.creator_id, row.line)
            if first != row.line:
                row.errors.append(_("The same creator is on line %(line)d.") % {"line": first})
        rows.append(row)
    if not rows:
        raise CsvError(_("The file has no rows under its header."))
    return FiguresFile(rows=rows, encoding=encoding, columns=columns)


def _row(values: dict[str, str], line: int, campaign: Campaign, columns: list[str]) -> FigureRow:
    row = FigureRow(line=line, creator=values.get(CREATOR_COLUMN, ""))
    try:
        row.member = find_member(campaign, row.creator)
    except CsvError as exc:
        row.errors.append(str(exc))
    for name in columns:
        text = values.get(name, "").replace(",", "")
        if not text:
            continue
        label = str(FIGURE_LABELS[name])
        if not WHOLE_NUMBER.fullmatch(text):
            row.errors.append(
                _("%(name)s: “%(value)s” is not a whole number, 0 or more.")
                % {"name": label, "value": values.get(name, "")[:40]}
            )
            continue
        number = int(text)
        if number > MAX_FIGURE:
            row.errors.append(_("%(name)s is too large.") % {"name": label})
            continue
        row.values[name] = number
    return row


def find_member(campaign: Campaign, text: str) -> CampaignCreator:
    """The creator a row names: by id, else by name in the campaign, else by coupon code."""
    wanted = (text or "").strip()
    if not wanted:
        raise CsvError(_("The creator cell is empty."))
    by_id = campaign.member(wanted)
    if by_id is not None:
        return by_id
    for key in (lambda m: m.creator_name, lambda m: m.coupon_code.lower()):
        found = [m for m in campaign.creators if key(m) and key(m) in (wanted, wanted.lower())]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CsvError(
                _("Several creators of the campaign are called “%(name)s”: use the id.")
                % {"name": wanted[:60]}
            )
    raise CsvError(_("“%(name)s” is not a creator of this campaign.") % {"name": wanted[:60]})


def template(campaign: Campaign) -> str:
    """The file to fill in: one row per creator with the figures stored now."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([CREATOR_COLUMN, NAME_COLUMN, *FIGURE_FIELDS])
    for member in campaign.creators:
        figures = member.figures
        writer.writerow(
            [
                neutralise(member.creator_id),
                neutralise(member.creator_name),
                *(
                    "" if getattr(figures, name) is None else getattr(figures, name)
                    for name in FIGURE_FIELDS
                ),
            ]
        )
    return out.getvalue()
