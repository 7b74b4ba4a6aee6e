"""Radera personen: an erasure request (GDPR art. 17), or a withdrawn consent that
requires erasure, for an administrator. The dialog names the person and counts what
goes; the erasure (and the packing of the file) runs off the GUI thread."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services.accounts import AccessDeniedError
from desktop.services.retention import (
    PART_NAMES,
    REASONS,
    PersonErased,
    PersonErasurePreview,
    RetentionService,
)
from desktop.store.errors import StoreError
from desktop.views.progress_runner import ProgressRunner
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import message


def what_goes(preview: PersonErasurePreview) -> str:
    """The person's name and what is erased with them, as the confirmation says it."""
    parts = dict(preview.parts)
    # The stored name kept to itself (desktop/bidi.py): it cannot reverse the date.
    lines = [f"{isolated(preview.name)}, född {preview.birth_date.isoformat()}"]
    cases = parts.pop("cases", 0)
    lines.append(
        f"{cases} ärenden" + (f", varav {preview.open_cases} öppna" if preview.open_cases else "")
    )
    lines += [f"{count} {PART_NAMES[table]}" for table, count in parts.items() if count]
    return "\n".join(lines)


class EraseDialog(QDialog):
    """`erased(person_id)` once the person is gone."""

    erased = Signal(str)

    def __init__(  # noqa: PLR0915 - one dialog, built in reading order
        self,
        retention: RetentionService,
        person_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        reason: str | None = None,
    ) -> None:
        """`reason` (a code of REASONS) is chosen to begin with, e.g. "samtycke" when
        the dialog is opened after a consent was withdrawn; it can still be changed."""
        super().__init__(parent)
        self.setObjectName("erasePersonDialog")
        self.setWindowTitle(self.tr("Radera personen"))
        self.setAccessibleName(self.tr("Radera personen"))
        self._retention = retention
        self.person_id = person_id
        self.preview = retention.preview_person(person_id)
        heading = QLabel(self.tr("Allt om personen raderas för alltid och kan inte återställas:"))
        heading.setWordWrap(True)
        self.contents = QLabel(what_goes(self.preview))
        self.contents.setObjectName("eraseContents")
        self.contents.setAccessibleName(self.tr("Det som raderas"))
        self.reason = QComboBox()
        self.reason.setObjectName("eraseReason")
        self.reason.setAccessibleName(self.tr("Skäl till raderingen"))
        for code, text in REASONS.items():
            self.reason.addItem(text[0].upper() + text[1:], code)
        if reason is not None:
            self.reason.setCurrentIndex(max(0, self.reason.findData(reason)))
        form = QFormLayout()
        reason_label = QLabel(self.tr("&Skäl"))
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        note = QLabel(
            self.tr(
                "Loggen behåller att personen raderades, med antal, men inga uppgifter om "
                "personen. Säkerhetskopior som redan finns innehåller personen tills de "
                "tas bort."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(SECONDARY_STYLE)
        self.progress = QProgressBar()
        self.progress.setObjectName("eraseProgress")
        self.progress.setAccessibleName(self.tr("Raderingens förlopp"))
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.error = QLabel()
        self.error.setObjectName("eraseError")
        self.error.setAccessibleName(self.tr("Fel"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self.erase_button: QPushButton = self.buttons.addButton(
            self.tr("&Radera personen"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.erase_button.setObjectName("confirmButton")
        self.erase_button.setAccessibleName(self.tr("Radera personen för alltid"))
        self.erase_button.setAutoDefault(False)
        self.cancel_button: QPushButton = self.buttons.addButton(
            self.tr("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setDefault(True)
        self.erase_button.clicked.connect(self.erase)
        self.cancel_button.clicked.connect(self.reject)
        self.runner = ProgressRunner(self)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.contents)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def erase(self) -> None:
        if self.runner.running:
            return
        reason = str(self.reason.currentData())
        self.erase_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.progress.show()
        self.error.hide()
        person_id = self.person_id
        self.runner.start(lambda _p, _c: self._retention.erase_person(person_id, reason))

    def _finished(self, result: Any) -> None:
        assert isinstance(result, PersonErased)
        self.progress.hide()
        self.erased.emit(str(self.person_id))
        self.accept()

    def _failed(self, error: object) -> None:
        self.progress.hide()
        self.cancel_button.setEnabled(True)
        if isinstance(error, (StoreError, AccessDeniedError)):
            self.error.setText(message(str(error)))
            self.error.show()
            self.erase_button.setEnabled(True)
            return
        raise error if isinstance(error, BaseException) else RuntimeError(str(error))

    def reject(self) -> None:
        if not self.runner.running:  # an erasure under way finishes first
            super().reject()
