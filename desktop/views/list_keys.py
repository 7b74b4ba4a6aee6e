"""Home and End in a list go to its first and last row, with or without Ctrl.

A table view's own Ctrl+End goes to the last row *fetched*, so in a lazily fetched list
(desktop/views/keyset_model.py) it moved one page at a time; and End alone went to the
last column, of no use where a row is selected whole. `go_to_ends(table)` makes both keys
go to the real first and last row: the model fetches what is left first (`fetch_all`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

_ENDS = {Qt.Key.Key_Home, Qt.Key.Key_End}
_MODIFIERS = {Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier}


class _EndKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENDS
            and event.modifiers() in _MODIFIERS
            and isinstance(watched, QAbstractItemView)
        ):
            go_to_end(watched, last=event.key() == Qt.Key.Key_End)
            return True
        return super().eventFilter(watched, event)


def go_to_end(view: QAbstractItemView, *, last: bool = True) -> None:
    """Make the first or (`last`) the last row current, fetching the rest if need be."""
    model = view.model()
    if model is None:
        return
    if last:
        fetch_all = getattr(model, "fetch_all", None)
        if callable(fetch_all) and model.canFetchMore(QModelIndex()):
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                fetch_all()
            finally:
                QGuiApplication.restoreOverrideCursor()
    rows = model.rowCount()
    if rows == 0:
        return
    column = max(view.currentIndex().column(), 0)
    index = model.index(rows - 1 if last else 0, column)
    view.setCurrentIndex(index)
    view.scrollTo(index)


def go_to_ends(view: QAbstractItemView) -> None:
    """Home/End and Ctrl+Home/Ctrl+End in `view` go to the first and last row."""
    keys = _EndKeys(view)
    view.installEventFilter(keys)
