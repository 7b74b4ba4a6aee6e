"""The audit log as a lazily fetched table: a page at a time, newest first."""

from __future__ import annotations

from typing import Any, ClassVar, Protocol

from PySide6.QtCore import Qt

from desktop import clock
from desktop.services.audit_log import PAGE_SIZE, PLACEHOLDERS, AuditQuery, AuditRow
from desktop.views.keyset_model import Column, KeysetTableModel
from desktop.views.text import label


class AuditSource(Protocol):
    def page(
        self, query: AuditQuery, after: AuditRow | None = None, limit: int = PAGE_SIZE
    ) -> list[AuditRow]: ...


def _time(row: AuditRow) -> str:
    return clock.second(row.occurred_at)


def _name(text: str) -> str:
    # Names are data; only the service's placeholders are text to translate.
    return label(text) if text in PLACEHOLDERS else text


COLUMNS: list[Column[AuditRow]] = [
    Column("Nr", lambda r: str(r.seq)),
    Column("Tid", _time),
    Column("Användare", lambda r: _name(r.user_name)),
    Column("Händelse", lambda r: label(r.action_label)),
    Column("Typ", lambda r: label(r.entity_label)),
    Column("Deltagare", lambda r: _name(r.person_name)),
    Column("Skärm", lambda r: r.screen),
    Column("Detaljer", lambda r: r.details),
]
_NUMBER = 0


class AuditLogModel(KeysetTableModel[AuditRow, AuditQuery]):
    # The tooltip shows what a narrow column cuts off (long details).
    TEXT_ROLES: ClassVar[frozenset[int]] = frozenset(
        {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole}
    )

    def __init__(self, source: AuditSource, page_size: int = PAGE_SIZE) -> None:
        super().__init__(source.page, AuditQuery(), COLUMNS, page_size, wait_for_refresh=True)

    def decoration(self, row: AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == _NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row(self, number: int) -> AuditRow | None:
        return self.row_at(number)
