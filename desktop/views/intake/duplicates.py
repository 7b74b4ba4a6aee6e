"""Step 2: is the person already registered? The same number means yes: open that
person instead. A similar name with the same birth date may be the same person spelt
another way: the caseworker decides, for each, whether it is."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.intake import (
    STEP_TITLES,
    DuplicateCheck,
    IntakeData,
    IntakeService,
    PersonMatch,
    Step,
)
from desktop.services.reference import ReferenceService
from desktop.views.intake.form import Page, hint_label

SAME_NUMBER = "En person med samma nummer finns redan."


class DuplicatesPage(Page):
    open_person_requested = Signal(str)

    def __init__(
        self, intake: IntakeService, reference: ReferenceService, parent: QWidget | None = None
    ) -> None:
        super().__init__(Step.DUPLICATES, STEP_TITLES[Step.DUPLICATES], parent)
        self.setObjectName("duplicatesPage")
        self._intake = intake
        self._reference = reference
        self._check = DuplicateCheck(None, [])
        self._rejected: list[str] = []
        self._boxes: dict[str, QCheckBox] = {}
        intro = hint_label(
            self.tr(
                "Programmet söker efter samma personnummer eller samordningsnummer, och efter "
                "liknande namn med samma födelsedatum."
            )
        )
        self.results = QWidget()
        self.results.setObjectName("duplicateResults")
        self._results_layout = QVBoxLayout(self.results)
        self._results_layout.setContentsMargins(0, 0, 0, 0)
        self._results_layout.setSpacing(8)
        self.layout_.addWidget(intro)
        self.layout_.addWidget(self.results)
        self.layout_.addStretch(1)

    # Data --------------------------------------------------------------------------

    def fill(self, data: IntakeData) -> None:
        self._rejected = list(data.not_duplicates)

    def store(self, data: IntakeData) -> None:
        shown = set(self._boxes)
        kept = [person for person in self._rejected if person not in shown]
        data.not_duplicates = kept + [
            person for person, box in self._boxes.items() if box.isChecked()
        ]
        self._rejected = list(data.not_duplicates)

    def refresh(self, data: IntakeData) -> None:
        """Look again (the identity may have changed) and show what was found."""
        self._rejected = list(data.not_duplicates)
        self._check = self._intake.duplicates(data)
        self._show()

    def problems(self) -> dict[str, str]:
        """What keeps the intake from going on: the same number, or a similar person the
        caseworker has not yet said is someone else."""
        if self._check.same_number is not None:
            return {
                "duplicates": self.tr(
                    "Personen finns redan. Öppna personen, eller gå tillbaka och rätta numret."
                )
            }
        if any(not box.isChecked() for box in self._boxes.values()):
            return {
                "duplicates": self.tr(
                    "Ta ställning till varje möjlig dubblett: öppna personen om det är samma, "
                    "annars kryssa i \u201dInte samma person\u201d."
                )
            }
        return {}

    # Showing -----------------------------------------------------------------------

    def _show(self) -> None:
        while (item := self._results_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.setParent(None)  # gone from the page at once, deleted soon
                widget.deleteLater()
        self._boxes = {}
        same = self._check.same_number
        if same is not None:
            self._results_layout.addWidget(self._same_number_box(same))
        if self._check.similar:
            heading = QLabel(self.tr("Möjliga dubbletter"))
            heading.setStyleSheet("font-weight: 600;")
            self._results_layout.addWidget(heading)
            for index, match in enumerate(self._check.similar):
                self._results_layout.addWidget(self._similar_box(index, match))
        if same is None and not self._check.similar:
            none = QLabel(
                self.tr(
                    "Ingen person med samma nummer, eller med liknande namn och samma "
                    "födelsedatum, finns registrerad. Gå vidare med Nästa."
                )
            )
            none.setObjectName("noDuplicates")
            none.setWordWrap(True)
            self._results_layout.addWidget(none)
        self.general.say("")
        self.revealed = False
        self.refresh_tab_order()

    def _describe(self, match: PersonMatch) -> str:
        parts = [
            f"{match.first_name} {match.last_name}",
            self.tr("född %1").replace("%1", match.birth_date.isoformat()),
        ]
        if match.municipality_code:
            parts.append(self._reference.municipality_name(match.municipality_code))
        return ", ".join(parts)

    def _frame(self, name: str, border: str) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame()
        frame.setObjectName(name)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet(f"QFrame#{name} {{ border: 1px solid {border}; border-radius: 4px; }}")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 8, 10, 8)
        return frame, layout

    def _person_label(self, match: PersonMatch) -> QLabel:
        label = QLabel(self._describe(match))
        label.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 11pt;")
        return label

    def _same_number_box(self, match: PersonMatch) -> QFrame:
        frame, layout = self._frame("sameNumber", "#b3261e")
        frame.setAccessibleName(self.tr("Personen finns redan"))
        title = QLabel(self.tr("Personen finns redan med samma nummer"))
        title.setStyleSheet("font-weight: 600; color: #b3261e;")
        layout.addWidget(title)
        layout.addWidget(self._person_label(match))
        layout.addWidget(
            hint_label(
                self.tr(
                    "En person skrivs bara in en gång. Öppna personen och gör ändringarna "
                    "där; det du har skrivit här sparas som ett utkast."
                )
            )
        )
        button = QPushButton(self.tr("Öppna &personen"))
        button.setObjectName("openSameNumber")
        button.setAccessibleName(self.tr("Öppna personen som redan finns"))
        button.setAutoDefault(True)
        button.clicked.connect(partial(self.open_person_requested.emit, str(match.id)))
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return frame

    def _similar_box(self, index: int, match: PersonMatch) -> QFrame:
        frame, layout = self._frame(f"similar_{index}", "#c9a227")
        description = self._describe(match)
        frame.setAccessibleName(self.tr("Möjlig dubblett: %1").replace("%1", description))
        layout.addWidget(self._person_label(match))
        not_same = QCheckBox(self.tr("Inte samma person"))
        not_same.setObjectName(f"notDuplicate_{index}")
        not_same.setAccessibleName(self.tr("Inte samma person som %1").replace("%1", description))
        not_same.setChecked(str(match.id) in self._rejected)
        not_same.toggled.connect(self._decided)
        open_button = QPushButton(self.tr("Samma person – öppna"))
        open_button.setObjectName(f"openSimilar_{index}")
        open_button.setAccessibleName(
            self.tr("Det är samma person: öppna %1").replace("%1", description)
        )
        open_button.setAutoDefault(True)
        open_button.clicked.connect(partial(self.open_person_requested.emit, str(match.id)))
        row = QHBoxLayout()
        row.addWidget(not_same)
        row.addSpacing(16)
        row.addWidget(open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._boxes[str(match.id)] = not_same
        return frame

    def _decided(self, _checked: bool) -> None:
        if self.revealed:
            self.show_problems(self.problems())
        self.changed.emit()
