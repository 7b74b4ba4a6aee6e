"""A person's, a need's or an employer's referrals: the pipeline in a table, a line
counting each status, and the steps the chosen referral may take next.

Only the steps the service allows from the chosen referral's status are offered, one
button each; each opens a small dialog (a note, and who and why for a decline, the
placement for a placement), because no step but a placement can be taken back. After a
step the list is read again and `changed(row)` says which referral moved (the row as it
was), so that the need's places, the person's case and the employer's log can follow.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services.documents import DocumentService
from desktop.services.reference import ReferenceService
from desktop.services.referrals import (
    PlacementData,
    ReferralError,
    ReferralRow,
    ReferralService,
    StaleError,
)
from desktop.store.errors import StoreError
from desktop.views.dialog_host import DialogHost
from desktop.views.person.widgets import FieldError, Notice, button, heading, row_table
from desktop.views.referrals.dialogs import UNDO, HistoryDialog, StepDialog, StepInput
from desktop.views.referrals.model import (
    EMPLOYER_COLUMNS,
    NEED_COLUMNS,
    PERSON_COLUMNS,
    ReferralColumn,
    ReferralTableModel,
)
from desktop.views.settings import Settings
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label

if TYPE_CHECKING:
    from desktop.views.documents.batch_dialog import LetterBatchDialog
    from desktop.views.documents.letter_dialog import LetterDialog

# The steps in the order their buttons stand; the underlined letters avoid those of the
# person screen's tabs and the need editor's status and save buttons.
STEP_BUTTONS = {
    "presenterad": ("Pr&esentera …", "Presentera för arbetsgivaren"),
    "intervju": ("&Intervju …", "Intervju"),
    "erbjuden": ("Er&bjud …", "Erbjud"),
    "placerad": ("P&lacera …", "Placera"),
    "avbojd": ("&Avböj …", "Avböj"),
    "aterkallad": ("Åter&kalla …", "Återkalla"),
}
# The employer screen's Rekryterings&behov tab has B; it has no &Journal tab, so J.
EMPLOYER_STEP_TEXT = {"erbjuden": "Erb&jud …"}
# "Föreslagna 2 · Presenterade 1 · …": every step of the way, and the withdrawn when any.
SUMMARY_WORDS = {
    "foreslagen": "Föreslagna",
    "presenterad": "Presenterade",
    "intervju": "Intervju",
    "erbjuden": "Erbjudna",
    "placerad": "Placerade",
    "avbojd": "Avböjda",
    "aterkallad": "Återkallade",
}


class ReferralsPanel(DialogHost):
    """The referrals of a person (`person_id`), of a need (`vacancy_id`) or of every
    need of an employer (`employer_id`).

    `changed(row)` after a step was taken, with the referral as it was before it;
    `activated(row)` when a row is opened with Enter or a double click."""

    changed = Signal(object)
    activated = Signal(object)

    def __init__(
        self,
        referrals: ReferralService,
        reference: ReferenceService,
        *,
        person_id: uuid.UUID | None = None,
        vacancy_id: uuid.UUID | None = None,
        employer_id: uuid.UUID | None = None,
        today: Callable[[], dt.date] = clock.today,
        documents: DocumentService | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """With `documents`, a "Presentationsbrev…" button opens the chosen referral's
        letter (LetterDialog); `settings` remembers the folder PDFs are saved in."""
        super().__init__(parent)
        if [person_id, vacancy_id, employer_id].count(None) != 2:
            raise ValueError("Give one of person_id, vacancy_id and employer_id.")
        self._referrals = referrals
        self._reference = reference
        self._person_id = person_id
        self._vacancy_id = vacancy_id
        self._employer_id = employer_id
        self._today = today
        self._documents = documents
        self._settings = settings
        self.dialog = None
        self.setObjectName("referralsPanel")
        self.setAccessibleName(self.tr("Anvisningar"))

        title, table_name, columns, empty = self._kind()
        self.title = heading(title, "referralsHeading")
        self.summary = QLabel()
        self.summary.setObjectName("referralSummary")
        self.summary.setStyleSheet(SECONDARY_STYLE)
        self.model = ReferralTableModel(columns, self)
        self.table = row_table(
            "referralTable", table_name, self.model, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        self.empty = QLabel(empty)
        self.empty.setObjectName("referralsEmpty")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"{SECONDARY_STYLE} padding: 12px 2px;")

        self.step_bar = self._build_steps()
        # An employer's list spans people: Enter opens the one on the row.
        self.hint = QLabel(self.tr("Enter eller dubbelklick på en rad öppnar personen."))
        self.hint.setObjectName("referralsHint")
        self.hint.setStyleSheet(SECONDARY_STYLE)
        self._hint_wanted = employer_id is not None

        self.notice = Notice("referralNotice", self.tr("Meddelande"))
        self.error = FieldError("referralError", self.tr("Fel"))

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        # The table is as high as its rows (it scrolls when they are many), so that the
        # steps stand right under the referral they are for.
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.step_bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.reload()

    def _kind(self) -> tuple[str, str, tuple[ReferralColumn, ...], str]:
        """The heading, the table's name, its columns and the empty list's words."""
        if self._person_id is not None:
            return (
                self.tr("Personens anvisningar"),
                self.tr("Personens anvisningar"),
                PERSON_COLUMNS,
                self.tr(
                    "Inga anvisningar ännu. Föreslå personen för ett behov från Matchning, så "
                    "följer du anvisningen här."
                ),
            )
        if self._vacancy_id is not None:
            return (
                self.tr("Anvisningar till behovet"),
                self.tr("Behovets anvisningar"),
                NEED_COLUMNS,
                self.tr("Inga anvisningar ännu. Föreslå kandidater från Matchning."),
            )
        return (
            self.tr("Anvisningar till arbetsgivarens behov"),
            self.tr("Arbetsgivarens anvisningar"),
            EMPLOYER_COLUMNS,
            self.tr(
                "Inga anvisningar ännu. Föreslå kandidater till arbetsgivarens "
                "rekryteringsbehov från Matchning."
            ),
        )

    def _build_steps(self) -> QWidget:
        """A button for every step; those the chosen referral may take are shown."""
        self.step_buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        for status, (shown, accessible) in STEP_BUTTONS.items():
            text = shown
            if self._employer_id is not None:
                text = EMPLOYER_STEP_TEXT.get(status, shown)
            push = button(self.tr(text), f"step_{status}", self.tr(accessible))
            push.clicked.connect(partial(self.open_step, status))
            actions.addWidget(push)
            self.step_buttons[status] = push
        self.undo_button = button(
            self.tr("Ångra pla&cering …"), "undoPlacementButton", self.tr("Ångra placering")
        )
        self.undo_button.clicked.connect(self.open_undo)
        actions.addWidget(self.undo_button)
        actions.addStretch(1)
        self.letter_button = button(
            self.tr("Pre&sentationsbrev …"), "referralLetterButton", self.tr("Presentationsbrev")
        )
        self.letter_button.setToolTip(
            self.tr("Läs, ändra och spara presentationsbrevet till arbetsgivaren som PDF")
        )
        self.letter_button.clicked.connect(self.open_letter)
        self.letter_button.setVisible(self._documents is not None)
        actions.addWidget(self.letter_button)
        # A need's list: every current referral's letter at once (also Ctrl+P there).
        self.letters_button = button(
            self.tr("Brev till alla … (Ctrl+P)"),
            "referralLettersButton",
            self.tr("Presentationsbrev till alla"),
        )
        self.letters_button.setToolTip(
            self.tr("Ett presentationsbrev per aktuell anvisning, som PDF-filer i en mapp")
        )
        self.letters_button.clicked.connect(self.open_letters)
        self.letters_button.setVisible(self._documents is not None and self._vacancy_id is not None)
        actions.addWidget(self.letters_button)
        self.history_button = button(
            self.tr("His&torik"), "referralHistoryButton", self.tr("Historik")
        )
        self.history_button.setToolTip(self.tr("Vad som har hänt med anvisningen, när och av vem"))
        self.history_button.clicked.connect(self.open_history)
        actions.addWidget(self.history_button)
        bar = QWidget()
        bar.setObjectName("referralActions")
        bar.setAccessibleName(self.tr("Nästa steg för den valda anvisningen"))
        bar.setLayout(actions)
        return bar

    # Showing -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the referrals again; the chosen one stays chosen."""
        chosen = self.selected()
        try:
            if self._person_id is not None:
                rows = self._referrals.of_person(self._person_id)
            elif self._vacancy_id is not None:
                rows = self._referrals.of_need(self._vacancy_id)
            else:
                assert self._employer_id is not None
                rows = self._referrals.of_employer(self._employer_id)
        except StoreError as error:
            self.error.say(str(error))
            return
        self.model.set_rows(rows)
        self.summary.setText(self.summary_text(rows))
        self.summary.setAccessibleName(self.summary.text())
        self.summary.setVisible(bool(rows))
        self._fit_table()
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.step_bar.setVisible(bool(rows))
        self.hint.setVisible(self._hint_wanted and bool(rows))
        if rows:
            self.select(chosen.id if chosen else rows[0].id)
        self._show_steps()

    def _fit_table(self) -> None:
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        frame = 2 * self.table.frameWidth()
        self.table.setMaximumHeight(
            self.table.horizontalHeader().sizeHint().height() + rows + frame
        )

    def summary_text(self, rows: Sequence[ReferralRow]) -> str:
        counts = Counter(r.status for r in rows)
        parts = [
            f"{self.tr(words)} {counts[status]}"
            for status, words in SUMMARY_WORDS.items()
            if status != "aterkallad" or counts[status]
        ]
        return "  ·  ".join(parts)

    def rows(self) -> list[ReferralRow]:
        return self.model.rows()

    def selected(self) -> ReferralRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.referral(rows[0].row()) if rows else None

    def select(self, referral_id: uuid.UUID) -> None:
        """Choose the referral (the first one if it is not in the list)."""
        row = max(self.model.row_of(referral_id), 0)
        if self.model.rowCount() == 0:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def table_text(self) -> list[list[str]]:
        """The table as the user reads it, row by row."""
        return [
            [str(self.model.index(r, c).data() or "") for c in range(self.model.columnCount())]
            for r in range(self.model.rowCount())
        ]

    def column(self, column: ReferralColumn) -> int:
        return self.model.column_of(column)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_steps()

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.referral(index.row())
        if row is not None:
            self.activated.emit(row)

    def _show_steps(self) -> None:
        """The buttons of the steps the chosen referral may take; the rest are hidden."""
        row = self.selected()
        allowed = row.next_statuses if row is not None else ()
        for status, push in self.step_buttons.items():
            push.setVisible(status in allowed)
        self.undo_button.setVisible(row is not None and row.status == "placerad")
        self.history_button.setEnabled(row is not None)
        self.letter_button.setEnabled(
            row is not None and row.status not in ("avbojd", "aterkallad")
        )

    def offered_steps(self) -> list[str]:
        """The step buttons shown for the chosen referral, in order (UNDO for "Ångra")."""
        shown = [s for s, push in self.step_buttons.items() if not push.isHidden()]
        return [*shown, UNDO] if not self.undo_button.isHidden() else shown

    # Steps ---------------------------------------------------------------------------

    def open_step(self, status: str) -> StepDialog | None:
        """The dialog for taking the chosen referral to `status` (or UNDO)."""
        row = self.selected()
        if row is None:
            return None
        self.notice.say("")
        self.error.say(None)
        forms = self._reference.labour_market_forms() if status == "placerad" else []
        placement = self._placement_start(row) if status == "placerad" else None
        dialog = StepDialog(
            row,
            status,
            partial(self._take_step, row.id, status),
            forms=forms,
            placement=placement,
            placement_problems=self._placement_problems,
            parent=self,
        )
        dialog.accepted.connect(self._step_taken)
        self._open(dialog)
        return dialog

    def open_undo(self) -> StepDialog | None:
        return self.open_step(UNDO)

    def _placement_start(self, row: ReferralRow) -> PlacementData:
        """What a placement dialog starts from: the need's form and extent, from today."""
        try:
            return self._referrals.placement_defaults(row.id, today=self._today())
        except StoreError:
            return PlacementData(start_date=self._today().isoformat())

    def _placement_problems(self, data: PlacementData) -> dict[str, str]:
        return self._referrals.placement_problems(data, today=self._today())

    def _take_step(self, referral_id: uuid.UUID, status: str, data: StepInput) -> None:
        """Called by the dialog; the version is the one shown now (read again after a
        stale refusal, so that trying again works on what is there)."""
        index = self.model.row_of(referral_id)
        row = self.model.referral(index)
        if row is None:
            raise ReferralError("Anvisningen finns inte längre i listan.")
        try:
            if status == UNDO:
                self._referrals.undo_placement(
                    row.id, row.version, note=data.note, today=self._today()
                )
            else:
                self._referrals.change_status(
                    row.id,
                    row.version,
                    status,
                    note=data.note,
                    declined_by=data.declined_by,
                    reason=data.reason,
                    placement=data.placement,
                    today=self._today(),
                )
        except StaleError:
            self.reload()
            raise

    def _step_taken(self) -> None:
        # The sender, not self.dialog: `finished` (which forgets the dialog) comes first.
        dialog = self.sender()
        if not isinstance(dialog, StepDialog):
            return
        row, step = dialog.row, dialog.step
        self.reload()
        if step == UNDO:
            text = self.tr("Placeringen är ångrad; anvisningen är åter erbjuden.")
        else:
            after = self.model.referral(self.model.row_of(row.id))
            status = label(after.status_name if after else step).lower()
            text = self.tr("%1 är nu %2.").replace("%1", self._subject(row)).replace("%2", status)
        self.notice.say(text)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit(row)

    def _subject(self, row: ReferralRow) -> str:
        """The referral in a few words: the person in a need's list, the person and the
        need in an employer's, else the need."""
        if self._vacancy_id is not None:
            return self.tr("Anvisningen av %1").replace("%1", isolated(row.person_name))
        if self._employer_id is not None:
            return (
                self.tr("Anvisningen av %1 till %2")
                .replace("%1", isolated(row.person_name))
                .replace("%2", isolated(row.need_title))
            )
        return self.tr("Anvisningen till %1").replace("%1", isolated(row.need_title))

    def open_history(self) -> HistoryDialog | None:
        row = self.selected()
        if row is None:
            return None
        try:
            history = self._referrals.history(row.id)
        except StoreError as error:
            self.error.say(str(error))
            return None
        dialog = HistoryDialog(row, history, parent=self)
        self._open(dialog)
        return dialog

    def open_letter(self) -> LetterDialog | None:
        """The chosen referral's letter: its text to read and edit, then a PDF."""
        # Imported here: the dialog uses the person screen's widgets, whose package
        # imports this panel.
        from desktop.views.documents.letter_dialog import LetterDialog

        row = self.selected()
        if row is None or self._documents is None:
            return None
        self.error.say(None)
        dialog = LetterDialog(
            self._documents,
            row.id,
            self._settings or Settings(),
            today=self._today,
            parent=self,
        )
        self._open(dialog)
        return dialog

    def open_letters(self) -> LetterBatchDialog | None:
        """The letters of every current referral of the need, written in one go."""
        from desktop.views.documents.batch_dialog import LetterBatchDialog

        if self._documents is None or self._vacancy_id is None:
            return None
        self.error.say(None)
        dialog = LetterBatchDialog(
            self._documents, self._vacancy_id, self._settings or Settings(), parent=self
        )
        self._open(dialog)
        return dialog
