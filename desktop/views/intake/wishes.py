"""Step 9: what work the person wants, where, how much, and from when."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.services.intake import EXTENTS, STEP_TITLES, IntakeData, Step
from desktop.services.reference import ReferenceService
from desktop.views.intake.form import Page, date_edit
from desktop.views.pickers import ChoiceBox, MunicipalityChecklist, OccupationList


class WishesPage(Page):
    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(Step.WISHES, STEP_TITLES[Step.WISHES], parent)
        self.setObjectName("wishesPage")
        form = self.new_form()
        self.occupations = OccupationList(reference, name="wishedOccupations")
        self.occupations.setMaximumWidth(640)
        self.add_row(
            form,
            self.tr("Önskade &yrken"),
            "wished_occupations",
            self.occupations,
            hint=self.tr("Sök yrket, välj med pilarna och tryck Enter för att lägga till."),
        )
        self.municipalities = MunicipalityChecklist(reference)
        self.add_row(
            form,
            self.tr("&Kommuner personen kan arbeta i"),
            "wished_municipalities",
            self.municipalities,
            hint=self.tr("Pilarna flyttar, mellanslag kryssar i."),
        )
        self.extent = ChoiceBox(list(EXTENTS.items()))
        self.extent.setMaximumWidth(200)
        self.add_row(form, self.tr("&Omfattning"), "work_extent", self.extent)
        self.earliest_start = date_edit()
        self.add_row(form, self.tr("&Tidigaste start"), "earliest_start", self.earliest_start)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.refresh_tab_order()

    def fill(self, data: IntakeData) -> None:
        self.occupations.set_values(data.wished_occupations)
        self.municipalities.set_values(data.wished_municipalities)
        self.extent.set_value(data.work_extent)
        self.earliest_start.setText(data.earliest_start)

    def store(self, data: IntakeData) -> None:
        data.wished_occupations = self.occupations.values()
        data.wished_municipalities = self.municipalities.values()
        data.work_extent = self.extent.value()
        data.earliest_start = self.earliest_start.text()
