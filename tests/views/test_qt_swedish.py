"""Qt's standard buttons speak Swedish in the app (they said "Cancel" in Byt lösenord)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.views import qt_swedish


def test_standard_buttons_are_in_swedish(qtbot: QtBot, qapp: QApplication) -> None:
    assert qt_swedish.install(qapp)
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes
        )
        qtbot.addWidget(box)
        texts = {button.text().replace("&", "") for button in box.buttons()}
        assert texts == {"Avbryt", "Ja"}
    finally:
        for translator in qapp.findChildren(QTranslator):
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()
