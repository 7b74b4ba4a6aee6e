"""Arbetsgivare: the searchable, sortable, filterable list of the employer register."""

from __future__ import annotations

import uuid
from dataclasses import replace
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
from desktop.services.employers import EmployerQuery
from desktop.services.reference import Choice
from desktop.views.employer_list_model import EmployerListModel, EmployerSource
from desktop.views.persons_view import FilterChoices
from desktop.views.text import label, swedish_number

__all__ = ["NOT_CONTACTED_DAYS", "EmployerDirectory", "EmployersView", "FilterChoices"]

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SEARCH_DELAY_MS = 120
# What "not contacted for" offers: the rhythms agents keep in touch with employers by.
NOT_CONTACTED_DAYS = (30, 90, 180, 365)


class EmployerDirectory(EmployerSource, Protocol):
    def count(self, query: EmployerQuery) -> int: ...

    def industries(self) -> list[Choice]: ...


class EmployersView(QWidget):
    """`employer_activated(employer_id)` opens an employer; `new_employer_requested()`
    asks for the new-employer dialog. The filter bar takes the persons list's
    FilterChoices (municipalities, agents, and who "my employers" means)."""

    employer_activated = Signal(str)
    new_employer_requested = Signal()

    def __init__(
        self,
        employers: EmployerDirectory,
        choices: FilterChoices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("employersView")
        self.setAccessibleName(self.tr("Arbetsgivare"))
        self._employers = employers
        self._me = choices.me

        title = QLabel(self.tr("Arbetsgivare"))
        title.setObjectName("screenTitle")
        title.setAccessibleName(title.text())

        self.search = QLineEdit()
        self.search.setObjectName("employerSearch")
        self.search.setAccessibleName(self.tr("Sök arbetsgivare"))
        self.search.setPlaceholderText(self.tr("Sök på namn eller organisationsnummer (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)

        self.count_label = QLabel()
        self.count_label.setObjectName("employerCount")
        self.count_label.setAccessibleName(self.tr("Antal arbetsgivare"))
        self.count_label.setStyleSheet("color: #444;")

        self.model = EmployerListModel(employers)
        self.table = self._build_table()

        self.new_employer_button = QPushButton(self.tr("&Ny arbetsgivare…"))
        self.new_employer_button.setObjectName("newEmployerButton")
        self.new_employer_button.setAccessibleName(self.tr("Ny arbetsgivare"))
        self.new_employer_button.setToolTip(self.tr("Lägg in en arbetsgivare i registret"))
        self.new_employer_button.clicked.connect(self.new_employer_requested)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addSpacing(12)
        top.addWidget(self.new_employer_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.search)
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
        table.setObjectName("employerTable")
        table.setAccessibleName(self.tr("Lista över arbetsgivare"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        # One line a row, cut at the column's edge (the tooltip has the whole text).
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((240, 150, 100, 80, 170, 75, 130)):
            header.resizeSection(column, width)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        return table

    def _combo(self, name: str, accessible: str, everything: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.addItem(everything, None)
        box.currentIndexChanged.connect(self.apply_filters)
        return box

    def _filter_bar(self, choices: FilterChoices) -> QVBoxLayout:
        self.municipality = self._combo(
            "employerMunicipalityFilter", self.tr("Filtrera på kommun"), self.tr("Alla kommuner")
        )
        for code, name in choices.municipalities:
            self.municipality.addItem(name, code)
        self.sector = self._combo(
            "sectorFilter", self.tr("Filtrera på sektor"), self.tr("Alla sektorer")
        )
        for code, name in vocabulary.SECTOR.items():
            self.sector.addItem(label(name), code)
        self.industry = self._combo(
            "industryFilter", self.tr("Filtrera på bransch"), self.tr("Alla branscher")
        )
        # Long SNI names would make the bar wider than the window.
        self.industry.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.industry.setMinimumContentsLength(18)
        self._fill_industries()
        self.status = self._combo(
            "relationshipStatusFilter",
            self.tr("Filtrera på status"),
            self.tr("Alla statusar"),
        )
        for code, name in vocabulary.EMPLOYER_STATUS.items():
            self.status.addItem(label(name), code)
        self.mine = QCheckBox(self.tr("&Mina arbetsgivare"))
        self.mine.setObjectName("myEmployersFilter")
        self.mine.setAccessibleName(self.tr("Visa bara arbetsgivare jag är ansvarig för"))
        self.mine.toggled.connect(self.apply_filters)
        self.agent = self._combo(
            "employerAgentFilter",
            self.tr("Filtrera på ansvarig handläggare"),
            self.tr("Alla ansvariga"),
        )
        for user_id, name in choices.agents:
            self.agent.addItem(name, str(user_id))
        self.not_contacted = self._combo(
            "notContactedFilter",
            self.tr("Filtrera på senaste kontakt"),
            self.tr("Oavsett senaste kontakt"),
        )
        for days in NOT_CONTACTED_DAYS:
            text = (
                self.tr("Ej kontaktad på ett år")
                if days == 365
                else self.tr("Ej kontaktad på %1 dagar").replace("%1", str(days))
            )
            self.not_contacted.addItem(text, days)
        self.not_contacted.setToolTip(
            self.tr("Arbetsgivare som aldrig har kontaktats räknas också med.")
        )
        # Two lines, what the employer is and who keeps in touch when, so that the bar
        # fits the list beside the navigation in a window 1100 pixels wide.
        what = QHBoxLayout()
        for widget in (self.municipality, self.sector, self.industry, self.status):
            what.addWidget(widget)
        what.addStretch(1)
        who = QHBoxLayout()
        who.addWidget(self.mine)
        who.addWidget(self.agent)
        who.addWidget(self.not_contacted)
        who.addStretch(1)
        bar = QVBoxLayout()
        bar.setSpacing(4)
        bar.addLayout(what)
        bar.addLayout(who)
        return bar

    def _fill_industries(self) -> None:
        """The industries in the register; the chosen one stays chosen."""
        chosen = self.industry.currentData()
        self.industry.blockSignals(True)
        while self.industry.count() > 1:
            self.industry.removeItem(1)
        for choice in self._employers.industries():
            shown = f"{choice.name} ({choice.code})" if choice.name else choice.code
            self.industry.addItem(shown, choice.code)
        found = self.industry.findData(chosen) if chosen is not None else 0
        self.industry.setCurrentIndex(max(found, 0))
        self.industry.blockSignals(False)

    # The list -----------------------------------------------------------------------------

    def current_query(self) -> EmployerQuery:
        agent: uuid.UUID | None = None
        if self.mine.isChecked():
            agent = self._me
        elif (chosen := self.agent.currentData()) is not None:
            agent = uuid.UUID(chosen)
        return replace(
            self.model.query,
            text=self.search.text(),
            municipality=self.municipality.currentData(),
            sector=self.sector.currentData(),
            industry=self.industry.currentData(),
            agent_id=agent,
            status=self.status.currentData(),
            not_contacted_days=self.not_contacted.currentData(),
        )

    def apply_filters(self) -> None:
        """Show the employers that pass the filters (and the search, if any)."""
        self._search_timer.stop()
        self.agent.setEnabled(not self.mine.isChecked())
        query = self.current_query()
        self._update_count(query)
        self.model.set_query(query)

    def load(self) -> None:
        """Show the first page; called when the screen is first shown."""
        if self.model.rowCount() == 0:
            self.model.refresh()
        self._update_count()

    def reload(self) -> None:
        """Read the list again (an employer was added or changed elsewhere)."""
        self._fill_industries()
        query = self.current_query()
        self._update_count(query)
        if query == self.model.query:
            self.model.refresh()
        else:
            self.model.set_query(query)

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

    def _update_count(self, query: EmployerQuery | None = None) -> None:
        query = query or self.model.query
        count = self._employers.count(query)
        number = swedish_number(count)
        if query.text.strip():
            text = self.tr("1 träff") if count == 1 else self.tr("%1 träffar").replace("%1", number)
        else:
            text = self.tr("%1 arbetsgivare").replace("%1", number)
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
        employer_id = self.model.employer_id(index.row())
        if employer_id is not None:
            self.employer_activated.emit(employer_id)
