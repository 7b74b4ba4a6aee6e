"""Step 8: driving licences and other certificates (truckkort, hygienbevis, …)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desktop.services.intake import DRIVING_LICENCES, STEP_TITLES, IntakeData, Step
from desktop.views.intake.form import WIDE_WIDTH, ErrorLabel, Page, line_edit
from desktop.views.intake.rows import RowEditor, RowList
from desktop.views.pickers import CheckList
from desktop.views.text import label

# What each licence class allows, for a caseworker who does not know them by heart.
LICENCE_NAMES = {
    "AM": "moped klass I",
    "A1": "lätt motorcykel",
    "A2": "mellanstor motorcykel",
    "A": "tung motorcykel",
    "B": "personbil",
    "BE": "personbil med tungt släp",
    "C1": "medeltung lastbil",
    "C1E": "medeltung lastbil med släp",
    "C": "tung lastbil",
    "CE": "tung lastbil med släp",
    "D1": "mellanstor buss",
    "D1E": "mellanstor buss med släp",
    "D": "buss",
    "DE": "buss med släp",
}


class CertificateRow(RowEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = self.tr("Certifikat")
        self.name = line_edit(
            width=WIDE_WIDTH, placeholder=self.tr("t.ex. truckkort, hygienbevis, ID06")
        )
        field = self.add("", self.name, self.tr("Certifikat"))
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.remove_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(field.error)

    def value(self) -> str:
        return self.name.text()

    def set_value(self, value: Any) -> None:
        assert isinstance(value, str)
        self.name.setText(value)


class LicencesPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Step.LICENCES, STEP_TITLES[Step.LICENCES], parent)
        self.setObjectName("licencesPage")
        form = self.new_form()
        self.driving_licences = CheckList(
            [
                (code, f"{code} – {label(LICENCE_NAMES[code])}" if code in LICENCE_NAMES else code)
                for code in DRIVING_LICENCES
            ],
            columns=2,
            column_width=240,
        )
        self.add_row(
            form,
            self.tr("&Körkort"),
            "driving_licences",
            self.driving_licences,
            hint=self.tr("Pilarna flyttar, mellanslag kryssar i."),
            accessible=self.tr("Körkortsbehörigheter"),
        )
        self.certificates = self.add_row_list(
            RowList(
                "certificates",
                CertificateRow,
                add_text=self.tr("&Lägg till certifikat"),
                add_accessible=self.tr("Lägg till ett certifikat"),
                empty_text=self.tr("Inga certifikat ännu."),
            )
        )
        self.certificates_error = ErrorLabel("certificates")
        self.fieldset.add("certificates", self.certificates, self.certificates_error)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.section(self.tr("Certifikat och behörigheter")))
        self.layout_.addWidget(self.certificates)
        self.layout_.addWidget(self.certificates_error)
        self.layout_.addStretch(1)
        self.refresh_tab_order()

    def fill(self, data: IntakeData) -> None:
        self.driving_licences.set_values(data.driving_licences)
        self.certificates.set_values(data.certificates)

    def store(self, data: IntakeData) -> None:
        data.driving_licences = self.driving_licences.values()
        data.certificates = self.certificates.values()
