"""Step 1: who the person is and how to reach them."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QPushButton, QVBoxLayout, QWidget

from desktop import clock
from desktop.services.identity import IdentityNumberError, parse_identity_number
from desktop.services.intake import GENDERS, STEP_TITLES, IntakeData, IntakeService, Step
from desktop.services.reference import ReferenceService
from desktop.views.intake.form import (
    NAME_WIDTH,
    SHORT_WIDTH,
    WIDE_WIDTH,
    ErrorLabel,
    Page,
    date_edit,
    hint_label,
    line_edit,
)
from desktop.views.pickers import ChoiceButtons, MunicipalityPicker


class IdentityPage(Page):
    open_person_requested = Signal(str)

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(Step.IDENTITY, STEP_TITLES[Step.IDENTITY], parent)
        self.setObjectName("identityPage")
        form = self._form = self.new_form()
        self.first_name = line_edit()
        self.add_row(form, self.tr("&Förnamn"), "first_name", self.first_name)
        self.last_name = line_edit()
        self.add_row(form, self.tr("&Efternamn"), "last_name", self.last_name)

        self.identity_number = line_edit(width=SHORT_WIDTH + 40, placeholder="ÅÅÅÅMMDD-NNNN")
        # What the typed number is, as soon as it is a valid one.
        self.number_info = hint_label("", "identityNumberInfo")
        self.number_info.setAccessibleName(self.tr("Om numret"))
        about = self._about_number()
        self.add_row(
            form,
            self.tr("Pe&rsonnummer eller samordningsnummer"),
            "identity_number",
            self.identity_number,
            hint=about,
            accessible=self.tr("Personnummer eller samordningsnummer"),
        )
        self.no_number = QCheckBox(self.tr("Personen &saknar nummer än"))
        self.add_row(
            form,
            "",
            "has_identity_number",
            self.no_number,
            accessible=self.tr("Personen saknar personnummer och samordningsnummer"),
        )
        self.birth_date = date_edit()
        self.add_row(form, self.tr("Födelse&datum"), "birth_date", self.birth_date)
        self.no_identity_reason = line_edit(
            width=WIDE_WIDTH, placeholder=self.tr("t.ex. väntar på samordningsnummer")
        )
        self.add_row(
            form,
            self.tr("Skä&l till att nummer saknas"),
            "no_identity_reason",
            self.no_identity_reason,
        )
        self.gender = ChoiceButtons(list(GENDERS.items()), name="gender")
        self.add_row(form, self.tr("&Kön"), "gender", self.gender)

        self.phone = line_edit(width=SHORT_WIDTH + 40, placeholder="070-123 45 67")
        self.add_row(form, self.tr("&Telefon"), "phone", self.phone)
        self.email = line_edit()
        self.add_row(form, self.tr("E-&post"), "email", self.email)
        self.street_address = line_edit(width=WIDE_WIDTH)
        self.add_row(form, self.tr("&Gatuadress"), "street_address", self.street_address)
        self.postal_code = line_edit(width=100, placeholder="147 30")
        self.add_row(form, self.tr("P&ostnummer"), "postal_code", self.postal_code)
        self.city = line_edit()
        self.add_row(form, self.tr("Ort"), "city", self.city)
        self.municipality = MunicipalityPicker(reference)
        self.municipality.setMaximumWidth(NAME_WIDTH)
        self.add_row(
            form,
            self.tr("Ko&mmun"),
            "municipality_code",
            self.municipality,
            hint=self.tr("Kommunen som ansvarar för ärendet."),
        )
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)

        self.no_number.toggled.connect(self._number_or_not)
        self.identity_number.textChanged.connect(self._describe_number)
        self._number_or_not(False)
        self.refresh_tab_order()

    def _about_number(self) -> QWidget:
        """Under the number: what it is, and whether someone registered has it already
        (said as soon as it is valid), with a button to open that person."""
        self.number_taken = ErrorLabel("identityNumberTaken")
        self.number_taken.setAccessibleName(self.tr("Personen finns redan"))
        self.open_existing = QPushButton(self.tr("Öppna personen"))
        self.open_existing.setObjectName("openExistingPerson")
        self.open_existing.setAccessibleName(self.tr("Öppna personen som redan finns"))
        self.open_existing.setAutoDefault(False)
        self.open_existing.hide()
        self.taken_id: str | None = None
        self.open_existing.clicked.connect(self._open_existing)
        about = QWidget()
        layout = QVBoxLayout(about)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.number_info)
        layout.addWidget(self.number_taken)
        layout.addWidget(self.open_existing, 0, Qt.AlignmentFlag.AlignLeft)
        return about

    def show_taken(self, text: str, person_id: str | None) -> None:
        """Say that the typed number belongs to someone registered (`text`), or nothing."""
        self.taken_id = person_id
        self.number_taken.say(text if person_id else "")
        self.open_existing.setVisible(person_id is not None)
        self.refresh_tab_order()

    def check_number(
        self,
        intake: IntakeService,
        reference: ReferenceService,
        *,
        own_id: uuid.UUID | None = None,
    ) -> None:
        """As soon as the number is valid, whether someone else has it already (one
        indexed lookup), beside the field: in an intake and when a profile is edited
        (`own_id`, the person whose profile it is, does not count)."""
        text = self.identity_number.text()
        found = None if self.no_number.isChecked() else intake.person_with_number(text)
        if found is None or found.id == own_id:
            self.show_taken("", None)
            return
        where = (
            f", {reference.municipality_name(found.municipality_code)}"
            if found.municipality_code
            else ""
        )
        self.show_taken(
            self.tr("Personen finns redan: %1, född %2%3. Öppna personen i stället.")
            .replace("%1", f"{found.first_name} {found.last_name}")
            .replace("%2", found.birth_date.isoformat())
            .replace("%3", where),
            str(found.id),
        )

    def _open_existing(self) -> None:
        if self.taken_id is not None:
            self.open_person_requested.emit(self.taken_id)

    def _number_or_not(self, no_number: bool) -> None:
        """Show the number, or the birth date and why there is no number."""
        for field, shown in (
            ("identity_number", not no_number),
            ("birth_date", no_number),
            ("no_identity_reason", no_number),
        ):
            column = self.fieldset.fields[field].widget.parentWidget()
            assert column is not None
            self._form.setRowVisible(column, shown)
        self.refresh_tab_order()

    def _describe_number(self, text: str) -> None:
        try:
            number = parse_identity_number(text, today=clock.today())
        except IdentityNumberError:
            self.number_info.clear()
            return
        kind = (
            self.tr("Samordningsnummer")
            if number.kind == "samordningsnummer"
            else self.tr("Personnummer")
        )
        self.number_info.setText(
            self.tr("%1 för en person född %2")
            .replace("%1", kind)
            .replace("%2", number.birth_date.isoformat())
        )

    def fill(self, data: IntakeData) -> None:
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self.no_number.setChecked(not data.has_identity_number)
        self.identity_number.setText(data.identity_number)
        self.birth_date.setText(data.birth_date)
        self.no_identity_reason.setText(data.no_identity_reason)
        self.gender.set_value(data.gender)
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        self.street_address.setText(data.street_address)
        self.postal_code.setText(data.postal_code)
        self.city.setText(data.city)
        self.municipality.set_value(data.municipality_code)

    def store(self, data: IntakeData) -> None:
        data.first_name = self.first_name.text()
        data.last_name = self.last_name.text()
        data.has_identity_number = not self.no_number.isChecked()
        data.identity_number = self.identity_number.text()
        data.birth_date = self.birth_date.text()
        data.no_identity_reason = self.no_identity_reason.text()
        data.gender = self.gender.value()
        data.phone = self.phone.text()
        data.email = self.email.text()
        data.street_address = self.street_address.text()
        data.postal_code = self.postal_code.text()
        data.city = self.city.text()
        data.municipality_code = self.municipality.value()
