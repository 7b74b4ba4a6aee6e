"""The paging every list shares, over an in-memory source: what a page fetch is asked,
when, and that each row arrives once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.views.keyset_model import FETCH_ALL_PAGE, ID_ROLE, Column, KeysetTableModel
from desktop.views.list_keys import go_to_ends


@dataclass(frozen=True)
class Query:
    odd: bool = False


class Numbers:
    """1..count in order; a page is the numbers after `after`, as a keyset query gives."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.asked: list[tuple[Query, int | None, int]] = []

    def page(self, query: Query, after: int | None, limit: int) -> list[int]:
        self.asked.append((query, after, limit))
        start = (after or 0) + 1
        wanted = (n for n in range(start, self.count + 1) if not query.odd or n % 2)
        return [n for _, n in zip(range(limit), wanted, strict=False)]


class NumberModel(KeysetTableModel[int, Query]):
    def __init__(self, source: Numbers, page_size: int, *, wait: bool = False) -> None:
        columns = [Column("Tal", str), Column("Dubbelt", lambda n: str(2 * n))]
        super().__init__(source.page, Query(), columns, page_size, wait_for_refresh=wait)

    def key(self, row: int) -> str:
        return f"n{row}"


def rows(model: NumberModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_each_page_starts_after_the_last_row_until_a_short_page(
    qtmodeltester: ModelTester,
) -> None:
    source = Numbers(7)
    model = NumberModel(source, page_size=3)
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert rows(model) == [str(n) for n in range(1, 8)]
    assert [after for _, after, _ in source.asked] == [None, 3, 6]
    assert model.index(6, 1).data() == "14"
    assert model.index(6, 0).data(ID_ROLE) == "n7"
    assert model.row_id(6) == "n7"
    assert model.row_id(7) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Dubbelt"


def test_a_full_last_page_is_followed_by_one_empty_fetch() -> None:
    source = Numbers(6)
    model = NumberModel(source, page_size=3)
    model.refresh()
    model.fetchMore()
    assert model.canFetchMore()  # a full page cannot tell that nothing follows
    model.fetchMore()
    assert not model.canFetchMore()
    assert model.rowCount() == 6


def test_a_new_query_loads_its_first_page_inside_the_reset() -> None:
    source = Numbers(20)
    model = NumberModel(source, page_size=4)
    model.refresh()
    model.fetchMore()
    counts_at_reset: list[int] = []
    model.modelReset.connect(lambda: counts_at_reset.append(model.rowCount()))
    model.set_query(Query(odd=True))
    assert counts_at_reset == [4]
    assert rows(model) == ["1", "3", "5", "7"]
    model.set_query(Query(odd=True))  # the same query: nothing is fetched again
    assert len(source.asked) == 3


def test_waiting_for_refresh_fetches_nothing_before_it() -> None:
    source = Numbers(5)
    model = NumberModel(source, page_size=3, wait=True)
    assert not model.canFetchMore()
    model.fetchMore()
    assert source.asked == []
    model.refresh()
    assert rows(model) == ["1", "2", "3"]


def test_asking_for_more_while_a_page_is_inserted_waits_for_it(
    qtmodeltester: ModelTester,
) -> None:
    source = Numbers(10)
    model = NumberModel(source, page_size=3)
    model.refresh()
    qtmodeltester.check(model)
    model.rowsAboutToBeInserted.connect(model.fetchMore)
    while model.canFetchMore():
        model.fetchMore()
    assert rows(model) == [str(n) for n in range(1, 11)]
    assert [after for _, after, _ in source.asked] == [None, 3, 6, 9]


def test_fetch_all_takes_the_rest_in_large_pages_in_one_insertion(
    qtmodeltester: ModelTester,
) -> None:
    source = Numbers(12_345)
    model = NumberModel(source, page_size=100)
    qtmodeltester.check(model)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.fetch_all()
    assert model.rowCount() == 12_345
    assert not model.canFetchMore()
    [(_first, last)] = inserted  # one insertion
    assert last == 12_344
    asked = len(source.asked)
    assert [limit for _, _, limit in source.asked][-3:] == [FETCH_ALL_PAGE] * 3
    assert model.index(12_344, 0).data() == "12345"
    model.fetch_all()  # nothing left: no query
    assert len(source.asked) == asked


@pytest.mark.parametrize("modifier", [Qt.KeyboardModifier.ControlModifier, None])
def test_end_goes_to_the_last_row_and_home_to_the_first(
    qtbot: QtBot, modifier: Qt.KeyboardModifier | None
) -> None:
    """Ctrl+End (and End) in a list: the last row of the list, not of the page fetched."""
    model = NumberModel(Numbers(1_000), page_size=50)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    go_to_ends(table)
    table.show()
    qtbot.waitExposed(table)
    table.setFocus()
    table.setCurrentIndex(model.index(3, 0))
    mod = modifier or Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(table, Qt.Key.Key_End, mod)
    assert table.currentIndex().row() == 999
    assert model.index(999, 0).data() == "1000"
    assert model.rowCount() == 1_000
    qtbot.keyClick(table, Qt.Key.Key_Home, mod)
    assert table.currentIndex().row() == 0
