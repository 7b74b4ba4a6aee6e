"""The Arbetsgivare list as a lazily fetched table: a page at a time, keyset-paginated."""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services import vocabulary
from desktop.services.employers import PAGE_SIZE, EmployerQuery, EmployerRow, EmployerSort
from desktop.views.keyset_model import Column, SortableKeysetModel
from desktop.views.style import SECONDARY
from desktop.views.text import label


class EmployerSource(Protocol):
    def page(
        self, query: EmployerQuery, after: EmployerRow | None = None, limit: int = PAGE_SIZE
    ) -> list[EmployerRow]: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("EmployerListModel", text)


def _last_contact(row: EmployerRow) -> str:
    return row.last_contact_on.isoformat() if row.last_contact_on else _tr("Aldrig")


COLUMNS: list[Column[EmployerRow]] = [
    Column("Namn", lambda r: r.name),
    Column("Organisationsnummer", lambda r: r.org_number or ""),
    Column("Kommun", lambda r: r.municipality or ""),
    Column("Sektor", lambda r: label(vocabulary.SECTOR.get(r.sector, r.sector))),
    Column("Bransch", lambda r: r.industry_name or ""),
    Column("Status", lambda r: label(vocabulary.EMPLOYER_STATUS.get(r.relationship_status, ""))),
    Column("Ansvarig", lambda r: r.agent or ""),
    Column("Senaste kontakt", _last_contact),
]
NAME_COLUMN, INDUSTRY_COLUMN, LAST_CONTACT_COLUMN = 0, 4, len(COLUMNS) - 1
SORTS = {NAME_COLUMN: EmployerSort.NAME, LAST_CONTACT_COLUMN: EmployerSort.LAST_CONTACT}


class EmployerListModel(SortableKeysetModel[EmployerRow, EmployerQuery]):
    TEXT_ROLES: ClassVar[frozenset[int]] = frozenset(
        {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole}
    )

    def __init__(self, source: EmployerSource, page_size: int = PAGE_SIZE) -> None:
        super().__init__(source.page, EmployerQuery(), COLUMNS, SORTS, page_size)

    def key(self, row: EmployerRow) -> str:
        return str(row.id)

    def decoration(self, row: EmployerRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column in (NAME_COLUMN, INDUSTRY_COLUMN):
            # Long names (a municipality's departments) are cut short in the column.
            return row.name if column == NAME_COLUMN else row.industry_name
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == LAST_CONTACT_COLUMN
            and row.last_contact_on is None
        ):
            return QBrush(QColor(SECONDARY))
        return None

    def employer_id(self, row: int) -> str | None:
        return self.row_id(row)

    def row_of(self, row: int) -> EmployerRow | None:
        return self.row_at(row)
