"""Step 6: schooling and degrees, and whether UHR has assessed a foreign degree."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.services.intake import RECOGNITION, STEP_TITLES, EducationEntry, IntakeData, Step
from desktop.services.reference import ReferenceService
from desktop.views.intake.form import NAME_WIDTH, Page, hint_label, line_edit
from desktop.views.intake.rows import RowEditor, RowList, card
from desktop.views.pickers import ChoiceBox, CountryPicker


class EducationRow(RowEditor):
    def __init__(self, levels: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = self.tr("Utbildning")
        form = card(self)
        self.level = ChoiceBox(levels, empty=self.tr("Välj nivå…"))
        self.level.setMaximumWidth(420)
        self.form_row(form, self.tr("Nivå"), "level", self.level)
        self.field = line_edit(placeholder=self.tr("t.ex. sjuksköterska, el, ekonomi"))
        self.form_row(form, self.tr("Inriktning"), "field", self.field)
        self.country = CountryPicker()
        self.country.setMaximumWidth(NAME_WIDTH)
        self.form_row(form, self.tr("Land"), "country", self.country)
        self.years = line_edit(width=80)
        self.form_row(form, self.tr("Antal år"), "years", self.years)
        self.completed = QCheckBox(self.tr("Utbildningen är avslutad"))
        self.completed.setChecked(True)
        self.form_row(form, "", "completed", self.completed)
        self.recognition = ChoiceBox(list(RECOGNITION.items()))
        self.recognition.setMaximumWidth(260)
        self.form_row(form, self.tr("Bedömning hos UHR"), "recognition", self.recognition)

    def value(self) -> EducationEntry:
        return EducationEntry(
            self.level.value(),
            self.field.text(),
            self.country.value(),
            self.years.text(),
            self.completed.isChecked(),
            self.recognition.value(),
        )

    def set_value(self, value: Any) -> None:
        assert isinstance(value, EducationEntry)
        self.level.set_value(value.level)
        self.field.setText(value.field)
        self.country.set_value(value.country)
        self.years.setText(value.years)
        self.completed.setChecked(value.completed)
        self.recognition.set_value(value.recognition)


class EducationPage(Page):
    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(Step.EDUCATION, STEP_TITLES[Step.EDUCATION], parent)
        self.setObjectName("educationPage")
        levels = [(c.code, c.name) for c in reference.education_levels()]
        self.educations = self.add_row_list(
            RowList(
                "educations",
                lambda: EducationRow(levels),
                add_text=self.tr("&Lägg till utbildning"),
                add_accessible=self.tr("Lägg till en utbildning"),
                empty_text=self.tr("Inga utbildningar ännu."),
            )
        )
        self.layout_.addWidget(
            hint_label(
                self.tr(
                    "Den högsta utbildningen räcker ofta. Nivån följer SUN (ISCED); en "
                    "utländsk examen kan bedömas av UHR."
                )
            )
        )
        self.layout_.addWidget(self.educations)
        self.layout_.addStretch(1)
        self.refresh_tab_order()

    def fill(self, data: IntakeData) -> None:
        self.educations.set_values(data.educations)

    def store(self, data: IntakeData) -> None:
        data.educations = self.educations.values()
