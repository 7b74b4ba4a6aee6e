"""Mina uppföljningar: what is due today and overdue, ticking off, and opening the person,
on a real encrypted database."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop import clock
from desktop.models import Employer, Task
from desktop.services.accounts import Actor
from desktop.services.cases import CaseService
from desktop.store.database import Database
from desktop.views.my_tasks_view import MyTasksView
from tests.factories import make_person, make_user, open_case
from tests.views.conftest import show_active

TODAY = clock.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@dataclass
class Desk:
    cases: CaseService
    amina: uuid.UUID
    yonas: uuid.UUID
    task_ids: dict[str, uuid.UUID]


@pytest.fixture
def desk(db: Database) -> Desk:
    """Agnes's follow-ups on two job seekers and an employer, and one of Bo's."""
    with db.unit_of_work() as session:
        agnes = make_user(session, "agnes", "Agnes Andersson")
        bo = make_user(session, "bo", "Bo Berglund")
        amina = make_person(session, "Amina", "Abdullahi")
        yonas = make_person(session, "Yonas", "Tesfamariam", birth=dt.date(1988, 3, 9))
        amina_case = open_case(session, amina, agnes).id
        yonas_case = open_case(session, yonas, agnes).id
        employer = Employer(name="Tumba vårdboende AB", sort_key="tumba vardboende ab",
                            sector="privat")  # fmt: skip
        session.add(employer)
        session.flush()
        actor = Actor(agnes.id, agnes.username, agnes.full_name, "handlaggare")
        ids = (amina.id, yonas.id, employer.id, bo.id)
    amina_id, yonas_id, employer_id, bo_id = ids
    cases = CaseService(db, actor)
    plan: list[tuple[str, str, dict[str, uuid.UUID]]] = [
        ("Följ upp första praktikveckan", day(-3), {"case_id": amina_case}),
        ("Ring om SFI-schemat", day(0), {"case_id": yonas_case}),
        ("Skicka kandidatförslag", day(0), {"employer_id": employer_id}),
        ("Boka trepartsmöte", day(5), {"case_id": amina_case}),
        ("Utvärdera praktiken", day(20), {"case_id": amina_case}),
        ("Bos uppföljning", day(-1), {"case_id": amina_case, "assignee_id": bo_id}),
        ("Redan klar", day(-6), {"case_id": yonas_case}),
    ]
    task_ids = {
        title: cases.add_task(title=title, due_date=due, **about)  # type: ignore[arg-type]
        for title, due, about in plan
    }
    cases.set_done(task_ids["Redan klar"], True)
    return Desk(cases, amina_id, yonas_id, task_ids)


def view_of(qtbot: QtBot, desk: Desk) -> MyTasksView:
    view = MyTasksView(desk.cases)
    qtbot.addWidget(view)
    view.resize(900, 420)
    show_active(qtbot, view)
    return view


def rows(view: MyTasksView) -> list[list[str]]:
    model = view.model
    return [
        [model.index(row, column).data() or "" for column in range(1, model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_my_overdue_and_todays_follow_ups_are_listed(
    qtbot: QtBot, desk: Desk, qtmodeltester: ModelTester
) -> None:
    view = view_of(qtbot, desk)
    qtmodeltester.check(view.model)
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Klar", "Förfaller", "Gäller", "Uppföljning"]
    assert rows(view) == [
        [f"{day(-3)} (försenad)", "Amina Abdullahi", "Följ upp första praktikveckan"],
        [day(0), "Yonas Tesfamariam", "Ring om SFI-schemat"],
        [day(0), "Tumba vårdboende AB", "Skicka kandidatförslag"],
    ]
    late = view.model.index(0, 1)
    assert late.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert late.data(Qt.ItemDataRole.FontRole).bold()
    assert view.model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert view.summary_text() == "1 försenad · 2 i dag"
    assert not view.empty.isVisible()

    view.upcoming.setChecked(True)
    assert [r[2] for r in rows(view)][-1] == "Boka trepartsmöte"
    assert "Utvärdera praktiken" not in [r[2] for r in rows(view)]
    assert view.summary_text() == "1 försenad · 2 i dag · 1 kommande"
    for widget in (view, view.table, view.upcoming, view.refresh_button, view.summary):
        assert widget.objectName()
        assert widget.accessibleName()
    view.upcoming.setChecked(False)
    assert view.grab().save("/tmp/my_tasks.png")


def test_a_ticked_follow_up_stays_until_the_list_is_refreshed(
    qtbot: QtBot, db: Database, desk: Desk
) -> None:
    view = view_of(qtbot, desk)
    view.focus_list()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    first = view.model.index(0, 0)
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == "Klar"
    # Done is not overdue any more, and the row stays so that it can be undone.
    assert view.model.index(0, 1).data() == day(-3)
    assert view.model.index(0, 3).data(Qt.ItemDataRole.FontRole).strikeOut()
    with db.read() as session:
        task = session.get_one(Task, desk.task_ids["Följ upp första praktikveckan"])
        assert task.done_at is not None
    qtbot.keyClick(view.table, Qt.Key.Key_F5)
    assert [r[2] for r in rows(view)] == ["Ring om SFI-schemat", "Skicka kandidatförslag"]

    # Ticking with the mouse, and unticking again.
    rect = view.table.visualRect(view.model.index(0, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    view.refresh()
    assert len(rows(view)) == 2
    with db.read() as session:
        open_titles = session.scalars(select(Task.title).where(Task.done_at.is_(None))).all()
    assert "Ring om SFI-schemat" in open_titles


def test_enter_and_double_click_open_the_person(qtbot: QtBot, desk: Desk) -> None:
    view = view_of(qtbot, desk)
    view.focus_list()
    with qtbot.waitSignal(view.open_person) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [str(desk.amina)]
    rect = view.table.visualRect(view.model.index(1, 2))
    with qtbot.waitSignal(view.open_person) as opened:
        # QTest's double-click lacks the press before it that a real one has.
        qtbot.mousePress(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [str(desk.yonas)]
    # An employer's follow-up has no person to open.
    with qtbot.assertNotEmitted(view.open_person):
        view.table.setCurrentIndex(view.model.index(2, 2))
        qtbot.keyClick(view.table, Qt.Key.Key_Return)


def test_nothing_due_says_so(qtbot: QtBot, db: Database) -> None:
    with db.unit_of_work() as session:
        user = make_user(session, "ny", "Nora Ny")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    view = MyTasksView(CaseService(db, actor))
    qtbot.addWidget(view)
    show_active(qtbot, view)
    assert view.empty.isVisible()
    assert view.empty.text() == "Inga uppföljningar förfaller i dag, och inga är försenade."
    assert not view.table.isVisible()
    assert view.summary_text() == "0 i dag"
