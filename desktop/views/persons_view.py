"""Deltagare: the searchable, sortable list of job seekers."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.persons import PersonQuery
from desktop.views.person_list_model import PersonListModel, PersonSource
from desktop.views.text import swedish_number

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SEARCH_DELAY_MS = 120


class PersonDirectory(PersonSource, Protocol):
    def count(self, query: PersonQuery) -> int: ...


class PersonsView(QWidget):
    person_activated = Signal(str)

    def __init__(self, persons: PersonDirectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personsView")
        self.setAccessibleName(self.tr("Deltagare"))
        self._persons = persons

        title = QLabel(self.tr("Deltagare"))
        title.setObjectName("screenTitle")

        self.search = QLineEdit()
        self.search.setObjectName("personSearch")
        self.search.setAccessibleName(self.tr("Sök deltagare"))
        self.search.setPlaceholderText(
            self.tr("Sök på namn, personnummer eller födelsedatum (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)

        self.count_label = QLabel()
        self.count_label.setObjectName("personCount")
        self.count_label.setAccessibleName(self.tr("Antal deltagare"))

        self.model = PersonListModel(persons)
        self.table = QTableView()
        self.table.setObjectName("personTable")
        self.table.setAccessibleName(self.tr("Lista över deltagare"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((180, 160, 110, 120, 110)):
            header.resizeSection(column, width)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._open_current_or_search)
        self.table.activated.connect(self._activated)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)

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

    def _update_count(self, query: PersonQuery | None = None) -> None:
        query = query or self.model.query
        count = self._persons.count(query)
        number = swedish_number(count)
        if query.text.strip():
            text = self.tr("1 träff") if count == 1 else self.tr("%1 träffar").replace("%1", number)
        else:
            text = self.tr("%1 deltagare").replace("%1", number)
        self.count_label.setText(text)

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
        else:
            self.table.setFocus()

    def _activated(self, index: QModelIndex) -> None:
        person_id = self.model.person_id(index.row())
        if person_id is not None:
            self.person_activated.emit(person_id)
