"""Administration → Gallring: the rules with their reasons, a refused 0, the preview
listing what would go without names, and a confirmed run off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot

from desktop.models import Person
from desktop.services.accounts import Actor
from desktop.services.retention import RetentionService
from desktop.services.settings import SettingsService
from desktop.store.database import Database
from desktop.views.retention_view import RetentionView
from tests.services.test_retention import KEEP_NAME, MARKER_NAME, World, _build, _ids
from tests.views.conftest import show_active


def _view(qtbot: QtBot, db: Database, actor: Actor) -> RetentionView:
    view = RetentionView(RetentionService(db, actor), SettingsService(db, actor))
    qtbot.addWidget(view)
    view.resize(900, 760)
    show_active(qtbot, view)
    return view


def _type(qtbot: QtBot, box: QSpinBox, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(box, text)


def test_a_rule_of_zero_months_is_explained_beside_the_field(qtbot: QtBot, db: Database) -> None:
    world = _build(db)
    view = _view(qtbot, db, world.admin)
    box = view.fields["retention_closed_case_months"]
    assert box.value() == 24
    assert (
        "två år" in view.findChild(type(view.summary), "retention_closed_case_monthsReason").text()
    )
    _type(qtbot, box, "0")
    error = view.errors["retention_closed_case_months"]
    assert error.isVisible()
    assert error.text() == "Värdet ska vara mellan 1 och 120."
    assert not view.save_button.isEnabled()
    assert SettingsService(db).get().retention_closed_case_months == 24
    _type(qtbot, box, "36")
    assert not error.isVisible()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert SettingsService(db).get().retention_closed_case_months == 36
    for widget in (view, view.preview_button, view.run_button, view.table, *view.fields.values()):
        assert widget.objectName()
        assert widget.accessibleName()


def _preview(qtbot: QtBot, view: RetentionView) -> None:
    with qtbot.waitSignal(view.runner.finished, timeout=30_000):
        qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)


def test_preview_then_a_confirmed_run(qtbot: QtBot, db: Database) -> None:
    world: World = _build(db)
    view = _view(qtbot, db, world.admin)
    assert not view.run_button.isEnabled()
    _preview(qtbot, view)
    # The rule's cutoff moves with the day the test runs on.
    before = RetentionService(db, world.admin).cutoffs().cases.isoformat()
    assert f"• Avslutade ärenden, avslutade före {before}: 2" in view.summary.text()
    assert "• Personer som inte har något ärende kvar, med allt om dem: 2" in view.summary.text()
    listed = [
        view.table.item(row, column).text()
        for row in range(view.table.rowCount())
        for column in range(3)
    ]
    assert "Personer utan ärende kvar" in listed
    assert any("öppnat" in text for text in listed)
    # The list names no one: birth year, municipality and dates only.
    assert not any(MARKER_NAME in text or KEEP_NAME in text for text in listed)
    assert view.run_button.isEnabled()
    QApplication.processEvents()
    view.grab().save("/tmp/retention_preview.png")

    box = view.confirm_run()
    assert isinstance(box, QMessageBox)
    assert f"• Avslutade ärenden, avslutade före {before}: 2" in box.informativeText()
    assert "journalanteckningar" in box.informativeText()
    box.grab().save("/tmp/retention_confirm.png")
    confirm = box.findChild(type(view.run_button), "confirmButton")
    with qtbot.waitSignal(view.ran, timeout=60_000) as ran:
        qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    result = ran.args[0]
    assert result.counts["persons"] == 2
    assert "Gallringen är klar." in view.summary.text()
    assert world.gone_person not in _ids(db, Person)
    assert not view.run_button.isEnabled()
    QApplication.processEvents()
    view.grab().save("/tmp/retention_done.png")


def test_cancelling_the_confirmation_erases_nothing(qtbot: QtBot, db: Database) -> None:
    world = _build(db)
    view = _view(qtbot, db, world.admin)
    _preview(qtbot, view)
    box = view.confirm_run()
    assert box is not None
    cancel = box.findChild(type(view.run_button), "cancelButton")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not view.runner.running
    assert world.gone_person in _ids(db, Person)


def test_a_handlaggare_is_told_why(qtbot: QtBot, db: Database) -> None:
    world = _build(db)
    clerk = Actor(world.admin.user_id, "bo", "Bo", "handlaggare")
    view = _view(qtbot, db, clerk)
    with qtbot.waitSignal(view.runner.failed):
        qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)
    assert view.summary.text() == "Det här kräver behörighet som administratör."
    assert not view.run_button.isEnabled()
