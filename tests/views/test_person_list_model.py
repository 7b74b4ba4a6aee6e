from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop.services.registry import Services
from desktop.views.person_list_model import PersonListModel


def _column(model: PersonListModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, services: Services) -> None:
    model = PersonListModel(services.persons, page_size=40)
    model.refresh()
    qtmodeltester.check(model)
    model.set_search("ozt")
    model.sort(2, Qt.SortOrder.DescendingOrder)
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model)


def test_pages_are_fetched_on_demand_until_the_end(services: Services) -> None:
    model = PersonListModel(services.persons, page_size=100)
    model.refresh()
    assert model.rowCount() == 100
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 250
    assert not model.canFetchMore()
    assert len({model.person_id(row) for row in range(250)}) == 250


def test_sorting_by_birth_date_descending(services: Services) -> None:
    model = PersonListModel(services.persons, page_size=60)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    while model.canFetchMore():
        model.fetchMore()
    dates = _column(model, 2)
    assert dates == sorted(dates, reverse=True)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Födelsedatum"


def test_unsortable_columns_leave_the_order_alone(services: Services) -> None:
    model = PersonListModel(services.persons)
    model.refresh()
    before = _column(model, 0)
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert _column(model, 0) == before
    assert not model.is_sortable(3)


def test_search_shows_only_matches_with_status_labels(services: Services) -> None:
    model = PersonListModel(services.persons)
    model.set_search("ozturk ahmed")
    names = set(_column(model, 0))
    assert names == {"Öztürk"}
    statuses = set(_column(model, 5))
    assert statuses <= {"Aktiv", ""}
    assert "Aktiv" in statuses


def test_fetch_more_asked_again_during_an_insertion_adds_each_page_once(
    services: Services,
) -> None:
    """A view reacting to beginInsertRows may ask for more before the page is appended;
    the next page starts after the last row, so asking then fetched the same page twice."""
    model = PersonListModel(services.persons, page_size=40)
    model.refresh()
    could_fetch: list[bool] = []
    reacting = False

    def ask_again() -> None:
        nonlocal reacting
        if reacting:
            return  # the view reacts to an insertion, not to one its own request made
        reacting = True
        could_fetch.append(model.canFetchMore())
        model.fetchMore()
        reacting = False

    model.rowsAboutToBeInserted.connect(ask_again)
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.person_id(row) for row in range(model.rowCount())]
    assert len(set(ids)) == len(ids)
    assert model.rowCount() == 250
    assert could_fetch == [False] * 6  # pages two to seven, each asked about once


def test_model_tester_across_pages_while_a_view_asks_for_more(
    qtmodeltester: ModelTester, services: Services
) -> None:
    model = PersonListModel(services.persons, page_size=40)
    model.refresh()
    qtmodeltester.check(model)
    model.rowsAboutToBeInserted.connect(model.fetchMore)
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model)
    assert model.rowCount() == 250
    assert len({model.person_id(row) for row in range(250)}) == 250
