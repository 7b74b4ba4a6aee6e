"""Step 10: everything on one page, each part with "Ändra" to go back to its step."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.intake import (
    CONSENT_METHODS,
    EXTENTS,
    GENDERS,
    RECOGNITION,
    STEP_TITLES,
    IntakeData,
    Step,
)
from desktop.services.reference import ReferenceService, country_name, language_name
from desktop.views.intake.form import ERROR_STYLE, HINT_STYLE, LABEL_WIDTH, Page, hint_label
from desktop.views.text import label, message

EMPTY = "–"


class SummaryPage(Page):
    edit_requested = Signal(int)

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(Step.SUMMARY, STEP_TITLES[Step.SUMMARY], parent)
        self.setObjectName("summaryPage")
        self._reference = reference
        self._levels = {
            c.code: c.name
            for scale in ("cefr", "sfi", "sas")
            for c in reference.language_levels(scale)
        }
        self._education_levels = {c.code: c.name for c in reference.education_levels()}
        self.intro = hint_label(
            self.tr(
                "Läs igenom uppgifterna tillsammans med personen. \u201dÄndra\u201d går till "
                "steget; Spara inskrivningen skapar personen och ett öppet ärende på dig."
            )
        )
        self.body = QWidget()
        self.body.setObjectName("summaryBody")
        self._body_layout = QVBoxLayout(self.body)
        self._body_layout.setContentsMargins(0, 0, 0, 0)
        self._body_layout.setSpacing(14)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.body)
        self.layout_.addStretch(1)

    def fill(self, data: IntakeData) -> None:
        """The summary shows, it does not hold anything: see refresh()."""

    def store(self, data: IntakeData) -> None:
        """Nothing is typed on the summary."""

    def refresh(self, data: IntakeData, problems: dict[Step, dict[str, str]]) -> None:
        while (item := self._body_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.setParent(None)  # gone from the page at once, deleted soon
                widget.deleteLater()
        for step, lines in self.lines(data):
            self._body_layout.addWidget(self._section(step, lines, problems.get(step, {})))
        self.refresh_tab_order()

    def _section(
        self, step: Step, lines: list[tuple[str, str]], problems: dict[str, str]
    ) -> QWidget:
        section = QWidget()
        section.setObjectName(f"summary_{step.name.lower()}")
        title = STEP_TITLES[step]
        section.setAccessibleName(title)
        heading = QLabel(f"{int(step) + 1}. {label(title)}")
        heading.setStyleSheet("font-weight: 600; font-size: 11pt;")
        edit = QPushButton(self.tr("Ändra"))
        edit.setObjectName(f"edit_{step.name.lower()}")
        edit.setAccessibleName(self.tr("Ändra %1").replace("%1", label(title)))
        edit.setAutoDefault(True)
        edit.clicked.connect(partial(self.edit_requested.emit, int(step)))
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(edit)
        top.addStretch(1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        grid.setColumnStretch(1, 1)
        for row, (name, value) in enumerate(lines):
            key = QLabel(name)
            key.setStyleSheet(HINT_STYLE)
            key.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(value or EMPTY)
            shown.setObjectName(f"summaryValue_{step.name.lower()}_{row}")
            shown.setTextFormat(Qt.TextFormat.PlainText)  # what was typed, never markup
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(key, row, 0)
            grid.addWidget(shown, row, 1)
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        if problems:
            wrong = QLabel("\n".join(message(text) for text in problems.values()))
            wrong.setObjectName(f"summaryProblems_{step.name.lower()}")
            wrong.setTextFormat(Qt.TextFormat.PlainText)
            wrong.setWordWrap(True)
            wrong.setStyleSheet(ERROR_STYLE)
            layout.addWidget(wrong)
        layout.addLayout(grid)
        return section

    # What is shown -------------------------------------------------------------------

    def lines(self, d: IntakeData) -> list[tuple[Step, list[tuple[str, str]]]]:
        return [
            (Step.IDENTITY, self._identity(d)),
            (Step.CONSENT, self._consent(d)),
            (Step.BACKGROUND, self._background(d)),
            (Step.LANGUAGES, self._languages(d)),
            (Step.EDUCATION, self._educations(d)),
            (Step.EXPERIENCE, self._experiences(d)),
            (Step.LICENCES, self._licences(d)),
            (Step.WISHES, self._wishes(d)),
        ]

    def _yes_no(self, value: bool) -> str:
        return self.tr("Ja") if value else self.tr("Nej")

    def _identity(self, d: IntakeData) -> list[tuple[str, str]]:
        if d.has_identity_number:
            number = [(self.tr("Personnummer / samordningsnummer"), d.identity_number)]
        else:
            number = [
                (self.tr("Personnummer"), self.tr("Saknas")),
                (self.tr("Födelsedatum"), d.birth_date),
                (self.tr("Skäl"), d.no_identity_reason),
            ]
        address = ", ".join(
            part for part in (d.street_address, f"{d.postal_code} {d.city}".strip()) if part
        )
        return [
            (self.tr("Namn"), f"{d.first_name} {d.last_name}".strip()),
            *number,
            (self.tr("Kön"), label(GENDERS.get(d.gender, d.gender))),
            (self.tr("Telefon"), d.phone),
            (self.tr("E-post"), d.email),
            (self.tr("Adress"), address),
            (self.tr("Kommun"), self._reference.municipality_name(d.municipality_code)),
        ]

    def _consent(self, d: IntakeData) -> list[tuple[str, str]]:
        return [
            (self.tr("Behandling av uppgifterna"), self._yes_no(d.consent_processing)),
            (self.tr("Dela profilen med arbetsgivare"), self._yes_no(d.consent_sharing)),
            (self.tr("Datum"), d.consent_date),
            (self.tr("Hur"), label(CONSENT_METHODS.get(d.consent_method, d.consent_method))),
            (self.tr("Rättslig grund"), d.legal_basis),
            (self.tr("Anteckning"), d.consent_note),
        ]

    def _background(self, d: IntakeData) -> list[tuple[str, str]]:
        return [
            (self.tr("Födelseland"), country_name(d.birth_country)),
            (self.tr("Medborgarskap"), country_name(d.citizenship)),
            (self.tr("Ankomst till Sverige"), d.arrival_date),
            (self.tr("Kom till tjänsten genom"), d.referred_by),
        ]

    def _languages(self, d: IntakeData) -> list[tuple[str, str]]:
        spoken = []
        for entry in d.languages:
            text = language_name(entry.language)
            if entry.level:
                text += f", {self._levels.get(entry.level, entry.level)}"
            if entry.mother_tongue:
                text += f" ({self.tr('modersmål')})"
            spoken.append(text)
        sfi = [
            self.tr("studieväg %1").replace("%1", d.sfi_path) if d.sfi_path else "",
            self._levels.get(d.sfi_course, d.sfi_course),
        ]
        return [
            (self.tr("Språk"), "\n".join(spoken)),
            (self.tr("SFI"), ", ".join(part for part in sfi if part)),
            (self.tr("Svenska som andraspråk"), self._levels.get(d.sas_level, d.sas_level)),
            (self.tr("Svenska enligt CEFR"), self._levels.get(d.swedish_cefr, d.swedish_cefr)),
        ]

    def _years(self, years: str) -> str:
        return self.tr("%1 år").replace("%1", years) if years.strip() else ""

    def _last_year(self, year: str) -> str:
        return self.tr("senast %1").replace("%1", year.strip()) if year.strip() else ""

    def _educations(self, d: IntakeData) -> list[tuple[str, str]]:
        lines = []
        for entry in d.educations:
            parts = [
                self._education_levels.get(entry.level, entry.level),
                entry.field,
                country_name(entry.country),
                self._years(entry.years),
                self.tr("avslutad") if entry.completed else self.tr("inte avslutad"),
                label(RECOGNITION.get(entry.recognition, entry.recognition))
                if entry.recognition
                else "",
            ]
            lines.append(", ".join(part for part in parts if part))
        return [(self.tr("Utbildningar"), "\n".join(lines))]

    def _occupation(self, code: str) -> str:
        found = self._reference.occupation(code) if code else None
        return found.label if found else code

    def _experiences(self, d: IntakeData) -> list[tuple[str, str]]:
        lines = []
        for entry in d.experiences:
            parts = [
                self._occupation(entry.occupation_code),
                entry.job_title,
                self._years(entry.years),
                self._last_year(entry.last_year),
                country_name(entry.country),
            ]
            lines.append(", ".join(part for part in parts if part))
        return [(self.tr("Erfarenheter"), "\n".join(lines))]

    def _licences(self, d: IntakeData) -> list[tuple[str, str]]:
        return [
            (self.tr("Körkort"), ", ".join(d.driving_licences)),
            (self.tr("Certifikat"), "\n".join(d.certificates)),
        ]

    def _wishes(self, d: IntakeData) -> list[tuple[str, str]]:
        return [
            (self.tr("Yrken"), "\n".join(self._occupation(c) for c in d.wished_occupations)),
            (
                self.tr("Kommuner"),
                ", ".join(self._reference.municipality_name(c) for c in d.wished_municipalities),
            ),
            (self.tr("Omfattning"), label(EXTENTS.get(d.work_extent, d.work_extent))),
            (self.tr("Tidigaste start"), d.earliest_start),
        ]
