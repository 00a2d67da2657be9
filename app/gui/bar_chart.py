"""A small bar chart painted with QPainter (QtCharts is in PySide6-Addons,
which the app does not ship): one bar per labelled value in percent, with an
optional error bar (± standard error) and a dashed reference line.

Mirrors for right-to-left layouts, as the rest of the interface does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#00838f")


@dataclass(frozen=True)
class Bar:
    """One bar: `value` and `error` in percent; `group` picks its colour."""

    label: str
    value: float
    error: float | None = None
    group: int = 0


class BarChart(QWidget):
    """Vertical bars on a 0-100 % axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._legend: list[str] = []
        self._reference: float | None = None
        self._reference_label = ""
        self._empty_text = ""
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(640, 260)

    def set_bars(
        self,
        bars: Sequence[Bar],
        legend: Sequence[str] = (),
        reference: float | None = None,
        reference_label: str = "",
    ) -> None:
        self._bars = list(bars)
        self._legend = list(legend)
        self._reference = reference
        self._reference_label = reference_label
        self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    @property
    def bars(self) -> list[Bar]:
        return list(self._bars)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text_colour = self.palette().text().color()
        metrics = painter.fontMetrics()
        if not self._bars:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        line = metrics.height()
        axis_width = metrics.horizontalAdvance("100%") + 8
        legend_height = line + 6 if self._legend else 0
        plot = QRectF(
            8 if rtl else axis_width, 8 + legend_height,
            self.width() - axis_width - 16, self.height() - 16 - legend_height - 2 * line,
        )  # fmt: skip
        if plot.width() < 20 or plot.height() < 20:
            return

        def y_of(percent: float) -> float:
            return plot.bottom() - plot.height() * max(0.0, min(100.0, percent)) / 100.0

        grid = QColor(text_colour)
        grid.setAlpha(50)
        for percent in (0, 25, 50, 75, 100):
            y = y_of(percent)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(text_colour)
            label_rect = QRectF(plot.right() + 4 if rtl else 0, y - line / 2, axis_width - 6, line)
            align = Qt.AlignmentFlag.AlignLeft if rtl else Qt.AlignmentFlag.AlignRight
            painter.drawText(label_rect, align | Qt.AlignmentFlag.AlignVCenter, f"{percent}%")

        slot = plot.width() / len(self._bars)
        width = max(4.0, min(slot * 0.6, 72.0))
        for index, bar in enumerate(self._bars):
            position = len(self._bars) - 1 - index if rtl else index
            centre = plot.left() + slot * (position + 0.5)
            colour = QColor(PALETTE[bar.group % len(PALETTE)])
            top = y_of(bar.value)
            painter.fillRect(QRectF(centre - width / 2, top, width, plot.bottom() - top), colour)
            if bar.error:
                painter.setPen(QPen(text_colour, 1.5))
                low, high = y_of(bar.value - bar.error), y_of(bar.value + bar.error)
                painter.drawLine(int(centre), int(low), int(centre), int(high))
                for y in (low, high):
                    half = width / 6
                    painter.drawLine(int(centre - half), int(y), int(centre + half), int(y))
            painter.setPen(text_colour)
            label_top = y_of(bar.value + (bar.error or 0.0)) if bar.error else top
            value_rect = QRectF(centre - slot / 2, label_top - line - 2, slot, line)
            painter.drawText(value_rect, Qt.AlignmentFlag.AlignCenter, f"{bar.value:.1f}")
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(slot) - 2)
            label_rect = QRectF(centre - slot / 2, plot.bottom() + 4, slot, 2 * line)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                             label)  # fmt: skip

        if self._reference is not None:
            pen = QPen(QColor("#9b2c2c"), 1.2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = y_of(self._reference)
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            if self._reference_label:
                align = Qt.AlignmentFlag.AlignLeft if rtl else Qt.AlignmentFlag.AlignRight
                painter.drawText(QRectF(plot.left(), y - line - 1, plot.width() - 4, line),
                                 align, self._reference_label)  # fmt: skip

        x = plot.right() if rtl else plot.left()
        for group, name in enumerate(self._legend):
            swatch = line - 4
            text_width = metrics.horizontalAdvance(name)
            if rtl:
                x -= swatch
            colour = QColor(PALETTE[group % len(PALETTE)])
            painter.fillRect(QRectF(x, 8 + 2, swatch, swatch), colour)
            painter.setPen(text_colour)
            if rtl:
                x -= 4 + text_width
                painter.drawText(QRectF(x, 8, text_width, line),
                                 Qt.AlignmentFlag.AlignVCenter, name)  # fmt: skip
                x -= 16
            else:
                painter.drawText(QRectF(x + swatch + 4, 8, text_width, line),
                                 Qt.AlignmentFlag.AlignVCenter, name)  # fmt: skip
                x += swatch + 4 + text_width + 16
