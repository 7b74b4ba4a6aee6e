"""Start-up: arguments, QApplication, unlock the store, main window.

Import cost matters here (start-up is measured against a bare Qt window), so the
headless commands never load Qt and the GUI never loads Alembic unless the schema
is behind.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import collector

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.services.accounts import Opened
    from desktop.store.keys import BackgroundUnlock
    from desktop.views.errors import ErrorReporter
    from desktop.views.main_window import MainWindow
    from desktop.views.startup import Startup

log = logging.getLogger(__name__)


def run_gui(args: argparse.Namespace, path: Path) -> int:
    """The window app on the database at `path` (the command line's `gui`, the default)."""
    with collector.paused_while_starting():
        return _run_gui(args, path)


def _run_gui(args: argparse.Namespace, path: Path) -> int:
    # What the login window needs besides Qt, before Qt: once PySide6 is loaded, its
    # import hook inspects every module imported after it. SQLAlchemy, the models and
    # the services come once the window is shown (desktop/views/startup.py, PRELOAD).
    from desktop import logs
    from desktop.services import account_rules
    from desktop.store import lock  # noqa: F401  (filelock)

    unlocking = None
    if args.smoke:  # no login window: the data layer at once, before Qt as well
        unlocking = _unlock_early(path, demo=args.demo)
        from desktop.services import accounts  # noqa: F401

    logs.configure()
    previous_crash = logs.take_previous_crash()
    logs.enable_crash_log()

    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.views import feature_scan

    feature_scan.skip()  # before the next import: Qt's own helpers below are read too
    from desktop.assets import resource
    from desktop.views import accessible, fonts, qt_swedish
    from desktop.views.errors import ErrorReporter, route_qt_messages

    route_qt_messages()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Matchning")
    app.setOrganizationName("Matchning")
    app.setApplicationDisplayName("Matchning")
    app.setWindowIcon(QIcon(str(resource("icons", "matchning.svg"))))
    qt_swedish.install(app)  # Avbryt, not Cancel, on Qt's own buttons
    accessible.install(app)  # every control's description (docs/ui.md, Tillgänglighet)
    fonts.register()  # Ethiopic and Arabic names on screen (desktop/views/fonts.py)
    reporter = ErrorReporter(app.activeWindow)
    reporter.install()

    if args.demo and account_rules.needs_setup(path):
        with collector.running():
            _create_demo_database(path)
    if args.smoke:
        return _smoke(app, path, demo=args.demo, reporter=reporter, unlocking=unlocking)
    if getattr(args, "until_first_page", False):
        return _until_first_page(app, path, demo=args.demo)

    from PySide6.QtWidgets import QMessageBox

    from desktop.store.errors import StoreError
    from desktop.views.startup import Startup

    until_login = getattr(args, "until_login", False)
    startup = Startup(path, demo=args.demo, previous_crash=previous_crash, preload=not until_login)
    try:
        started = startup.start()
    except StoreError as error:  # in use, or a second name: said before any login
        QMessageBox.critical(None, QApplication.translate("app", "Matchning"), str(error))
        print(f"matchning: {error}", file=sys.stderr)
        return 1
    if not started:
        return 0
    if until_login:  # shown, then quit once the event loop is idle, as benchmarks/bare_qt.py
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: app.exit(_until_login_result(startup)))
    code = app.exec()
    startup.close()
    return code


def _until_first_page(app: QApplication, path: Path, *, demo: bool) -> int:
    """`--until-first-page`: the login through its window, timed (for measurements)."""
    from desktop.services.account_rules import PASSWORD_ENV, USER_ENV
    from desktop.views.measured_login import MeasuredLogin

    username, password = _smoke_login(demo)
    if not username or not password:
        needed = f"{USER_ENV} och {PASSWORD_ENV}"
        print(f"matchning: --until-first-page behöver {needed}", file=sys.stderr)
        return 2
    measured = MeasuredLogin(app, path, username, password)
    try:
        if not measured.start():
            return 1
        code = app.exec()
        if code == 0:
            print(measured.report())
        else:
            print("matchning: inloggningen lyckades inte", file=sys.stderr)
        return code
    finally:
        measured.close()


def _until_login_result(startup: Startup) -> int:
    """`--until-login`: 0 when the login (or first-start) window is up, for measurements."""
    if startup.dialog is None or not startup.dialog.isVisible():
        print("until-login: no login window is shown", file=sys.stderr)
        return 1
    print(f"until-login: {startup.dialog.objectName()} shown")
    return 0


def _create_demo_database(path: Path) -> None:
    """The first start in demo mode creates something to look at."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from desktop.services.demo import SCALES
    from desktop.services.demo.database import create_demo_database

    dialog = QProgressDialog(
        QApplication.translate("app", "Skapar demodatabasen med påhittade uppgifter…"), "", 0, 100
    )
    dialog.setObjectName("demoProgress")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(0)
    dialog.setWindowTitle(QApplication.translate("app", "Matchning – DEMO"))

    def progress(step: str, fraction: float) -> None:
        dialog.setLabelText(step)
        dialog.setValue(int(fraction * 100))
        QApplication.processEvents()

    create_demo_database(path, SCALES["S"], seed=1, progress=progress)
    dialog.close()


def _smoke_login(demo: bool) -> tuple[str, str]:
    """MATCHNING_USER and MATCHNING_PASSWORD, or the demo administrator's; empty if none."""
    from desktop.services.account_rules import PASSWORD_ENV, USER_ENV
    from desktop.services.demo.database import DEMO_ADMIN, DEMO_PASSWORD

    username = os.environ.get(USER_ENV) or (DEMO_ADMIN if demo else "")
    password = os.environ.get(PASSWORD_ENV) or (DEMO_PASSWORD if demo else "")
    return username, password


def _unlock_early(path: Path, *, demo: bool) -> BackgroundUnlock | None:
    """With the password known at start, the key's derivation (Argon2id, a quarter of
    a second) runs beside the imports rather than after them (issue 18)."""
    from desktop.services.account_rules import needs_setup
    from desktop.store.keys import BackgroundUnlock

    username, password = _smoke_login(demo)
    if not username or not password or needs_setup(path) or not path.exists():
        return None
    return BackgroundUnlock(path, username, password)


def _smoke(
    app: QApplication,
    path: Path,
    *,
    demo: bool,
    reporter: ErrorReporter,
    unlocking: BackgroundUnlock | None,
) -> int:
    """Open the whole app without dialogs: the user from MATCHNING_USER/PASSWORD (or the
    demo administrator), a new database set up for them, the first page of the list."""
    from PySide6.QtCore import QTimer

    from desktop.services import accounts
    from desktop.services.account_rules import PASSWORD_ENV, USER_ENV
    from desktop.store.errors import StoreError

    username, password = _smoke_login(demo)
    if not username or not password:
        print(f"matchning: --smoke behöver {USER_ENV} och {PASSWORD_ENV}", file=sys.stderr)
        return 2
    try:
        if accounts.needs_setup(path):
            opened = accounts.set_up(
                path,
                municipality_code="0126",
                full_name=username,
                username=username,
                password=password,
            )
        else:
            opened = accounts.log_in(path, username, password, screen="smoke", unlocking=unlocking)
    except (StoreError, accounts.AccountError) as error:
        print(f"matchning: {error}", file=sys.stderr)
        return 1
    window = _main_window_on_the_list(opened, demo=demo)
    window.show()
    collector.started()
    QTimer.singleShot(0, lambda: app.exit(_smoke_result(window, reporter.errors)))
    try:
        return app.exec()
    finally:
        window.close()
        opened.db.close()


def _main_window_on_the_list(opened: Opened, *, demo: bool) -> MainWindow:
    """The main window opened on Deltagare, the list `--smoke` checks, whichever screen
    was left in front last time (no other screen is built)."""
    from desktop.services.registry import Services
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import PERSONS_SCREEN, Settings

    settings = Settings()
    settings.last_screen = PERSONS_SCREEN
    return MainWindow(Services.for_user(opened.db, opened.actor), settings, demo=demo)


def _smoke_result(window: MainWindow, errors: int) -> int:
    rows = window.persons_view.model.rowCount()  # the first page, read as it was shown
    if errors:
        print(f"smoke: {errors} unhandled error(s), see the log", file=sys.stderr)
        return 1
    if not window.isVisible():
        print("smoke: the main window is not visible", file=sys.stderr)
        return 1
    from PySide6.QtGui import QFontDatabase

    from desktop.views import fonts

    missing = {fonts.ETHIOPIC_FAMILY, fonts.ARABIC_FAMILY} - set(QFontDatabase.families())
    if missing:  # the bundle lost resources/fonts: names would show as boxes
        print(f"smoke: bundled fonts not registered: {sorted(missing)}", file=sys.stderr)
        return 1
    print(f"smoke ok: main window shown, {rows} rows on the first page of Deltagare")
    return 0
