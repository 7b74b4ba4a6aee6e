"""What the Deltagare and Arbetsgivare lists share: search as you type, a count in the
header, sorting by the indexed columns only, Ctrl+F, and Enter or a double-click to open.

A screen builds its own title, filters and layout, sets `search`, `count_label`, `model`
and `table`, and calls `_wire_search()`; `record_activated(record_id)` opens a row.

An empty list is never a blank table: `empty` (over the table) says why it is empty —
nothing matches the search, the filters leave nothing, or there are no records yet —
and what to do; each list words it in `_empty_text`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.views import accessible
from desktop.views.keyset_model import SortableKeysetModel
from desktop.views.list_keys import go_to_ends
from desktop.views.list_table import list_rows
from desktop.views.style import EMPTY_STATE_STYLE
from desktop.views.text import swedish_number

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SEARCH_DELAY_MS = 120


def chosen_agent(mine: QCheckBox, agent: QComboBox, me: uuid.UUID | None) -> uuid.UUID | None:
    """The agent whose records the list shows: the user when Mina is ticked (whatever the
    agent filter says), else the agent chosen, else anyone (None)."""
    if mine.isChecked():
        return me
    chosen = agent.currentData()
    return None if chosen is None else uuid.UUID(chosen)


class Counted(Protocol):
    def count(self, query: Any) -> int: ...


class RecordList(QWidget):
    record_activated = Signal(str)

    search: QLineEdit
    count_label: QLabel
    model: SortableKeysetModel[Any, Any]
    table: QTableView
    _source: Counted

    def _noun(self, number: str) -> str:
        """How many records there are, without a search; each list says "12 deltagare"."""
        return number

    def _empty_text(self, why: str, text: str) -> str:
        """What an empty list says: `why` is "search" (nothing matches `text`), "filters"
        (the filters leave nothing) or "none" (no records yet)."""
        return ""

    def _sorted_table(
        self,
        name: str,
        accessible: str,
        widths: Sequence[int],
        *,
        stretch: int | None = None,
    ) -> QTableView:
        """The list's table; `stretch` is the column given the width left over (the
        last one unless said), so that names are not cut while a date takes half."""
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setModel(self.model)
        go_to_ends(table)  # Ctrl+End: the last row of the list, fetched if need be
        list_rows(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(stretch is None)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(table.viewport())
        self.empty.setObjectName("emptyState")
        self.empty.setStyleSheet(EMPTY_STATE_STYLE)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.empty.hide()
        over = QVBoxLayout(table.viewport())
        over.addWidget(self.empty, 0, Qt.AlignmentFlag.AlignTop)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        return table

    def _wire_search(self) -> None:
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._open_current_or_search)
        self.table.activated.connect(self._activated)
        find = QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        find.setWhatsThis(self.tr("Sök i listan"))  # listed by Hjälp → Kortkommandon

    def load(self) -> None:
        """Show the first page; called when the screen is first shown."""
        if self.model.rowCount() == 0:
            self.model.refresh()
        self._update_count()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_search(self) -> None:
        self._search_timer.stop()
        # Counting first also tells the service how large the match set is, which it
        # uses to plan the page query.
        text = self.search.text()
        self._update_count(replace(self.model.query, text=text))
        self.model.set_search(text)

    def _update_count(self, query: Any = None) -> None:
        query = query or self.model.query
        count = self._source.count(query)
        number = swedish_number(count)
        if query.text.strip():
            text = self.tr("1 träff") if count == 1 else self.tr("%1 träffar").replace("%1", number)
        else:
            text = self._noun(number)
        self.count_label.setText(text)
        self._say_why_empty(count, query)

    def _say_why_empty(self, count: int, query: Any) -> None:
        if count:
            self.empty.hide()
            accessible.say_reason(self.table, "")
            return
        if query.text.strip():
            why = "search"
        elif query.filters():
            why = "filters"
        else:
            why = "none"
        text = self._empty_text(why, query.text.strip())
        if why == "search" and query.filters():
            text += " " + self.tr(
                "Filtren begränsar också sökningen: välj \u201dAlla\u201d i dem för att söka "
                "bland alla."
            )
        self.empty.setText(text)
        self.empty.setAccessibleName(text)
        self.table.setAccessibleDescription(text)
        self.empty.show()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self.model.is_sortable(column):
            self.model.sort(column, order)
            return
        # Only indexed columns sort; put the indicator back on the one that does.
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        order = (
            Qt.SortOrder.DescendingOrder
            if self.model.query.descending
            else Qt.SortOrder.AscendingOrder
        )
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)

    def _open_current_or_search(self) -> None:
        if self._search_timer.isActive():
            self.apply_search()
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount() == 1:
            index = self.model.index(0, 0)
        if index.isValid():
            self._activated(index)
            return
        # Several matches: into the list on the first of them, where Enter opens it.
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        record_id = self.model.row_id(index.row())
        if record_id is not None:
            self.record_activated.emit(record_id)
