"""Presentationsbrev for every current referral of a need in one go (the need window's
Anvisningar tab, or Ctrl+P there).

The dialog reads the need's referrals off the GUI thread and lists each person with what
their letter lacks: a value missing (e.g. no driving licence) or a refusal (no consent to
share, a character no font has), before anything is written. "Utelämna rader …" (on by
default) leaves out the template's lines whose values are missing, so those letters can
be written too. The letters are written off the GUI thread, one PDF each into the chosen
folder, with a progress bar; Avbryt (or Esc) stops between two letters and keeps those
written. Afterwards the dialog says how many were written, who was skipped and why, and
offers to open the folder.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services.documents import (
    DocumentError,
    DocumentService,
    LetterBatch,
    NeedLetter,
    NeedLetters,
)
from desktop.services.referrals import STATUS_NAMES
from desktop.store.errors import StoreError
from desktop.views.documents.saving import OpenUrl, documents_folder, folder_dialog
from desktop.views.latest_runner import LatestRunner
from desktop.views.person.widgets import FieldError, Notice, button, caption, heading
from desktop.views.placement import fit_to_screen
from desktop.views.progress_runner import Cancelled, Progress, ProgressRunner
from desktop.views.settings import Settings
from desktop.views.style import SECONDARY, SECONDARY_STYLE
from desktop.views.text import message

COLUMNS = ("Person", "Anvisning", "Brevet")


class LetterBatchDialog(QDialog):
    """`written(batch)` when a batch has ended (LetterBatch: files, skipped, cancelled)."""

    written = Signal(object)

    def __init__(
        self,
        documents: DocumentService,
        need_id: uuid.UUID,
        settings: Settings,
        *,
        open_url: OpenUrl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._documents = documents
        self._need_id = need_id
        self._settings = settings
        self._open_url: Callable[[QUrl], object] = open_url or QDesktopServices.openUrl
        self.plan: NeedLetters | None = None
        self.batch: LetterBatch | None = None
        self.folder = documents_folder(settings)
        self.file_dialog: QFileDialog | None = None
        self._close_when_done = False
        self.setObjectName("letterBatchDialog")
        self.setWindowTitle(self.tr("Presentationsbrev till alla"))
        self.setAccessibleName(self.tr("Presentationsbrev till alla"))
        fit_to_screen(self, QSize(760, 560))

        self._build_widgets()
        self._lay_out()
        self._show_folder()

        self._reader = LatestRunner(self)
        self._reader.finished.connect(self._show_plan)
        self._reader.failed.connect(self._plan_failed)
        self._reader.submit(partial(self._documents.need_letters, need_id))
        self._runner = ProgressRunner(self)
        self._runner.progress.connect(self._progressed)
        self._runner.finished.connect(self._done)
        self._runner.failed.connect(self._failed)

    def _build_widgets(self) -> None:
        self.title = heading(self.tr("Presentationsbrev till alla"), "letterBatchTitle")
        self.status = QLabel(self.tr("Läser behovets anvisningar …"))
        self.status.setObjectName("letterBatchStatus")
        self.status.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("letterBatchList")
        self.list.setAccessibleName(self.tr("Anvisningarna och deras brev"))
        self.list.setColumnCount(len(COLUMNS))
        self.list.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setWordWrap(False)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.list.itemChanged.connect(self._count)
        self.list.currentItemChanged.connect(self._explain)
        # The chosen row's reason in full (a refusal says what to do about it).
        self.detail = QLabel()
        self.detail.setObjectName("letterBatchDetail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(SECONDARY_STYLE)
        self.detail.hide()
        self.omit = QCheckBox(self.tr("&Utelämna raderna med uppgifter som saknas i brevet"))
        self.omit.setObjectName("letterBatchOmit")
        self.omit.setChecked(True)
        self.omit.setToolTip(
            self.tr(
                "Till exempel raden Körkort för den som inte har körkort. Utan det här "
                "skrivs inget brev för den som saknar en uppgift."
            )
        )
        self.omit.toggled.connect(self._show_rows)
        self.folder_field = QLabel()
        self.folder_field.setObjectName("letterBatchFolder")
        self.folder_field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = button(
            self.tr("Byt &mapp…"), "letterBatchFolderButton", self.tr("Byt mapp")
        )
        self.folder_button.clicked.connect(self.choose_folder)
        self.folder_error = FieldError("letterBatchFolderError", self.tr("Fel om mappen"))
        self.progress = QProgressBar()
        self.progress.setObjectName("letterBatchProgress")
        self.progress.setAccessibleName(self.tr("Hur många brev som är skrivna"))
        self.progress.setFormat(self.tr("%v av %m brev"))
        self.progress.hide()
        self.outcome = Notice("letterBatchResult", self.tr("Resultat"))
        self.skipped = FieldError("letterBatchSkipped", self.tr("Brev som inte skrevs"))
        self.error = FieldError("letterBatchError", self.tr("Fel"))

        self._build_buttons()

    def _build_buttons(self) -> None:
        self.write_button = button(
            self.tr("&Skriv breven"), "letterBatchWriteButton", self.tr("Skriv breven")
        )
        self.write_button.setDefault(True)
        self.write_button.setEnabled(False)
        self.write_button.clicked.connect(self.start)
        self.cancel_button = button(self.tr("Avbryt"), "letterBatchCancelButton", self.tr("Avbryt"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.open_button = button(
            self.tr("Öppna m&appen"), "letterBatchOpenButton", self.tr("Öppna mappen")
        )
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button = button(self.tr("Stäng"), "letterBatchCloseButton", self.tr("Stäng"))
        self.close_button.clicked.connect(self.reject)

    def _lay_out(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(caption(self.tr("Mapp:")))
        folder_row.addWidget(self.folder_field, 1)
        folder_row.addWidget(self.folder_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.omit)
        layout.addLayout(folder_row)
        layout.addWidget(self.folder_error)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.skipped)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # The plan --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._reader.busy or self._runner.running

    def _show_plan(self, plan: NeedLetters) -> None:
        self.plan = plan
        self.title.setText(self.tr("Presentationsbrev: %1").replace("%1", isolated(plan.title)))
        self.title.setAccessibleName(self.title.text())
        self.list.blockSignals(True)
        self.list.clear()
        for letter in plan.letters:
            # The stored name, kept to itself (desktop/bidi.py).
            item = QTreeWidgetItem([isolated(letter.person_name), STATUS_NAMES[letter.status], ""])
            item.setData(0, Qt.ItemDataRole.UserRole, letter)
            self.list.addTopLevelItem(item)
        self.list.blockSignals(False)
        self._show_rows()
        if plan.letters:
            self.list.setCurrentItem(self.items()[0])
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _plan_failed(self, error: object) -> None:
        if not isinstance(error, DocumentError | StoreError):
            assert isinstance(error, BaseException)
            raise error
        self.status.setText(message(str(error)))
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_rows(self) -> None:
        """Each letter's state under the current choice of leaving lines out; a letter
        that cannot be written cannot be chosen."""
        omit = self.omit.isChecked()
        self.list.blockSignals(True)
        for item in self.items():
            letter: NeedLetter = item.data(0, Qt.ItemDataRole.UserRole)
            ready = letter.ready(omit_missing=omit)
            state = self._state(letter, omit)
            item.setText(2, state)
            item.setToolTip(2, letter.refused or state)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if ready:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(0, Qt.CheckState.Checked if ready else Qt.CheckState.Unchecked)
            for column in range(len(COLUMNS)):
                item.setForeground(
                    column, self.palette().text() if ready else QBrush(QColor(SECONDARY))
                )
        self.list.blockSignals(False)
        self._explain(self.list.currentItem())
        self._count()

    def _state(self, letter: NeedLetter, omit: bool) -> str:
        if letter.refused:
            return self.tr("Kan inte skrivas: %1").replace("%1", letter.obstacle or "")
        if not letter.missing:
            return self.tr("Klart att skriva")
        labels = ", ".join(m.label[:1].lower() + m.label[1:] for m in letter.missing)
        if omit:
            return self.tr("Utan raderna om: %1").replace("%1", labels)
        return self.tr("Saknas: %1").replace("%1", labels)

    def _explain(self, item: QTreeWidgetItem | None) -> None:
        letter: NeedLetter | None = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if letter is None:
            self.detail.hide()
            return
        if letter.refused:
            text = letter.refused
        elif letter.missing:
            reasons = " ".join(m.reason for m in letter.missing)
            text = (
                self.tr("%1 Raderna utelämnas i brevet.")
                if self.omit.isChecked()
                else self.tr("%1 Kryssa i Utelämna raderna för att skriva brevet ändå.")
            ).replace("%1", reasons)
        else:
            self.detail.hide()
            return
        self.detail.setText(f"{isolated(letter.person_name)}: {text}")
        self.detail.setAccessibleName(self.detail.text())
        self.detail.show()

    def items(self) -> list[QTreeWidgetItem]:
        found = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in found if item is not None]

    def chosen(self) -> list[uuid.UUID]:
        """The referrals whose letters are ticked, in the list's order."""
        return [
            item.data(0, Qt.ItemDataRole.UserRole).referral_id
            for item in self.items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        if self.plan is None:
            return
        total = len(self.plan.letters)
        count = len(self.chosen())
        if not total:
            self.status.setText(
                self.tr("Behovet har inga aktuella anvisningar. Föreslå kandidater från Matchning.")
            )
        else:
            unable = sum(
                not letter.ready(omit_missing=self.omit.isChecked()) for letter in self.plan.letters
            )
            text = self.tr("%1 av %2 brev är valda.").replace("%1", str(count))
            text = text.replace("%2", str(total))
            if unable:
                text += " " + self.tr("%1 kan inte skrivas nu; skälet står på raden.").replace(
                    "%1", str(unable)
                )
            self.status.setText(text)
        self.write_button.setText(
            self.tr("&Skriv %1 brev").replace("%1", str(count))
            if count
            else self.tr("&Skriv breven")
        )
        self.write_button.setEnabled(count > 0 and not self._runner.running)

    # The folder ------------------------------------------------------------------------

    def _show_folder(self) -> None:
        self.folder_field.setText(str(self.folder))
        self.folder_field.setAccessibleName(self.tr("Mapp: %1").replace("%1", str(self.folder)))

    def choose_folder(self) -> QFileDialog:
        self.file_dialog = folder_dialog(
            self, self._settings, self.set_folder, title=self.tr("Välj mappen för breven")
        )
        return self.file_dialog

    def set_folder(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder_error.say(None)
        self._show_folder()

    # Writing ---------------------------------------------------------------------------

    def start(self) -> bool:
        """Write the ticked letters off the GUI thread; False if there is nothing to do."""
        chosen = self.chosen()
        if not chosen or self._runner.running:
            return False
        for widget in (self.list, self.omit, self.folder_button, self.write_button):
            widget.setEnabled(False)
        self.folder_error.say(None)
        self.error.say(None)
        self.outcome.say("")
        self.skipped.say(None)
        self.progress.setRange(0, len(chosen))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.close_button.setEnabled(False)
        folder, omit = self.folder, self.omit.isChecked()

        documents = self._documents  # the job holds the service, never the dialog

        def job(progress: Progress, cancelled: Cancelled) -> LetterBatch:
            return documents.write_need_letters(
                chosen, folder, omit_missing=omit, progress=progress, cancelled=cancelled
            )

        return self._runner.start(job)

    def cancel(self) -> None:
        """Stop between two letters; the letters written so far are kept."""
        if self._runner.running:
            self._runner.cancel()
            self.cancel_button.setEnabled(False)
            self.outcome.say(self.tr("Avbryter efter brevet som skrivs nu …"))

    @property
    def cancel_requested(self) -> bool:
        return self._runner.cancel_requested

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _done(self, batch: LetterBatch) -> None:
        self.batch = batch
        self._settle()
        count = len(batch.written)
        text = self.tr("%1 brev sparades i %2.") if count else self.tr("Inga brev sparades i %2.")
        text = text.replace("%1", str(count)).replace("%2", str(self.folder))
        if batch.cancelled:
            text = self.tr("Avbrutet. ") + text
        self.outcome.say(text)
        if batch.skipped:
            lines = [f"• {name}: {reason}" for name, reason in batch.skipped]
            self.skipped.say(self.tr("Inga brev för:") + "\n" + "\n".join(lines))
        self.open_button.setEnabled(count > 0)
        if count:
            self._settings.documents_folder = str(self.folder)
            self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.written.emit(batch)
        if self._close_when_done:
            super().reject()

    def _failed(self, error: object) -> None:
        self._settle()
        if not isinstance(error, DocumentError | StoreError):
            assert isinstance(error, BaseException)
            raise error
        # The folder (missing, not writable, full) is the usual reason: said beside it.
        self.folder_error.say(message(str(error)))
        self.folder_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._close_when_done:
            super().reject()

    def _settle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.close_button.setEnabled(True)
        for widget in (self.list, self.omit, self.folder_button):
            widget.setEnabled(True)
        self._count()

    def open_folder(self) -> None:
        self._open_url(QUrl.fromLocalFile(str(self.folder)))

    # Closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc or Stäng: while letters are written, stop them first (the dialog closes
        once the letter being written is done)."""
        if self._runner.running:
            self._close_when_done = True
            self.cancel()
            return
        self._reader.cancel()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._runner.running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def wait(self) -> None:
        """Block until the reads and the writing are done (tests, and closing the app)."""
        self._reader.wait()
        self._runner.wait()
