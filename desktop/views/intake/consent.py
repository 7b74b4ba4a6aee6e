"""Step 3: what the person agreed to, when and how."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.services.intake import CONSENT_METHODS, STEP_TITLES, IntakeData, Step
from desktop.views.intake.form import WIDE_WIDTH, Page, date_edit, hint_label, line_edit, note_edit
from desktop.views.pickers import ChoiceBox


class ConsentPage(Page):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Step.CONSENT, STEP_TITLES[Step.CONSENT], parent)
        self.setObjectName("consentPage")
        intro = hint_label(
            self.tr(
                "Förklara, gärna genom tolken, vad samtycket gäller. Samtycket kan återkallas "
                "senare på personkortet."
            )
        )
        form = self.new_form()
        self.processing = QCheckBox(
            self.tr("Personen &samtycker till att uppgifterna behandlas (krävs)")
        )
        self.add_row(
            form,
            self.tr("Behandling"),
            "consent_processing",
            self.processing,
            accessible=self.tr("Samtycke till att uppgifterna behandlas"),
        )
        self.sharing = QCheckBox(self.tr("Personen samtycker till att profilen &delas"))
        self.add_row(
            form,
            self.tr("Arbetsgivare"),
            "consent_sharing",
            self.sharing,
            hint=self.tr("Krävs för att personen ska kunna föreslås till arbetsgivare."),
            accessible=self.tr("Samtycke till att profilen delas med arbetsgivare"),
        )
        self.date = date_edit()
        self.add_row(form, self.tr("Da&tum för samtycket"), "consent_date", self.date)
        self.method = ChoiceBox(list(CONSENT_METHODS.items()), empty=self.tr("Välj…"))
        self.method.setMaximumWidth(200)
        self.add_row(form, self.tr("Hur samtycket &gavs"), "consent_method", self.method)
        self.legal_basis = line_edit(width=WIDE_WIDTH)
        self.add_row(form, self.tr("&Rättslig grund"), "legal_basis", self.legal_basis)
        self.note = note_edit()
        self.note.setMaximumWidth(WIDE_WIDTH + 100)
        self.add_row(
            form,
            self.tr("Ante&ckning"),
            "consent_note",
            self.note,
            hint=self.tr("Till exempel vilken tolk som var med. Enter ger ny rad."),
        )
        self.layout_.addWidget(intro)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.refresh_tab_order()

    def fill(self, data: IntakeData) -> None:
        self.processing.setChecked(data.consent_processing)
        self.sharing.setChecked(data.consent_sharing)
        self.date.setText(data.consent_date)
        self.method.set_value(data.consent_method)
        self.legal_basis.setText(data.legal_basis)
        self.note.setPlainText(data.consent_note)

    def store(self, data: IntakeData) -> None:
        data.consent_processing = self.processing.isChecked()
        data.consent_sharing = self.sharing.isChecked()
        data.consent_date = self.date.text()
        data.consent_method = self.method.value()
        data.legal_basis = self.legal_basis.text()
        data.consent_note = self.note.toPlainText()
