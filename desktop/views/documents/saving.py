"""Where a PDF is saved: a file dialog opened with open() (never exec(), so a test can
answer it), starting in the folder used last, or the user's documents folder; and the
written file opened in the system viewer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.views.settings import Settings

OpenUrl = Callable[[QUrl], object]


def documents_folder(settings: Settings) -> Path:
    """The folder remembered from the last save, else the user's documents folder."""
    remembered = settings.documents_folder
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def remember_folder(settings: Settings, path: Path) -> None:
    settings.documents_folder = str(path.parent)


def save_dialog(
    parent: QWidget,
    settings: Settings,
    file_name: str,
    chosen: Callable[[str], object],
    *,
    title: str,
) -> QFileDialog:
    """A non-modal-to-the-test "Spara som PDF" dialog; `chosen(path)` when a file is
    picked. Qt's own dialog (not the platform's), so that it has object names and a
    test can fill it in."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName("savePdfDialog")
    dialog.setAccessibleName(title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setNameFilter(parent.tr("PDF-dokument (*.pdf)"))
    dialog.setDefaultSuffix("pdf")
    dialog.setDirectory(str(documents_folder(settings)))
    dialog.selectFile(file_name)
    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def folder_dialog(
    parent: QWidget,
    settings: Settings,
    chosen: Callable[[str], object],
    *,
    title: str,
) -> QFileDialog:
    """Like `save_dialog`, for a folder (a batch of letters, one file each)."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName("folderDialog")
    dialog.setAccessibleName(title)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setDirectory(str(documents_folder(settings)))
    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def open_in_viewer(path: Path, open_url: OpenUrl = QDesktopServices.openUrl) -> None:
    open_url(QUrl.fromLocalFile(str(path)))
