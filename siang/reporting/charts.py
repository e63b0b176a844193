"""Charts drawn by the server as SVG: bars, trend lines and a funnel.

No JavaScript and no inline style: shapes carry class names (styled in static/css/charts.css) and
presentation attributes as a fallback, so a chart still reads in a PDF or with CSS off. Every chart
keeps the table behind it; `templates/reporting/charts/chart.html` shows the SVG for the eye and the
table for screen readers and for download (CSV).

The drawing is a fixed 340-unit-wide viewBox scaled to the page (width 100%), so the text stays
readable on a 360 px phone and simply grows on a desktop up to the figure's max width.

    chart = bar_chart([("แพร่", 47), ("น่าน", 12)], title=_("Units with no Admin"))
    {% include "reporting/charts/chart.html" with chart=chart %}
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from siang.lib.spreadsheets import csv_writer

Number = int | float

WIDTH = 340
FONT = 14
SMALL = 12
MAX_LABEL_CHARS = 44
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
BRAND = "#1d3a6e"


@dataclass(frozen=True)
class Chart:
    """One chart: the SVG for the eye and the table behind it."""

    kind: str  # "bar", "line" or "funnel"
    chart_id: str
    title: str
    description: str
    svg: SafeString
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    csv_url: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def title_id(self) -> str:
        return f"{self.chart_id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.chart_id}-desc"

    def with_csv_url(self, url: str) -> Chart:
        """The same chart with a link to download its table."""
        return dataclasses.replace(self, csv_url=url)

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buffer.getvalue()


def chart_csv_response(chart: Chart, filename: str) -> HttpResponse:
    """The table behind a chart as a CSV download (UTF-8 with BOM, so Excel reads the Thai)."""
    response = HttpResponse("\ufeff" + chart.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def format_number(value: Number | None) -> str:
    """1234 → '1,234'; 0.5 → '0.5'; None → '–' (no data)."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def format_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


# --- bars -----------------------------------------------------------------------------------------

BAR_ROW = 40  # label line + bar
BAR_HEIGHT = 14


def bar_chart(
    rows: Sequence[tuple[str, Number | None]],
    *,
    title: str,
    description: str = "",
    label_header: str | None = None,
    value_header: str | None = None,
    max_value: Number | None = None,
    value_format: Callable[[Number | None], str] = format_number,
    chart_id: str | None = None,
    csv_url: str | None = None,
) -> Chart:
    """Horizontal bars, one per row, the label above its bar (long Thai names fit a phone)."""
    top = max((v for _label, v in rows if v is not None), default=0)
    scale_max = max_value if max_value is not None else top
    bar_space = WIDTH - 60  # room for the value after the longest bar
    height = max(BAR_ROW * len(rows), BAR_ROW) + 4
    parts: list[str] = []
    for index, (label, value) in enumerate(rows):
        y = index * BAR_ROW
        text = value_format(value)
        length = _scaled(value, scale_max, bar_space)
        parts.append(
            _el(
                "g",
                {"class": "chart-row", "data-label": label, "data-value": _raw(value)},
                _el("title", {}, f"{label}: {text}"),
                _el("text", {"class": "chart-label", "x": 0, "y": y + FONT, "font-size": FONT}, _clip(label)),
                _el(
                    "rect",
                    {**_bar(0, y + 20, bar_space, BAR_HEIGHT), "class": "chart-track", "fill": "#eef1f5"},
                ),
                _el("rect", {**_bar(0, y + 20, length, BAR_HEIGHT), "class": "chart-bar", "fill": BRAND}),
                _el(
                    "text",
                    {"class": "chart-value", "x": f"{length + 4:.1f}", "y": y + 32, "font-size": FONT},
                    text,
                ),
            )
        )
    if not rows:
        parts.append(_empty(y=FONT + 4))
    chart_id = chart_id or _make_id("bar", title)
    header = (label_header or _("Item"), value_header or _("Value"))
    table = tuple((label, value_format(value)) for label, value in rows)
    return Chart(
        kind="bar",
        chart_id=chart_id,
        title=title,
        description=description,
        svg=_svg("bar", chart_id, title, description, height, parts),
        header=header,
        rows=table,
        csv_url=csv_url,
    )


# --- trend lines ----------------------------------------------------------------------------------

PLOT_LEFT = 40
PLOT_RIGHT = WIDTH - 24
PLOT_TOP = 10
PLOT_HEIGHT = 150
MAX_X_LABELS = 4  # "มิ.ย. 2569" is about 55 px wide; more than four run into each other


def line_chart(
    series: Sequence[tuple[str, Sequence[Number | None]]],
    x_labels: Sequence[str],
    *,
    title: str,
    description: str = "",
    x_header: str | None = None,
    min_value: Number | None = 0,
    max_value: Number | None = None,
    value_format: Callable[[Number | None], str] = format_number,
    chart_id: str | None = None,
    csv_url: str | None = None,
) -> Chart:
    """Lines over time (months, fiscal years). `None` is a gap (no data), not a zero.

    Each series gets its own dash pattern as well as its colour, so it reads in black and white.
    """
    for name, values in series:
        if len(values) != len(x_labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(x_labels)} labels")
    known = [v for _, values in series for v in values if v is not None]
    low = min_value if min_value is not None else min(known, default=0)
    high = max_value if max_value is not None else max(known, default=0)
    ticks = _nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    plot_bottom = PLOT_TOP + PLOT_HEIGHT
    legend_top = plot_bottom + 34
    height = legend_top + 18 * len(series) + 4
    count = len(x_labels)
    step = (PLOT_RIGHT - PLOT_LEFT) / max(count - 1, 1)

    def x_at(i: int) -> float:
        return PLOT_LEFT + (i * step if count > 1 else (PLOT_RIGHT - PLOT_LEFT) / 2)

    def y_at(v: Number) -> float:
        span = (high - low) or 1
        return plot_bottom - (v - low) / span * PLOT_HEIGHT

    parts: list[str] = []
    for tick in ticks:
        y = y_at(tick)
        parts.append(
            _el(
                "line",
                {
                    "class": "chart-grid",
                    "x1": PLOT_LEFT,
                    "y1": f"{y:.1f}",
                    "x2": PLOT_RIGHT,
                    "y2": f"{y:.1f}",
                },
            )
            + _el("text", {**_axis(PLOT_LEFT - 4, y + 4), "text-anchor": "end"}, value_format(tick))
        )
    for i in _labelled_indices(count):
        label = x_labels[i]
        parts.append(_el("text", {**_axis(x_at(i), plot_bottom + 16), "text-anchor": "middle"}, label))
    for number, (name, values) in enumerate(series):
        css = f"chart-series chart-series-{number % len(SERIES_DASHES)}"
        dash = SERIES_DASHES[number % len(SERIES_DASHES)]
        stroke = {"stroke": BRAND, "stroke-width": 2, "stroke-dasharray": dash or None}
        for segment in _segments(values):
            points = " ".join(f"{x_at(i):.1f},{y_at(v):.1f}" for i, v in segment)
            parts.append(_el("polyline", {"class": css, "points": points, "fill": "none", **stroke}))
        for i, value in enumerate(values):
            if value is None:
                continue
            point = {
                "class": f"{css} chart-point",
                "cx": f"{x_at(i):.1f}",
                "cy": f"{y_at(value):.1f}",
                "r": 3,
            }
            tip = f"{name} · {x_labels[i]}: {value_format(value)}"
            parts.append(
                _el("circle", {**point, "fill": BRAND, "data-value": _raw(value)}, _el("title", {}, tip))
            )
        y = legend_top + 18 * number
        parts.append(
            _el(
                "line",
                {"class": css, "x1": PLOT_LEFT, "y1": y - 4, "x2": PLOT_LEFT + 24, "y2": y - 4, **stroke},
            )
            + _el(
                "text",
                {"class": "chart-label", "x": PLOT_LEFT + 30, "y": y, "font-size": SMALL + 1},
                _clip(name),
            )
        )
    if not known:
        parts.append(_empty(y=PLOT_TOP + PLOT_HEIGHT / 2))
    chart_id = chart_id or _make_id("line", title)
    header = (x_header or _("Period"), *(name for name, _values in series))
    table = tuple(
        (label, *(value_format(values[i]) for _name, values in series)) for i, label in enumerate(x_labels)
    )
    return Chart(
        kind="line",
        chart_id=chart_id,
        title=title,
        description=description,
        svg=_svg("line", chart_id, title, description, height, parts),
        header=header,
        rows=table,
        csv_url=csv_url,
    )


# --- funnel ---------------------------------------------------------------------------------------

FUNNEL_ROW = 42
FUNNEL_SPACE = WIDTH - 84  # the bars, centred; the count and share sit to their right
FUNNEL_HEIGHT = 18


def funnel_chart(
    steps: Sequence[tuple[str, int]],
    *,
    title: str,
    description: str = "",
    step_header: str | None = None,
    count_header: str | None = None,
    chart_id: str | None = None,
    csv_url: str | None = None,
) -> Chart:
    """Steps in order, each bar centred and as wide as its share of the first step.

    The label has its own line (long Thai step names fit a phone); the count and share follow the bar.
    """
    first = steps[0][1] if steps else 0
    height = max(FUNNEL_ROW * len(steps), FUNNEL_ROW) + 4
    parts: list[str] = []
    table = []
    for index, (label, count) in enumerate(steps):
        y = index * FUNNEL_ROW
        share = count / first * 100 if first else None
        length = _scaled(count, first, FUNNEL_SPACE)
        x = (FUNNEL_SPACE - length) / 2
        text = (
            f"{format_number(count)} ({format_percent(share)})" if share is not None else format_number(count)
        )
        parts.append(
            _el(
                "g",
                {"class": "chart-row", "data-label": label, "data-value": count},
                _el("title", {}, f"{label}: {text}"),
                _el("text", {"class": "chart-label", "x": 0, "y": y + FONT, "font-size": FONT}, _clip(label)),
                _el(
                    "text",
                    {
                        "class": "chart-value",
                        "x": WIDTH,
                        "y": y + 18 + FONT,
                        "font-size": FONT,
                        "text-anchor": "end",
                    },
                    text,
                ),
                _el(
                    "rect",
                    {
                        **_bar(x, y + 18, length, FUNNEL_HEIGHT),
                        "class": "chart-bar",
                        "fill": BRAND,
                    },
                ),
            )
        )
        table.append((label, format_number(count), format_percent(share)))
    if not steps:
        parts.append(_empty(y=FONT + 4))
    chart_id = chart_id or _make_id("funnel", title)
    header = (step_header or _("Stage"), count_header or _("Number of units"), _("Share of the first step"))
    return Chart(
        kind="funnel",
        chart_id=chart_id,
        title=title,
        description=description,
        svg=_svg("funnel", chart_id, title, description, height, parts),
        header=header,
        rows=tuple(table),
        csv_url=csv_url,
    )


# --- helpers --------------------------------------------------------------------------------------


def _svg(
    kind: str, chart_id: str, title: str, description: str, height: float, parts: list[str]
) -> SafeString:
    desc = description or title
    body = "".join(parts)
    return mark_safe(  # noqa: S308 — every element came from _el(), which escapes
        f'<svg class="chart chart-{kind}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _make_id(kind: str, title: str) -> str:
    return f"chart-{kind}-{hashlib.sha1(title.encode()).hexdigest()[:8]}"  # noqa: S324 — an id, not security


def _scaled(value: Number | None, top: Number, length: float) -> float:
    if not value or not top or value < 0:
        return 0.0
    return min(value / top, 1.0) * length


def _raw(value: Number | None) -> str:
    return "" if value is None else str(value)


def _clip(label: str) -> str:
    """Shorten a label that would run off a phone's width; the table keeps it whole.

    Thai vowels and tone marks above or below a letter take no width, so they are not counted.
    """
    width = 0
    for index, char in enumerate(label):
        if unicodedata.category(char) != "Mn":
            width += 1
        if width > MAX_LABEL_CHARS:
            return label[:index].rstrip() + "…"
    return label


def _empty(*, y: float) -> str:
    attrs = {
        "class": "chart-empty",
        "x": WIDTH / 2,
        "y": f"{y:.0f}",
        "font-size": FONT,
        "text-anchor": "middle",
    }
    return _el("text", attrs, _("No data yet"))


def _el(tag: str, attrs: dict[str, object], *children: str) -> SafeString:
    """One SVG element. Attribute values and text are escaped; elements built here are safe already."""
    attributes = "".join(
        f' {name}="{escape(str(value))}"' for name, value in attrs.items() if value is not None
    )
    if not children:
        return mark_safe(f"<{tag}{attributes}/>")  # noqa: S308 — escaped above
    inner = "".join(conditional_escape(child) for child in children)
    return mark_safe(f"<{tag}{attributes}>{inner}</{tag}>")  # noqa: S308 — escaped above


def _bar(x: float, y: float, width: float, height: float) -> dict[str, object]:
    return {"x": f"{x:.1f}", "y": y, "width": f"{width:.1f}", "height": height}


def _axis(x: float, y: float) -> dict[str, object]:
    return {"class": "chart-axis", "x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": SMALL}


def _segments(values: Sequence[Number | None]) -> list[list[tuple[int, Number]]]:
    """Runs of known values; a gap (None) breaks the line."""
    runs: list[list[tuple[int, Number]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((i, value))
    return [run for run in runs if run]


def _labelled_indices(count: int) -> list[int]:
    """Which x labels to print so that at most MAX_X_LABELS fit a phone; the last one always shows."""
    every = max(1, math.ceil(count / MAX_X_LABELS))
    shown = list(range(0, count, every))
    if count and shown[-1] != count - 1:
        if count - 1 - shown[-1] < every and len(shown) > 1:
            shown.pop()
        shown.append(count - 1)
    return shown


def _nice_ticks(low: Number, high: Number, count: int = 4) -> list[Number]:
    """Round axis values: 0, 25, 50, 75, 100 rather than 0, 23.7, …"""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks: list[Number] = []
    value = start
    while value < high + step / 2:
        ticks.append(int(value) if float(value).is_integer() else round(value, 6))
        if value >= high:
            break
        value += step
    return ticks
