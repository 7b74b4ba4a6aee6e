"""Arbetsgivare: the searchable, sortable, filterable list of the employer register."""

from __future__ import annotations

from dataclasses import replace
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
from desktop.services.employers import EmployerQuery
from desktop.services.reference import Choice
from desktop.views.employer_list_model import NAME_COLUMN, EmployerListModel, EmployerSource
from desktop.views.persons_view import FilterChoices
from desktop.views.record_list import RecordList, chosen_agent
from desktop.views.style import SECONDARY_STYLE, TITLE_STYLE
from desktop.views.text import label

__all__ = ["NOT_CONTACTED_DAYS", "EmployerDirectory", "EmployersView", "FilterChoices"]

# What "not contacted for" offers: the rhythms agents keep in touch with employers by.
NOT_CONTACTED_DAYS = (30, 90, 180, 365)


class EmployerDirectory(EmployerSource, Protocol):
    def count(self, query: EmployerQuery) -> int: ...

    def industries(self) -> list[Choice]: ...


class EmployersView(RecordList):
    """`employer_activated(employer_id)` opens an employer; `new_employer_requested()`
    asks for the new-employer dialog. The filter bar takes the persons list's
    FilterChoices (municipalities, agents, and who "my employers" means)."""

    employer_activated = Signal(str)
    new_employer_requested = Signal()

    model: EmployerListModel

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
        self._source = employers
        self._me = choices.me

        title = QLabel(self.tr("Arbetsgivare"))
        title.setObjectName("screenTitle")
        title.setStyleSheet(TITLE_STYLE)
        title.setAccessibleName(title.text())

        self.search = QLineEdit()
        self.search.setObjectName("employerSearch")
        self.search.setAccessibleName(self.tr("Sök arbetsgivare"))
        self.search.setPlaceholderText(self.tr("Sök på namn eller organisationsnummer (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)

        self.count_label = QLabel()
        self.count_label.setObjectName("employerCount")
        self.count_label.setAccessibleName(self.tr("Antal arbetsgivare"))
        self.count_label.setStyleSheet(SECONDARY_STYLE)

        self.model = EmployerListModel(employers)
        self.table = self._sorted_table(
            "employerTable",
            self.tr("Lista över arbetsgivare"),
            (240, 150, 100, 80, 170, 75, 130, 110),
            stretch=NAME_COLUMN,
        )
        # One line a row, cut at the column's edge (the tooltip has the whole text).
        self.table.setWordWrap(False)

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

        self._wire_search()
        self.record_activated.connect(self.employer_activated)

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
        agent = chosen_agent(self.mine, self.agent, self._me)
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

    def reload(self) -> None:
        """Read the list again (an employer was added or changed elsewhere)."""
        self._fill_industries()
        query = self.current_query()
        self._update_count(query)
        if query == self.model.query:
            self.model.refresh()
        else:
            self.model.set_query(query)

    def _noun(self, number: str) -> str:
        return self.tr("%1 arbetsgivare").replace("%1", number)

    def _empty_text(self, why: str, text: str) -> str:
        if why == "search":
            return self.tr(
                "Ingen arbetsgivare hittades för \u201d%1\u201d. Kontrollera stavningen, eller "
                "sök på en del av namnet eller organisationsnumret. Finns den inte i registret: "
                "\u201dNy arbetsgivare…\u201d."
            ).replace("%1", text)
        if why == "filters":
            return self.tr(
                "Ingen arbetsgivare passar filtren. Välj \u201dAlla\u201d i ett filter, eller "
                "ta bort bocken i Mina arbetsgivare, för att se fler."
            )
        return self.tr(
            "Inga arbetsgivare i registret ännu. Lägg in den första med "
            "\u201dNy arbetsgivare…\u201d."
        )
