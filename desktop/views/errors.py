"""Unhandled exceptions: logged, shown in a dialog whose details can be copied, and the
app stays alive. Qt's own warnings go to the log too."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("desktop")
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def route_qt_messages() -> None:
    def handler(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", text)

    qInstallMessageHandler(handler)


class ErrorReporter:
    """Installed as sys.excepthook. `errors` counts what was reported (for --smoke)."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self._parent = parent
        self.errors = 0

    def install(self) -> None:
        sys.excepthook = self

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
    ) -> None:
        self.errors += 1
        # The traceback holds code and exception types; messages from our own code
        # never carry personal data, and SQL errors are raised with parameters hidden.
        log.error("unhandled exception", exc_info=(kind, error, tb))
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        box = QMessageBox(self._parent())
        box.setObjectName("errorDialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QApplication.translate("ErrorReporter", "Ett fel uppstod"))
        box.setText(
            QApplication.translate(
                "ErrorReporter",
                "Något gick fel. Det du har sparat finns kvar och programmet fortsätter. "
                "Felet har skrivits till loggfilen; visa detaljerna om du behöver "
                "rapportera det.",
            )
        )
        box.setDetailedText(details)
        box.setModal(False)
        box.open()
