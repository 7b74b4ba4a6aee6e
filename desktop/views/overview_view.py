"""Översikt, the first screen of the day: unfinished intakes to resume, and my follow-ups
that are due or overdue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.views.my_tasks_view import MyTasksView


class OverviewView(QWidget):
    """`drafts_requested()` asks for the list of unfinished intakes."""

    drafts_requested = Signal()

    def __init__(
        self,
        tasks: MyTasksView,
        draft_count: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overviewView")
        self.setAccessibleName(self.tr("Översikt"))
        self.tasks = tasks
        self._draft_count = draft_count

        self.drafts_banner = QFrame()
        self.drafts_banner.setObjectName("draftsBanner")
        self.drafts_banner.setStyleSheet(
            "QFrame#draftsBanner { background: #fff4d6; border: 1px solid #e8c36a;"
            " border-radius: 4px; }"
        )
        self.drafts_text = QLabel()
        self.drafts_text.setObjectName("draftsText")
        self.drafts_button = QPushButton(self.tr("&Fortsätt en inskrivning…"))
        self.drafts_button.setObjectName("showDraftsButton")
        self.drafts_button.setAccessibleName(self.tr("Visa påbörjade inskrivningar"))
        self.drafts_button.clicked.connect(self.drafts_requested)
        banner = QHBoxLayout(self.drafts_banner)
        banner.addWidget(self.drafts_text, 1)
        banner.addWidget(self.drafts_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.drafts_banner)
        layout.addWidget(tasks, 1)
        self.refresh_drafts()

    def refresh_drafts(self) -> None:
        count = self._draft_count()
        if count == 1:
            text = self.tr("Du har en påbörjad inskrivning som inte är sparad.")
        else:
            text = self.tr("Du har %1 påbörjade inskrivningar som inte är sparade.").replace(
                "%1", str(count)
            )
        self.drafts_text.setText(text)
        self.drafts_banner.setAccessibleName(text)
        self.drafts_banner.setVisible(count > 0)

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            self.refresh_drafts()
        super().showEvent(event)
