"""Bugs in PySide6 releases that would crash the app, caught before they ship."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSortFilterProxyModel, Qt

from desktop.services.registry import Services
from desktop.views.person_list_model import PersonListModel


def test_returning_none_from_data_keeps_nones_reference_count(services: Services) -> None:
    """PySide6 6.12.0 dropped a reference to None on each such return (decision 0008)."""
    model = PersonListModel(services.persons)
    model.refresh()
    proxy = QSortFilterProxyModel()  # a C++ caller of the Python data()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        index.data(Qt.ItemDataRole.ToolTipRole)
        proxy.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert sys.getrefcount(None) >= before - 10
