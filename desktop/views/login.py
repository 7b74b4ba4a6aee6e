"""Logging in, setting up a new installation, and changing one's password.

The dialogs take the service functions they call, so tests drive them with the real
services on a temporary database; they are opened with open(), never exec().
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

# Not desktop.services.accounts: the login window is shown before SQLAlchemy is loaded
# (docs/decisions/0028-login-window-first.md).
from desktop.services.account_rules import UPGRADING, AccountError, setup_problems
from desktop.store.errors import StoreError
from desktop.store.keys import TooManyAttemptsError
from desktop.views.account_form import (
    MISMATCH,
    Busy,
    check_password,
    check_repeat,
    error_label,
    input_field,
    show_error,
)
from desktop.views.dialog_buttons import ok_cancel
from desktop.views.style import TITLE_STYLE

if TYPE_CHECKING:
    from desktop.services.accounts import Opened


def _demo_hint(text: str) -> QFrame:
    # A frame around the label: padding on a word-wrapped label itself is not counted
    # in its height, and the last line would be cut off.
    frame = QFrame()
    frame.setObjectName("demoHintFrame")
    frame.setStyleSheet("QFrame#demoHintFrame { background: #fdecea; border: 1px solid #b3261e; }")
    hint = QLabel(text)
    hint.setObjectName("demoHint")
    hint.setWordWrap(True)
    hint.setAccessibleName(text)
    inner = QVBoxLayout(frame)
    inner.setContentsMargins(8, 6, 8, 6)
    inner.addWidget(hint)
    return frame


def _hidden_notice(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label


class LoginDialog(QDialog):
    """User name and password; emits `logged_in` with the opened database."""

    logged_in = Signal(object)

    def __init__(
        self,
        unlock: Callable[[str, str], Opened],
        *,
        place: str,
        demo_hint: str | None = None,
        title: str | None = None,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(title or self.tr("Matchning – logga in"))
        self.setAccessibleName(self.windowTitle())
        self._unlock = unlock

        heading = QLabel(self.tr("Logga in"))
        heading.setObjectName("screenTitle")
        heading.setStyleSheet(TITLE_STYLE)
        where = QLabel(self.tr("Databas: %1").replace("%1", place))
        where.setObjectName("databasePlace")
        where.setWordWrap(True)
        self.username = input_field("username", self.tr("Användarnamn"))
        self.username.setText(username)
        self.password = input_field("password", self.tr("Lösenord"), secret=True)
        self.error = error_label("loginError")
        self.upgrade_notice = _hidden_notice("upgradeNotice")
        self._buttons = ok_cancel(
            self,
            self.submit,
            self.tr("Logga in"),
            "loginButton",
            cancel=self.tr("Avsluta"),
            named_cancel=False,
        )
        self.login_button = self._buttons.button(QDialogButtonBox.StandardButton.Ok)

        form = QFormLayout()
        form.addRow(self.tr("&Användarnamn"), self.username)
        form.addRow(self.tr("&Lösenord"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        if demo_hint:
            layout.addWidget(_demo_hint(demo_hint))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.upgrade_notice)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(420)

        self._wait = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        (self.password if username else self.username).setFocus()

    def submit(self) -> None:
        if self._wait:
            return
        if not self.username.text().strip():
            show_error(self.error, "Ange ditt användarnamn.")
            self.username.setFocus()
            return
        try:
            with Busy():
                opened = self._unlock(self.username.text(), self.password.text())
        except TooManyAttemptsError as error:
            self._hold(error.seconds, str(error))
            return
        except (StoreError, AccountError) as error:
            self._upgraded()  # an upgrade that failed says why, in the error line
            show_error(self.error, str(error))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.logged_in.emit(opened)
        self.accept()

    def show_upgrading(self) -> None:
        """The password was right and the database is being upgraded after a program
        update (a minute at scale L): said in the window, whose fields wait meanwhile.
        The login still runs on this thread, so the window is painted now."""
        self.upgrade_notice.setText(UPGRADING)
        self.upgrade_notice.setAccessibleName(UPGRADING)
        self.upgrade_notice.show()
        for widget in (self.username, self.password, self._buttons):
            widget.setEnabled(False)
        self.adjustSize()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _upgraded(self) -> None:
        self.upgrade_notice.hide()
        for widget in (self.username, self.password, self._buttons):
            widget.setEnabled(True)

    def _hold(self, seconds: int, text: str) -> None:
        """After repeated failures: the button waits, and says how long."""
        self._wait = seconds
        show_error(self.error, text)
        self.login_button.setEnabled(False)
        self._countdown.start()

    def _tick(self) -> None:
        self._wait = max(0, self._wait - 1)
        if self._wait == 0:
            self._countdown.stop()
            self.login_button.setEnabled(True)
            show_error(self.error, "")
            self.password.setFocus()


class SetupDialog(QDialog):
    """The first start of a new database: the municipality and its first administrator."""

    set_up = Signal(object)

    def __init__(
        self,
        create: Callable[..., Opened],
        municipalities: Sequence[tuple[str, str]],
        *,
        place: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Matchning – ny installation"))
        self.setAccessibleName(self.windowTitle())
        self._create = create

        heading = QLabel(self.tr("Ny installation"))
        heading.setObjectName("screenTitle")
        heading.setStyleSheet(TITLE_STYLE)
        intro = QLabel(
            self.tr(
                "Databasen %1 skapas krypterad. Ange kommunen och den första "
                "administratören; fler användare läggs till under Administration."
            ).replace("%1", place)
        )
        intro.setWordWrap(True)
        from desktop.models.collation import swedish_sort_key  # loads the models

        self.municipality = QComboBox()
        self.municipality.setObjectName("municipality")
        self.municipality.setAccessibleName(self.tr("Kommun"))
        for code, name in sorted(municipalities, key=lambda pair: swedish_sort_key(pair[1])):
            self.municipality.addItem(f"{name} ({code})", code)
        self.full_name = input_field("fullName", self.tr("Ditt namn"))
        self.username = input_field("username", self.tr("Användarnamn"))
        self.password = input_field("password", self.tr("Lösenord"), secret=True)
        self.repeat = input_field("repeatPassword", self.tr("Upprepa lösenordet"), secret=True)
        self.errors = {
            name: error_label(f"{name}Error")
            for name in ("municipality", "full_name", "username", "password", "repeat", "form")
        }
        form = QFormLayout()
        form.addRow(self.tr("&Kommun"), self.municipality)
        form.addRow("", self.errors["municipality"])
        form.addRow(self.tr("Ditt &namn"), self.full_name)
        form.addRow("", self.errors["full_name"])
        form.addRow(self.tr("&Användarnamn"), self.username)
        form.addRow("", self.errors["username"])
        form.addRow(self.tr("&Lösenord"), self.password)
        form.addRow("", self.errors["password"])
        form.addRow(self.tr("&Upprepa lösenordet"), self.repeat)
        form.addRow("", self.errors["repeat"])
        buttons = ok_cancel(
            self,
            self.submit,
            self.tr("Skapa databasen"),
            "createButton",
            cancel=self.tr("Avsluta"),
            named_cancel=False,
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.password.textChanged.connect(self._check_password)
        self.repeat.textChanged.connect(self._check_repeat)
        for edit in (self.full_name, self.username):
            edit.textChanged.connect(self._clear_fixed)

    def _problems(self) -> dict[str, str]:
        return setup_problems(
            municipality_code=str(self.municipality.currentData() or ""),
            full_name=self.full_name.text(),
            username=self.username.text(),
            password=self.password.text(),
        )

    def _clear_fixed(self) -> None:
        """A message goes as soon as its cause is gone (a new one waits for the submit)."""
        problems = self._problems()
        for name in ("full_name", "username"):
            if name not in problems:
                show_error(self.errors[name], "")

    def _check_password(self) -> None:
        check_password(
            self.password, self.repeat, self.username.text(), self.errors, when_empty=True
        )

    def _check_repeat(self) -> None:
        check_repeat(self.password, self.repeat, self.errors["repeat"])

    def submit(self) -> None:
        for label in self.errors.values():
            show_error(label, "")
        # Every missing or wrong field at once, the cursor in the first of them.
        problems = self._problems()
        if self.repeat.text() != self.password.text():
            problems["repeat"] = MISMATCH
        if problems:
            for name, problem in problems.items():
                show_error(self.errors[name], problem)
            widgets = {
                "municipality": self.municipality,
                "full_name": self.full_name,
                "username": self.username,
                "password": self.password,
                "repeat": self.repeat,
            }
            first = next(name for name in widgets if name in problems)
            widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            with Busy():
                opened = self._create(
                    municipality_code=self.municipality.currentData(),
                    full_name=self.full_name.text(),
                    username=self.username.text(),
                    password=self.password.text(),
                )
        except AccountError as error:
            show_error(self.errors.get(error.field or "form", self.errors["form"]), str(error))
            return
        except StoreError as error:
            show_error(self.errors["form"], str(error))
            return
        self.set_up.emit(opened)
        self.accept()


class ChangePasswordDialog(QDialog):
    """The user's own password; `forced` after an administrator's reset (no cancel)."""

    def __init__(
        self,
        change: Callable[[str, str], Any],
        *,
        forced: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Byt lösenord"))
        self.setAccessibleName(self.windowTitle())
        self._change = change
        intro = QLabel(
            self.tr("Välj ett eget lösenord innan du fortsätter (minst 10 tecken).")
            if forced
            else self.tr("Lösenordet ska ha minst 10 tecken.")
        )
        intro.setWordWrap(True)
        self.current = input_field("currentPassword", self.tr("Nuvarande lösenord"), secret=True)
        self.new = input_field("newPassword", self.tr("Nytt lösenord"), secret=True)
        self.repeat = input_field(
            "repeatPassword", self.tr("Upprepa det nya lösenordet"), secret=True
        )
        self.errors = {
            name: error_label(f"{name}Error")
            for name in ("current", "new_password", "repeat", "form")
        }
        form = QFormLayout()
        form.addRow(self.tr("&Nuvarande lösenord"), self.current)
        form.addRow("", self.errors["current"])
        form.addRow(self.tr("N&ytt lösenord"), self.new)
        form.addRow("", self.errors["new_password"])
        form.addRow(self.tr("&Upprepa"), self.repeat)
        form.addRow("", self.errors["repeat"])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        if not forced:
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.tr("Byt lösenord"))
        self.save_button.setObjectName("saveButton")
        buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(buttons)
        self._forced = forced

    def reject(self) -> None:
        if not self._forced:
            super().reject()

    def submit(self) -> None:
        for label in self.errors.values():
            show_error(label, "")
        if self.new.text() != self.repeat.text():
            show_error(self.errors["repeat"], MISMATCH)
            self.repeat.setFocus()
            return
        try:
            with Busy():
                self._change(self.current.text(), self.new.text())
        except AccountError as error:
            label = self.errors.get(error.field or "new_password", self.errors["current"])
            show_error(label, str(error))
            return
        except StoreError as error:
            # A full disk, say: what was typed stays, so the user can try again.
            show_error(self.errors["form"], str(error))
            return
        self.accept()
