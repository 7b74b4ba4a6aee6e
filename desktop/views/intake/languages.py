"""Step 5: the person's languages, and where they are with Swedish."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from desktop.services.intake import STEP_TITLES, IntakeData, LanguageEntry, Step
from desktop.services.reference import ReferenceService
from desktop.views.intake.form import Page, hint_label
from desktop.views.intake.rows import RowEditor, RowList
from desktop.views.pickers import ChoiceBox, LanguagePicker


def _levels(reference: ReferenceService, scale: str) -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in reference.language_levels(scale)]


class LanguageRow(RowEditor):
    """A language on one line: which, how well (CEFR), and whether it is a mother tongue."""

    def __init__(self, cefr: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = self.tr("Språk")
        self.language = LanguagePicker()
        self.language.setMinimumWidth(240)
        self.level = ChoiceBox(cefr, empty=self.tr("Nivå okänd"))
        self.mother_tongue = QCheckBox(self.tr("Modersmål"))
        language = self.add("language", self.language, self.tr("Språk"))
        level = self.add("level", self.level, self.tr("Nivå"))
        self.add("mother_tongue", self.mother_tongue, self.tr("Modersmål"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.heading, 0, 0)
        grid.addWidget(self.language, 0, 1)
        grid.addWidget(self.level, 0, 2)
        grid.addWidget(self.mother_tongue, 0, 3)
        grid.addWidget(self.remove_button, 0, 4)
        grid.addWidget(language.error, 1, 1)
        grid.addWidget(level.error, 1, 2, 1, 2)
        grid.setColumnMinimumWidth(0, 70)
        grid.setColumnStretch(5, 1)

    def value(self) -> LanguageEntry:
        return LanguageEntry(
            self.language.value(), self.level.value(), self.mother_tongue.isChecked()
        )

    def set_value(self, value: Any) -> None:
        assert isinstance(value, LanguageEntry)
        self.language.set_value(value.language)
        self.level.set_value(value.level)
        self.mother_tongue.setChecked(value.mother_tongue)


class LanguagesPage(Page):
    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(Step.LANGUAGES, STEP_TITLES[Step.LANGUAGES], parent)
        self.setObjectName("languagesPage")
        cefr = _levels(reference, "cefr")
        self.languages = self.add_row_list(
            RowList(
                "languages",
                lambda: LanguageRow(cefr),
                add_text=self.tr("&Lägg till språk"),
                add_accessible=self.tr("Lägg till ett språk"),
                empty_text=self.tr("Inga språk ännu. Börja med modersmålet."),
            )
        )
        form = self.new_form()
        self.sfi_path = ChoiceBox(
            [(path, self.tr("Studieväg %1").replace("%1", path)) for path in ("1", "2", "3")],
            empty=self.tr("Inte angiven"),
        )
        self.add_row(form, self.tr("SFI-&studieväg"), "sfi_path", self.sfi_path)
        self.sfi_course = ChoiceBox(_levels(reference, "sfi"), empty=self.tr("Inte angiven"))
        self.add_row(form, self.tr("SFI-&kurs"), "sfi_course", self.sfi_course)
        self.sas_level = ChoiceBox(_levels(reference, "sas"), empty=self.tr("Inte angiven"))
        self.add_row(form, self.tr("Svenska som an&draspråk"), "sas_level", self.sas_level)
        self.swedish_cefr = ChoiceBox(cefr, empty=self.tr("Inte angiven"))
        self.add_row(form, self.tr("Svenska enligt &CEFR"), "swedish_cefr", self.swedish_cefr)
        for box in (self.sfi_path, self.sfi_course, self.sas_level, self.swedish_cefr):
            box.setMaximumWidth(340)

        self.layout_.addWidget(self.section(self.tr("Modersmål och andra språk")))
        self.layout_.addWidget(
            hint_label(
                self.tr(
                    "Modersmål och andra språk, med nivå A1–C2 (Europarådets skala) om den är känd."
                )
            )
        )
        self.layout_.addWidget(self.languages)
        self.layout_.addWidget(self.section(self.tr("Svenska")))
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.refresh_tab_order()

    def fill(self, data: IntakeData) -> None:
        self.languages.set_values(data.languages)
        self.sfi_path.set_value(data.sfi_path)
        self.sfi_course.set_value(data.sfi_course)
        self.sas_level.set_value(data.sas_level)
        self.swedish_cefr.set_value(data.swedish_cefr)

    def store(self, data: IntakeData) -> None:
        data.languages = self.languages.values()
        data.sfi_path = self.sfi_path.value()
        data.sfi_course = self.sfi_course.value()
        data.sas_level = self.sas_level.value()
        data.swedish_cefr = self.swedish_cefr.value()
