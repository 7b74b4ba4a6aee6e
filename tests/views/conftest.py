from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.accounts import Actor
from desktop.services.registry import Services
from desktop.store.database import Database
from desktop.views import accessible
from desktop.views.main_window import MainWindow
from desktop.views.person_needs_view import PersonNeedsView
from desktop.views.settings import Settings
from tests.factories import make_person, make_user, open_case, personal_number

FIRST = ["Ahmed", "Amina", "Olena", "Yonas", "Zahra", "Karin", "Mohammed", "Leyla", "Erik", "Hawa"]
LAST = ["Öztürk", "Abdullahi", "Kovalenko", "Tesfamariam", "Haidari", "Åberg", "Al-Hassan",
        "Ozturk", "Ängström", "Mohamud", "Rahimi", "Bondarenko"]  # fmt: skip


@pytest.fixture(autouse=True)
def _described_controls(qapp: QApplication) -> None:
    """Controls get their accessible descriptions as in the app (desktop/app.py) once a
    screen reader reads it; here always, to check what one would hear."""
    accessible.install(qapp, always=True)


@pytest.fixture
def many_persons(db: Database) -> Database:
    """250 made-up persons: more than two pages of the list."""
    with db.unit_of_work() as session:
        agent = make_user(session, "agent1", "Agnes Agent")
        for index in range(250):
            birth = dt.date(1960 + index % 45, 1 + index % 12, 1 + index % 28)
            person = make_person(
                session,
                FIRST[index % len(FIRST)],
                LAST[index % len(LAST)],
                birth=birth,
                number=personal_number(birth, index % 1000),
            )
            if index % 4 == 0:
                open_case(session, person, agent)
    return db


@pytest.fixture
def services(many_persons: Database) -> Services:
    return services_for(many_persons)


def services_for(db: Database, role: str = "administrator") -> Services:
    """The services of a made-up user with `role`, created in `db`."""
    with db.unit_of_work() as session:
        user = make_user(session, f"test{role}", f"Test {role.title()}")
        user.role = role
        actor = Actor(user.id, user.username, user.full_name, role)
    return Services.for_user(db, actor)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


def show_active(qtbot: QtBot, window: QWidget) -> None:
    """Show a window and make it the active one, so that its shortcuts work.

    `activateWindow()` does nothing on the offscreen platform; the window handle's
    requestActivate() does.
    """
    window.show()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def wait_for_runs(main: MainWindow) -> None:
    """Before the main window (and the database under it) goes: the ranking and report
    runs its screens and windows started have ended."""
    for opened in main.workspace.windows():
        if isinstance(opened.content, PersonNeedsView):
            opened.content.wait()
    if main._matching_page.built:
        main.matching_view.wait()
    if main._reports_page.built:
        main.reports_view.wait()
    main.sync_status.wait()
