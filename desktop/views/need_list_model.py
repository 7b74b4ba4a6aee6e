"""The open recruitment needs as a lazily fetched table: a page at a time, keyset-paginated,
in deadline order (the order the service's index walks; the list does not re-sort)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from desktop import clock
from desktop.services import vocabulary
from desktop.services.vacancies import PAGE_SIZE, NeedQuery, NeedRow
from desktop.views.keyset_model import Column, KeysetTableModel
from desktop.views.text import label

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


COLUMNS: list[Column[NeedRow]] = [
    Column("Sista ansökningsdag", lambda r: _date(r.apply_by)),
    Column("Titel", lambda r: r.title),
    Column("Yrke", lambda r: r.occupation_name),
    Column("Arbetsgivare", lambda r: r.employer_name),
    Column("Platser (tillsatta/totalt)", places),
    Column("Form", lambda r: label(r.form_name)),
    Column("Omfattning", lambda r: label(vocabulary.EXTENT.get(r.extent or "", ""))),
    Column("Kommun", lambda r: r.municipality or ""),
    Column("Start", lambda r: _date(r.start_date)),
]
DEADLINE, TITLE, OCCUPATION, EMPLOYER, PLACES = range(5)


class NeedListModel(KeysetTableModel[NeedRow, NeedQuery]):
    def __init__(
        self,
        source: NeedSource,
        page_size: int = PAGE_SIZE,
        *,
        today: Callable[[], dt.date] = clock.today,
    ) -> None:
        super().__init__(source.open_needs, NeedQuery(), COLUMNS, page_size)
        self._today = today

    def key(self, row: NeedRow) -> str:
        return str(row.id)

    def decoration(self, row: NeedRow, column: int, role: int) -> Any:
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

    def need_id(self, row: int) -> str | None:
        return self.row_id(row)

    def need(self, row: int) -> NeedRow | None:
        return self.row_at(row)
