"""Step 7: work the person has done, as SSYK occupations and titles."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.services.intake import STEP_TITLES, ExperienceEntry, IntakeData, Step
from desktop.services.reference import ReferenceService
from desktop.views.intake.form import NAME_WIDTH, Page, hint_label, line_edit
from desktop.views.intake.rows import RowEditor, RowList, card
from desktop.views.pickers import CountryPicker, OccupationPicker

# Wide enough for the placeholder ("t.ex. 2023, tom om pågående") to be read whole.
LAST_YEAR_WIDTH = 230


class ExperienceRow(RowEditor):
    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = self.tr("Erfarenhet")
        form = card(self)
        self.occupation = OccupationPicker(reference)
        self.occupation.setMaximumWidth(560)
        self.form_row(form, self.tr("Yrke (SSYK)"), "occupation_code", self.occupation)
        self.job_title = line_edit(placeholder=self.tr("Titeln som personen själv använder"))
        self.form_row(form, self.tr("Titel"), "job_title", self.job_title)
        self.years = line_edit(width=80)
        self.form_row(form, self.tr("Antal år"), "years", self.years)
        # No length limit on the field: a fifth digit typed by mistake is explained
        # beside it, not swallowed.
        self.last_year = line_edit(
            width=LAST_YEAR_WIDTH, placeholder=self.tr("t.ex. 2023, tom om pågående")
        )
        self.last_year.setToolTip(
            self.tr(
                "Sista året personen arbetade i yrket. Lämna tomt om personen arbetar kvar "
                "eller om året inte är känt."
            )
        )
        self.form_row(form, self.tr("Senast år"), "last_year", self.last_year)
        self.country = CountryPicker()
        self.country.setMaximumWidth(NAME_WIDTH)
        self.form_row(form, self.tr("Land"), "country", self.country)

    def value(self) -> ExperienceEntry:
        return ExperienceEntry(
            self.occupation.value(),
            self.job_title.text(),
            self.years.text(),
            self.country.value(),
            self.last_year.text(),
        )

    def set_value(self, value: Any) -> None:
        assert isinstance(value, ExperienceEntry)
        self.occupation.set_value(value.occupation_code)
        self.job_title.setText(value.job_title)
        self.years.setText(value.years)
        self.last_year.setText(value.last_year)
        self.country.set_value(value.country)


class ExperiencePage(Page):
    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(Step.EXPERIENCE, STEP_TITLES[Step.EXPERIENCE], parent)
        self.setObjectName("experiencePage")
        self.experiences = self.add_row_list(
            RowList(
                "experiences",
                lambda: ExperienceRow(reference),
                add_text=self.tr("&Lägg till erfarenhet"),
                add_accessible=self.tr("Lägg till en arbetslivserfarenhet"),
                empty_text=self.tr("Ingen arbetslivserfarenhet ännu."),
            )
        )
        self.layout_.addWidget(
            hint_label(
                self.tr(
                    'Sök yrket på svenska eller med SSYK-kod, till exempel "undersköterska" '
                    "eller 5321. Finns inget passande yrke räcker en titel."
                )
            )
        )
        self.layout_.addWidget(self.experiences)
        self.layout_.addStretch(1)
        self.refresh_tab_order()

    def fill(self, data: IntakeData) -> None:
        self.experiences.set_values(data.experiences)

    def store(self, data: IntakeData) -> None:
        data.experiences = self.experiences.values()
