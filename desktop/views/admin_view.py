"""Administration: the administrator's tabs (users, the audit log, settings).

The main window builds the tabs and hands them in, so each tab is a screen of its own
that can be tested, and replaced, by itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.views.style import TITLE_STYLE


class AdminView(QWidget):
    def __init__(self, tabs: Sequence[tuple[str, QWidget]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminView")
        self.setAccessibleName(self.tr("Administration"))
        heading = QLabel(self.tr("Administration"))
        heading.setObjectName("screenTitle")
        heading.setStyleSheet(TITLE_STYLE)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("adminTabs")
        self.tabs.setAccessibleName(self.tr("Administrationens flikar"))
        for title, widget in tabs:
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        # The tab widget's own Ctrl+PgUp/PgDn only works when no child (a table, a
        # spin box) takes the key first; as shortcuts they work from anywhere inside.
        for key, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self._step(step))

    def _step(self, step: int) -> None:
        count = self.tabs.count()
        if count:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)

    def tab(self, title: str) -> QWidget | None:
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == title:
                return self.tabs.widget(index)
        return None

    def show_tab(self, title: str) -> None:
        widget = self.tab(title)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)
