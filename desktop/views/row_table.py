"""A table model over a short list of plain rows read whole, with fixed column titles.

The screens' own models differ in what a cell shows; what Qt asks of every flat table
(how many rows and columns, the titles, a reset when the list is read again) is here once.
Long lists page instead (desktop/views/keyset_model.py and the architecture notes).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


class RowTableModel(QAbstractTableModel, Generic[RowT]):
    """`headers` are the column titles as shown (translated by the subclass)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self.headers: tuple[str, ...] = ()

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self._rows = self._arranged(rows)
        self.endResetModel()

    def _arranged(self, rows: Iterable[RowT]) -> list[RowT]:
        """The rows in the order shown; as given unless a subclass orders them."""
        return list(rows)

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def _cell_row(self, index: ModelIndex) -> RowT | None:
        """The row behind a cell that is within the table, else None."""
        if not index.isValid() or not 0 <= index.column() < len(self.headers):
            return None
        return self.row_at(index.row())
