"""Step 4: where the person comes from, when they came, and who sent them to us."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.services.intake import REFERRED_BY, STEP_TITLES, IntakeData, Step
from desktop.views.intake.form import NAME_WIDTH, Page, date_edit
from desktop.views.pickers import CountryPicker


class BackgroundPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Step.BACKGROUND, STEP_TITLES[Step.BACKGROUND], parent)
        self.setObjectName("backgroundPage")
        form = self.new_form()
        self.birth_country = CountryPicker()
        self.birth_country.setMaximumWidth(NAME_WIDTH)
        self.add_row(form, self.tr("&Födelseland"), "birth_country", self.birth_country)
        self.citizenship = CountryPicker()
        self.citizenship.setMaximumWidth(NAME_WIDTH)
        self.add_row(form, self.tr("&Medborgarskap"), "citizenship", self.citizenship)
        self.arrival_date = date_edit()
        self.add_row(
            form,
            self.tr("Ank&omst till Sverige"),
            "arrival_date",
            self.arrival_date,
            hint=self.tr("Datum då personen kom till Sverige (uppehållstillstånd eller inresa)."),
            accessible=self.tr("Datum för ankomst till Sverige"),
        )
        # The usual ways in to choose from, or the caseworker's own words.
        self.referred_by = QComboBox()
        self.referred_by.setEditable(True)
        self.referred_by.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.referred_by.addItems(["", *REFERRED_BY])
        self.referred_by.setMaximumWidth(NAME_WIDTH)
        self.add_row(
            form,
            self.tr("Kom till tjänsten &genom"),
            "referred_by",
            self.referred_by,
            hint=self.tr("Välj i listan eller skriv med egna ord."),
        )
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.refresh_tab_order()

    def fill(self, data: IntakeData) -> None:
        self.birth_country.set_value(data.birth_country)
        self.citizenship.set_value(data.citizenship)
        self.arrival_date.setText(data.arrival_date)
        self.referred_by.setEditText(data.referred_by)

    def store(self, data: IntakeData) -> None:
        data.birth_country = self.birth_country.value()
        data.citizenship = self.citizenship.value()
        data.arrival_date = self.arrival_date.text()
        data.referred_by = self.referred_by.currentText()
