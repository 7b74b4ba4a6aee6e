"""An honest stand-in for a screen a later version fills."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.views.style import COMING_LATER_STYLE, TITLE_STYLE


class ComingLaterView(QWidget):
    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        heading = QLabel(title)
        heading.setObjectName("screenTitle")
        heading.setStyleSheet(TITLE_STYLE)
        body = QLabel(
            purpose + "\n\n" + self.tr("Den här delen av programmet kommer i en senare version.")
        )
        body.setObjectName("comingLater")
        body.setStyleSheet(COMING_LATER_STYLE)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body, 1)
