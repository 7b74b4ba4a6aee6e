"""The "Rekryteringsbehov" tab: the employer's recruitment needs, open ones first.

The need itself is opened and edited in its own screen: Enter or a double-click on a
row asks for it (`need_activated`), and "Nytt behov…" asks for a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services import vocabulary
from desktop.services.vacancies import NeedRow
from desktop.views.person.widgets import OVERDUE_COLOUR, button, heading, row_table
from desktop.views.row_table import RowTableModel
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label

_ModelIndex = QModelIndex | QPersistentModelIndex
CLOSED_COLOUR = "#8a8a8a"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class NeedTableModel(RowTableModel[NeedRow]):
    def __init__(
        self,
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._columns: list[tuple[str, Callable[[NeedRow], str]]] = [
            (self.tr("Titel"), lambda r: r.title),
            (self.tr("Yrke"), lambda r: r.occupation_name),
            (
                self.tr("Tillsatta"),
                lambda r: (
                    self.tr("%1 av %2").replace("%1", str(r.filled)).replace("%2", str(r.positions))
                ),
            ),
            (self.tr("Anställningsform"), lambda r: label(r.form_name)),
            (self.tr("Sista ansökningsdag"), self._deadline),
            (
                self.tr("Status"),
                lambda r: label(vocabulary.NEED_STATUS.get(r.status, r.status)),
            ),
        ]
        self.headers = tuple(title for title, _text in self._columns)

    def need(self, row: int) -> NeedRow | None:
        return self.row_at(row)

    def needs(self) -> list[NeedRow]:
        return self.rows()

    def _passed(self, row: NeedRow) -> bool:
        return row.status == "oppet" and row.apply_by is not None and row.apply_by < self._today()

    def _deadline(self, row: NeedRow) -> str:
        shown = _date(row.apply_by)
        # Said in words too, not by colour alone.
        return self.tr("%1 (passerad)").replace("%1", shown) if self._passed(row) else shown

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        need = self._cell_row(index)
        if need is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return isolated(self._columns[index.column()][1](need))  # see desktop/bidi.py
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return f"{need.occupation_code} {need.occupation_name}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if need.status != "oppet":
                return QBrush(QColor(CLOSED_COLOUR))
            if index.column() == 4 and self._passed(need):
                return QBrush(QColor(OVERDUE_COLOUR))
        return None


class NeedsTab(QWidget):
    """`need_activated(need_id)` opens a need; `new_need_requested()` asks for one."""

    need_activated = Signal(str)
    new_need_requested = Signal()

    def __init__(
        self,
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("needsTab")
        self.setAccessibleName(self.tr("Rekryteringsbehov"))
        self.new_button = button(
            self.tr("&Nytt behov…"), "newNeedButton", self.tr("Nytt rekryteringsbehov")
        )
        self.new_button.clicked.connect(self.new_need_requested)
        self.model = NeedTableModel(today=today, parent=self)
        self.table = row_table(
            "employerNeeds",
            self.tr("Arbetsgivarens rekryteringsbehov"),
            self.model,
            QHeaderView.ResizeMode.Interactive,
        )
        header = self.table.horizontalHeader()
        for column, width in enumerate((220, 300, 80, 140, 150)):
            header.resizeSection(column, width)
        self.table.setWordWrap(False)
        self.table.activated.connect(self._activated)
        self.empty = QLabel(self.tr("Arbetsgivaren har inga rekryteringsbehov ännu."))
        self.empty.setObjectName("noNeeds")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setStyleSheet(SECONDARY_STYLE)
        hint = QLabel(self.tr("Öppna ett behov med Enter eller dubbelklick."))
        hint.setObjectName("needsHint")
        hint.setStyleSheet(SECONDARY_STYLE)
        self.hint = hint

        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Rekryteringsbehov"), "needsHeading"))
        top.addStretch(1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def set_needs(self, rows: Sequence[NeedRow]) -> None:
        self.model.set_rows(rows)
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.table.setVisible(has_rows)
        self.hint.setVisible(has_rows)

    def _activated(self, index: QModelIndex) -> None:
        need = self.model.need(index.row())
        if need is not None:
            self.need_activated.emit(str(need.id))
