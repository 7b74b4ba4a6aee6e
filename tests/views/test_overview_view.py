"""Översikt as a user sees it: every list's rows open their record with Enter (the signal
carries the record's id), Tab walks from list to list, each list says in words when it
is empty, the year's numbers stand large, and a new database shows what to do first.
Through the main window: it starts here, and a record opened shows under Senast öppnade
and opens again from there."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.services.cases import TaskRow
from desktop.services.overview import (
    KeyNumbers,
    Overview,
    QuietEmployer,
    RecentRecord,
    WaitingReferral,
)
from desktop.services.registry import Services
from desktop.store.database import Database
from desktop.views.main_window import MainWindow
from desktop.views.my_tasks_view import MyTasksView
from desktop.views.overview_view import OverviewView
from desktop.views.settings import Settings
from tests.views.conftest import services_for, show_active

TODAY = dt.date(2026, 6, 15)
AMINA, YONAS, KARIN = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
CARE, KITCHEN = uuid.uuid4(), uuid.uuid4()
BAKERY, NEVER = uuid.uuid4(), uuid.uuid4()

FULL = Overview(
    today=TODAY,
    referrals=(
        WaitingReferral(
            uuid.uuid4(),
            AMINA,
            "Amina Testsson",
            CARE,
            "Undersköterska",
            "Gamla Bageriet AB",
            "intervju",
            dt.date(2026, 5, 2),
        ),
        WaitingReferral(
            uuid.uuid4(),
            YONAS,
            "Yonas Provsson",
            KITCHEN,
            "Kockbiträde",
            "Färsk AB",
            "foreslagen",
            TODAY,
        ),
    ),
    referrals_total=2,
    quiet_employers=(
        QuietEmployer(NEVER, "Aldrig Kontaktad AB", None, None),
        QuietEmployer(BAKERY, "Gamla Bageriet AB", dt.date(2026, 3, 17), 90),
    ),
    quiet_total=2,
    stale_days=90,
    recent=(
        RecentRecord(
            "need",
            KITCHEN,
            "Kockbiträde",
            "Färsk AB",
            dt.datetime(2026, 6, 15, 8, 5, tzinfo=dt.UTC),
        ),
        RecentRecord(
            "person",
            KARIN,
            "Karin Exempelsson",
            "Deltagare",
            dt.datetime(2026, 6, 12, 9, 0, tzinfo=dt.UTC),
        ),
        RecentRecord(
            "employer",
            BAKERY,
            "Gamla Bageriet AB",
            "Arbetsgivare",
            dt.datetime(2026, 6, 11, 9, 0, tzinfo=dt.UTC),
        ),
    ),
    first_setup=False,
)
EMPTY = dataclasses.replace(
    FULL, referrals=(), referrals_total=0, quiet_employers=(), quiet_total=0, recent=()
)
NEW_DATABASE = dataclasses.replace(EMPTY, first_setup=True)
NUMBERS = KeyNumbers(2026, "0127", "Botkyrka", 1234, 56, 7)


class FakeSource:
    def __init__(self, overview: Overview) -> None:
        self.data = overview

    def overview(self, *, today: dt.date | None = None) -> Overview:
        assert today == TODAY
        return self.data

    def key_numbers(self, *, today: dt.date | None = None) -> KeyNumbers:
        assert today == TODAY
        return NUMBERS


class NoTasks:
    def my_tasks(self, *, today: dt.date | None = None, days_ahead: int = 0) -> list[TaskRow]:
        return []

    def set_done(self, task_id: uuid.UUID, done: bool, *, screen: str = "") -> None:
        raise AssertionError("no task to tick")


def _view(qtbot: QtBot, data: Overview, *, admin: bool = True, width: int = 1200) -> OverviewView:
    tasks = MyTasksView(NoTasks(), today=lambda: TODAY)
    view = OverviewView(tasks, lambda: 0, FakeSource(data), is_admin=admin, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(width, 800)
    show_active(qtbot, view)
    return view


def _texts(view: OverviewView, name: str) -> list[list[str]]:
    section = {"referrals": view.referrals, "quiet": view.quiet, "recent": view.recent}[name]
    return [[item.text(c) for c in range(section.list.columnCount())] for item in section.rows()]


def test_each_list_shows_its_rows(qtbot: QtBot) -> None:
    view = _view(qtbot, FULL)
    assert _texts(view, "referrals") == [
        ["Amina Testsson", "Undersköterska – Gamla Bageriet AB", "Intervju",
         "2026-05-02 · 44 dagar"],
        ["Yonas Provsson", "Kockbiträde – Färsk AB", "Föreslagen", "2026-06-15"],
    ]  # fmt: skip
    assert _texts(view, "quiet") == [
        ["Aldrig Kontaktad AB", "aldrig"],
        ["Gamla Bageriet AB", "2026-03-17 · 90 dagar"],
    ]
    assert _texts(view, "recent") == [
        ["Kockbiträde", "Behov hos Färsk AB", "i dag 10:05"],  # 08:05 UTC is 10:05 in June
        ["Karin Exempelsson", "Deltagare", "2026-06-12"],
        ["Gamla Bageriet AB", "Arbetsgivare", "2026-06-11"],
    ]
    for section in (view.referrals, view.quiet, view.recent):
        assert section.list.isVisible()
        assert not section.empty.isVisible()
    assert not view.first_setup.isVisible()


def test_the_year_s_numbers_stand_large_with_their_captions(qtbot: QtBot) -> None:
    view = _view(qtbot, FULL)
    qtbot.waitUntil(lambda: view.key_numbers is not None)  # counted off the GUI thread
    assert view.numbers_title.text() == "Botkyrka i år (2026)"
    assert {k: label.text() for k, label in view.number_labels.items()} == {
        "new_cases": "1\u00a0234",
        "placements": "56",
        "open_needs": "7",
    }
    assert view.number_labels["new_cases"].accessibleName() == "1234 nya ärenden"
    captions = [label.text() for label in view.numbers.findChildren(QLabel, "numberCaption")]
    assert captions == ["nya ärenden", "placeringar som börjat", "öppna rekryteringsbehov"]


def test_enter_on_a_referral_opens_its_person_and_the_button_its_need(qtbot: QtBot) -> None:
    view = _view(qtbot, FULL)
    rows = view.referrals.rows()
    view.referrals.list.setFocus()
    view.referrals.list.setCurrentItem(rows[1])
    with qtbot.waitSignal(view.open_person) as opened:
        qtbot.keyClick(view.referrals.list, Qt.Key.Key_Return)
    assert opened.args == [str(YONAS)]
    with qtbot.waitSignal(view.open_need) as need:
        qtbot.keyClick(view, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert need.args == [str(KITCHEN)]


def test_enter_on_a_quiet_employer_opens_it(qtbot: QtBot) -> None:
    view = _view(qtbot, FULL)
    view.quiet.list.setFocus()
    view.quiet.list.setCurrentItem(view.quiet.rows()[1])
    with qtbot.waitSignal(view.open_employer) as opened:
        qtbot.keyClick(view.quiet.list, Qt.Key.Key_Return)
    assert opened.args == [str(BAKERY)]


@pytest.mark.parametrize(
    ("row", "signal", "record"),
    [(0, "open_need", KITCHEN), (1, "open_person", KARIN), (2, "open_employer", BAKERY)],
)
def test_enter_on_a_recent_record_opens_it(
    qtbot: QtBot, row: int, signal: str, record: uuid.UUID
) -> None:
    view = _view(qtbot, FULL)
    view.recent.list.setFocus()
    view.recent.list.setCurrentItem(view.recent.rows()[row])
    with qtbot.waitSignal(getattr(view, signal)) as opened:
        qtbot.keyClick(view.recent.list, Qt.Key.Key_Return)
    assert opened.args == [str(record)]


def test_double_click_opens_too(qtbot: QtBot) -> None:
    view = _view(qtbot, FULL)
    item = view.quiet.rows()[0]
    with qtbot.waitSignal(view.open_employer) as opened:
        view.quiet.list.itemActivated.emit(item, 0)
    assert opened.args == [str(NEVER)]


def test_tab_walks_from_list_to_list(qtbot: QtBot) -> None:
    view = _view(qtbot, FULL)
    view.tasks.upcoming.setChecked(True)  # rows or not, the table takes focus
    view.tasks.table.show()
    view.tasks.table.setFocus()
    order = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        view.referrals.list,
        view.open_need_button,
        view.quiet.list,
        view.recent.list,
    ]


def test_every_list_says_when_it_is_empty(qtbot: QtBot) -> None:
    view = _view(qtbot, EMPTY)
    assert view.referrals.empty.text() == "Inga anvisningar väntar på svar."
    assert view.quiet.empty.text() == (
        "Alla arbetsgivare du ansvarar för har haft kontakt de senaste 90 dagarna."
    )
    assert view.recent.empty.text() == (
        "Du har inte öppnat någon deltagare, arbetsgivare eller något behov ännu."
    )
    assert view.tasks.empty.text() == "Inga uppföljningar förfaller i dag, och inga är försenade."
    for section in (view.referrals, view.quiet, view.recent):
        assert section.empty.isVisible()
        assert not section.list.isVisible()
    assert not view.open_need_button.isVisible()
    assert view.numbers.isVisible()


def test_f5_reads_the_whole_screen_again(qtbot: QtBot) -> None:
    source = FakeSource(EMPTY)
    tasks = MyTasksView(NoTasks(), today=lambda: TODAY)
    view = OverviewView(tasks, lambda: 0, source, today=lambda: TODAY)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    assert not view.tasks.refresh_button.isVisible()  # one Uppdatera for the screen
    source.data = FULL
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert len(view.referrals.rows()) == 2
    assert view.referrals.list.isVisible()


def test_a_capped_list_says_how_many_there_are(qtbot: QtBot) -> None:
    view = _view(qtbot, dataclasses.replace(FULL, quiet_total=75))
    assert view.quiet.count.text() == "2 av 75 visas"
    assert view.referrals.count.text() == "2"


def test_a_new_database_says_what_to_do_first(qtbot: QtBot) -> None:
    view = _view(qtbot, NEW_DATABASE)
    assert view.first_setup.isVisible()
    assert not view.columns.isVisible()
    assert not view.numbers.isVisible()
    buttons = [view.users_button, view.employer_button, view.intake_button]
    assert [b.text() for b in buttons] == [
        "Lägg till a&nvändare…",
        "Registrera en a&rbetsgivare…",
        "Gör en &inskrivning…",
    ]
    for push, signal in zip(
        buttons,
        (view.users_requested, view.new_employer_requested, view.new_intake_requested),
        strict=True,
    ):
        assert push.isVisible()
        with qtbot.waitSignal(signal):
            qtbot.mouseClick(push, Qt.MouseButton.LeftButton)


def test_only_an_administrator_is_offered_to_add_users(qtbot: QtBot) -> None:
    view = _view(qtbot, NEW_DATABASE, admin=False)
    assert not view.users_button.isVisible()
    assert view.employer_button.isVisible()


def test_two_columns_on_a_wide_window_one_on_a_narrow(qtbot: QtBot) -> None:
    view = _view(qtbot, FULL, width=1200)
    assert view.grid.getItemPosition(view.grid.indexOf(view.quiet))[:2] == (0, 1)
    view.resize(700, 800)
    qtbot.waitUntil(lambda: view.grid.getItemPosition(view.grid.indexOf(view.quiet))[:2] == (2, 0))


# Through the main window ----------------------------------------------------------------


def _window(qtbot: QtBot, services: Services, settings: Settings) -> MainWindow:
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_main_window_starts_on_the_overview_and_reopens_what_was_opened(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = _window(qtbot, services, settings)
    overview = window.overview_view
    assert window.current_screen() is overview
    assert overview.recent.empty.isVisible()
    window.navigation.setCurrentRow(1)
    first = window.persons_view.model
    qtbot.waitUntil(lambda: first.rowCount() > 0)
    opened = uuid.UUID(first.person_id(0) or "")
    window.workspace.open_person(opened)
    window.navigation.setCurrentRow(0)
    rows = overview.recent.rows()
    assert [row.data(0, Qt.ItemDataRole.UserRole) for row in rows] == [("person", str(opened))]
    header = services.persons.open(opened)
    assert header.identity_number
    shown = " ".join(rows[0].text(c) for c in range(3))
    assert shown.startswith(f"{header.first_name} {header.last_name} Deltagare i dag ")
    assert header.identity_number.replace("-", "")[2:8] not in shown  # no personnummer
    window.workspace.person_window(opened).close()  # type: ignore[union-attr]
    overview.recent.list.setFocus()
    overview.recent.list.setCurrentItem(rows[0])
    qtbot.keyClick(overview.recent.list, Qt.Key.Key_Return)
    assert window.workspace.person_window(opened) is not None


def test_a_new_database_s_overview_leads_to_the_users_tab(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    services = services_for(db)  # the administrator, and nothing else
    window = _window(qtbot, services, settings)
    overview = window.overview_view
    assert overview.first_setup.isVisible()
    qtbot.mouseClick(overview.users_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.admin_view
    assert window.admin_view is not None
    assert window.admin_view.tabs.currentWidget() is window.users_view
