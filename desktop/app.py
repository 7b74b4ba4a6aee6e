"""Start-up: arguments, QApplication, open the store, main window.

Import cost matters here (start-up is measured against a bare Qt window), so the
headless commands never load Qt and the GUI never loads Alembic unless the schema
is behind.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.registry import Services
    from desktop.store.database import Database
    from desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    from desktop import cli

    return cli.main(argv)


def run_gui(args: argparse.Namespace) -> int:
    # The data layer before Qt: once PySide6 is loaded, its import hook inspects the
    # source of every module imported after it, which slows SQLAlchemy's import.
    from desktop import logs
    from desktop.cli import database_path
    from desktop.services.registry import Services
    from desktop.store.errors import StoreError
    from desktop.store.schema import open_database

    logs.configure()
    previous_crash = logs.take_previous_crash()
    logs.enable_crash_log()

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.assets import resource
    from desktop.views.errors import ErrorReporter, route_qt_messages

    route_qt_messages()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Matchning")
    app.setOrganizationName("Matchning")
    app.setApplicationDisplayName("Matchning")
    app.setWindowIcon(QIcon(str(resource("icons", "matchning.svg"))))
    reporter = ErrorReporter(app.activeWindow)
    reporter.install()

    def fail(message: str) -> int:
        print(f"matchning: {message}", file=sys.stderr)
        if not args.smoke:
            QMessageBox.critical(None, app.translate("app", "Matchning kan inte starta"), message)
        return 1

    path = database_path(args)
    try:
        db = open_database(path)
    except StoreError as error:
        log.error("database could not be opened: %s", type(error).__name__)
        return fail(str(error))

    try:
        if args.demo:
            _fill_new_demo_database(db)
        window = _main_window(Services.for_database(db), demo=args.demo)
        if args.smoke:
            window.navigation.setCurrentRow(1)  # Deltagare: the list the smoke test checks
        window.show()
        if previous_crash and not args.smoke:
            _offer_crash_report(window, previous_crash)
        if args.smoke:
            QTimer.singleShot(0, lambda: app.exit(_smoke_result(window, reporter.errors)))
        return app.exec()
    finally:
        db.close()


def _main_window(services: Services, *, demo: bool) -> MainWindow:
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    return MainWindow(services, Settings(), demo=demo)


def _fill_new_demo_database(db: Database) -> None:
    """The first start in demo mode creates something to look at."""
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from desktop.services.demo import SCALES, generate
    from desktop.services.persons import PersonQuery, PersonService

    if PersonService(db).count(PersonQuery()) > 0:
        return
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

    generate(db, SCALES["S"], seed=1, progress=progress)
    dialog.close()


def _offer_crash_report(window: MainWindow, report: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(window)
    box.setObjectName("crashReport")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(window.tr("Matchning avslutades oväntat"))
    box.setText(
        window.tr(
            "Programmet avslutades oväntat förra gången. Det du hade sparat finns kvar. "
            "Detaljerna nedan kan skickas till IT-supporten."
        )
    )
    box.setDetailedText(report)
    box.open()


def _smoke_result(window: MainWindow, errors: int) -> int:
    rows = window.persons_view.model.rowCount()
    if errors:
        print(f"smoke: {errors} unhandled error(s), see the log", file=sys.stderr)
        return 1
    if not window.isVisible():
        print("smoke: the main window is not visible", file=sys.stderr)
        return 1
    print(f"smoke ok: main window shown, {rows} rows on the first page of Deltagare")
    return 0
