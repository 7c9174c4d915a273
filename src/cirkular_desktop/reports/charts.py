"""Charts for the project report, drawn with ReportLab graphics in the embedded font.

Every string in a chart names its font explicitly: ReportLab's graphics
default to Helvetica, which would leave a non-embedded base-14 font in the
PDF and cannot draw Sámi letters.

Imports: reportlab, reports (fonts, layout).
"""

from __future__ import annotations

from typing import Callable, Sequence, Union

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.units import mm

from cirkular_desktop.reports import fonts
from cirkular_desktop.reports.layout import CONTENT_WIDTH, FONT, FONT_BOLD, GREEN, GREY, LIGHT_GREEN, RULE

ACCENT = colors.HexColor("#4F9A76")
Format = Union[str, Callable[[float], str]]


def _drawing(width: float, height: float) -> Drawing:
    # The renderer starts every drawing with this font; left alone it is Helvetica.
    return Drawing(width, height, initialFontName=FONT, initialFontSize=8)


def _rect(x: float, y: float, width: float, height: float, *, fill: Color, stroke: Color | None,
          stroke_width: float | None = None) -> Rect:
    """A filled rectangle. Its colours are set as attributes, as Rect's keywords would set them: typeshed's
    stubs annotate those keywords as one dictionary each, so keyword arguments would not type-check."""
    rect = Rect(x, y, width, height)
    rect.fillColor, rect.strokeColor = fill, stroke
    if stroke_width is not None:
        rect.strokeWidth = stroke_width
    return rect


def progress(done: int, target: int, label: str, width: float = CONTENT_WIDTH) -> Drawing:
    """A bar filled to ``done`` of ``target`` with a caption, e.g. "17 of 24 (71 %)"."""
    height = 16 * mm
    drawing = _drawing(width, height)
    bar_h = 6 * mm
    y = 3 * mm
    drawing.add(_rect(0, y, width, bar_h, fill=LIGHT_GREEN, stroke=RULE, stroke_width=0.5))
    share = 0 if target <= 0 else min(done / target, 1)
    if share > 0:
        drawing.add(_rect(0, y, width * share, bar_h, fill=GREEN, stroke=None))
    drawing.add(String(0, y + bar_h + 2.5 * mm, fonts.single_font(label), fontName=FONT_BOLD, fontSize=9, fillColor=colors.black))
    for step in range(1, 4):  # quarter marks make the share readable at a glance
        x = width * step / 4
        drawing.add(Line(x, y, x, y + bar_h, strokeColor=colors.white if share * 4 >= step else RULE,
                         strokeWidth=0.6))
    return drawing


def _shorten(text: str, limit: int) -> str:
    text = fonts.single_font(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def vertical_bars(labels: Sequence[str], values: Sequence[float], *, height: float = 55 * mm,
                  width: float = CONTENT_WIDTH, value_format: Format = "%d", label_limit: int = 16) -> Drawing:
    """Vertical bars with the value above each bar and the category under it."""
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    # (typeshed's stubs type a plot area's place and size as int; ReportLab takes any number)
    chart.x, chart.y = 10 * mm, 14 * mm  # type: ignore[assignment]
    chart.width, chart.height = width - 14 * mm, height - 20 * mm  # type: ignore[assignment]
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = [_shorten(s, label_limit) for s in labels] or [""]
    _style(chart, value_format, max(values) if values else 0)
    chart.categoryAxis.labels.angle = 0 if len(labels) <= 6 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(labels) <= 6 else "ne"
    chart.categoryAxis.labels.dy = -2
    drawing.add(chart)
    return drawing


def horizontal_bars(labels: Sequence[str], values: Sequence[float], *, width: float = CONTENT_WIDTH,
                    value_format: Format = "%d", label_width: float = 48 * mm) -> Drawing:
    """Horizontal bars, one row per category, for long category names (materials)."""
    row = 7 * mm
    height = max(len(labels), 1) * row + 12 * mm
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 8 * mm  # type: ignore[assignment]  # (floats: see vertical_bars)
    chart.width, chart.height = width - label_width - 14 * mm, height - 12 * mm  # type: ignore[assignment]
    # The first category is drawn at the bottom; reverse so the list reads top-down like the table.
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = [_shorten(s, 30) for s in reversed(labels)] or [""]
    _style(chart, value_format, max(values) if values else 0)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.barLabels.boxAnchor = "w"   # the value starts just right of its bar, never over it
    chart.barLabels.dx = 3
    chart.barLabels.nudge = 0
    drawing.add(chart)
    return drawing


def _style(chart: VerticalBarChart | HorizontalBarChart, value_format: Format, top: float) -> None:
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barWidth = 6
    chart.groupSpacing = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(top * 1.15, 1)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = GREY
    chart.valueAxis.labelTextFormat = value_format
    if value_format == "%d":
        chart.valueAxis.valueStep = max(1, round(max(top, 1) * 1.15 / 5))
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.strokeColor = RULE
    chart.barLabels.fontName = FONT_BOLD
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = value_format
    chart.barLabels.nudge = 6
    chart.barLabels.boxAnchor = "s"
