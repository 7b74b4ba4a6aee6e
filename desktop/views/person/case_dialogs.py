"""The two small dialogs of the case tab: closing a case, and a new enrolment.

Each calls the service itself and stays open on a refusal, with the reason beside the
field it concerns, so that nothing chosen or typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.models.case import CASE_OUTCOMES
from desktop.services import vocabulary
from desktop.services.cases import CaseError
from desktop.services.reference import Choice
from desktop.services.validation import date_problem, line_problem, parse_date
from desktop.views.dialog_buttons import ok_cancel
from desktop.views.person.widgets import FieldError, caption, combo, date_edit, select_data
from desktop.views.text import label


class CloseCaseDialog(QDialog):
    """The outcome and the date a case closes; `close_case(outcome, closed_on)` raises
    CaseError when the service refuses."""

    def __init__(
        self,
        close_case: Callable[[str | None, dt.date], None],
        *,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeCaseDialog")
        self.setWindowTitle(self.tr("Avsluta ärendet"))
        self.setAccessibleName(self.windowTitle())
        self._close_case = close_case
        self._today = today

        intro = QLabel(
            self.tr(
                "Välj hur ärendet slutade. Ett avslutat ärende kan inte öppnas igen; "
                "kommer personen tillbaka blir det en ny inskrivning."
            )
        )
        intro.setObjectName("closeCaseIntro")
        intro.setWordWrap(True)
        self.outcome = combo("outcome", self.tr("Utfall"))
        self.outcome.addItem(self.tr("Välj utfall …"), None)
        for code in CASE_OUTCOMES:
            self.outcome.addItem(label(vocabulary.OUTCOME[code]), code)
        self.closed_on = date_edit("closedOn", self.tr("Avslutsdatum"), today)
        self.errors = {
            "outcome": FieldError("outcomeError", self.tr("Fel i utfallet")),
            "closed_on": FieldError("closedOnError", self.tr("Fel i avslutsdatumet")),
            "form": FieldError("closeCaseError", self.tr("Fel")),
        }
        form = QFormLayout()
        form.addRow(caption(self.tr("&Utfall"), self.outcome), self.outcome)
        form.addRow("", self.errors["outcome"])
        form.addRow(caption(self.tr("Avslut&sdatum"), self.closed_on), self.closed_on)
        form.addRow("", self.errors["closed_on"])
        buttons = ok_cancel(self, self.submit, self.tr("Avsluta ärendet"), "confirmCloseButton")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setAccessibleName(self.save_button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        for error in self.errors.values():
            error.say(None)
        text = self.closed_on.text()
        problem = date_problem(text, label="Avslutsdatumet", required=True)
        if problem:
            self.errors["closed_on"].say(problem)
            self.closed_on.setFocus()
            return
        try:
            self._close_case(self.outcome.currentData(), parse_date(text))
        except CaseError as error:
            field = error.field if error.field in self.errors else "form"
            self.errors[field].say(str(error))
            {"outcome": self.outcome, "closed_on": self.closed_on}.get(
                field, self.outcome
            ).setFocus()
            return
        self.accept()


class NewCaseDialog(QDialog):
    """A new enrolment of a person whose earlier case is closed (or who has none):
    `open_case(municipality_code, opened_on, referred_by)` raises CaseError on refusal."""

    def __init__(
        self,
        open_case: Callable[[str, dt.date, str], None],
        municipalities: Sequence[Choice],
        referred_by: Sequence[str],
        *,
        municipality: str | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.setWindowTitle(self.tr("Ny inskrivning"))
        self.setAccessibleName(self.windowTitle())
        self._open_case = open_case
        self._today = today

        intro = QLabel(
            self.tr(
                "Personen skrivs in på nytt. De tidigare inskrivningarna finns kvar som historik."
            )
        )
        intro.setObjectName("newCaseIntro")
        intro.setWordWrap(True)
        self.municipality = combo("caseMunicipality", self.tr("Ansvarig kommun"))
        for choice in municipalities:
            self.municipality.addItem(choice.name, choice.code)
        if municipality is not None:
            select_data(self.municipality, municipality)
        self.opened_on = date_edit("openedOn", self.tr("Inskrivningsdatum"), today)
        self.referred_by = combo("referredBy", self.tr("Remitterad av"))
        self.referred_by.setEditable(True)
        self.referred_by.addItem("")
        self.referred_by.addItems(list(referred_by))
        self.referred_by.setCurrentIndex(0)
        self.errors = {
            "municipality": FieldError("caseMunicipalityError", self.tr("Fel i kommunen")),
            "opened_on": FieldError("openedOnError", self.tr("Fel i inskrivningsdatumet")),
            "referred_by": FieldError("referredByError", self.tr("Fel i remitterande")),
            "form": FieldError("newCaseError", self.tr("Fel")),
        }
        form = QFormLayout()
        form.addRow(caption(self.tr("&Kommun"), self.municipality), self.municipality)
        form.addRow("", self.errors["municipality"])
        form.addRow(caption(self.tr("&Inskrivningsdatum"), self.opened_on), self.opened_on)
        form.addRow("", self.errors["opened_on"])
        form.addRow(caption(self.tr("&Remitterad av"), self.referred_by), self.referred_by)
        form.addRow("", self.errors["referred_by"])
        buttons = ok_cancel(self, self.submit, self.tr("Skriv in"), "confirmNewCaseButton")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setAccessibleName(self.save_button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        for error in self.errors.values():
            error.say(None)
        date_text = self.opened_on.text()
        referred = self.referred_by.currentText()
        problems = {
            "municipality": None if self.municipality.currentData() else "Välj kommun.",
            "opened_on": date_problem(
                date_text, label="Inskrivningsdatumet", required=True, not_after=self._today
            ),
            "referred_by": line_problem(referred, label="Remitterande", max_length=100),
        }
        focus = {
            "municipality": self.municipality,
            "opened_on": self.opened_on,
            "referred_by": self.referred_by,
        }
        found = [field for field, problem in problems.items() if problem]
        for field in found:
            self.errors[field].say(problems[field])
        if found:
            focus[found[0]].setFocus()
            return
        try:
            self._open_case(self.municipality.currentData(), parse_date(date_text), referred)
        except CaseError as error:
            field = error.field if error.field in self.errors else "form"
            self.errors[field].say(str(error))
            return
        self.accept()
