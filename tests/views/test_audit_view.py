"""The administrator's audit log screen, driven through its widgets."""

from __future__ import annotations

import csv
import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.services import audit, audit_log
from desktop.services.accounts import Actor
from desktop.services.audit_log import AuditQuery, ExportCancelledError
from desktop.services.registry import Services
from desktop.store.database import Database
from desktop.views.audit_model import COLUMNS, AuditLogModel
from desktop.views.audit_view import AuditLogView
from tests.factories import make_person, make_user
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus


@dataclass(frozen=True)
class Trail:
    services: Services
    agent: uuid.UUID
    other: uuid.UUID
    amina: uuid.UUID
    yonas: uuid.UUID


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


@pytest.fixture
def trail(db: Database, monkeypatch: pytest.MonkeyPatch) -> Trail:
    """Ten events at known times by two users about two persons; the people exist
    before the trail is installed, so the log holds only these."""
    with db.unit_of_work() as session:
        admin = make_user(session, "admin", "Ada Administratör")
        admin.role = "administrator"
        agent = make_user(session, "agent", "Agnes Agent").id
        other = make_user(session, "other", "Omar Handläggare").id
        amina = make_person(session, "Amina", "Abdullahi").id
        yonas = make_person(session, "Yonas", "Tesfamariam").id
        actor = Actor(admin.id, admin.username, admin.full_name, "administrator")
    audit.install(db)
    plan = [
        (utc(2025, 1, 1, 10, 0), agent, "read", amina),
        (utc(2025, 1, 1, 23, 30), agent, "update", amina),  # 2 January in Sweden
        (utc(2025, 1, 2, 8, 0), other, "read", yonas),
        (utc(2025, 1, 2, 9, 0), other, "print", yonas),
        (utc(2025, 1, 3, 8, 0), agent, "read", yonas),
        (utc(2025, 2, 1, 8, 0), agent, "read", amina),
        (utc(2025, 2, 1, 9, 0), other, "read", amina),
        (utc(2025, 2, 2, 9, 0), other, "delete", amina),
        (utc(2025, 3, 1, 9, 0), agent, "login", None),
        (utc(2025, 3, 2, 9, 0), other, "export", None),
    ]
    for moment, user, action, person in plan:
        monkeypatch.setattr(audit, "utcnow", lambda moment=moment: moment)
        with db.unit_of_work(actor=user, screen="test") as session:
            audit.record(session, action, "Person", person, person_id=person)
    monkeypatch.undo()
    return Trail(Services.for_user(db, actor), agent, other, amina, yonas)


@pytest.fixture
def view(qtbot: QtBot, trail: Trail) -> AuditLogView:
    widget = AuditLogView(trail.services)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    show_active(qtbot, widget)
    return widget


def column(view: AuditLogView, name: str) -> list[str]:
    number = next(i for i, (header, _) in enumerate(COLUMNS) if header == name)
    model = view.model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def seqs(view: AuditLogView) -> list[int]:
    return [int(value) for value in column(view, "Nr")]


def choose(qtbot: QtBot, combo: QComboBox, data: Any) -> None:
    """Pick an entry with the keyboard, as a user would: Home, then down to it."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{data!r} is not offered")


def type_date(qtbot: QtBot, view: AuditLogView, edit: Any, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_the_model_passes_the_model_tester_and_fetches_lazily(
    qtmodeltester: ModelTester, trail: Trail
) -> None:
    model = AuditLogModel(trail.services.audit_log, page_size=3)
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())  # nothing before the first refresh
    model.refresh()
    assert model.rowCount() == 3
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 6
    qtmodeltester.check(model)  # which fetches the rest
    assert model.rowCount() == 10
    assert not model.canFetchMore(QModelIndex())
    model.set_query(AuditQuery(person_id=trail.yonas))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert not model.canFetchMore(QModelIndex())


def test_the_log_shows_the_newest_event_first_with_names_in_swedish(view: AuditLogView) -> None:
    assert seqs(view) == list(range(10, 0, -1))
    assert column(view, "Tid")[-1] == "2025-01-01 11:00:00"  # 10:00 UTC, Swedish winter
    assert column(view, "Användare")[-1] == "Agnes Agent"
    assert column(view, "Händelse")[-4:] == ["utskrivet", "läst", "ändrat", "läst"]
    assert column(view, "Deltagare")[-1] == "Abdullahi, Amina"
    assert column(view, "Typ")[0] == "Deltagare"
    view.grab().save("/tmp/audit_view.png")


def test_filter_by_user_action_and_period(qtbot: QtBot, view: AuditLogView, trail: Trail) -> None:
    choose(qtbot, view.user_filter, str(trail.other))
    assert seqs(view) == [10, 8, 7, 4, 3]
    choose(qtbot, view.action_filter, "read")
    assert seqs(view) == [7, 3]
    type_date(qtbot, view, view.date_from, "2025-01-02")
    type_date(qtbot, view, view.date_to, "2025-01-31")
    assert seqs(view) == [3]
    choose(qtbot, view.user_filter, None)
    # 23:30 UTC on 1 January is 2 January in Sweden.
    choose(qtbot, view.action_filter, None)
    assert seqs(view) == [5, 4, 3, 2]
    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert seqs(view) == list(range(10, 0, -1))
    assert view.date_from.text() == ""


# The offscreen platform cannot raise a combo box's popup or let it grab the keyboard;
# the popup works all the same.
popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@popup_warnings
def test_filter_by_a_person_found_by_name(qtbot: QtBot, view: AuditLogView, trail: Trail) -> None:
    view.person_search.setFocus()
    qtbot.keyClicks(view.person_search, "tesfa")
    qtbot.waitUntil(lambda: view.person_results.count() == 2)
    assert view.person_results.itemText(1) == "Tesfamariam, Yonas (1990-05-17)"
    assert seqs(view) == list(range(10, 0, -1))  # nothing chosen yet
    qtbot.keyClick(view.person_search, Qt.Key.Key_Return)
    popup = view.person_results.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert view.person_results.currentData() == str(trail.yonas)
    assert seqs(view) == [5, 4, 3]
    assert set(column(view, "Deltagare")) == {"Tesfamariam, Yonas"}

    # Another search drops the choice it no longer offers.
    view.person_search.clear()
    qtbot.keyClicks(view.person_search, "Abdullahi")
    qtbot.waitUntil(lambda: view.person_results.itemText(1).startswith("Abdullahi"))
    assert seqs(view) == list(range(10, 0, -1))
    choose(qtbot, view.person_results, str(trail.amina))
    assert seqs(view) == [8, 7, 6, 2, 1]


def test_a_search_without_matches_says_so(qtbot: QtBot, view: AuditLogView) -> None:
    qtbot.keyClicks(view.person_search, "Ingen Sådan")
    qtbot.waitUntil(lambda: view.person_results.itemText(0) == "Ingen deltagare hittades")
    assert view.person_results.count() == 1


def test_a_bad_date_is_explained_and_kept(qtbot: QtBot, view: AuditLogView) -> None:
    type_date(qtbot, view, view.date_from, "2 jan 2025")
    assert view.date_error.isVisible()
    assert "ÅÅÅÅ-MM-DD" in view.date_error.text()
    assert "Från-datumet" in view.date_error.text()
    assert view.date_from.text() == "2 jan 2025"
    assert seqs(view) == list(range(10, 0, -1))  # the list is left as it was

    type_date(qtbot, view, view.date_from, "2025-02-01")
    assert not view.date_error.isVisible()
    assert seqs(view) == [10, 9, 8, 7, 6]

    type_date(qtbot, view, view.date_to, "2025-01-31")
    assert view.date_error.text() == "Från-datumet kan inte vara efter till-datumet."
    assert seqs(view) == [10, 9, 8, 7, 6]
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert view.export_dialog is None  # nothing to export while the period is wrong


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def test_export_to_csv_through_the_file_dialog(
    qtbot: QtBot, view: AuditLogView, trail: Trail, tmp_path: Path
) -> None:
    choose(qtbot, view.user_filter, str(trail.agent))
    shown = list(
        zip(column(view, "Nr"), column(view, "Tid"), column(view, "Händelse"), strict=True)
    )
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    dialog = view.export_dialog
    assert isinstance(dialog, QFileDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    path = tmp_path / "agnes.csv"
    with qtbot.waitSignal(view.export_finished) as finished:
        dialog.selectFile(str(path))
        dialog.accept()
    assert finished.args == [True]
    assert view.export_status.text() == "5 händelser exporterade till agnes.csv."
    assert view.export_button.isEnabled()
    assert view.cancel_button.isHidden()

    rows = read_csv(path)
    assert rows[0] == list(audit_log.COLUMNS)
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == shown
    assert {r[2] for r in rows[1:]} == {"Agnes Agent"}
    # The export is logged, by the administrator, and the list now shows it.
    choose(qtbot, view.user_filter, str(trail.services.actor.user_id))
    assert column(view, "Händelse") == ["exporterat"]
    assert column(view, "Skärm") == ["logg"]


def test_export_to_xlsx_matches_the_list(
    qtbot: QtBot, view: AuditLogView, trail: Trail, tmp_path: Path
) -> None:
    choose(qtbot, view.action_filter, "read")
    shown = list(zip(column(view, "Nr"), column(view, "Deltagare"), strict=True))
    path = tmp_path / "läsningar.xlsx"
    with qtbot.waitSignal(view.export_finished):
        assert view.export_to(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        values = list(workbook["Logg"].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()
    assert [(str(row[0]), row[7]) for row in values] == shown
    assert {row[4] for row in values} == {"läst"}
    assert values[-1][1] == dt.datetime(2025, 1, 1, 11, 0)
    assert view.export_status.text() == "5 händelser exporterade till läsningar.xlsx."


def test_a_failed_export_is_reported_beside_the_button(
    qtbot: QtBot, view: AuditLogView, tmp_path: Path
) -> None:
    with qtbot.waitSignal(view.export_finished) as finished:
        view.export_to(tmp_path / "finns-inte" / "logg.csv")
    assert finished.args == [False]
    assert "kunde inte skrivas" in view.export_status.text()
    assert view.export_button.isEnabled()
    with qtbot.waitSignal(view.export_finished) as finished:
        view.export_to(tmp_path / "logg.pdf")
    assert view.export_status.text() == "Välj en fil som slutar på .csv eller .xlsx."


def test_an_export_can_be_cancelled(
    qtbot: QtBot,
    view: AuditLogView,
    trail: Trail,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = threading.Event()

    def long_export(
        _query: AuditQuery,
        _path: Path,
        *,
        screen: str,
        progress: Callable[[int], bool],
    ) -> int:
        count = 0
        started.set()
        while progress(count):
            count += 1_000
            threading.Event().wait(0.005)
        raise ExportCancelledError

    monkeypatch.setattr(trail.services.audit_log, "export", long_export)
    assert view.export_to(tmp_path / "logg.csv")
    assert not view.export_to(tmp_path / "en-till.csv")  # one export at a time
    assert not view.export_button.isEnabled()
    qtbot.waitUntil(lambda: "hittills" in view.export_status.text())
    assert started.is_set()
    with qtbot.waitSignal(view.export_finished) as finished:
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == [False]
    assert view.export_status.text() == "Exporten avbröts."
    assert view.cancel_button.isHidden()


@popup_warnings
def test_the_whole_flow_works_from_the_keyboard(
    qtbot: QtBot, view: AuditLogView, trail: Trail, tmp_path: Path
) -> None:
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    wait_for_focus(qtbot, view.person_search)
    qtbot.keyClicks(view.person_search, "Yonas")
    qtbot.keyClick(view.person_search, Qt.Key.Key_Return)
    popup = view.person_results.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert seqs(view) == [5, 4, 3]
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    wait_for_focus(qtbot, view.date_from)
    qtbot.keyClicks(view.date_from, "2025-01-03")
    qtbot.keyClick(view.date_from, Qt.Key.Key_Return)
    assert seqs(view) == [5]
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    # A mnemonic "clicks" the button with a short animation, after the key press.
    qtbot.waitUntil(lambda: view.export_dialog is not None)
    dialog = view.export_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.parametrize("role", ["handlaggare", "samordnare"])
def test_others_than_administrators_are_refused(qtbot: QtBot, trail: Trail, role: str) -> None:
    actor = Actor(trail.agent, "agent", "Agnes Agent", role)
    services = Services.for_user(trail.services.db, actor)
    widget = AuditLogView(services)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    assert widget.model.rowCount() == 0
    assert "administratör" in widget.export_status.text()
    assert not widget.export_button.isEnabled()
    assert not widget.user_filter.isEnabled()


def test_every_control_has_a_name(view: AuditLogView) -> None:
    for widget in view.findChildren(QWidget):
        if widget.objectName().startswith("audit"):
            assert widget.accessibleName(), widget.objectName()
    for name in (
        "auditUserFilter",
        "auditPersonSearch",
        "auditPersonResults",
        "auditActionFilter",
        "auditDateFrom",
        "auditDateTo",
        "auditTable",
        "auditExport",
        "auditExportStatus",
    ):
        assert view.findChild(QWidget, name) is not None, name
