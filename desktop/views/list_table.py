"""How every list of records behaves as a table: whole rows, one chosen at a time, read
only, with alternating colours, rows of one height and no row numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ROW_HEIGHT = 26


def list_rows(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)


def two_line_headers(header: QHeaderView) -> None:
    """Column headers centred and room for two lines, so a long one wraps."""
    header.setDefaultAlignment(
        Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
    )
    header.setFixedHeight(header.fontMetrics().lineSpacing() * 2 + 10)
