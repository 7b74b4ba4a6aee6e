"""The audit log as a lazily fetched table: a page at a time, newest first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.services.audit_log import PAGE_SIZE, PLACEHOLDERS, AuditQuery, AuditRow
from desktop.views.text import label

Index = QModelIndex | QPersistentModelIndex


class AuditSource(Protocol):
    def page(
        self, query: AuditQuery, after: AuditRow | None = None, limit: int = PAGE_SIZE
    ) -> list[AuditRow]: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditLogModel", text)


def _time(row: AuditRow) -> str:
    return row.local_time.strftime("%Y-%m-%d %H:%M:%S")


def _name(text: str) -> str:
    # Names are data; only the service's placeholders are text to translate.
    return label(text) if text in PLACEHOLDERS else text


# (header, how to show a row's value)
COLUMNS: list[tuple[str, Callable[[AuditRow], str]]] = [
    ("Nr", lambda r: str(r.seq)),
    ("Tid", _time),
    ("Användare", lambda r: _name(r.user_name)),
    ("Händelse", lambda r: label(r.action_label)),
    ("Typ", lambda r: label(r.entity_label)),
    ("Deltagare", lambda r: _name(r.person_name)),
    ("Skärm", lambda r: r.screen),
    ("Detaljer", lambda r: r.details),
]
_NUMBER = 0


class AuditLogModel(QAbstractTableModel):
    def __init__(self, source: AuditSource, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._source = source
        self._page_size = page_size
        self._query = AuditQuery()
        self._rows: list[AuditRow] = []
        self._exhausted = True  # nothing is fetched before the first refresh()
        self._resetting = False

    @property
    def query(self) -> AuditQuery:
        return self._query

    def row(self, number: int) -> AuditRow | None:
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            # The tooltip shows what a narrow column cuts off (long details).
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == _NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        page = self._source.page(self._query, after, self._page_size)
        self._exhausted = len(page) < self._page_size
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def set_query(self, query: AuditQuery) -> None:
        if query != self._query:
            self._reload(query)

    def refresh(self) -> None:
        self._reload(self._query)

    def _reload(self, query: AuditQuery) -> None:
        # The first page is loaded inside the reset, so the table is never shown empty
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
