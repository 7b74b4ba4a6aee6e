"""The actions every top-level window of the app has, with the same words and keys: the
main window puts them in its Arkiv menu, a person's, an employer's or a need's window
(`ScreenWindow`) has them without a menu. So Ctrl+Q, Ctrl+K and Ctrl+L do the same from
wherever the user is (docs/ui.md, "Fönster")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.views.lock import LOCK_KEY

LOG_CONTACT_KEY = QKeySequence("Ctrl+K")
# Not QKeySequence.Quit: Windows has no standard quit key, and the app should have one.
QUIT_KEY = QKeySequence("Ctrl+Q")


@dataclass(frozen=True)
class WindowActions:
    """Connect `triggered` of each; the actions belong to (and are shortcuts in) the
    window they were made for."""

    log_contact: QAction
    lock: QAction
    quit: QAction

    def all(self) -> list[QAction]:
        return [self.log_contact, self.lock, self.quit]


@dataclass(frozen=True)
class WindowCommands:
    """What the actions do, the same from every window (the main window's methods)."""

    log_contact: Callable[[QWidget], object]  # given the window it was asked from
    lock: Callable[[], object]
    quit: Callable[[], object]


def _tr(text: str) -> str:
    return QCoreApplication.translate("WindowActions", text)


def window_actions(window: QWidget) -> WindowActions:
    """Logga kontakt (Ctrl+K), Lås (Ctrl+L) and Avsluta (Ctrl+Q) for `window`: put them
    in its menu, or add them to the window itself (`window.addActions`) when it has none.

    Each is a shortcut of its own window only (Qt.WindowShortcut): one action for a key
    in every window, rather than one application-wide action, which Qt would find
    ambiguous beside a window's own and then fire neither."""
    log_contact = QAction(_tr("Logga &kontakt…"), window)
    log_contact.setObjectName("logContactAction")
    log_contact.setShortcut(LOG_CONTACT_KEY)
    log_contact.setToolTip(_tr("Logga en kontakt med en arbetsgivare (Ctrl+K)"))
    lock = QAction(_tr("&Lås"), window)
    lock.setObjectName("lockAction")
    lock.setShortcut(LOCK_KEY)
    lock.setToolTip(_tr("Lås programmet (Ctrl+L)"))
    quit_ = QAction(_tr("&Avsluta"), window)
    quit_.setObjectName("quitAction")
    quit_.setShortcut(QUIT_KEY)
    quit_.setToolTip(_tr("Avsluta Matchning (Ctrl+Q)"))
    actions = WindowActions(log_contact=log_contact, lock=lock, quit=quit_)
    for action in actions.all():
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    return actions
