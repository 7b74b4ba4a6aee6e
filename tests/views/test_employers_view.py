"""The Arbetsgivare list, driven through its widgets on a real encrypted database: the lazy
model, search as you type, each filter, the last-contact order, and opening a row."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QTableView,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.models import Employer
from desktop.services.accounts import Actor
from desktop.services.employers import EmployerData, EmployerService
from desktop.store.database import Database
from desktop.views.employer_list_model import LAST_CONTACT_COLUMN, EmployerListModel
from desktop.views.employers_view import EmployersView, FilterChoices
from tests.factories import luhn_digit, make_user
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

TODAY = clock.today()


def org_number(nine: str) -> str:
    full = nine + luhn_digit(nine)
    return f"{full[:6]}-{full[6:]}"


# name, organisationsnummer (nine digits), municipality, sector, industry, status,
# last contact (days ago; None: never), responsible (a: Agnes, b: Bo, None: nobody)
REGISTER = [
    ("Östgöta Bygg AB", "556200011", "0127", "privat", "41200", "aktiv", 3, "a"),
    ("Åbergs Måleri AB", "556200029", "0126", "privat", "43341", "aktiv", 40, "b"),
    ("Ängby Omsorg", "802200037", "0127", "ideburen", "88101", "prospekt", None, "a"),
    ("Botkyrka kommun, Äldreboendet Ekgården", "212000014", "0127", "offentlig", "87301",
     "aktiv", 200, "a"),
    ("Zetas Restaurang AB", "556200045", "0181", "privat", "56100", "vilande", 400, None),
    ("Almgrens Städ HB", "969200052", "0126", "privat", "81210", "prospekt", None, "b"),
    ("Ekdalens Lokalvård AB", "556200060", "0138", "privat", "81210", "aktiv", 10, None),
    ("Citybud i Södertälje AB", "559200078", "0181", "privat", "49410", "aktiv", 95, "b"),
]  # fmt: skip
INDUSTRY_NAMES = {
    "41200": "Byggande av hus",
    "43341": "Måleriarbeten",
    "88101": "Öppna sociala insatser för äldre",
    "87301": "Vård och omsorg i särskilda boendeformer för äldre",
    "56100": "Restaurangverksamhet",
    "81210": "Lokalvård",
    "49410": "Vägtransport, godstrafik",
}
IN_NAME_ORDER = [
    "Almgrens Städ HB", "Botkyrka kommun, Äldreboendet Ekgården", "Citybud i Södertälje AB",
    "Ekdalens Lokalvård AB", "Zetas Restaurang AB", "Åbergs Måleri AB", "Ängby Omsorg",
    "Östgöta Bygg AB",
]  # fmt: skip


@dataclass
class Register:
    db: Database
    service: EmployerService
    agnes: uuid.UUID
    bo: uuid.UUID
    ids: dict[str, uuid.UUID]

    def choices(self) -> FilterChoices:
        return FilterChoices(
            municipalities=[
                ("0127", "Botkyrka"), ("0126", "Huddinge"), ("0181", "Södertälje"),
                ("0138", "Tyresö"),
            ],
            agents=[(self.agnes, "Agnes Agent"), (self.bo, "Bo Berglund")],
            me=self.agnes,
        )  # fmt: skip


@pytest.fixture
def register(db: Database) -> Register:
    with db.unit_of_work() as session:
        agnes = make_user(session, "agnes", "Agnes Agent")
        bo = make_user(session, "bo", "Bo Berglund")
        actor = Actor(agnes.id, agnes.username, agnes.full_name, "handlaggare")
        agents = {"a": agnes.id, "b": bo.id, None: None}
    service = EmployerService(db, actor)
    ids = {}
    for name, nine, municipality, sector, industry, status, days, agent in REGISTER:
        data = EmployerData(
            org_number=org_number(nine), name=name, sector=sector,
            municipality_code=municipality, industry_code=industry,
            industry_name=INDUSTRY_NAMES[industry], relationship_status=status,
            responsible_agent_id=agents[agent],
        )  # fmt: skip
        ids[name] = service.create(data, confirmed=True)
        if days is not None:
            with db.unit_of_work() as session:
                session.get_one(Employer, ids[name]).last_contact_on = TODAY - dt.timedelta(days)
    return Register(db, service, agents["a"], agents["b"], ids)  # type: ignore[arg-type]


@pytest.fixture
def view(qtbot: QtBot, register: Register) -> EmployersView:
    widget = EmployersView(register.service, register.choices())
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.load()
    return widget


def names(model: EmployerListModel) -> list[str]:
    while model.canFetchMore():
        model.fetchMore()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def choose(box: QComboBox, text: str) -> None:
    found = box.findText(text)
    assert found >= 0, text
    box.setCurrentIndex(found)


# The model -----------------------------------------------------------------------------


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, register: Register) -> None:
    model = EmployerListModel(register.service, page_size=3)
    model.refresh()
    qtmodeltester.check(model)
    model.sort(LAST_CONTACT_COLUMN, Qt.SortOrder.DescendingOrder)
    assert len(names(model)) == len(REGISTER)
    qtmodeltester.check(model)
    model.set_search("ab")
    qtmodeltester.check(model)


def test_pages_are_fetched_on_demand_and_every_column_is_shown(register: Register) -> None:
    model = EmployerListModel(register.service, page_size=3)
    model.refresh()
    assert model.rowCount() == 3
    assert model.canFetchMore()
    assert names(model) == IN_NAME_ORDER
    assert not model.canFetchMore()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Namn", "Organisationsnummer", "Kommun", "Sektor", "Bransch", "Status", "Ansvarig",
        "Senaste kontakt",
    ]  # fmt: skip
    row = IN_NAME_ORDER.index("Botkyrka kommun, Äldreboendet Ekgården")
    shown = [model.index(row, c).data() for c in range(model.columnCount())]
    assert shown == [
        "Botkyrka kommun, Äldreboendet Ekgården", org_number("212000014"), "Botkyrka",
        "Offentlig", INDUSTRY_NAMES["87301"], "Aktiv", "Agnes Agent",
        (TODAY - dt.timedelta(200)).isoformat(),
    ]  # fmt: skip
    never = model.index(IN_NAME_ORDER.index("Ängby Omsorg"), LAST_CONTACT_COLUMN)
    assert never.data() == "Aldrig"
    assert model.employer_id(0) == str(register.ids["Almgrens Städ HB"])


# Search, filters, order -------------------------------------------------------------------


def test_search_as_you_type_ignores_accents_and_finds_the_number(
    qtbot: QtBot, view: EmployersView, register: Register
) -> None:
    assert view.count_label.text() == "8 arbetsgivare"
    qtbot.keyClicks(view.search, "ostgota")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert names(view.model) == ["Östgöta Bygg AB"]
    assert view.count_label.text() == "1 träff"
    view.search.setText("ANGBY omsorg")
    qtbot.waitUntil(lambda: names(view.model) == ["Ängby Omsorg"])
    view.search.setText(org_number("556200029"))
    qtbot.waitUntil(lambda: names(view.model) == ["Åbergs Måleri AB"])
    view.search.setText("ab")
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    assert view.count_label.text() == "5 träffar"
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == len(REGISTER))
    assert view.count_label.text() == "8 arbetsgivare"


@pytest.mark.parametrize(
    ("control", "choice", "expected"),
    [
        ("municipality", "Huddinge", ["Almgrens Städ HB", "Åbergs Måleri AB"]),
        ("sector", "Offentlig", ["Botkyrka kommun, Äldreboendet Ekgården"]),
        ("sector", "Idéburen", ["Ängby Omsorg"]),
        ("industry", "Lokalvård (81210)", ["Almgrens Städ HB", "Ekdalens Lokalvård AB"]),
        ("status", "Vilande", ["Zetas Restaurang AB"]),
        ("agent", "Bo Berglund",
         ["Almgrens Städ HB", "Citybud i Södertälje AB", "Åbergs Måleri AB"]),
        # Not contacted for 90 days: long ago, or never.
        ("not_contacted", "Ej kontaktad på 90 dagar",
         ["Almgrens Städ HB", "Botkyrka kommun, Äldreboendet Ekgården",
          "Citybud i Södertälje AB", "Zetas Restaurang AB", "Ängby Omsorg"]),
        ("not_contacted", "Ej kontaktad på ett år",
         ["Almgrens Städ HB", "Zetas Restaurang AB", "Ängby Omsorg"]),
    ],
)  # fmt: skip
def test_each_filter_shows_what_it_says(
    view: EmployersView, control: str, choice: str, expected: list[str]
) -> None:
    choose(getattr(view, control), choice)
    assert names(view.model) == expected
    count = len(expected)
    assert view.count_label.text() == f"{count} arbetsgivare"
    getattr(view, control).setCurrentIndex(0)
    assert names(view.model) == IN_NAME_ORDER


def test_my_employers_and_filters_combine_with_search(qtbot: QtBot, view: EmployersView) -> None:
    view.mine.setChecked(True)
    assert not view.agent.isEnabled()
    assert names(view.model) == [
        "Botkyrka kommun, Äldreboendet Ekgården", "Ängby Omsorg", "Östgöta Bygg AB",
    ]  # fmt: skip
    choose(view.status, "Aktiv")
    assert names(view.model) == ["Botkyrka kommun, Äldreboendet Ekgården", "Östgöta Bygg AB"]
    view.search.setText("bygg")
    view.apply_search()
    assert names(view.model) == ["Östgöta Bygg AB"]
    assert view.count_label.text() == "1 träff"
    view.mine.setChecked(False)
    assert view.agent.isEnabled()


def test_sorting_by_last_contact_and_only_by_the_indexed_columns(view: EmployersView) -> None:
    header = view.table.horizontalHeader()
    header.setSortIndicator(LAST_CONTACT_COLUMN, Qt.SortOrder.AscendingOrder)
    oldest_first = names(view.model)
    # Never contacted first, then the longest ago.
    assert sorted(oldest_first[:2]) == ["Almgrens Städ HB", "Ängby Omsorg"]
    assert oldest_first[2:] == [
        "Zetas Restaurang AB", "Botkyrka kommun, Äldreboendet Ekgården",
        "Citybud i Södertälje AB", "Åbergs Måleri AB", "Ekdalens Lokalvård AB",
        "Östgöta Bygg AB",
    ]  # fmt: skip
    header.setSortIndicator(LAST_CONTACT_COLUMN, Qt.SortOrder.DescendingOrder)
    assert names(view.model) == list(reversed(oldest_first))
    # Kommun does not sort: the indicator goes back and the order stays.
    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == LAST_CONTACT_COLUMN
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert names(view.model) == list(reversed(oldest_first))
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert names(view.model) == list(reversed(IN_NAME_ORDER))


# Opening ---------------------------------------------------------------------------------


def test_enter_in_the_search_opens_the_only_match_and_the_list_opens_its_row(
    qtbot: QtBot, view: EmployersView, register: Register
) -> None:
    show_active(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    wait_for_focus(qtbot, view.search)
    qtbot.keyClicks(view.search, "zetas")
    with qtbot.waitSignal(view.employer_activated) as opened:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert opened.args == [str(register.ids["Zetas Restaurang AB"])]

    # Several matches: Enter goes into the list, and Enter there opens the row.
    view.search.setText("ab")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    wait_for_focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.employer_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    second = view.model.index(1, 0).data()
    assert opened.args == [str(register.ids[second])]

    with qtbot.waitSignal(view.new_employer_requested):
        qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)


def test_reload_shows_a_new_employer_and_its_industry(
    view: EmployersView, register: Register
) -> None:
    choose(view.sector, "Privat")
    register.service.create(
        EmployerData(
            name="Nybyggda Kaféet AB", sector="privat", industry_code="56301",
            industry_name="Caféverksamhet", municipality_code="0127",
        )
    )  # fmt: skip
    view.reload()
    assert "Nybyggda Kaféet AB" in names(view.model)
    assert view.count_label.text() == "7 arbetsgivare"
    assert view.sector.currentText() == "Privat"
    assert view.industry.findData("56301") > 0


def test_every_control_has_a_name(view: EmployersView) -> None:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QTableView)
    unnamed = [
        type(widget).__name__
        for widget in view.findChildren(QWidget)
        if isinstance(widget, kinds)
        and not isinstance(widget.parentWidget(), (QComboBox, QLineEdit, QTableView))
        and not (widget.objectName() and widget.accessibleName())
    ]
    assert unnamed == []
