"""Hjälp: the keyboard shortcuts of a window, listed from the actions it really has, and
the user guide, read offline from the copy bundled under resources/guide (the frozen app
has no repository to open README.md from).

Both are windows of their own (non-modal), so the user can keep them open beside the
screen they are learning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.assets import resource
from desktop.bidi import isolated
from desktop.services.accounts import ROLE_NAMES
from desktop.views.placement import fit_to_screen
from desktop.views.style import CURRENT_USER_STYLE

GUIDE = ("guide", "user-guide.md")


@dataclass(frozen=True)
class Shortcut:
    keys: str  # as the user presses them, in the platform's words ("Ctrl+K")
    what: str  # what they do ("Logga kontakt")


def _plain(text: str) -> str:
    """An action's text as read aloud: no mnemonic ampersand, no trailing ellipsis."""
    text = re.sub(r"&(.)", r"\1", text.replace("&&", "\0")).replace("\0", "&")
    return text.rstrip("…").rstrip(".").strip()


def shortcuts(window: QWidget) -> list[Shortcut]:
    """Every shortcut of `window`: each QAction's shortcuts (menus and buttons alike) and
    each QShortcut that says what it does (its whatsThis), sorted by what they do. Made
    from the window as it is, so the list cannot fall behind the menus."""
    found: dict[tuple[str, str], Shortcut] = {}
    for action in window.findChildren(QAction):
        what = _plain(action.text())
        if not what:
            continue
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                found[(keys, what)] = Shortcut(keys, what)
    for shortcut in window.findChildren(QShortcut):
        what = _plain(shortcut.whatsThis())
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        if what and keys:
            found[(keys, what)] = Shortcut(keys, what)
    return sorted(found.values(), key=lambda s: (s.what.casefold(), s.keys))


class ShortcutsDialog(QDialog):
    """Kortkommandon (F1): the shortcuts of the window it was opened from."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Kortkommandon"))
        self.setAccessibleName(self.windowTitle())
        self.setModal(False)
        self.rows = shortcuts(window)
        intro = QLabel(
            self.tr(
                "Tangenterna i det här fönstret. En understruken bokstav i en knapp eller "
                "rubrik nås med Alt och bokstaven; Tab går till nästa fält."
            )
        )
        intro.setObjectName("shortcutsIntro")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Kortkommandon"))
        self.table.setHorizontalHeaderLabels([self.tr("Funktion"), self.tr("Tangenter")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        for row, shortcut in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(shortcut.what))
            self.table.setItem(row, 1, QTableWidgetItem(shortcut.keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Stäng"))
        close.setObjectName("closeButton")
        close.setAccessibleName(self.tr("Stäng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(520, 520))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)


def user_guide_text() -> str:
    return resource(*GUIDE).read_text(encoding="utf-8")


class UserGuideWindow(QDialog):
    """Användarhandbok: the bundled user guide, Markdown shown as it reads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuideWindow")
        self.setWindowTitle(self.tr("Användarhandbok – Matchning"))
        self.setAccessibleName(self.windowTitle())
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.browser = QTextBrowser()
        self.browser.setObjectName("userGuide")
        self.browser.setAccessibleName(self.tr("Användarhandboken"))
        self.browser.setOpenExternalLinks(False)
        try:
            self.browser.setMarkdown(user_guide_text())
        except (FileNotFoundError, OSError):
            self.browser.setPlainText(
                self.tr("Användarhandboken saknas i installationen. Installera om programmet.")
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Stäng"))
        close.setObjectName("closeButton")
        close.setAccessibleName(self.tr("Stäng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(760, 640))
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)


class HelpActions:
    """Kortkommandon (F1) and Användarhandbok for a window's Hjälp menu; each opens its
    window once and brings it forward when asked again."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.guide_window: UserGuideWindow | None = None
        self.shortcuts = QAction(window.tr("&Kortkommandon"), window)
        self.shortcuts.setObjectName("shortcutsAction")
        self.shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1
        self.shortcuts.triggered.connect(self.show_shortcuts)
        self.guide = QAction(window.tr("&Användarhandbok"), window)
        self.guide.setObjectName("userGuideAction")
        self.guide.triggered.connect(self.show_guide)

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.shortcuts)
        menu.addAction(self.guide)
        menu.addSeparator()

    def show_shortcuts(self) -> None:
        # Made again each time: the window's actions may have changed (an admin's screens).
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
        self.shortcuts_dialog = ShortcutsDialog(self._window)
        self.shortcuts_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.shortcuts_dialog.destroyed.connect(self._shortcuts_gone)
        self.shortcuts_dialog.show()

    def _shortcuts_gone(self) -> None:
        self.shortcuts_dialog = None

    def show_guide(self) -> None:
        if self.guide_window is None:
            self.guide_window = UserGuideWindow(self._window)
            self.guide_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.guide_window.destroyed.connect(self._guide_gone)
        self.guide_window.show()
        self.guide_window.raise_()
        self.guide_window.activateWindow()

    def _guide_gone(self) -> None:
        self.guide_window = None


def user_label(full_name: str, role: str) -> QLabel:
    """Who is logged in, for the status bar: "Inloggad: Agnes Agent (Administratör)"."""
    role_name = ROLE_NAMES.get(role, role)
    text = QLabel()
    text.setObjectName("currentUser")
    text.setStyleSheet(CURRENT_USER_STYLE)
    text.setText(
        text.tr("Inloggad: %1 (%2)").replace("%1", isolated(full_name)).replace("%2", role_name)
    )
    text.setAccessibleName(text.text())
    text.setToolTip(text.tr("Den som är inloggad och dennes roll"))
    return text
