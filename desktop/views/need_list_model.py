"""The open recruitment needs as a lazily fetched table: a page at a time, keyset-paginated,
in deadline order (the order the service's index walks; the list does not re-sort)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.services import vocabulary
from desktop.services.vacancies import PAGE_SIZE, NeedQuery, NeedRow
from desktop.views.text import label

Index = QModelIndex | QPersistentModelIndex

# The same red as a late follow-up: a deadline that has passed.
PASSED_COLOUR = QColor("#b3261e")


class NeedSource(Protocol):
    def open_needs(
        self, query: NeedQuery, after: NeedRow | None = None, limit: int = PAGE_SIZE
    ) -> list[NeedRow]: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("NeedListModel", text)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def places(row: NeedRow) -> str:
    """Filled and wanted, "1/3": how far the employer's need has been met."""
    return f"{row.filled}/{row.positions}"


# (header, how to show a row's value)
COLUMNS: list[tuple[str, Callable[[NeedRow], str]]] = [
    ("Sista ansökningsdag", lambda r: _date(r.apply_by)),
    ("Titel", lambda r: r.title),
    ("Yrke", lambda r: r.occupation_name),
    ("Arbetsgivare", lambda r: r.employer_name),
    ("Platser (tillsatta/totalt)", places),
    ("Form", lambda r: label(r.form_name)),
    ("Omfattning", lambda r: label(vocabulary.EXTENT.get(r.extent or "", ""))),
    ("Kommun", lambda r: r.municipality or ""),
    ("Start", lambda r: _date(r.start_date)),
]
DEADLINE, TITLE, OCCUPATION, EMPLOYER, PLACES = range(5)

ID_ROLE = Qt.ItemDataRole.UserRole


class NeedListModel(QAbstractTableModel):
    def __init__(
        self,
        source: NeedSource,
        page_size: int = PAGE_SIZE,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self._source = source
        self._page_size = page_size
        self._today = today
        self._query = NeedQuery()
        self._rows: list[NeedRow] = []
        self._exhausted = False
        self._resetting = False

    @property
    def query(self) -> NeedQuery:
        return self._query

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column][1](row)
        if role == ID_ROLE:
            return str(row.id)
        return self._decoration(row, column, role)

    def _decoration(self, row: NeedRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == DEADLINE and self._passed(row):
            return QBrush(PASSED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PLACES:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _passed(self, row: NeedRow) -> bool:
        return row.apply_by is not None and row.apply_by < self._today()

    def _tooltip(self, row: NeedRow, column: int) -> str | None:
        if column == DEADLINE and self._passed(row):
            return _tr("Sista dagen att föreslå kandidater har passerat.")
        if column == PLACES:
            return (
                _tr("%1 av %2 platser tillsatta")
                .replace("%1", str(row.filled))
                .replace("%2", str(row.positions))
            )
        if column == OCCUPATION:
            return f"{row.occupation_code} {row.occupation_name}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _tr(COLUMNS[section][0])
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._resetting

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        after = self._rows[-1] if self._rows else None
        page = self._source.open_needs(self._query, after, self._page_size)
        self._exhausted = len(page) < self._page_size
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def set_query(self, query: NeedQuery) -> None:
        if query != self._query:
            self._reload(query)

    def refresh(self) -> None:
        self._reload(self._query)

    def need_id(self, row: int) -> str | None:
        return str(self._rows[row].id) if 0 <= row < len(self._rows) else None

    def need(self, row: int) -> NeedRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _reload(self, query: NeedQuery) -> None:
        # The first page is loaded inside the reset, so the list is never shown empty
        # while it waits, and nothing is inserted while views react to the reset.
        self.beginResetModel()
        self._resetting = True
        try:
            self._query = query
            self._rows = self._source.open_needs(query, None, self._page_size)
            self._exhausted = len(self._rows) < self._page_size
        finally:
            self.endResetModel()
            self._resetting = False
