"""Small building blocks shared by the tabs of the person and employer screens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.views.text import message

ERROR_STYLE = "color: #b3261e;"
OVERDUE_COLOUR = "#b3261e"
DATE_HINT = "ÅÅÅÅ-MM-DD"
# Ctrl+Enter saves a form with a multi-line field, where plain Enter starts a new line.
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


def line_edit(name: str, accessible: str, *, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def date_edit(name: str, accessible: str, value: dt.date | None = None) -> QLineEdit:
    """Dates are typed as YYYY-MM-DD, as everywhere in the app."""
    edit = line_edit(name, accessible, placeholder=DATE_HINT)
    edit.setText(value.isoformat() if value else "")
    edit.setMaximumWidth(140)
    edit.setToolTip(DATE_HINT)
    return edit


def text_edit(name: str, accessible: str, *, lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    # Tab moves on, so that the form can be left with the keyboard.
    edit.setTabChangesFocus(True)
    height = edit.fontMetrics().lineSpacing() * lines + 12
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 3 // 2)
    return edit


def combo(name: str, accessible: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setAccessibleName(accessible)
    return box


def button(text: str, name: str, accessible: str) -> QPushButton:
    push = QPushButton(text)
    push.setObjectName(name)
    push.setAccessibleName(accessible)
    push.setAutoDefault(False)
    return push


def caption(text: str, buddy: QWidget | None = None) -> QLabel:
    """A field's label; with a buddy, its &-letter moves focus to the field."""
    label = QLabel(text)
    label.setObjectName(f"{buddy.objectName()}Label" if buddy else "caption")
    label.setAccessibleName(text.replace("&", ""))
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class FieldError(QLabel):
    """A reason shown in red under the field it concerns; hidden while there is none."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def say(self, text: str | None) -> None:
        """Show `text` (a Swedish message from a service or the view), or hide."""
        self.setText(message(text) if text else "")
        self.setVisible(bool(text))


def clear_when_fixed(
    signal: SignalInstance, error: FieldError, problem: Callable[[], str | None]
) -> None:
    """Take `error` away as soon as its cause is gone: on each `signal` (the field being
    changed), while a reason is shown and `problem()` finds none. A new reason still
    waits for the field to be left or the form to be saved."""

    def check(*_args: object) -> None:
        if error.text() and not problem():
            error.say(None)

    signal.connect(check)


class Notice(QLabel):
    """A quiet confirmation of what was just done."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setWordWrap(True)
        self.setStyleSheet("color: #1b5e20;")
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def on_save_keys(form: QWidget, slot: Callable[[], None]) -> None:
    for keys in SAVE_KEYS:
        shortcut = QShortcut(QKeySequence(keys), form)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)


def select_data(box: QComboBox, value: object) -> None:
    found = box.findData(value)
    if found >= 0:
        box.setCurrentIndex(found)


def heading(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setAccessibleName(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def row_table(
    name: str, accessible: str, model: QAbstractItemModel, resize: QHeaderView.ResizeMode
) -> QTableView:
    """A list of records that is read, not edited in place: a row is chosen whole, one at
    a time, and the last column takes the width that is left."""
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setStretchLastSection(True)
    return table
