"""The Arbetsgivare list as a lazily fetched table: a page at a time, keyset-paginated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
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
from desktop.services.employers import PAGE_SIZE, EmployerQuery, EmployerRow, EmployerSort
from desktop.views.text import label

Index = QModelIndex | QPersistentModelIndex


class EmployerSource(Protocol):
    def page(
        self, query: EmployerQuery, after: EmployerRow | None = None, limit: int = PAGE_SIZE
    ) -> list[EmployerRow]: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("EmployerListModel", text)


def _last_contact(row: EmployerRow) -> str:
    return row.last_contact_on.isoformat() if row.last_contact_on else _tr("Aldrig")


# (header, the sort it maps to or None, how to show a row's value)
COLUMNS: list[tuple[str, EmployerSort | None, Callable[[EmployerRow], str]]] = [
    ("Namn", EmployerSort.NAME, lambda r: r.name),
    ("Organisationsnummer", None, lambda r: r.org_number or ""),
    ("Kommun", None, lambda r: r.municipality or ""),
    ("Sektor", None, lambda r: label(vocabulary.SECTOR.get(r.sector, r.sector))),
    ("Bransch", None, lambda r: r.industry_name or ""),
    (
        "Status",
        None,
        lambda r: label(vocabulary.EMPLOYER_STATUS.get(r.relationship_status, "")),
    ),
    ("Ansvarig", None, lambda r: r.agent or ""),
    ("Senaste kontakt", EmployerSort.LAST_CONTACT, _last_contact),
]
LAST_CONTACT_COLUMN = len(COLUMNS) - 1
ID_ROLE = Qt.ItemDataRole.UserRole


class EmployerListModel(QAbstractTableModel):
    def __init__(self, source: EmployerSource, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._source = source
        self._page_size = page_size
        self._query = EmployerQuery()
        self._rows: list[EmployerRow] = []
        self._exhausted = False
        self._resetting = False
        self._fetching = False

    @property
    def query(self) -> EmployerQuery:
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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return COLUMNS[column][2](row)
        if role == ID_ROLE:
            return str(row.id)
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 4):
            # Long names (a municipality's departments) are cut short in the column.
            return row.name if column == 0 else row.industry_name
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == LAST_CONTACT_COLUMN
            and row.last_contact_on is None
        ):
            return QBrush(QColor("#666666"))
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
        return (
            not parent.isValid()
            and not self._exhausted
            and not self._resetting
            and not self._fetching
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        # A view (or the model tester) reacting to the insertion may ask for more; the
        # next page starts after rows not yet added, so it waits for this one.
        self._fetching = True
        try:
            after = self._rows[-1] if self._rows else None
            page = self._source.page(self._query, after, self._page_size)
            self._exhausted = len(page) < self._page_size
            if not page:
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(COLUMNS) and COLUMNS[column][1] is not None

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c[1] is self._query.sort)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._reload(replace(self._query, sort=sort, descending=descending))

    def set_search(self, text: str) -> None:
        self.set_query(replace(self._query, text=text))

    def set_query(self, query: EmployerQuery) -> None:
        if query != self._query:
            self._reload(query)

    def refresh(self) -> None:
        self._reload(self._query)

    def employer_id(self, row: int) -> str | None:
        return str(self._rows[row].id) if 0 <= row < len(self._rows) else None

    def row_of(self, row: int) -> EmployerRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _reload(self, query: EmployerQuery) -> None:
        # The first page is loaded inside the reset, so the list is never shown empty
        # while it waits, and nothing is inserted while views react to the reset.
        self.beginResetModel()
        self._resetting = True
        try:
            self._query = query
            self._rows = self._source.page(query, None, self._page_size)
            self._exhausted = len(self._rows) < self._page_size
        finally:
            self.endResetModel()
            self._resetting = False
