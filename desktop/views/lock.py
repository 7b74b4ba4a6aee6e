"""Locking the app: noticing when nobody uses it, and the screen that asks for the password.

The main window owns the lock; this module gives it the pieces: `InputWatch` (idle time
and the lock key from anywhere in the app), `LockScreen` (who is logged in, the password,
"Lås upp" and "Avsluta") and `HiddenWindows` (the app's other windows, put away while the
lock is on and brought back as they were).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services.accounts import Actor
from desktop.store.errors import StoreError
from desktop.store.keys import TooManyAttemptsError
from desktop.views.style import TITLE_STYLE
from desktop.views.text import message

# Ctrl is Cmd on macOS, in the sequence and in key events alike.
LOCK_COMBINATION = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_L)
LOCK_KEY = QKeySequence(LOCK_COMBINATION)
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class InputWatch(QObject):
    """Watches the app's windows for input: `idle` after `interval_ms` without any, and
    `lock_pressed` for the lock key in any window of the app.

    The lock key is caught here as well as by the menu action because a dialog opened
    over the main window (window-modal, or simply active) keeps the action's shortcut
    from firing, and the lock matters most when something half-typed is on screen.

    It filters each window (`QWindow`), which the window system's key and mouse events
    pass through before they reach a widget, not the application, which every event of
    every widget passes through: a filter there cost about 20 ms on each record window
    built. A window is watched from when it first gets the focus (input goes there).
    A key that is a shortcut of the window (Ctrl+3) is taken before the window sees it,
    so a quiet spell of shortcuts alone does not count as use: the app locks sooner,
    never later.
    """

    idle = Signal()
    lock_pressed = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication), "the watch needs a running application"
        app.focusWindowChanged.connect(self._watch)
        self._watch(app.focusWindow())

    def _watch(self, window: QWindow | None) -> None:
        if window is not None:
            window.installEventFilter(self)  # once: installing again only moves it first

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval(self, interval_ms: int) -> None:
        running = self._timer.isActive()
        self._timer.setInterval(interval_ms)
        if running:
            self._timer.start()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _INPUT or not self._timer.isActive():
            return False
        self._timer.start()
        if (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.keyCombination() == LOCK_COMBINATION
        ):
            self.lock_pressed.emit()
            return True
        return False


class _Busy:
    """A wait cursor while the password is checked (a fraction of a second)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class LockScreen(QWidget):
    """Shown in place of everything else; only staff identity, never participant data."""

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        actor: Actor,
        verify: Callable[[str], bool],
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName(self.tr("Låst"))
        self._verify = verify

        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setAccessibleName(self.tr("Lösenord"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Lösenord"))
        self.password.returnPressed.connect(self.submit)
        password_label = QLabel(self.tr("&Lösenord"))
        password_label.setBuddy(self.password)

        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setAccessibleName(self.tr("Fel vid upplåsning"))
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.hide()

        self.unlock_button = QPushButton(self.tr("Lås &upp"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setAccessibleName(self.tr("Lås upp"))
        self.unlock_button.clicked.connect(self.submit)
        self.quit_button = QPushButton(self.tr("&Avsluta"))
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setAccessibleName(self.tr("Avsluta programmet"))
        self.quit_button.clicked.connect(self.quit_requested)

        self._lay_out(actor, password_label, demo=demo)
        # As shown: Avsluta on the left, Lås upp on the right (Enter is Lås upp).
        self.setTabOrder(self.password, self.quit_button)
        self.setTabOrder(self.quit_button, self.unlock_button)

        self._wait = 0
        self._countdown = QTimer(self)
        # A coarse timer may fire a little early, before the key file lets the next try in.
        self._countdown.setTimerType(Qt.TimerType.PreciseTimer)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

    def _lay_out(self, actor: Actor, password_label: QLabel, *, demo: bool) -> None:
        heading = QLabel(self.tr("Matchning är låst"))
        heading.setObjectName("screenTitle")
        heading.setStyleSheet(TITLE_STYLE)
        self.who = QLabel(
            self.tr("Inloggad: %1 (%2)")
            .replace("%1", isolated(actor.full_name))
            .replace("%2", actor.username)
        )
        self.who.setObjectName("lockedUser")
        self.who.setAccessibleName(self.who.text())
        hint = QLabel(self.tr("Skriv ditt lösenord för att fortsätta där du var."))
        hint.setObjectName("lockHint")
        hint.setWordWrap(True)
        for label in (heading, self.who, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        panel = QWidget()
        panel.setObjectName("lockPanel")
        panel.setMaximumWidth(420)
        form = QVBoxLayout(panel)
        form.addWidget(heading)
        form.addWidget(self.who)
        if demo:
            demo_label = QLabel(self.tr("DEMO: övningsdatabas"))
            demo_label.setObjectName("lockDemo")
            demo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            form.addWidget(demo_label)
        form.addWidget(hint)
        form.addSpacing(8)
        form.addWidget(password_label)
        form.addWidget(self.password)
        form.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        form.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 2)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def reset(self) -> None:
        """Ready for a new lock: empty password, no old error (a countdown keeps running)."""
        self.password.clear()
        if not self._wait:
            self._show_error("")
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        if self._wait:
            return
        password = self.password.text()
        self.password.clear()
        if not password:
            self._show_error(self.tr("Skriv ditt lösenord."))
            return
        try:
            with _Busy():
                right = self._verify(password)
        except TooManyAttemptsError as error:
            self._hold(error.seconds, message(str(error)))
            return
        except StoreError as error:
            self._show_error(message(str(error)))
            return
        if not right:
            self._show_error(self.tr("Fel lösenord. Försök igen."))
            self.password.setFocus()
            return
        self._show_error("")
        self.unlocked.emit()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _hold(self, seconds: int, text: str) -> None:
        """After repeated failures the button waits, and says how long."""
        self._wait = seconds
        self._show_error(text)
        self.unlock_button.setEnabled(False)
        self._countdown.start()

    def _tick(self) -> None:
        self._wait = max(0, self._wait - 1)
        if self._wait == 0:
            self._countdown.stop()
            self.unlock_button.setEnabled(True)
            self._show_error("")
            self.password.setFocus()


_TRANSIENT = (Qt.WindowType.ToolTip, Qt.WindowType.Popup)


class HiddenWindows(QObject):
    """The app's other windows (a dialog with unsaved input, a message) while locked:
    hidden, not closed, so nothing in them is lost, and shown again afterwards. A window
    that opens while the lock is on (a message from a background task) is put away too.
    """

    def __init__(self, keep: QWidget) -> None:
        super().__init__(keep)
        self._keep = keep
        self._windows: list[QWidget] = []
        self._active = False

    def hide_all(self) -> None:
        # An open drop-down or menu is a popup: it closes (it holds no input).
        for _ in range(10):
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        self._active = True
        for window in QApplication.topLevelWidgets():
            self._hide(window)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def show_all(self) -> None:
        """Show the windows again, each with its own focus where it was."""
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self)
        self._active = False
        windows, self._windows = self._windows, []
        for window in windows:
            if shiboken6.isValid(window):  # not closed from elsewhere while locked
                window.show()

    def _hide(self, window: QWidget) -> None:
        if not self._active or not shiboken6.isValid(window) or window is self._keep:
            return
        if not window.isWindow() or not window.isVisible():
            return
        if window.windowType() not in _TRANSIENT:
            self._windows.append(window)
        window.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self._keep
            # Tooltips and drop-downs can only come from the lock screen itself now.
            and watched.windowType() not in _TRANSIENT
        ):
            window = watched
            # Hiding inside its own show event would leave the platform window half
            # shown; right after it is safe.
            QTimer.singleShot(0, self, lambda: self._hide_late(window))
        return False

    def _hide_late(self, window: QWidget) -> None:
        self._hide(window)
        # The window took the activation when it opened; give it back to the lock screen.
        if self._active:
            self._keep.activateWindow()
