"""Open record windows follow a sync: a colleague's change shows in a window with nothing
typed in it, typed text is never replaced, and a record erased elsewhere closes its
window with a line in the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop.models import Employer
from desktop.services.registry import Services
from desktop.services.retention import RetentionService
from desktop.views.main_window import MainWindow
from desktop.views.settings import Settings
from tests.sync import records
from tests.sync_world import HUDDINGE, Laptop, World

# Windows opened on the offscreen platform, which cannot raise them or pass size hints on.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _main_window(qtbot: QtBot, laptop: Laptop, directory: Path) -> MainWindow:
    settings = Settings(QSettings(str(directory / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Services.for_user(laptop.db, laptop.actor), settings)
    qtbot.addWidget(window)
    return window


def _sync(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.sync_status.finished, timeout=60_000):
        assert window.sync_status.sync_now()


def test_an_open_employer_window_shows_a_colleagues_change_but_keeps_what_is_typed(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    maja = world.laptop("maja", HUDDINGE)
    bakery = records.employer(anna, "Bageriet AB", HUDDINGE)
    garage = records.employer(anna, "Verkstaden AB", HUDDINGE)
    anna.sync.sync()
    maja.sync.sync()
    window = _main_window(qtbot, maja, tmp_path)
    shown = window.workspace.open_employer(bakery)
    typed_in = window.workspace.open_employer(garage)
    assert shown is not None
    assert typed_in is not None
    typed_in.content.details_tab.fields.website.setText("https://maja.example")  # type: ignore[attr-defined]

    records.edit(anna, Employer, bakery, name="Bageriet i Huddinge AB")
    records.edit(anna, Employer, garage, name="Verkstaden i Huddinge AB")
    anna.sync.sync()
    _sync(qtbot, window)

    assert "Bageriet i Huddinge AB" in shown.windowTitle()
    # Maja's typing is still there; her save meets the newer version as any save does.
    assert typed_in.content.details_tab.fields.website.text() == "https://maja.example"  # type: ignore[attr-defined]
    assert "Verkstaden AB" in typed_in.windowTitle()


def test_a_person_erased_on_another_laptop_closes_the_open_window(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    anna = world.laptop("anna", HUDDINGE)
    maja = world.laptop("maja", HUDDINGE)
    person, _case = records.person_with_case(anna, "Raderasson", HUDDINGE)
    anna.sync.sync()
    maja.sync.sync()
    window = _main_window(qtbot, maja, tmp_path)
    opened = window.workspace.open_person(person)
    assert opened is not None

    admin = anna.actor.__class__(
        anna.actor.user_id, anna.actor.username, anna.actor.full_name, "administrator"
    )
    RetentionService(anna.db, admin).erase_person(person, "begaran")
    anna.sync.sync()
    _sync(qtbot, window)

    qtbot.waitUntil(lambda: window.workspace.person_window(person) is None)
    assert "finns inte längre på den här datorn" in window.statusBar().currentMessage()
