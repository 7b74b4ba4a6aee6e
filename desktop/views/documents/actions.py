"""The documents that belong to a screen, saved as PDF or printed.

A screen (the person, the employer) lists its documents as `DocumentChoice`s; Ctrl+P
opens `DocumentChooser`, a small dialog with the list and "Spara som PDF…" and
"Skriv ut…". Printing writes the PDF to a private folder and opens it in the system's
PDF viewer, whose print dialog sends it to the printer (docs/decisions/0019): the
installed PySide6-Essentials has no Qt PDF to render pages with.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.documents import DocumentError, ProducedRow
from desktop.store.errors import StoreError
from desktop.views.documents.saving import (
    OpenUrl,
    open_in_viewer,
    remember_folder,
    save_dialog,
)
from desktop.views.person.widgets import FieldError, Notice, button, caption
from desktop.views.placement import fit_to_screen
from desktop.views.settings import Settings

# produce(path, output) → the produced document; output is "pdf" or "utskrift".
Produce = Callable[[Path, str], ProducedRow]


@dataclass(frozen=True)
class DocumentChoice:
    key: str  # "kandidatprofil", "kandidatprofil-anonym", ...
    label: str  # "Kandidatprofil (anonymiserad)"
    file_name: Callable[[], str]
    produce: Produce
    refused: str | None = None  # why it cannot be produced now (shown, not offered)


_print_folder: Path | None = None


def print_folder() -> Path:
    """A folder only this user can read, removed when the app ends, for printouts."""
    global _print_folder  # noqa: PLW0603
    if _print_folder is None or not _print_folder.is_dir():
        _print_folder = Path(tempfile.mkdtemp(prefix="matchning-utskrift-"))
        atexit.register(shutil.rmtree, _print_folder, True)
    return _print_folder


class DocumentChooser(QDialog):
    """The screen's documents: choose one, then save it as PDF or print it.
    `produced(row)` after a document was written."""

    produced = Signal(object)

    def __init__(
        self,
        choices: Sequence[DocumentChoice],
        settings: Settings,
        *,
        title: str,
        open_url: OpenUrl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._choices = list(choices)
        self._settings = settings
        self._open_url = open_url
        self.written: Path | None = None
        self.file_dialog: QFileDialog | None = None
        self.setObjectName("documentChooser")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        fit_to_screen(self, QSize(520, 340))

        self.list = QListWidget()
        self.list.setObjectName("documentChoices")
        self.list.setAccessibleName(self.tr("Dokument"))
        for choice in self._choices:
            shown = choice.label if not choice.refused else f"{choice.label} – {choice.refused}"
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, choice.key)
            item.setToolTip(choice.refused or "")
            if choice.refused:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._chosen)
        self.list.itemActivated.connect(lambda _item: self.choose_file())
        self.error = FieldError("documentError", self.tr("Fel"))
        self.notice = Notice("documentNotice", self.tr("Meddelande"))
        self.save_button = button(
            self.tr("&Spara som PDF…"), "documentSaveButton", self.tr("Spara som PDF")
        )
        self.print_button = button(
            self.tr("Skriv &ut…"), "documentPrintButton", self.tr("Skriv ut")
        )
        self.open_button = button(self.tr("Ö&ppna"), "documentOpenButton", self.tr("Öppna"))
        self.close_button = button(self.tr("Stäng"), "documentCloseButton", self.tr("Stäng"))
        self.save_button.clicked.connect(self.choose_file)
        self.print_button.clicked.connect(self.print_chosen)
        self.open_button.clicked.connect(self.open_written)
        self.close_button.clicked.connect(self.reject)
        self.open_button.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(caption(self.tr("&Dokument"), self.list))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        first = next((i for i, c in enumerate(self._choices) if not c.refused), -1)
        self.list.setCurrentRow(first)
        self._chosen(first)

    def labels(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def choose(self, key: str) -> None:
        for index, choice in enumerate(self._choices):
            if choice.key == key:
                self.list.setCurrentRow(index)

    def chosen(self) -> DocumentChoice | None:
        index = self.list.currentRow()
        if 0 <= index < len(self._choices) and not self._choices[index].refused:
            return self._choices[index]
        return None

    def _chosen(self, _index: int) -> None:
        usable = self.chosen() is not None
        self.save_button.setEnabled(usable)
        self.print_button.setEnabled(usable)

    # Saving and printing -----------------------------------------------------------------

    def choose_file(self) -> QFileDialog | None:
        choice = self.chosen()
        if choice is None:
            return None
        self.error.say(None)
        try:
            name = choice.file_name()
        except StoreError as error:
            self.error.say(str(error))
            return None
        self.file_dialog = save_dialog(
            self,
            self._settings,
            name,
            lambda path: self.save_to(Path(path)),
            title=self.tr("Spara %1 som PDF").replace("%1", choice.label.lower()),
        )
        return self.file_dialog

    def save_to(self, path: Path) -> bool:
        if self._produce(path, "pdf"):
            remember_folder(self._settings, path)
            self.notice.say(self.tr("Sparat som %1.").replace("%1", str(path)))
            self.open_button.setEnabled(True)
            return True
        return False

    def print_chosen(self) -> bool:
        """Write the document to the private print folder and open it in the system
        viewer, where it is printed (decision 0019)."""
        choice = self.chosen()
        if choice is None:
            return False
        try:
            path = print_folder() / choice.file_name()
        except (StoreError, OSError) as error:
            self.error.say(str(error))
            return False
        if not self._produce(path, "utskrift"):
            return False
        self.notice.say(
            self.tr("Dokumentet är öppnat i PDF-visaren. Skriv ut det därifrån (Ctrl+P).")
        )
        self.open_written()
        return True

    def _produce(self, path: Path, output: str) -> bool:
        choice = self.chosen()
        if choice is None:
            return False
        self.error.say(None)
        try:
            row = choice.produce(path, output)
        except (DocumentError, StoreError) as error:
            self.error.say(str(error))
            return False
        self.written = path
        self.produced.emit(row)
        return True

    def open_written(self) -> None:
        if self.written is None:
            return
        if self._open_url is None:
            open_in_viewer(self.written)
        else:
            open_in_viewer(self.written, self._open_url)
