"""A report on the municipality's letterhead: a heading, a few facts (scope, period, when
made), then per section its heading, a bar chart, a note and the table.

Charts are drawn with reportlab.graphics (no Qt, no matplotlib): horizontal bars for a
few named categories, vertical bars for a run of months or years. The caller hands plain
text and numbers (`PdfSection`); the services format the cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.documents import fonts, record_tables
from desktop.documents.letterhead import ACCENT, MUTED, RULE, TEXT_WIDTH, styles

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

MM = 72 / 25.4
BAR = "#4f7cac"


@dataclass(frozen=True)
class PdfChart:
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str = ""


@dataclass(frozen=True)
class PdfSection:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # cells as printed ("1 234", "12,5", "2026-01-31")
    numeric: tuple[bool, ...]  # per column: right-aligned figures
    chart: PdfChart | None = None
    note: str | None = None


def number(value: float) -> str:
    """A figure as Swedish print writes it: "12 345", "12,5"."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")


VERTICAL_FROM = 10  # bars: a run of months is drawn upright from this many
VERTICAL_HEIGHT = 150.0
BAR_ROW = 15.0
TITLE_HEIGHT = 16


def chart_height(spec: PdfChart | None) -> float:
    if spec is None or not spec.values:
        return 0.0
    count = len(spec.values)
    plot = VERTICAL_HEIGHT if count >= VERTICAL_FROM else count * BAR_ROW + 14
    return plot + TITLE_HEIGHT


def chart(spec: PdfChart) -> Flowable:  # noqa: PLR0915 - a chart is many settings
    """A bar chart as wide as the text; one bar a label, its value printed beside it."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import HexColor

    fonts.register()
    count = max(1, len(spec.values))
    top = max([0.0, *spec.values])
    vertical = count >= VERTICAL_FROM
    title_height = TITLE_HEIGHT
    if vertical:
        height = VERTICAL_HEIGHT
        drawing = Drawing(TEXT_WIDTH, height + title_height)
        bars = VerticalBarChart()
        bars.x, bars.y = 28, 34
        bars.width, bars.height = TEXT_WIDTH - 36, height - 44
        bars.categoryAxis.labels.angle = 45 if count > 14 else 0
        bars.categoryAxis.labels.boxAnchor = "ne" if count > 14 else "n"
        bars.categoryAxis.labels.dy = -2
        bars.valueAxis.labels.fontName = fonts.REGULAR
        bars.valueAxis.labels.fontSize = 7
        bars.valueAxis.visibleGrid = True
        bars.valueAxis.gridStrokeColor = HexColor(RULE)
        bars.valueAxis.gridStrokeWidth = 0.3
        bars.barLabels.nudge = 6
    else:
        row = BAR_ROW
        height = count * row + 14
        label_width = 150.0
        drawing = Drawing(TEXT_WIDTH, height + title_height)
        bars = HorizontalBarChart()
        bars.x, bars.y = label_width, 6
        bars.width, bars.height = TEXT_WIDTH - label_width - 40, count * row
        bars.categoryAxis.reverseDirection = True  # the first label on top
        bars.categoryAxis.labels.boxAnchor = "e"
        bars.categoryAxis.labels.dx = -4
        bars.valueAxis.visible = False
        bars.barLabels.boxAnchor = "w"
        bars.barLabels.dx = 3
    bars.data = [list(spec.values) or [0.0]]
    bars.categoryAxis.categoryNames = list(spec.labels) or [""]
    bars.categoryAxis.labels.fontName = fonts.REGULAR
    bars.categoryAxis.labels.fontSize = 7.5
    bars.categoryAxis.strokeColor = HexColor(RULE)
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = top * 1.12 if top > 0 else 1
    bars.valueAxis.strokeColor = HexColor(RULE)
    bars.bars[0].fillColor = HexColor(BAR)
    bars.bars[0].strokeColor = None
    bars.barLabelFormat = number
    bars.barLabels.fontName = fonts.REGULAR
    bars.barLabels.fontSize = 7
    bars.barLabels.fillColor = HexColor(MUTED)
    drawing.add(bars)
    caption = spec.title + (f" ({spec.unit})" if spec.unit else "")
    drawing.add(
        String(
            0, height + 4, caption, fontName=fonts.BOLD, fontSize=8.5, fillColor=HexColor(ACCENT)
        )
    )
    return drawing


def _table(section: PdfSection) -> Flowable:
    from reportlab.platypus import TableStyle

    # Figures get narrow columns; the text columns share what is left.
    numbers = sum(section.numeric) or 1
    figure = min(0.2, 0.6 / numbers)
    texts = len(section.numeric) - sum(section.numeric)
    text = (1 - figure * sum(section.numeric)) / max(1, texts)
    widths = [figure if numeric else text for numeric in section.numeric]
    table = record_tables.table(section.columns, section.rows, widths, what="Rapporten")
    aligned = [
        ("ALIGN", (i, 1), (i, -1), "RIGHT") for i, numeric in enumerate(section.numeric) if numeric
    ]
    if aligned:
        table.setStyle(TableStyle(aligned))
    return table


def story(
    title: str, facts: Sequence[tuple[str, str]], sections: Sequence[PdfSection], *, intro: str = ""
) -> list[Flowable]:
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

    s = styles()
    parts: list[Flowable] = [fonts.text_paragraph(title, s.title, what="Rubriken")]
    parts.append(record_tables.facts(list(facts)))
    if intro:
        parts.append(record_tables.paragraph(intro, small=True))
    for section in sections:
        # A section starts on a new page when its chart and a few rows would not fit;
        # its table may then run on over pages, the header repeated.
        room = chart_height(section.chart) + 45 * MM
        parts.append(CondPageBreak(room))
        head: list[Flowable] = [*record_tables.section(section.title)]
        if section.chart is not None and section.chart.values:
            head += [chart(section.chart), Spacer(1, 4)]
        if section.note:
            head.append(record_tables.paragraph(section.note, small=True))
        # Ends the group with something not kept with the next: the table may split.
        head.append(Spacer(1, 2))
        parts.append(KeepTogether(head))
        if section.rows:
            parts.append(_table(section))
        else:
            parts.append(record_tables.empty("Inga uppgifter för perioden."))
    return parts
