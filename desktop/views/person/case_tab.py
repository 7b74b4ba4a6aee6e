"""The "Ärende" tab: the current enrolment, its lifecycle and agent, and earlier ones.

Only the moves the service allows from the current status are offered, one button
each; closing asks for the outcome in a small dialog. Every change is reported through
`changed`, and the person screen then reloads the cases and calls `set_cases`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services import vocabulary
from desktop.services.cases import TRANSITIONS, CaseError, CaseService, CaseSummary, StaleError
from desktop.services.intake import REFERRED_BY
from desktop.services.reference import ReferenceService
from desktop.views.accessible import tab_in_order
from desktop.views.dialog_host import DialogHost
from desktop.views.person.case_dialogs import CloseCaseDialog, NewCaseDialog
from desktop.views.person.widgets import (
    FieldError,
    Notice,
    button,
    caption,
    combo,
    heading,
    select_data,
)
from desktop.views.text import label

NOTHING = "–"


def status_name(status: str | None) -> str:
    return label(vocabulary.CASE_STATUS.get(status or "", status or "")) if status else NOTHING


def outcome_name(outcome: str | None) -> str:
    return label(vocabulary.OUTCOME.get(outcome or "", outcome or "")) if outcome else NOTHING


def _value(name: str, accessible: str) -> QLabel:
    value = QLabel()
    value.setObjectName(name)
    value.setAccessibleName(accessible)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return value


class CaseTab(DialogHost):
    changed = Signal()

    def __init__(
        self,
        cases: CaseService,
        reference: ReferenceService,
        agents: Sequence[tuple[uuid.UUID, str]],
        person_id: uuid.UUID,
        *,
        home_municipality: Callable[[], str | None],
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        """`home_municipality` gives the person's municipality, offered for a first
        enrolment; `agents` are the active users a case can be given to."""
        super().__init__(parent)
        self.setObjectName("caseTab")
        self.setAccessibleName(self.tr("Ärende"))
        self._cases = cases
        self._reference = reference
        self._agents = list(agents)
        self._person_id = person_id
        self._home_municipality = home_municipality
        self._today = today
        self.summaries: list[CaseSummary] = []
        self.dialog = None

        self.title = heading(self.tr("Pågående ärende"), "caseHeading")
        self.form = self._build_form()
        self.new_case_button = button(
            self.tr("Ny &inskrivning …"), "newCaseButton", self.tr("Ny inskrivning")
        )
        self.new_case_button.clicked.connect(self.open_new_case)
        self.notice = Notice("caseNotice", self.tr("Meddelande"))

        self.history_title = heading(self.tr("Tidigare inskrivningar"), "historyHeading")
        self.history = self._history_table()
        self.no_history = QLabel(self.tr("Inga tidigare inskrivningar."))
        self.no_history.setObjectName("noHistory")
        self.no_history.setAccessibleName(self.no_history.text())

        new_row = QHBoxLayout()
        new_row.addWidget(self.new_case_button)
        new_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addLayout(new_row)
        layout.addWidget(self.notice)
        layout.addSpacing(12)
        layout.addWidget(self.history_title)
        layout.addWidget(self.no_history)
        layout.addWidget(self.history, 1)
        layout.addStretch(0)

    def _build_form(self) -> QFormLayout:
        self.status = _value("caseStatus", self.tr("Status"))
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.outcome = _value("caseOutcome", self.tr("Utfall"))
        self.opened_on = _value("caseOpenedOn", self.tr("Inskriven"))
        self.closed_on = _value("caseClosedOn", self.tr("Avslutad"))
        self.municipality = _value("caseMunicipalityName", self.tr("Ansvarig kommun"))
        self.referred_by = _value("caseReferredBy", self.tr("Remitterad av"))

        self.steps = QWidget()
        self.steps.setObjectName("caseSteps")
        self.steps.setAccessibleName(self.tr("Nästa steg"))
        self._steps_layout = QHBoxLayout(self.steps)
        self._steps_layout.setContentsMargins(0, 0, 0, 0)
        self.step_buttons: dict[str, QPushButton] = {}
        self.status_error = FieldError("caseStatusError", self.tr("Fel i status"))

        self.agent = combo("caseAgent", self.tr("Handläggare"))
        self.assign_button = button(
            self.tr("&Byt handläggare"), "assignButton", self.tr("Byt handläggare")
        )
        self.assign_button.clicked.connect(self.assign)
        self.agent.currentIndexChanged.connect(self._update_assign_button)
        self._agent_row = QHBoxLayout()
        self._agent_row.addWidget(self.agent, 1)
        self._agent_row.addWidget(self.assign_button)
        self.agent_error = FieldError("caseAgentError", self.tr("Fel i handläggare"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(caption(self.tr("Status")), self.status)
        form.addRow(caption(self.tr("Nästa steg")), self.steps)
        form.addRow("", self.status_error)
        form.addRow(caption(self.tr("Utfall")), self.outcome)
        form.addRow(caption(self.tr("Inskriven")), self.opened_on)
        form.addRow(caption(self.tr("Avslutad")), self.closed_on)
        form.addRow(caption(self.tr("Ansvarig kommun")), self.municipality)
        form.addRow(caption(self.tr("Remitterad av")), self.referred_by)
        form.addRow(caption(self.tr("Hand&läggare"), self.agent), self._agent_row)
        form.addRow("", self.agent_error)
        return form

    def _history_table(self) -> QTableWidget:
        table = QTableWidget(0, 6)
        table.setObjectName("caseHistory")
        table.setAccessibleName(self.tr("Tidigare inskrivningar"))
        table.setHorizontalHeaderLabels(
            [
                self.tr("Inskriven"),
                self.tr("Avslutad"),
                self.tr("Status"),
                self.tr("Utfall"),
                self.tr("Kommun"),
                self.tr("Handläggare"),
            ]
        )
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # Showing ---------------------------------------------------------------------------

    @property
    def current(self) -> CaseSummary | None:
        return self.summaries[0] if self.summaries else None

    def set_cases(self, summaries: Sequence[CaseSummary]) -> None:
        """Show the person's cases, newest first (the first is the current one)."""
        self.summaries = list(summaries)
        case = self.current
        closed = case is None or case.status == "avslutad"
        if case is None:
            self.title.setText(self.tr("Inget ärende"))
        elif closed:
            self.title.setText(self.tr("Senaste ärendet (avslutat)"))
        else:
            self.title.setText(self.tr("Pågående ärende"))
        self.status.setText(
            status_name(case.status) if case else self.tr("Personen har inget ärende.")
        )
        self.outcome.setText(outcome_name(case.outcome) if case else NOTHING)
        self.opened_on.setText(case.opened_on.isoformat() if case else NOTHING)
        self.closed_on.setText(case.closed_on.isoformat() if case and case.closed_on else NOTHING)
        self.municipality.setText(
            self._reference.municipality_name(case.municipality_code) if case else NOTHING
        )
        self.referred_by.setText((case.referred_by or NOTHING) if case else NOTHING)
        self.form.setRowVisible(self.steps, not closed)
        self.form.setRowVisible(self.outcome, closed and case is not None)
        for field in (self.opened_on, self.closed_on, self.municipality, self.referred_by):
            self.form.setRowVisible(field, case is not None)
        self.form.setRowVisible(self._agent_row, case is not None)
        self._fill_agents(case)
        self._build_steps(case)
        self.new_case_button.setVisible(closed)
        self._fill_history(self.summaries[1:])

    def _fill_agents(self, case: CaseSummary | None) -> None:
        self.agent.blockSignals(True)
        self.agent.clear()
        self.agent.addItem(self.tr("Ingen handläggare"), None)
        for user_id, name in self._agents:
            self.agent.addItem(name, str(user_id))
        if case is not None and case.agent_id is not None:
            if self.agent.findData(str(case.agent_id)) < 0:
                # Someone no longer active still holds the case; show who.
                self.agent.addItem(
                    self.tr("%1 (inaktiv)").replace("%1", isolated(case.agent_name or "")),
                    str(case.agent_id),
                )
            select_data(self.agent, str(case.agent_id))
        self.agent.blockSignals(False)
        self.agent.setEnabled(case is not None)
        self._update_assign_button()

    def _update_assign_button(self) -> None:
        case = self.current
        chosen = self.agent.currentData()
        now = str(case.agent_id) if case and case.agent_id else None
        self.assign_button.setEnabled(case is not None and chosen != now)

    def _build_steps(self, case: CaseSummary | None) -> None:
        for old in self.step_buttons.values():
            self._steps_layout.removeWidget(old)
            old.deleteLater()
        self.step_buttons = {}
        if case is None:
            return
        for target in TRANSITIONS.get(case.status, ()):
            if target == "avslutad":
                text = self.tr("Avsluta ärendet …")
                accessible = self.tr("Avsluta ärendet")
            else:
                text = self.tr("Ändra till %1").replace("%1", status_name(target))
                accessible = text
            step = button(text, f"statusButton_{target}", accessible)
            step.clicked.connect(partial(self.change_status, target))
            self._steps_layout.addWidget(step)
            self.step_buttons[target] = step
        # Made after the fields below them, so Tab is told the order they are shown in.
        tab_in_order([*self.step_buttons.values(), self.agent, self.assign_button])

    def _fill_history(self, earlier: Sequence[CaseSummary]) -> None:
        self.history.setRowCount(len(earlier))
        for row, case in enumerate(earlier):
            values = (
                case.opened_on.isoformat(),
                case.closed_on.isoformat() if case.closed_on else NOTHING,
                status_name(case.status),
                outcome_name(case.outcome),
                self._reference.municipality_name(case.municipality_code),
                case.agent_name or NOTHING,
            )
            for column, text in enumerate(values):
                self.history.setItem(row, column, QTableWidgetItem(text))
        self.history.setVisible(bool(earlier))
        self.no_history.setVisible(not earlier)
        rows = sum(self.history.rowHeight(r) for r in range(len(earlier)))
        self.history.setMaximumHeight(self.history.horizontalHeader().height() + rows + 6)

    def history_rows(self) -> list[list[str]]:
        """The history table as text, row by row (what the user sees)."""
        return [
            [self._cell(row, column) for column in range(self.history.columnCount())]
            for row in range(self.history.rowCount())
        ]

    def _cell(self, row: int, column: int) -> str:
        item = self.history.item(row, column)
        return item.text() if item is not None else ""

    def _clear_messages(self) -> None:
        self.status_error.say(None)
        self.agent_error.say(None)
        self.notice.say("")

    # Changing --------------------------------------------------------------------------

    def change_status(self, target: str) -> None:
        case = self.current
        if case is None:
            return
        if target == "avslutad":
            self.open_close_dialog()
            return
        self._clear_messages()
        try:
            self._cases.change_status(case.id, case.version, target)
        except StaleError as error:
            self.changed.emit()
            self.status_error.say(str(error))
            return
        except CaseError as error:
            self.status_error.say(str(error))
            return
        self.changed.emit()
        self.notice.say(self.tr("Ärendet har status %1.").replace("%1", status_name(target)))
        self._focus_first_step()

    def _focus_first_step(self) -> None:
        first = next(iter(self.step_buttons.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.new_case_button.isVisibleTo(self):
            self.new_case_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_close_dialog(self) -> CloseCaseDialog:
        self._clear_messages()
        dialog = CloseCaseDialog(self._close_case, today=self._today(), parent=self)
        dialog.accepted.connect(self._case_closed)
        self._open(dialog)
        return dialog

    def _close_case(self, outcome: str | None, closed_on: dt.date) -> None:
        case = self.current
        if case is None:
            raise CaseError("Personen har inget ärende.")
        try:
            self._cases.change_status(
                case.id, case.version, "avslutad", outcome=outcome, closed_on=closed_on
            )
        except StaleError:
            # Fetch the newer version, so that trying again works on what is there now.
            self.changed.emit()
            raise

    def _case_closed(self) -> None:
        self.changed.emit()
        case = self.current
        outcome = outcome_name(case.outcome if case else None)
        self.notice.say(self.tr("Ärendet är avslutat med utfallet %1.").replace("%1", outcome))
        self._focus_first_step()

    def open_new_case(self) -> NewCaseDialog:
        self._clear_messages()
        case = self.current
        municipality = case.municipality_code if case else self._home_municipality()
        dialog = NewCaseDialog(
            self._open_case,
            self._reference.municipalities(active_only=True),
            REFERRED_BY,
            municipality=municipality,
            today=self._today(),
            parent=self,
        )
        dialog.accepted.connect(self._case_opened)
        self._open(dialog)
        return dialog

    def _open_case(self, municipality_code: str, opened_on: dt.date, referred_by: str) -> None:
        self._cases.open_case(
            self._person_id,
            municipality_code=municipality_code,
            opened_on=opened_on,
            referred_by=referred_by.strip(),
        )

    def _case_opened(self) -> None:
        self.changed.emit()
        self.notice.say(self.tr("Personen är inskriven på nytt."))
        self._focus_first_step()

    def assign(self) -> None:
        case = self.current
        if case is None:
            return
        self._clear_messages()
        chosen = self.agent.currentData()
        try:
            self._cases.assign(case.id, uuid.UUID(chosen) if chosen else None)
        except CaseError as error:
            self.agent_error.say(str(error))
            return
        self.changed.emit()
        self.notice.say(
            self.tr("Ärendet har nu handläggaren %1.").replace("%1", self.agent.currentText())
            if chosen
            else self.tr("Ärendet har ingen handläggare nu.")
        )
