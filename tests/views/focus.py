"""Where the keyboard focus is, asked the way the offscreen platform answers reliably."""

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def wait_for_focus(qtbot: QtBot, widget: QWidget) -> None:
    """Wait until ``widget`` is its window's focus widget.

    Not ``hasFocus()``: that also needs the window to be the active one, and under the
    offscreen platform another window (a closed popup, a test's parent) may stay active
    for a while, so the answer depends on the machine's load.
    """
    qtbot.waitUntil(lambda: widget.window().focusWidget() is widget, timeout=2000)
