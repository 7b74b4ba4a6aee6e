"""The "Profil" tab: a read-only summary of everything the intake recorded, in Swedish,
and the way into the profile editor.

The editor comes from a factory (another screen builds it); it replaces the summary
in the tab, and its `saved` signal brings back a refreshed summary.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.identity import IdentityNumberError, parse_identity_number
from desktop.services.intake import (
    EXTENTS,
    GENDERS,
    RECOGNITION,
    STEP_TITLES,
    IntakeData,
    IntakeService,
    Step,
)
from desktop.services.reference import ReferenceService, country_name, language_name
from desktop.views.confirm import confirm_box
from desktop.views.person.widgets import Notice, button, heading
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label

NOTHING = "–"
CAPTION_WIDTH = 170
ProfileEditorFactory = Callable[[uuid.UUID], QWidget]
# A line of the summary: the field's name, its caption and the text shown.
Row = tuple[str, str, str]


def _text(value: str) -> str:
    return value if value.strip() else NOTHING


def _listed(values: list[str]) -> str:
    return "\n".join(values) if values else NOTHING


class ProfileTab(QWidget):
    saved = Signal()

    def __init__(
        self,
        intake: IntakeService,
        reference: ReferenceService,
        person_id: uuid.UUID,
        editor_factory: ProfileEditorFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileTab")
        self.setAccessibleName(self.tr("Profil"))
        self._intake = intake
        self._reference = reference
        self._person_id = person_id
        self._factory = editor_factory
        self.editor: QWidget | None = None
        self._data = IntakeData()
        self._version = 0
        # Field name → the text shown for it (what the caseworker reads).
        self._values: dict[str, str] = {}
        # Read when first needed (the tab shown, or its data asked for): most visits to
        # a person never open the profile, and building it is half of opening the screen.
        self._loaded = False

        self.pages = QStackedWidget()
        self.pages.setObjectName("profilePages")
        self.pages.setAccessibleName(self.tr("Profil"))
        self.pages.addWidget(self._build_summary_page())
        self.pages.addWidget(self._build_editor_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._confirm: QMessageBox | None = None

    @property
    def data(self) -> IntakeData:
        self._load()
        return self._data

    @property
    def version(self) -> int:
        self._load()
        return self._version

    @property
    def values(self) -> dict[str, str]:
        self._load()
        return self._values

    def _load(self) -> None:
        if not self._loaded:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        self._load()
        super().showEvent(event)

    def _build_summary_page(self) -> QWidget:
        self.edit_button = button(
            self.tr("R&edigera profil"), "editProfileButton", self.tr("Redigera profil")
        )
        self.edit_button.clicked.connect(self.edit)
        if self._factory is None:
            self.edit_button.setEnabled(False)
            self.edit_button.setToolTip(
                self.tr("Redigering av profilen kommer i en senare version.")
            )
        self.notice = Notice("profileNotice", self.tr("Meddelande"))
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Profil"), "profileHeading"))
        top.addStretch(1)
        top.addWidget(self.edit_button)
        self.summary_area = QScrollArea()
        self.summary_area.setObjectName("profileSummary")
        self.summary_area.setAccessibleName(self.tr("Sammanfattning av profilen"))
        self.summary_area.setWidgetResizable(True)
        summary_page = QWidget()
        summary_page.setObjectName("profileSummaryPage")
        summary_page.setAccessibleName(self.tr("Profil"))
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addLayout(top)
        summary_layout.addWidget(self.notice)
        summary_layout.addWidget(self.summary_area, 1)

        return summary_page

    def _build_editor_page(self) -> QWidget:
        self.cancel_button = button(
            self.tr("Avbryt redigeringen"), "cancelEditButton", self.tr("Avbryt redigeringen")
        )
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.editor_page = QWidget()
        self.editor_page.setObjectName("profileEditorPage")
        self.editor_page.setAccessibleName(self.tr("Redigera profil"))
        editor_top = QHBoxLayout()
        editor_top.addWidget(heading(self.tr("Redigera profil"), "editProfileHeading"))
        editor_top.addStretch(1)
        editor_top.addWidget(self.cancel_button)
        self._editor_layout = QVBoxLayout(self.editor_page)
        self._editor_layout.setContentsMargins(0, 0, 0, 0)
        self._editor_layout.addLayout(editor_top)

        return self.editor_page

    # The summary -----------------------------------------------------------------------

    def refresh(self) -> None:
        self._data, self._version = self._intake.profile_of(self._person_id)
        self._loaded = True
        content = QWidget()
        content.setObjectName("profileSections")
        content.setAccessibleName(self.tr("Profilens uppgifter"))
        column = QVBoxLayout(content)
        self._values = {}
        for number, (title, rows) in enumerate(self._sections(self._data)):
            box = QGroupBox(title)
            box.setObjectName(f"profileSection{number}")
            box.setAccessibleName(title)
            form = QFormLayout(box)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            for key, caption_text, value in rows:
                self._values[key] = value
                caption = QLabel(caption_text)
                caption.setObjectName(f"profileCaption_{key}")
                caption.setAccessibleName(caption_text)
                caption.setStyleSheet(SECONDARY_STYLE)
                # One caption width in every section, so the values line up.
                caption.setMinimumWidth(CAPTION_WIDTH)
                shown = QLabel(value)
                shown.setObjectName(f"profile_{key}")
                shown.setAccessibleName(caption_text)
                shown.setWordWrap(True)
                shown.setTextFormat(Qt.TextFormat.PlainText)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(caption, shown)
            column.addWidget(box)
        column.addStretch(1)
        self.summary_area.setWidget(content)

    def _sections(self, d: IntakeData) -> list[tuple[str, list[Row]]]:
        ref = self._reference
        return [
            (label(STEP_TITLES[Step.IDENTITY]), self._identity(d)),
            (label(STEP_TITLES[Step.BACKGROUND]), self._background(d)),
            (label(STEP_TITLES[Step.LANGUAGES]), self._languages(d)),
            (
                label(STEP_TITLES[Step.EDUCATION]),
                [("educations", self.tr("Utbildningar"), _listed(self._educations(d)))],
            ),
            (
                label(STEP_TITLES[Step.EXPERIENCE]),
                [("experiences", self.tr("Erfarenheter"), _listed(self._experiences(d)))],
            ),
            (
                label(STEP_TITLES[Step.LICENCES]),
                [
                    ("driving_licences", self.tr("Körkort"), _text(", ".join(d.driving_licences))),
                    ("certificates", self.tr("Certifikat"), _listed(d.certificates)),
                ],
            ),
            (
                label(STEP_TITLES[Step.WISHES]),
                [
                    (
                        "wished_occupations",
                        self.tr("Önskade yrken"),
                        _listed([self._occupation(code) for code in d.wished_occupations]),
                    ),
                    (
                        "wished_municipalities",
                        self.tr("Kan arbeta i"),
                        _listed([ref.municipality_name(c) for c in d.wished_municipalities]),
                    ),
                    (
                        "work_extent",
                        self.tr("Omfattning"),
                        label(EXTENTS[d.work_extent]) if d.work_extent in EXTENTS else NOTHING,
                    ),
                    ("earliest_start", self.tr("Kan börja"), _text(d.earliest_start)),
                ],
            ),
        ]

    def _identity(self, d: IntakeData) -> list[Row]:
        rows: list[Row] = [
            ("first_name", self.tr("Förnamn"), _text(d.first_name)),
            ("last_name", self.tr("Efternamn"), _text(d.last_name)),
        ]
        birth = self._intake.birth_date_of(d)
        born = ("birth_date", self.tr("Födelsedatum"), birth.isoformat() if birth else NOTHING)
        if d.has_identity_number:
            rows += [("identity_number", self._number_caption(d), _text(d.identity_number)), born]
        else:
            rows += [
                ("identity_number", self.tr("Person- eller samordningsnummer"), self.tr("Saknas")),
                born,
                ("no_identity_reason", self.tr("Skäl"), _text(d.no_identity_reason)),
            ]
        postal = " ".join(part for part in (d.postal_code, d.city) if part.strip())
        address = "\n".join(part for part in (d.street_address, postal) if part.strip())
        gender = label(GENDERS[d.gender]) if d.gender in GENDERS else NOTHING
        municipality = self._reference.municipality_name(d.municipality_code)
        return [
            *rows,
            ("gender", self.tr("Kön"), gender),
            ("phone", self.tr("Telefon"), _text(d.phone)),
            ("email", self.tr("E-post"), _text(d.email)),
            ("address", self.tr("Adress"), _text(address)),
            ("municipality", self.tr("Kommun"), _text(municipality)),
        ]

    def _background(self, d: IntakeData) -> list[Row]:
        return [
            ("birth_country", self.tr("Födelseland"), _text(country_name(d.birth_country))),
            ("citizenship", self.tr("Medborgarskap"), _text(country_name(d.citizenship))),
            ("arrival_date", self.tr("Ankomst till Sverige"), _text(d.arrival_date)),
            ("referred_by", self.tr("Remitterad av"), _text(d.referred_by)),
        ]

    def _languages(self, d: IntakeData) -> list[Row]:
        levels = {
            choice.code: choice.name
            for scale in ("cefr", "sfi", "sas")
            for choice in self._reference.language_levels(scale)
        }
        spoken = []
        for entry in d.languages:
            parts = [language_name(entry.language)]
            if entry.mother_tongue:
                parts.append(self.tr("modersmål"))
            if entry.level:
                parts.append(levels.get(entry.level, entry.level))
            spoken.append(" – ".join(parts))
        path = self.tr("studieväg %1").replace("%1", d.sfi_path) if d.sfi_path else ""
        sfi = ", ".join(part for part in (path, levels.get(d.sfi_course, d.sfi_course)) if part)
        return [
            ("languages", self.tr("Språk"), _listed(spoken)),
            ("sfi", self.tr("SFI"), _text(sfi)),
            ("sas_level", self.tr("Svenska som andraspråk"), _text(levels.get(d.sas_level, ""))),
            ("swedish_cefr", self.tr("Svenska (CEFR)"), _text(levels.get(d.swedish_cefr, ""))),
        ]

    def _educations(self, d: IntakeData) -> list[str]:
        levels = {choice.code: choice.name for choice in self._reference.education_levels()}
        shown = []
        for e in d.educations:
            details = [levels.get(e.level, e.level), e.field.strip(), country_name(e.country)]
            if e.years.strip():
                details.append(self.tr("%1 år").replace("%1", e.years))
            details.append(self.tr("avslutad") if e.completed else self.tr("inte avslutad"))
            if e.recognition in RECOGNITION and e.recognition:
                details.append(label(RECOGNITION[e.recognition]))
            shown.append(", ".join(part for part in details if part))
        return shown

    def _experiences(self, d: IntakeData) -> list[str]:
        shown = []
        for x in d.experiences:
            details = [self._occupation(x.occupation_code) if x.occupation_code else ""]
            details.append(x.job_title.strip())
            if x.years.strip():
                details.append(self.tr("%1 år").replace("%1", x.years))
            if x.last_year.strip():
                details.append(self.tr("senast %1").replace("%1", x.last_year.strip()))
            details.append(country_name(x.country))
            shown.append(", ".join(part for part in details if part))
        return shown

    def _occupation(self, code: str) -> str:
        choice = self._reference.occupation(code)
        return choice.label if choice else code

    def _number_caption(self, d: IntakeData) -> str:
        try:
            kind = parse_identity_number(d.identity_number).kind
        except IdentityNumberError:
            kind = "personnummer"
        return (
            self.tr("Samordningsnummer") if kind == "samordningsnummer" else self.tr("Personnummer")
        )

    # Editing ---------------------------------------------------------------------------

    def edit(self) -> QWidget | None:
        if self._factory is None:
            return None
        if self.editor is None:
            self.notice.say("")
            editor = self._factory(self._person_id)
            editor.setParent(self.editor_page)
            saved = getattr(editor, "saved", None)
            if isinstance(saved, SignalInstance):
                saved.connect(self._editor_saved)
            self._editor_layout.addWidget(editor, 1)
            self.editor = editor
        self.pages.setCurrentWidget(self.editor_page)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.editor

    def has_unsaved_edits(self) -> bool:
        # The editor is any widget from the factory; one that can tell says so.
        is_modified = getattr(self.editor, "is_modified", None)
        return callable(is_modified) and bool(is_modified())

    def _editor_saved(self) -> None:
        self._close_editor()
        self.refresh()
        self.notice.say(self.tr("Profilen är sparad."))
        self.saved.emit()

    def ask_cancel(self) -> QMessageBox:
        """Leaving the editor loses what was typed in it: ask first."""
        box = confirm_box(
            self,
            "confirmCancelEdit",
            self.tr("Avbryt redigeringen"),
            self.tr("Avbryta redigeringen? Ändringar som inte har sparats försvinner."),
            act=self.tr("Avbryt redigeringen"),
            stay=self.tr("Fortsätt redigera"),
        )
        box.buttonClicked.connect(self._cancel_answered)
        box.finished.connect(self._confirm_finished)
        self._confirm = box
        box.open()
        return box

    def _cancel_answered(self, answer: QAbstractButton) -> None:
        if answer.objectName() == "confirmButton":
            self._close_editor()

    def _confirm_finished(self) -> None:
        if self.sender() is self._confirm:
            self._confirm = None

    def _close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            self._editor_layout.removeWidget(editor)
            editor.hide()
            editor.deleteLater()
        self.pages.setCurrentIndex(0)
        self.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)
