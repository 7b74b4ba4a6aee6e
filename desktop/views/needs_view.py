"""Rekryteringsbehov: every employer's open needs, by deadline, filtered by occupation
group, municipality, form and deadline. Enter or a double click opens a need."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.reference import ReferenceService
from desktop.services.vacancies import NeedQuery
from desktop.services.validation import date_problem, parse_date
from desktop.views.intake.form import set_tab_order
from desktop.views.list_keys import go_to_ends
from desktop.views.list_table import list_rows, two_line_headers
from desktop.views.log_contact_dialog import ContactLog
from desktop.views.need.choose_employer import ChooseEmployerDialog
from desktop.views.need.ssyk import OccupationGroupPicker
from desktop.views.need_list_model import NeedListModel, NeedSource
from desktop.views.person.widgets import (
    FieldError,
    button,
    caption,
    combo,
    date_edit,
)
from desktop.views.pickers import municipality_choices
from desktop.views.style import SECONDARY_STYLE, TITLE_STYLE
from desktop.views.text import label, swedish_number

# Column widths that fit a date, a title, an occupation and an employer's name.
COLUMN_WIDTHS = (100, 180, 190, 200, 120, 115, 85, 105)


class NeedDirectory(NeedSource, Protocol):
    def count_open_needs(self, query: NeedQuery) -> int: ...


class NeedsView(QWidget):
    """Signals: `need_activated(need_id)` when a need is opened from the list;
    `new_need_requested(employer_id)` after Nytt behov… and the employer chosen (the
    button is there when the screen is given `employers` to find one in)."""

    need_activated = Signal(str)
    new_need_requested = Signal(str)

    def __init__(
        self,
        needs: NeedDirectory,
        reference: ReferenceService,
        parent: QWidget | None = None,
        *,
        employers: ContactLog | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("needsView")
        self._employers = employers
        self.choose_employer: ChooseEmployerDialog | None = None
        self.setAccessibleName(self.tr("Rekryteringsbehov"))
        self._needs = needs

        title = QLabel(self.tr("Rekryteringsbehov"))
        title.setObjectName("screenTitle")
        title.setStyleSheet(TITLE_STYLE)
        self.count_label = QLabel()
        self.count_label.setObjectName("needCount")
        self.count_label.setAccessibleName(self.tr("Antal öppna behov"))
        self.count_label.setStyleSheet(SECONDARY_STYLE)

        self.model = NeedListModel(needs)
        self.table = self._build_table()
        self.empty = QLabel()
        self.empty.setObjectName("noNeeds")
        self.empty.setStyleSheet(f"{SECONDARY_STYLE} padding: 8px 2px;")
        self.empty.hide()

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        self.new_need_button = button(
            self.tr("&Nytt behov…"), "newNeedButton", self.tr("Nytt rekryteringsbehov")
        )
        self.new_need_button.setToolTip(
            self.tr("Lägg in ett nytt rekryteringsbehov: välj arbetsgivaren först")
        )
        self.new_need_button.setVisible(employers is not None)
        self.new_need_button.clicked.connect(self.ask_for_employer)
        top.addSpacing(12)
        top.addWidget(self.new_need_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self._filter_bar(reference))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

        self.table.activated.connect(self._activated)
        # The list was built first; Tab goes through the filters, then into the list.
        set_tab_order(
            [
                self.occupation,
                self.municipality,
                self.form,
                self.deadline,
                self.not_passed,
                self.clear_button,
                self.table,
            ]
        )

    def ask_for_employer(self) -> None:
        """Nytt behov…: the employer first, with the type-ahead of Logga kontakt."""
        if self._employers is None:
            return
        if self.choose_employer is not None and self.choose_employer.isVisible():
            self.choose_employer.activateWindow()
            return
        dialog = ChooseEmployerDialog(self._employers, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.new_need_requested)
        dialog.finished.connect(self._employer_dialog_closed)
        self.choose_employer = dialog
        dialog.open()

    def _employer_dialog_closed(self) -> None:
        self.choose_employer = None

    # Building ------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("needTable")
        table.setAccessibleName(self.tr("Lista över öppna rekryteringsbehov"))
        table.setModel(self.model)
        go_to_ends(table)
        list_rows(table)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Long headers ("Platser (tillsatta/totalt)") wrap rather than widen the column.
        two_line_headers(header)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        return table

    def _filter_bar(self, reference: ReferenceService) -> QGridLayout:
        self.occupation = OccupationGroupPicker(reference)
        self.occupation.setObjectName("occupationFilter")
        self.occupation.setAccessibleName(self.tr("Filtrera på yrke eller yrkesgrupp"))
        self.occupation.line_edit().setPlaceholderText(
            self.tr("Alla yrken – skriv yrke, yrkesgrupp eller SSYK-kod")
        )
        self.occupation.setToolTip(
            self.tr(
                "En yrkesgrupp tar med alla yrken i den: 5 ger alla service-, omsorgs- och "
                "försäljningsyrken, 5321 bara undersköterskor inom hemtjänst m.m."
            )
        )
        self.occupation_error = FieldError("occupationFilterError", self.tr("Fel i yrkesfiltret"))
        self.municipality = combo("municipalityFilter", self.tr("Filtrera på kommun"))
        self.municipality.addItem(self.tr("Alla kommuner"), None)
        for code, name in municipality_choices(reference):
            self.municipality.addItem(name, code)
        self.form = combo("formFilter", self.tr("Filtrera på anställningsform"))
        self.form.addItem(self.tr("Alla former"), None)
        for choice in reference.labour_market_forms():
            self.form.addItem(label(choice.name), choice.code)
        self.deadline = date_edit("deadlineFilter", self.tr("Sista dag senast"))
        self.deadline.setToolTip(
            self.tr("Visa behov vars sista dag att föreslå kandidater är senast detta datum.")
        )
        self.deadline_error = FieldError("deadlineFilterError", self.tr("Fel i datumet"))
        self.not_passed = QCheckBox(self.tr("&Bara behov där sista dagen inte har passerat"))
        self.not_passed.setObjectName("notPassedFilter")
        self.not_passed.setAccessibleName(
            self.tr("Visa bara behov där sista dagen inte har passerat")
        )
        self.clear_button = button(
            self.tr("&Rensa filter"), "clearNeedFilters", self.tr("Rensa alla filter")
        )

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.addWidget(caption(self.tr("&Yrke"), self.occupation), 0, 0)
        grid.addWidget(self.occupation, 0, 1)
        grid.addWidget(caption(self.tr("&Kommun"), self.municipality), 0, 2)
        grid.addWidget(self.municipality, 0, 3)
        grid.addWidget(caption(self.tr("F&orm"), self.form), 0, 4)
        grid.addWidget(self.form, 0, 5)
        grid.addWidget(self.occupation_error, 1, 1)
        grid.addWidget(caption(self.tr("Sista dag &senast"), self.deadline), 2, 0)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline)
        deadline_row.addSpacing(12)
        deadline_row.addWidget(self.not_passed)
        deadline_row.addStretch(1)
        grid.addLayout(deadline_row, 2, 1, 1, 5)
        grid.addWidget(self.clear_button, 2, 6)
        grid.addWidget(self.deadline_error, 3, 1, 1, 5)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)

        self.occupation.value_changed.connect(self._occupation_typed)
        self.occupation.line_edit().editingFinished.connect(self._occupation_left)
        self.municipality.currentIndexChanged.connect(self.apply_filters)
        self.form.currentIndexChanged.connect(self.apply_filters)
        self.deadline.textChanged.connect(self._deadline_typed)
        self.deadline.editingFinished.connect(self._deadline_left)
        self.not_passed.toggled.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)
        return grid

    # Filters -------------------------------------------------------------------------

    def _occupation_code(self) -> str | None:
        """The chosen SSYK code, "" for none, None while the text names no SSYK entry."""
        value = self.occupation.value()
        if not value or self.occupation.level_of(value) is not None:
            return value
        return None

    def _occupation_typed(self, _value: str) -> None:
        # A code ("5", "532") or a name picked in the list filters at once; other text
        # waits, and keeps the list as it was, until it names an entry.
        if self._occupation_code() is not None:
            self.occupation_error.say(None)
            self.apply_filters()

    def _occupation_left(self) -> None:
        if self._occupation_code() is None:
            self.occupation_error.say(
                self.tr("Välj ett yrke eller en yrkesgrupp i listan (namn eller SSYK-kod).")
            )

    def _deadline_value(self) -> dt.date | None:
        text = self.deadline.text()
        return parse_date(text) if text.strip() and not self._deadline_problem() else None

    def _deadline_problem(self) -> str | None:
        return date_problem(self.deadline.text(), label="Sista dag")

    def _deadline_typed(self, _text: str) -> None:
        if not self._deadline_problem():
            self.deadline_error.say(None)
            self.apply_filters()

    def _deadline_left(self) -> None:
        self.deadline_error.say(self._deadline_problem())

    def current_query(self) -> NeedQuery:
        """The filters as they stand; a field that does not yet name a value keeps what
        the list already shows."""
        shown = self.model.query
        code = self._occupation_code()
        until = shown.apply_by_until if self._deadline_problem() else self._deadline_value()
        return NeedQuery(
            occupation=shown.occupation if code is None else (code or None),
            municipality=self.municipality.currentData(),
            form=self.form.currentData(),
            apply_by_until=until,
            not_passed=self.not_passed.isChecked(),
        )

    def apply_filters(self) -> None:
        query = self.current_query()
        self._update_count(query)
        self.model.set_query(query)
        self._show_empty()

    def clear_filters(self) -> None:
        for widget in (self.municipality, self.form):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for signals in (self.occupation, self.deadline, self.not_passed):
            signals.blockSignals(True)
        try:
            self.occupation.set_value("")
            self.deadline.clear()
            self.not_passed.setChecked(False)
        finally:
            for signals in (self.occupation, self.deadline, self.not_passed):
                signals.blockSignals(False)
        self.occupation_error.say(None)
        self.deadline_error.say(None)
        self.apply_filters()

    # Loading -------------------------------------------------------------------------

    def load(self) -> None:
        """Show the first page; called when the screen is first shown."""
        if self.model.rowCount() == 0:
            self.model.refresh()
        self._update_count()
        self._show_empty()

    def reload(self) -> None:
        """Read the list again (a need was added, changed or closed elsewhere)."""
        self._update_count()
        self.model.refresh()
        self._show_empty()

    def _update_count(self, query: NeedQuery | None = None) -> None:
        count = self._needs.count_open_needs(query or self.model.query)
        if count == 1:
            text = self.tr("1 öppet behov")
        else:
            text = self.tr("%1 öppna behov").replace("%1", swedish_number(count))
        self.count_label.setText(text)

    def _show_empty(self) -> None:
        if self.model.query != NeedQuery():
            self.empty.setText(
                self.tr(
                    "Inga öppna behov passar filtren. Välj \u201dAlla\u201d i ett filter "
                    "eller Rensa filter (Alt+R) för att se fler."
                )
            )
        else:
            self.empty.setText(
                self.tr(
                    "Inga öppna behov. Registrera en arbetsgivares rekryteringsbehov med "
                    "Nytt behov\u2026 (Alt+N)."
                )
            )
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setVisible(self.model.rowCount() == 0)

    def _activated(self, index: QModelIndex) -> None:
        need_id = self.model.need_id(index.row())
        if need_id is not None:
            self.need_activated.emit(need_id)

    def focus_filters(self) -> None:
        """The cursor in the first filter; called when the screen is shown."""
        self.occupation.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_list(self) -> None:
        """Into the list on its first row, where Enter opens it."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
