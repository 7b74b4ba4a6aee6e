"""The app against a real server: a conflict found by a sync in the background is shown
in the status bar, chosen in the conflicts dialog, and the choice reaches the other
laptop; joining from Administration → Server."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from desktop.models import Employer
from desktop.services.registry import Services
from desktop.views.sync_server_view import ServerView
from desktop.views.sync_status import SyncStatusWidget
from tests.sync import records
from tests.sync_world import HUDDINGE, TYRESO, Laptop, World
from tests.views.conftest import show_active


def _status_bar(qtbot: QtBot, laptop: Laptop, window: QMainWindow) -> SyncStatusWidget:
    qtbot.addWidget(window)
    widget = SyncStatusWidget(Services.for_user(laptop.db, laptop.actor).sync)
    window.statusBar().addPermanentWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    return widget


def _sync(qtbot: QtBot, widget: SyncStatusWidget) -> None:
    with qtbot.waitSignal(widget.finished, timeout=60_000):
        assert widget.sync_now()


def test_a_conflict_is_shown_chosen_and_the_choice_reaches_the_other_laptop(
    qtbot: QtBot, world: World
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    tove = world.laptop("tove", TYRESO)
    bakery = records.employer(anna, "Bageriet AB", HUDDINGE)
    anna.sync.sync()
    tove.sync.sync()
    records.edit(anna, Employer, bakery, notes="Anna: ring efter lunch")
    records.edit(tove, Employer, bakery, notes="Tove: ring före nio")
    anna.sync.sync()

    window = QMainWindow()
    bar = _status_bar(qtbot, tove, window)
    assert "1 ändring väntar" in bar.text()
    _sync(qtbot, bar)
    assert bar.text().startswith("Synkroniserad")
    assert bar.text().endswith("1 konflikt")

    dialog = bar.show_conflicts()
    show_active(qtbot, dialog)
    row = [dialog.model.index(0, c).data() for c in range(4)]
    assert row[0] == "Arbetsgivare: Bageriet AB"
    assert row[2].startswith("Tove: ring före nio\nTove Testsson")
    assert row[3].startswith("Anna: ring efter lunch\nAnna Testsson")
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    qtbot.mouseClick(dialog.keep_mine, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0
    dialog.close()

    _sync(qtbot, bar)
    assert not bar.conflicts_button.isVisible()
    anna.sync.sync()
    assert anna.rows("employers")[bakery]["notes"] == "Tove: ring före nio"


def test_joining_from_the_server_tab_asks_for_a_new_start(qtbot: QtBot, world: World) -> None:
    anna = world.laptop("anna", HUDDINGE, connect=False)
    view = ServerView(Services.for_user(anna.db, anna.actor).sync)
    qtbot.addWidget(view)
    show_active(qtbot, view)
    view.address.setText(world.laptop_url)
    view.login.setText(anna.login)
    view.password.setText(anna.password)
    with qtbot.waitSignal(view.restart_needed, timeout=60_000):
        assert view.join()
    assert anna.sync.status().connected
    # The password is kept in the encrypted database only, not left in the form.
    assert view.password.text() == ""


def test_a_first_sync_says_how_far_it_has_come(qtbot: QtBot, world: World) -> None:
    anna = world.laptop("anna", HUDDINGE)
    for number in range(30):
        records.employer(anna, f"Företag {number} AB", HUDDINGE)
    anna.sync.sync()
    tove = world.laptop("tove", TYRESO)
    window = QMainWindow()
    bar = _status_bar(qtbot, tove, window)
    said: list[str] = []
    # Connected after the widget's own slot, so the label already says it.
    bar._runner.progress.connect(lambda *_: said.append(bar.state.text()))
    _sync(qtbot, bar)
    assert "Synkroniserar… hämtar 32 rader" in said, said
    assert "Synkroniserar… skickar 2 loggposter" in said, said
