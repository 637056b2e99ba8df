"""Charts drawn on the server as SVG: this module lays them out, a template draws them.

Why hand-built rather than a chart library: the dashboards need two simple kinds
(horizontal bars, lines over dates), and an inline `<svg>` rendered by a Django template
gets the template engine's escaping of every name and label for free (an SVG is XML:
`<script>` in a creator's name must stay text), the page's fonts (Korean through the
font-family below) and no JavaScript, CDN or build step. pygal would add a dependency
whose output embeds scripts unless turned off and escapes on its own terms; matplotlib
would add numpy and draws text as paths unless told otherwise. The geometry here is a
few dozen lines and is tested through the pages.

Every chart has a title, two axis labels and its numbers: each mark carries the same
formatted text as the table printed beside it (`key` ties the two together).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.formats import number_format

FONT_FAMILY = (
    "'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', "
    "'NanumGothic', sans-serif"
)
Number = int | Decimal


def nice_ticks(maximum: Number, *, steps: int = 5, whole: bool = True) -> list[Number]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least `maximum`;
    `whole`: never a step below 1 (counts and won)."""
    if not maximum or maximum <= 0:
        return [0, 1]
    raw = Decimal(maximum) / steps
    power = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal("0.1")
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if whole:
        step = max(step, Decimal(1))
    ticks, value = [], Decimal(0)
    while True:
        ticks.append(int(value) if value == value.to_integral_value() else value)
        if value >= maximum:
            return ticks
        value += step


def _scale(value: Number, top: Number, length: float) -> float:
    return float(Decimal(value) / Decimal(top)) * length if top else 0.0


@dataclass(frozen=True)
class Tick:
    position: float
    value: Number

    @property
    def text(self) -> str:
        return number_format(self.value, force_grouping=True)


@dataclass(frozen=True)
class Datum:
    key: str  # ties the mark to its table row
    label: str
    value: Number | None  # None: unknown (no bar, "—" in the table)
    text: str  # the value as shown, in the chart and in the table


@dataclass(frozen=True)
class BarMark:
    datum: Datum
    y: float
    width: float
    value_x: float


@dataclass
class BarChart:
    """Horizontal bars: categories down the left, values along the bottom."""

    chart_id: str
    title: str
    category_label: str
    value_label: str
    data: list[Datum]
    kind: str = "bar"

    width: int = 520  # leaves room for the table beside it in the admin's content column
    left: int = 150  # room for the category names
    right: int = 90  # room for the value beside the longest bar
    top: int = 44
    row: int = 30
    bottom: int = 56
    font_family: str = FONT_FAMILY

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def height(self) -> int:
        return self.top + self.row * max(len(self.data), 1) + self.bottom

    @property
    def axis_y(self) -> int:
        return self.height - self.bottom

    @cached_property
    def ticks(self) -> list[Tick]:
        top = max((d.value for d in self.data if d.value is not None), default=0)
        values = nice_ticks(top)
        return [
            Tick(self.left + _scale(value, values[-1], self.plot_width), value) for value in values
        ]

    @cached_property
    def bars(self) -> list[BarMark]:
        top = self.ticks[-1].value
        marks = []
        for position, datum in enumerate(self.data):
            width = _scale(datum.value or 0, top, self.plot_width)
            marks.append(
                BarMark(
                    datum=datum,
                    y=self.top + position * self.row + 5,
                    width=max(width, 1.0) if datum.value else 0.0,
                    value_x=self.left + width + 6,
                )
            )
        return marks

    @property
    def bar_height(self) -> int:
        return self.row - 10

    @property
    def axis_end(self) -> int:
        return self.left + self.plot_width


@dataclass(frozen=True)
class Point:
    key: str
    day: dt.date
    value: Number
    text: str
    labelled: bool = True  # False: drawn without its number (another series says it there)


@dataclass(frozen=True)
class Series:
    name: str
    points: list[Point]
    dashed: bool = False


@dataclass(frozen=True)
class Marker:
    """A moment on the time axis drawn as a vertical line (today, a milestone)."""

    day: dt.date
    label: str


@dataclass(frozen=True)
class PlacedPoint:
    point: Point
    x: float
    y: float
    label_dy: int  # the number goes under the first series' points, over the others'
    anchor: str  # text-anchor: kept inside the chart at either end


@dataclass(frozen=True)
class PlacedSeries:
    series: Series
    number: int
    points: list[PlacedPoint]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class TableRow:
    day: dt.date
    cells: list[Point | None]  # one per series


@dataclass
class LineChart:
    """Lines over dates: the time axis along the bottom, values up the left."""

    chart_id: str
    title: str
    x_label: str
    y_label: str
    series: list[Series]
    start: dt.date
    end: dt.date
    markers: list[Marker] = field(default_factory=list)
    kind: str = "line"

    width: int = 580
    height: int = 300
    left: int = 104
    right: int = 30
    top: int = 44
    bottom: int = 64
    font_family: str = FONT_FAMILY

    @property
    def axis_y(self) -> int:
        return self.height - self.bottom

    @property
    def axis_end(self) -> int:
        return self.width - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom

    def x_of(self, day: dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        offset = min(max((day - self.start).days, 0), span)
        return self.left + offset / span * (self.axis_end - self.left)

    @cached_property
    def ticks(self) -> list[Tick]:
        top = max((p.value for s in self.series for p in s.points), default=0)
        values = nice_ticks(top)
        return [
            Tick(self.axis_y - _scale(value, values[-1], self.plot_height), value)
            for value in values
        ]

    @cached_property
    def placed(self) -> list[PlacedSeries]:
        top = self.ticks[-1].value
        return [
            PlacedSeries(
                series=series,
                number=number,
                points=[
                    PlacedPoint(
                        point,
                        x,
                        self.axis_y - _scale(point.value, top, self.plot_height),
                        16 if number == 1 else -8,
                        "end" if x > self.axis_end - 40 else "middle",
                    )
                    for point in series.points
                    for x in [self.x_of(point.day)]
                ],
            )
            for number, series in enumerate(self.series, start=1)
        ]

    @cached_property
    def placed_markers(self) -> list[tuple[Marker, float]]:
        return [(marker, self.x_of(marker.day)) for marker in self.markers]

    @cached_property
    def legend(self) -> list[tuple[PlacedSeries, int]]:
        """Each series' key along the bottom: (series, x of its sample line)."""
        return [(placed, self.left + index * 180) for index, placed in enumerate(self.placed)]

    @cached_property
    def day_ticks(self) -> list[tuple[dt.date, float]]:
        days = sorted({self.start, self.end})
        return [(day, self.x_of(day)) for day in days]

    @cached_property
    def table(self) -> list[TableRow]:
        days = sorted({p.day for s in self.series for p in s.points})
        return [
            TableRow(day, [next((p for p in s.points if p.day == day), None) for s in self.series])
            for day in days
        ]
