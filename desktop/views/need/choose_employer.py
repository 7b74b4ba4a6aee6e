"""Nytt behov… from the Rekryteringsbehov screen: first the employer, found with the same
type-ahead as Logga kontakt (part of the name or organisationsnummer), then the need
editor opens for it as it does from the employer's tab. Opened with open(), never exec().
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from desktop.views.dialog_buttons import ok_cancel
from desktop.views.log_contact_dialog import ContactLog, EmployerField
from desktop.views.person.widgets import FieldError, caption


class ChooseEmployerDialog(QDialog):
    """`chosen(employer_id)` once an employer is picked and Fortsätt pressed."""

    chosen = Signal(str)

    def __init__(self, employers: ContactLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chooseEmployerDialog")
        self.setWindowTitle(self.tr("Nytt behov – välj arbetsgivare"))
        self.setAccessibleName(self.windowTitle())
        self.employer = EmployerField(employers)
        self.employer.setObjectName("needEmployer")
        self.employer.setAccessibleDescription(self.tr("Arbetsgivaren som har rekryteringsbehovet"))
        self.error = FieldError("needEmployerError", self.tr("Fel"))
        form = QFormLayout()
        form.addRow(caption(self.tr("&Arbetsgivare"), self.employer), self.employer)
        form.addRow("", self.error)
        buttons = ok_cancel(self, self.choose, self.tr("Fortsätt"), "chooseEmployerButton")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName(self.tr("Fortsätt till det nya behovet"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.employer.picked.connect(lambda: self.error.say(None))
        self.employer.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self) -> None:
        employer = self.employer.resolve()
        if employer is None:
            typed = self.employer.text().strip()
            if not typed:
                reason = self.tr("Välj arbetsgivaren.")
            elif not self.employer.suggestions:
                reason = self.tr(
                    "Ingen arbetsgivare matchar det du skrev. Kontrollera stavningen, "
                    "eller lägg in arbetsgivaren under Arbetsgivare först."
                )
            else:
                reason = self.tr("Skriv en del av arbetsgivarens namn och välj den i listan.")
            self.error.say(reason)
            self.employer.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.chosen.emit(str(employer.id))
        self.accept()
