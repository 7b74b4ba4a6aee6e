"""A tab page that builds its content the first time it is shown or asked for.

Most visits to a record look at one tab; building every tab's widgets and reading their
data up front was most of the time it took a screen to open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyPage(QWidget, Generic[W]):
    def __init__(self, build: Callable[[], W], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._content: W | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    def content(self) -> W:
        if self._content is None:
            self._content = self._build()
            self.setObjectName(f"{self._content.objectName()}Page")
            self.setAccessibleName(self._content.accessibleName())
            self._layout.addWidget(self._content)
            # A child added to a page that is being shown stays hidden unless told.
            self._content.show()
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)


def unwrap(page: QWidget | None) -> QWidget | None:
    """What a page shows: the content of a lazy page (built now if need be), else itself."""
    return page.content() if isinstance(page, LazyPage) else page


def show_page(tabs: QTabWidget, page: QWidget) -> None:
    """Make `page` the current tab, given the tab's page or the content built into it."""
    lazy = page.parentWidget()
    if tabs.indexOf(page) < 0 and isinstance(lazy, LazyPage):
        page = lazy
    tabs.setCurrentWidget(page)
