"""Where a new top-level window opens, and how big: the one rule for every record window
(docs/ui.md, "Fönster").

- Within the available geometry of the main window's screen (the screen less its panels
  and docks), never partly off it.
- Sized to fit: the preferred size (the size the user left the last window of the same
  kind at, else the screen's own default), but never larger than the available area.
- Cascaded: each new window of a kind opens one step right of and below the last open one
  of that kind, so windows never pile up exactly on top of each other; on an axis where
  the next step would leave the screen it starts again at the screen's edge.

The geometry is pure (no widgets), tested on its own for any screen and size;
`fit_to_screen` and `centred` apply it to a window that is not shown yet (the main
window at start, a dialog that opens large), `FittingScroll` to a dialog taller than the
screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# One step of the cascade: far enough that the title bar of the window underneath shows.
CASCADE_STEP = 32
# The title bar and borders a window gets from the window manager, counted before it is
# shown (and has them): a Windows 11 title bar with its borders, generously.
FRAME_ALLOWANCE = QSize(16, 48)


def fitted(preferred: QSize, available: QRect, frame: QSize | None = None) -> QSize:
    """The content size of a window that, with its frame (title bar, borders), fits
    `available`: the preferred size, made smaller where the screen is smaller."""
    extra = frame if frame is not None else QSize(0, 0)
    return QSize(
        max(1, min(preferred.width(), available.width() - extra.width())),
        max(1, min(preferred.height(), available.height() - extra.height())),
    )


def cascaded(outer: QSize, available: QRect, last: QPoint | None, origin: QPoint) -> QPoint:
    """The top-left corner (of the frame) of a new window whose frame is `outer` large.

    The first window of a kind (`last` None) opens at `origin` (one step inside the main
    window); the next one step from `last`. An axis on which that would leave `available`
    starts again at its edge. The result always lies wholly within `available` (when
    `outer` fits in it)."""
    start = origin if last is None else last + QPoint(CASCADE_STEP, CASCADE_STEP)
    return QPoint(
        _axis(start.x(), outer.width(), available.left(), available.width()),
        _axis(start.y(), outer.height(), available.top(), available.height()),
    )


def _axis(position: int, length: int, low: int, room: int) -> int:
    if position < low or position + length > low + room:
        return low  # wrap back (or in, when it starts off the screen)
    return position


def placement(
    preferred: QSize,
    available: QRect,
    last: QPoint | None,
    origin: QPoint,
    frame: QSize | None = None,
) -> QRect:
    """Position (of the frame) and content size of a new window; see the module's rule."""
    extra = frame if frame is not None else QSize(0, 0)
    size = fitted(preferred, available, extra)
    corner = cascaded(size + extra, available, last, origin)
    return QRect(corner, size)


def available_for(window: QWidget) -> QRect:
    """The available geometry of the screen `window` opens on (its parent's)."""
    anchor = window.parentWidget() or window
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, preferred: QSize) -> QSize:
    """Resize a window not yet shown to `preferred`, made smaller where the available
    screen (less a title bar and borders) is smaller: a dialog of 760×720 on a
    1366×768 laptop, or any large window at a text scale of 200 %."""
    size = fitted(preferred, available_for(window), FRAME_ALLOWANCE)
    window.resize(size)
    return size


def centred(size: QSize, available: QRect, frame: QSize = FRAME_ALLOWANCE) -> QPoint:
    """The top-left corner of a window of `size` (plus `frame`) in the middle of
    `available`, never above or left of it."""
    return QPoint(
        available.left() + max(0, (available.width() - size.width() - frame.width()) // 2),
        available.top() + max(0, (available.height() - size.height() - frame.height()) // 2),
    )


class FittingScroll(QScrollArea):
    """A dialog's body, shown whole where the screen has room for it and scrolled where
    it has not (a 1366×768 laptop at a text scale of 200 %), so that the dialog, and its
    buttons below the body, stay on the screen. `reserve` is the height the rest of the
    dialog takes (its buttons and margins)."""

    def __init__(self, body: QWidget, reserve: int) -> None:
        super().__init__()
        self._reserve = reserve
        self._body = body
        self.setObjectName(f"{body.objectName() or 'body'}Scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(body)
        body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._body and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the body grew (a reason, a list): so may the dialog
        return super().eventFilter(watched, event)

    def _room(self) -> int:
        available = available_for(self.window()).height()
        return max(available - FRAME_ALLOWANCE.height() - self._reserve, 80)

    def _fitted(self, hint: QSize) -> QSize:
        if hint.height() <= self._room():
            return hint
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), self._room())

    def sizeHint(self) -> QSize:
        return self._fitted(self._body.sizeHint().expandedTo(self._body.minimumSize()))

    def minimumSizeHint(self) -> QSize:
        return self._fitted(self._body.minimumSizeHint().expandedTo(self._body.minimumSize()))
