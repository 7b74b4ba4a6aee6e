"""Pieces of the forms that take a user name and password: the login and first-user
dialogs (desktop/views/login.py) and the administrator's (desktop/views/users_view.py).
They are one set so that a password field, its error and the wait while it is hashed
look and read the same wherever a password is typed."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit

from desktop.services.account_rules import password_problem
from desktop.views.text import message

# As desktop/views/person/widgets.py ERROR_STYLE, which the login must not import: the
# package would load the whole person screen before anyone has logged in.
ERROR_STYLE = "color: #b3261e;"


def input_field(name: str, accessible: str, *, secret: bool = False) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def error_label(name: str, accessible: str | None = None) -> QLabel:
    """Hidden until `show_error` gives it a reason; read by its name when none is given."""
    error = QLabel()
    error.setObjectName(name)
    error.setAccessibleName(name if accessible is None else accessible)
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.hide()
    return error


def show_error(error: QLabel, text: str) -> None:
    error.setText(message(text))
    error.setVisible(bool(text))


class Busy:
    """A wait cursor while a password is hashed (a fraction of a second)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


# A service-style message: show_error words it through desktop/views/text.py.
MISMATCH = "Lösenorden är inte lika."


def check_repeat(password: QLineEdit, repeat: QLineEdit, error: QLabel) -> None:
    """Under the repeat, whether the two differ, once something has been repeated."""
    same = not repeat.text() or repeat.text() == password.text()
    show_error(error, "" if same else MISMATCH)


def check_password(
    password: QLineEdit,
    repeat: QLineEdit,
    username: str,
    errors: Mapping[str, QLabel],
    *,
    when_empty: bool = False,
) -> None:
    """As typed: what is wrong with the password under it (an empty one is let be unless
    `when_empty`), and the repeat checked again, since it is measured against it."""
    text = password.text()
    problem = password_problem(text, username) if text or when_empty else None
    show_error(errors["password"], problem or "")
    check_repeat(password, repeat, errors["repeat"])
