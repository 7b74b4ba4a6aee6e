"""The referral letter (presentationsbrev) before it is produced: the merged text for
the agent to read and edit for this letter only, what is missing and why, characters no
font can print, and then "Spara som PDF…" and "Öppna".

Nothing is produced while a merge value is missing or a character cannot be printed:
the lists say what to do instead, and the save button stays off. A refusal (no consent
to share, a closed referral) shows the service's reason; a file that cannot be written
(DocumentError) shows its Swedish message, and the edited text stays as it was.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.documents import fonts, referral_letter, templates
from desktop.services.documents import (
    DocumentError,
    DocumentService,
    LetterDraft,
    ProducedRow,
)
from desktop.store.errors import StoreError
from desktop.views.documents.saving import (
    OpenUrl,
    open_in_viewer,
    remember_folder,
    save_dialog,
)
from desktop.views.person.widgets import FieldError, Notice, button, caption, heading
from desktop.views.settings import Settings

_LABELS = {f.name: f.label for f in referral_letter.FIELDS}


class LetterDialog(QDialog):
    """`produced` (the path written, the ProducedRow) when the letter was saved."""

    def __init__(
        self,
        documents: DocumentService,
        referral_id: uuid.UUID,
        settings: Settings,
        *,
        today: Callable[[], dt.date] = clock.today,
        open_url: OpenUrl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._documents = documents
        self._referral_id = referral_id
        self._settings = settings
        self._today = today
        self._open_url = open_url
        self.draft: LetterDraft | None = None
        self.written: Path | None = None
        self.produced: ProducedRow | None = None
        self.file_dialog: QFileDialog | None = None
        self.setObjectName("letterDialog")
        self.setWindowTitle(self.tr("Presentationsbrev"))
        self.setAccessibleName(self.tr("Presentationsbrev"))
        self.resize(760, 720)

        self.title = heading(self.tr("Presentationsbrev"), "letterTitle")
        self.refusal = FieldError("letterRefusal", self.tr("Brevet kan inte skrivas"))
        self.recipient = QComboBox()
        self.recipient.setObjectName("letterRecipient")
        self.recipient.setAccessibleName(self.tr("Mottagare"))
        self.recipient_caption = caption(self.tr("&Till"), self.recipient)
        self.text = QPlainTextEdit()
        self.text.setObjectName("letterText")
        self.text.setAccessibleName(self.tr("Brevets text"))
        self.text.setTabChangesFocus(True)
        self.text_caption = caption(
            self.tr("Brevets &text (ändringar gäller bara det här brevet)"), self.text
        )
        self.missing = FieldError("letterMissing", self.tr("Uppgifter som saknas"))
        self.unprintable = FieldError(
            "letterUnprintable", self.tr("Tecken som inte kan skrivas ut")
        )
        self.error = FieldError("letterError", self.tr("Fel"))
        self.notice = Notice("letterNotice", self.tr("Meddelande"))
        buttons = self._build_buttons()
        self.text.textChanged.connect(self._check)
        self.recipient.activated.connect(self._recipient_chosen)

        to_row = QHBoxLayout()
        to_row.addWidget(self.recipient_caption)
        to_row.addWidget(self.recipient, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.refusal)
        layout.addLayout(to_row)
        layout.addWidget(self.text_caption)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.missing)
        layout.addWidget(self.unprintable)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self._load(None)

    def _build_buttons(self) -> QHBoxLayout:
        self.reset_button = button(
            self.tr("Åte&rställ texten"), "letterResetButton", self.tr("Återställ texten")
        )
        self.save_button = button(
            self.tr("&Spara som PDF…"), "letterSaveButton", self.tr("Spara som PDF")
        )
        self.open_button = button(self.tr("Ö&ppna"), "letterOpenButton", self.tr("Öppna"))
        self.close_button = button(self.tr("Stäng"), "letterCloseButton", self.tr("Stäng"))
        self.open_button.setEnabled(False)
        self.save_button.setDefault(True)
        self.reset_button.clicked.connect(self._reset)
        self.save_button.clicked.connect(self.choose_file)
        self.open_button.clicked.connect(self.open_written)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        return buttons

    # Reading ---------------------------------------------------------------------------

    def _load(self, contact_person_id: uuid.UUID | None) -> None:
        try:
            draft = self._documents.referral_letter_text(
                self._referral_id, contact_person_id=contact_person_id, today=self._today()
            )
        except (DocumentError, StoreError) as error:
            self._refused(str(error))
            return
        self.draft = draft
        self.refusal.say(None)
        self.title.setText(draft.title)
        self.title.setAccessibleName(draft.title)
        self.recipient.clear()
        for recipient in draft.recipients:
            shown = recipient.name + (f", {recipient.role}" if recipient.role else "")
            self.recipient.addItem(shown, recipient.id)
        if not draft.recipients:
            self.recipient.addItem(self.tr("Arbetsgivaren (ingen kontaktperson)"), None)
        self.recipient.setCurrentIndex(max(self.recipient.findData(draft.contact_person_id), 0))
        self.recipient.setEnabled(len(draft.recipients) > 1)
        self.text.setEnabled(True)
        self.reset_button.setEnabled(True)
        self.text.setPlainText(draft.text)
        self._check()

    def _refused(self, reason: str) -> None:
        self.refusal.say(reason)
        # Nothing to read or edit: the reason, and the way out.
        for widget in (self.text, self.text_caption, self.recipient, self.recipient_caption):
            widget.hide()
        self.reset_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(640, 200)

    def _recipient_chosen(self, index: int) -> None:
        chosen = self.recipient.itemData(index)
        if self.draft is not None and chosen != self.draft.contact_person_id:
            self._load(chosen)
            # The greeting follows the recipient: the text is merged again.
            self.notice.say(
                self.tr("Mottagaren är bytt och brevtexten är läst på nytt från mallen.")
            )

    def _reset(self) -> None:
        if self.draft is not None:
            self.text.setPlainText(self.draft.text)
            self.notice.say(self.tr("Texten är återställd från mallen."))

    def edited_text(self) -> str | None:
        """The agent's text when it differs from the merged one, else None."""
        if self.draft is None or self.text.toPlainText() == self.draft.text:
            return None
        return self.text.toPlainText()

    # Checking --------------------------------------------------------------------------

    def missing_fields(self) -> list[str]:
        return templates.unresolved(self.text.toPlainText(), referral_letter.FIELD_NAMES)

    def _check(self) -> None:
        """What keeps the letter from being produced, listed before anything is."""
        if self.draft is None:
            return
        reasons = {m.field: m.reason for m in self.draft.missing}
        lines = []
        for name in self.missing_fields():
            label = _LABELS.get(name, name)
            reason = reasons.get(name, self.tr("Fältet har inget värde i den här texten."))
            lines.append(f"• {{{name}}} – {label}: {reason}")
        if lines:
            self.missing.say(
                self.tr("Uppgifter saknas, så brevet kan inte skrivas ut ännu:")
                + "\n"
                + "\n".join(lines)
                + "\n"
                + self.tr("Fyll i uppgifterna i registret, eller skriv om texten där fälten står.")
            )
        else:
            self.missing.say(None)
        body = [
            f"{self.tr('Brevtexten')}: {c}"
            for c in fonts.uncovered(templates.finish(self.text.toPlainText()))
        ]
        others = [u for u in self.draft.unprintable if not u.startswith("Brevtexten:")]
        unprintable = body + others
        if unprintable:
            self.unprintable.say(
                self.tr("Tecken som inget typsnitt kan skriva ut:")
                + "\n"
                + "\n".join(f"• {u}" for u in unprintable)
            )
        else:
            self.unprintable.say(None)
        self.save_button.setEnabled(not lines and not unprintable)

    # Saving ----------------------------------------------------------------------------

    def choose_file(self) -> QFileDialog | None:
        if self.draft is None or not self.save_button.isEnabled():
            return None
        self.error.say(None)
        self.file_dialog = save_dialog(
            self,
            self._settings,
            self.draft.file_name,
            self._file_chosen,
            title=self.tr("Spara presentationsbrevet som PDF"),
        )
        return self.file_dialog

    def _file_chosen(self, path: str) -> None:
        self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Produce the letter at `path`; a refusal or a write error is shown and the
        text stays."""
        if self.draft is None:
            return False
        self.error.say(None)
        try:
            row = self._documents.referral_letter(
                self._referral_id,
                path,
                text=self.edited_text(),
                contact_person_id=self.recipient.currentData(),
                today=self._today(),
            )
        except (DocumentError, StoreError) as error:
            self.error.say(str(error))
            return False
        self.written = path
        self.produced = row
        remember_folder(self._settings, path)
        self.open_button.setEnabled(True)
        self.notice.say(self.tr("Brevet är sparat som %1.").replace("%1", str(path)))
        self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def open_written(self) -> None:
        if self.written is not None:
            if self._open_url is None:
                open_in_viewer(self.written)
            else:
                open_in_viewer(self.written, self._open_url)
