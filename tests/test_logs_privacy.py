"""Personal data stays out of logs and crash reports.

Marker names, a personnummer, an address and a journal note are written to the database
(tests/markers.py); then the app runs with them on screen, a login fails, unhandled errors
and a hard crash are reported, and every file in the log directory is searched for them.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop import logs
from desktop.models import Person
from desktop.services import accounts
from desktop.services.accounts import AccountService
from desktop.store.database import Database
from desktop.store.location import log_dir
from desktop.views.errors import ErrorReporter
from desktop.views.login import LoginDialog
from desktop.views.settings import Settings
from desktop.views.startup import Startup
from tests import credentials, markers
from tests.factories import make_person

ROOT = Path(__file__).resolve().parents[1]
# ASCII: QTest cannot type every Latin-1 letter.
ADMIN_PASSWORD = "administratorens losen"


def _database(path: Path, username: str, password: str) -> Path:
    """A database set up as the app does, holding the marker person and a colleague."""
    opened = accounts.set_up(
        path, municipality_code="0127", full_name="Ada Admin", username=username, password=password
    )
    AccountService(opened.db, opened.actor).add_user(
        username="bo",
        full_name=f"{markers.PREFIX}kollega Bo",
        role="handlaggare",
        municipality_code="0127",
        password="bos tillfalliga losen",
    )
    with opened.db.unit_of_work(actor=opened.actor.user_id, screen="test") as session:
        markers.write_markers(session)
    opened.db.close()
    return path


def _leaks(directory: Path) -> dict[str, list[str]]:
    found = {
        str(path.relative_to(directory)): markers.found_in(path.read_bytes())
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }
    return {name: hits for name, hits in found.items() if hits}


def _log_text() -> str:
    return (log_dir() / logs.LOG_FILE).read_text(encoding="utf-8")


@pytest.fixture
def app_log() -> Iterator[Path]:
    """The app's own log file in the (per-test) platform log directory, as at start-up."""
    root = logging.getLogger()
    level = root.level
    path = logs.configure()
    try:
        yield path
    finally:
        for handler in [h for h in root.handlers if getattr(h, "matchning", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


def test_the_search_of_the_log_directory_finds_a_marker(app_log: Path) -> None:
    """The control: a marker that did reach the log would be found."""
    logging.getLogger("desktop").warning("person %s", markers.LAST)
    assert _leaks(log_dir()) == {logs.LOG_FILE: [f"{markers.PREFIX} (utf-8)"]}


def _raise_duplicate_number(db: Database) -> None:
    """A save that breaks a constraint, raised out of a slot as a bug would be."""
    with db.unit_of_work(screen="test") as session:
        make_person(session, markers.FIRST, "Dubblett", number=markers.NUMBER)


def _raise_check_failure(db: Database) -> None:
    with db.unit_of_work(screen="test") as session:
        person = session.scalars(select(Person)).one()
        person.identity_kind = "saknas"  # with a number: the CHECK constraint refuses it


def _report_from_slot(qtbot: QtBot, reporter: ErrorReporter, slot: object) -> str:
    """Run `slot` from the event loop; the details of the error dialog it leads to."""
    before = reporter.errors
    QTimer.singleShot(0, slot)  # type: ignore[call-overload]
    qtbot.waitUntil(lambda: reporter.errors == before + 1)
    boxes = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
    ]
    assert len(boxes) == 1
    box = boxes[0]
    details = box.detailedText()
    box.button(QMessageBox.StandardButton.Ok).click()
    return details


@pytest.mark.qt_no_exception_capture
def test_start_up_failed_login_and_unhandled_errors_log_no_personal_data(
    qtbot: QtBot, tmp_path: Path, app_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _database(tmp_path / "m.sqlite", "ada", ADMIN_PASSWORD)
    settings = Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    startup = Startup(path, settings=settings)
    reporter = ErrorReporter(lambda: startup.window)
    monkeypatch.setattr(sys, "excepthook", reporter)
    try:
        assert startup.start()
        login = startup.dialog
        assert isinstance(login, LoginDialog)
        # A user types a job seeker's name where the user name goes, then a wrong password.
        for username, password in ((markers.FIRST, ADMIN_PASSWORD), ("bo", ADMIN_PASSWORD)):
            login.username.setText(username)
            qtbot.keyClicks(login.password, password)
            qtbot.keyClick(login.password, Qt.Key.Key_Return)
            assert login.error.isVisible()
        opened: list[accounts.Opened] = []
        login.logged_in.connect(opened.append)
        login.username.setText("ada")
        qtbot.keyClicks(login.password, ADMIN_PASSWORD)
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        window = startup.window
        assert window is not None
        db = opened[0].db
        qtbot.waitExposed(window)
        window.navigation.setCurrentRow(1)  # Deltagare (the app starts on Översikt)
        model = window.persons_view.model
        shown = [model.index(row, 0).data() for row in range(model.rowCount())]
        assert markers.LAST in " ".join(map(str, shown))  # the markers are on screen
        window.persons_view.search.setText(markers.FIRST)
        window.persons_view.apply_search()
        assert model.rowCount() == 1

        details = [
            _report_from_slot(qtbot, reporter, lambda: _raise_duplicate_number(db)),
            _report_from_slot(qtbot, reporter, lambda: _raise_check_failure(db)),
        ]
    finally:
        if startup.window is not None:
            startup.window.close()
        startup.close()

    # The reports were made, and they name what failed, but nothing about the person.
    assert "UNIQUE constraint failed: persons.personal_number" in details[0]
    assert "CHECK constraint failed" in details[1]
    assert [markers.found_in_text(text) for text in details] == [[], []]
    text = _log_text()
    assert text.count("unhandled exception") == 2
    assert "IntegrityError" in text
    assert _leaks(log_dir()) == {}


def _run(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """The app's code in a process of its own, as the test user, with this test's dirs."""
    return subprocess.run(
        arguments,
        cwd=ROOT,
        env=credentials.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


CRASHING_CHILD = """
import faulthandler, sys
from pathlib import Path
from desktop import logs
from desktop.services import accounts
from desktop.services.persons import PersonQuery, PersonService

logs.configure()
logs.enable_crash_log()
opened = accounts.log_in(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
rows = PersonService(opened.db).page(PersonQuery(text=sys.argv[4]))
assert rows, "the marker person must be loaded when the crash comes"
faulthandler._sigsegv()
"""


def test_a_crash_report_holds_no_personal_data(tmp_path: Path) -> None:
    path = _database(tmp_path / "m.sqlite", credentials.USER, credentials.PASSWORD)
    arguments = [str(path), credentials.USER, credentials.PASSWORD, markers.LAST]
    done = _run([sys.executable, "-c", CRASHING_CHILD, *arguments])
    assert done.returncode != 0, done.stdout
    report = logs.take_previous_crash()  # what the next start offers to show and send
    assert report is not None
    assert "Segmentation fault" in report
    assert markers.found_in_text(report) == []
    assert (log_dir() / "crash.previous.log").exists()
    assert _leaks(log_dir()) == {}


def test_the_app_run_logs_no_personal_data(tmp_path: Path) -> None:
    path = _database(tmp_path / "m.sqlite", credentials.USER, credentials.PASSWORD)
    done = _run([sys.executable, "-m", "desktop", "--smoke", "--db", str(path)])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "1 rows" in done.stdout  # the marker person was loaded into the list
    assert markers.found_in_text(done.stdout + done.stderr) == []
    assert _log_text()  # the run did write its log here
    assert _leaks(log_dir()) == {}
    # Nor anywhere else the app keeps files of its own (settings, caches).
    home = Path.home()
    assert _leaks(home) == {}
