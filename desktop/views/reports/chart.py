"""A horizontal bar chart of one report section, drawn with QPainter.

Drawn here rather than with QtCharts or matplotlib (docs/decisions/0020): the installed
PySide6-Essentials has no QtCharts, matplotlib would add tens of megabytes to the frozen
app and seconds to the first report, and a report needs labelled bars, nothing more.
The numbers are always in the table beside the chart, which is what a screen reader
reads; the chart's accessible name says what it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.services.reports.model import Chart
from desktop.views.text import swedish_number

BAR_HEIGHT = 18
GAP = 6
BAR_COLOUR = QColor("#1f4e79")
TRACK_COLOUR = QColor("#e8edf3")
LABEL_WIDTH_MAX = 220
VALUE_WIDTH = 70


def shown(value: float, unit: str) -> str:
    """12 345, 7,5 or 40 %: Swedish decimals and thousands."""
    if float(value).is_integer():
        text = swedish_number(int(value))
    else:
        text = f"{value:.1f}".replace(".", ",")
    return f"{text} %" if unit == "%" else text


class BarChart(QWidget):
    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setObjectName("reportChart")
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(
            "; ".join(
                f"{label}: {shown(value, chart.unit)}"
                for label, value in zip(chart.labels, chart.values, strict=True)
            )
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(280)

    def sizeHint(self) -> QSize:
        rows = max(len(self.chart.labels), 1)
        return QSize(420, rows * (BAR_HEIGHT + GAP) + GAP)

    def minimumSizeHint(self) -> QSize:
        return QSize(280, self.sizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        labels = self.chart.labels
        label_width = min(
            max((metrics.horizontalAdvance(label) for label in labels), default=0) + 16,
            LABEL_WIDTH_MAX,
        )
        left = label_width
        track = max(self.width() - left - VALUE_WIDTH, 20)
        top = max(self.chart.values, default=0.0) or 1.0
        text_colour = self.palette().text().color()
        for row, (label, value) in enumerate(zip(labels, self.chart.values, strict=True)):
            y = GAP + row * (BAR_HEIGHT + GAP)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y, label_width - 8, BAR_HEIGHT),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8),
            )
            painter.fillRect(QRectF(left, y, track, BAR_HEIGHT), TRACK_COLOUR)
            painter.fillRect(QRectF(left, y, track * value / top, BAR_HEIGHT), BAR_COLOUR)
            painter.drawText(
                QRectF(left + track + 6, y, VALUE_WIDTH - 6, BAR_HEIGHT),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                shown(value, self.chart.unit),
            )
        painter.end()
