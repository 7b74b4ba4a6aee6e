"""Deltagare: the searchable, sortable list of job seekers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import vocabulary
from desktop.services.persons import PersonQuery
from desktop.views.person_list_model import PersonListModel, PersonSource
from desktop.views.record_list import RecordList, chosen_agent
from desktop.views.style import COUNT_STYLE, TITLE_STYLE
from desktop.views.text import label


class PersonDirectory(PersonSource, Protocol):
    def count(self, query: PersonQuery) -> int: ...


@dataclass(frozen=True)
class FilterChoices:
    """What the filter bar offers: municipalities, agents, and who "my cases" means."""

    municipalities: list[tuple[str, str]]  # code, name
    agents: list[tuple[uuid.UUID, str]]  # user id, name
    me: uuid.UUID


class PersonsView(RecordList):
    person_activated = Signal(str)
    new_intake_requested = Signal()

    model: PersonListModel

    def __init__(
        self,
        persons: PersonDirectory,
        choices: FilterChoices | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personsView")
        self.setAccessibleName(self.tr("Deltagare"))
        self._source = persons

        title = QLabel(self.tr("Deltagare"))
        title.setObjectName("screenTitle")
        title.setStyleSheet(TITLE_STYLE)

        self.search = QLineEdit()
        self.search.setObjectName("personSearch")
        self.search.setAccessibleName(self.tr("Sök deltagare"))
        self.search.setPlaceholderText(
            self.tr("Sök på namn, personnummer eller födelsedatum (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)

        self.count_label = QLabel()
        self.count_label.setObjectName("personCount")
        self.count_label.setStyleSheet(COUNT_STYLE)
        self.count_label.setAccessibleName(self.tr("Antal deltagare"))

        self.model = PersonListModel(persons)
        self.table = self._sorted_table(
            "personTable", self.tr("Lista över deltagare"), (180, 160, 110, 130, 120, 110)
        )

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

        self._wire_search()
        self.record_activated.connect(self.person_activated)

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
        agent = chosen_agent(self.mine, self.agent, self._me)
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

    def reload(self) -> None:
        """Read the list again (a person was added or changed elsewhere)."""
        self._update_count()
        self.model.refresh()

    def _noun(self, number: str) -> str:
        return self.tr("%1 deltagare").replace("%1", number)

    def _empty_text(self, why: str, text: str) -> str:
        if why == "search":
            return self.tr(
                "Ingen deltagare hittades för \u201d%1\u201d. Kontrollera stavningen, eller sök "
                "på en del av namnet, personnumret eller födelsedatumet (ÅÅÅÅMMDD eller MMDD)."
            ).replace("%1", text)
        if why == "filters":
            return self.tr(
                "Ingen deltagare passar filtren. Välj \u201dAlla\u201d i ett filter, eller ta "
                "bort bocken i Mina ärenden, för att se fler."
            )
        return self.tr(
            "Inga deltagare ännu. Skriv in den första med \u201dNy inskrivning…\u201d (Ctrl+N)."
        )
