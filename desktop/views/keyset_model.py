"""A list as a lazily fetched table: a page at a time from a keyset-paginated query.

Lists never load all rows (ARCHITECTURE.md, Data). The service answers "the next `limit`
rows after this one"; the model asks for the first page when its query changes and for
the next one when a view scrolls near the end (`canFetchMore` / `fetchMore`). A model
says what differs: how a page is fetched, its columns, and what a cell shows beyond its
text (a colour, a tooltip, an alignment).

Every text a cell shows is stored text put through `bidi.isolated`: a direction override
in one name or note cannot reverse the cells after it (docs/security.md). `row_at` gives
the rows as stored, for whatever is edited, exported or searched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from enum import Enum
from typing import Any, ClassVar, Generic, NamedTuple, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.bidi import isolated

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")
QueryT = TypeVar("QueryT")

# Rows asked for at a time when every remaining row is fetched (Ctrl+End).
FETCH_ALL_PAGE = 5000

# A row's id as text, for views that open the record behind a row.
ID_ROLE = Qt.ItemDataRole.UserRole

# (query, the row the page starts after or None for the first, how many at the most)
PageFetch = Callable[[QueryT, RowT | None, int], Sequence[RowT]]


class Column(NamedTuple, Generic[RowT]):
    header: str  # translated in the model's context when shown
    text: Callable[[RowT], str]


class KeysetTableModel(QAbstractTableModel, Generic[RowT, QueryT]):
    """Rows of one query, a page at a time; `set_query` and `refresh` start again."""

    # The roles under which a cell shows its column's text.
    TEXT_ROLES: ClassVar[frozenset[int]] = frozenset({Qt.ItemDataRole.DisplayRole})

    def __init__(
        self,
        fetch: PageFetch[QueryT, RowT],
        query: QueryT,
        columns: Sequence[Column[RowT]],
        page_size: int,
        *,
        wait_for_refresh: bool = False,
    ) -> None:
        """`wait_for_refresh`: fetch nothing before the first `refresh()`, for a screen
        whose query is set (and whose rows may be costly) only once it is shown."""
        super().__init__()
        self._fetch = fetch
        self._query = query
        self._columns = columns
        self._page_size = page_size
        self._rows: list[RowT] = []
        self._exhausted = wait_for_refresh
        self._resetting = False
        self._fetching = False

    # What a model adds ----------------------------------------------------------------

    def key(self, row: RowT) -> str | None:
        """The row's id under ID_ROLE; None where rows have no id of their own."""
        return None

    def decoration(self, row: RowT, column: int, role: int) -> Any:
        """What a cell shows under a role other than its text and id (colour, tooltip)."""
        return None

    # Rows -----------------------------------------------------------------------------

    @property
    def query(self) -> QueryT:
        return self._query

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_id(self, row: int) -> str | None:
        found = self.row_at(row)
        return None if found is None else self.key(found)

    def set_query(self, query: QueryT) -> None:
        if query != self._query:
            self._reload(query)

    def refresh(self) -> None:
        self._reload(self._query)

    # Qt's model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role in self.TEXT_ROLES:
            return isolated(self._columns[index.column()].text(row))
        if role == ID_ROLE:
            return self.key(row)
        # Tooltips: the same stored text, the same isolation.
        shown = self.decoration(row, index.column(), role)
        return isolated(shown) if isinstance(shown, str) else shown

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            # The class name is the translation context each list has always had.
            return QCoreApplication.translate(type(self).__name__, self._columns[section].header)
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
            page = self._fetch(self._query, after, self._page_size)
            self._exhausted = len(page) < self._page_size
            if not page:
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    def fetch_all(self) -> None:
        """Every row not fetched yet, for a view going to the last row (Ctrl+End): in
        pages of FETCH_ALL_PAGE (few queries, each a keyset step on the index) and one
        insertion, so the view lays out once. See docs/ui.md for what it costs."""
        if not self.canFetchMore():
            return
        self._fetching = True
        try:
            rows: list[RowT] = []
            after = self._rows[-1] if self._rows else None
            while True:
                page = self._fetch(self._query, after, FETCH_ALL_PAGE)
                rows.extend(page)
                if len(page) < FETCH_ALL_PAGE:
                    break
                after = page[-1]
            self._exhausted = True
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
        finally:
            self._fetching = False

    def _reload(self, query: QueryT) -> None:
        # The first page is loaded inside the reset, so the list is never shown empty
        # while it waits, and nothing is inserted while views react to the reset.
        self.beginResetModel()
        self._resetting = True
        try:
            self._query = query
            self._rows = list(self._fetch(query, None, self._page_size))
            self._exhausted = len(self._rows) < self._page_size
        finally:
            self.endResetModel()
            self._resetting = False


class SortedQuery(Protocol):
    """A list query that searches by text and sorts by one indexed order at a time."""

    __dataclass_fields__: ClassVar[dict[str, Any]]  # replaced with dataclasses.replace

    @property
    def text(self) -> str: ...

    @property
    def sort(self) -> Enum: ...

    @property
    def descending(self) -> bool: ...


SortedQueryT = TypeVar("SortedQueryT", bound=SortedQuery)


class SortableKeysetModel(KeysetTableModel[RowT, SortedQueryT]):
    """A list whose header sorts: only the columns the service has an index for, since a
    keyset page is only cheap in an indexed order; clicking another column does nothing."""

    def __init__(
        self,
        fetch: PageFetch[SortedQueryT, RowT],
        query: SortedQueryT,
        columns: Sequence[Column[RowT]],
        sorts: Mapping[int, Enum],
        page_size: int,
    ) -> None:
        """`sorts`: the column a header click sorts, to the service's order for it."""
        super().__init__(fetch, query, columns, page_size)
        self._sorts = sorts

    def is_sortable(self, column: int) -> bool:
        return column in self._sorts

    def sort_column(self) -> int:
        return next(column for column, sort in self._sorts.items() if sort is self._query.sort)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = self._sorts.get(column)
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self._reload(replace(self._query, sort=sort, descending=descending))

    def set_search(self, text: str) -> None:
        self.set_query(replace(self._query, text=text))
