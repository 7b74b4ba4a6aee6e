"""Deltagare: the searchable, sortable list of job seekers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Protocol

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import vocabulary
from desktop.services.persons import PersonQuery
from desktop.views.person_list_model import PersonListModel, PersonSource
from desktop.views.text import label, swedish_number

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SEARCH_DELAY_MS = 120


class PersonDirectory(PersonSource, Protocol):
    def count(self, query: PersonQuery) -> int: ...


@dataclass(frozen=True)
class FilterChoices:
    """What the filter bar offers: municipalities, agents, and who "my cases" means."""

    municipalities: list[tuple[str, str]]  # code, name
    agents: list[tuple[uuid.UUID, str]]  # user id, name
    me: uuid.UUID


class PersonsView(QWidget):
    person_activated = Signal(str)
    new_intake_requested = Signal()

    def __init__(
        self,
        persons: PersonDirectory,
        choices: FilterChoices | None = None,
        parent: QWidget | None = None,
    ) -> None:
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
        self.table = self._build_table()

        self.new_intake_button = QPushButton(self.tr("&Ny inskrivning…"))
        self.new_intake_button.setObjectName("newIntakeButton")
        self.new_intake_button.setAccessibleName(self.tr("Ny inskrivning"))
        self.new_intake_button.setToolTip(self.tr("Skriv in en ny arbetssökande (Ctrl+N)"))
        self.new_intake_button.clicked.connect(self.new_intake_requested)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addSpacing(12)
        top.addWidget(self.new_intake_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
        self._me: uuid.UUID | None = None
        if choices is not None:
            layout.addLayout(self._filter_bar(choices))
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._open_current_or_search)
        self.table.activated.connect(self._activated)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("personTable")
        table.setAccessibleName(self.tr("Lista över deltagare"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((180, 160, 110, 120, 110)):
            header.resizeSection(column, width)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)

        return table

    def _filter_bar(self, choices: FilterChoices) -> QHBoxLayout:
        self._me = choices.me
        self.municipality = QComboBox()
        self.municipality.setObjectName("municipalityFilter")
        self.municipality.setAccessibleName(self.tr("Filtrera på kommun"))
        self.municipality.addItem(self.tr("Alla kommuner"), None)
        for code, name in choices.municipalities:
            self.municipality.addItem(name, code)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.setAccessibleName(self.tr("Filtrera på ärendestatus"))
        self.status.addItem(self.tr("Alla ärendestatus"), None)
        for code, name in vocabulary.CASE_STATUS.items():
            self.status.addItem(label(name), code)
        self.mine = QCheckBox(self.tr("&Mina ärenden"))
        self.mine.setObjectName("myCasesFilter")
        self.mine.setAccessibleName(self.tr("Visa bara mina ärenden"))
        self.agent = QComboBox()
        self.agent.setObjectName("agentFilter")
        self.agent.setAccessibleName(self.tr("Filtrera på handläggare"))
        self.agent.addItem(self.tr("Alla handläggare"), None)
        for user_id, name in choices.agents:
            self.agent.addItem(name, str(user_id))
        bar = QHBoxLayout()
        for widget in (self.municipality, self.status, self.mine, self.agent):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.municipality.currentIndexChanged.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self.agent.currentIndexChanged.connect(self.apply_filters)
        self.mine.toggled.connect(self.apply_filters)
        return bar

    def apply_filters(self) -> None:
        """Show the persons that pass the filters (and the search, if any)."""
        agent: uuid.UUID | None = None
        if self.mine.isChecked():
            agent = self._me
        elif (chosen := self.agent.currentData()) is not None:
            agent = uuid.UUID(chosen)
        self.agent.setEnabled(not self.mine.isChecked())
        query = replace(
            self.model.query,
            text=self.search.text(),
            municipality=self.municipality.currentData(),
            status=self.status.currentData(),
            agent_id=agent,
        )
        self._update_count(query)
        self.model.set_query(query)

    def load(self) -> None:
        """Show the first page; called when the screen is first shown."""
        if self.model.rowCount() == 0:
            self.model.refresh()
        self._update_count()

    def reload(self) -> None:
        """Read the list again (a person was added or changed elsewhere)."""
        self._update_count()
        self.model.refresh()

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
            return
        # Several matches: into the list on the first of them, where Enter opens it.
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        person_id = self.model.person_id(index.row())
        if person_id is not None:
            self.person_activated.emit(person_id)
