"""A widget that opens one dialog at a time over itself and holds it in `dialog` while it
is open (the screen and the tests reach it there), forgetting it once it closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget


class DialogHost(QWidget):
    dialog: QDialog | None = None

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Bound methods, not closures: a closure over a self-deleting dialog dies inside
        # Qt's destructor and takes PySide down with it (seen with PySide 6.11).
        dialog.finished.connect(self._dialog_finished)
        self.dialog = dialog
        dialog.open()

    def _dialog_finished(self) -> None:
        # The sender: a newer dialog may already be the one held.
        if self.sender() is self.dialog:
            self.dialog = None
