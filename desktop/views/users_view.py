"""Administration → Användare: the accounts, and adding, deactivating and resetting them.

Every change goes through AccountService, which checks the administrator's right and
the input; its Swedish messages are shown beside the field they concern.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services.accounts import (
    ROLE_NAMES,
    AccountError,
    AccountService,
    UserRow,
)
from desktop.views.account_form import (
    MISMATCH,
    Busy,
    check_password,
    check_repeat,
    error_label,
    input_field,
    show_error,
)
from desktop.views.confirm import confirm_box
from desktop.views.dialog_buttons import ok_cancel
from desktop.views.dialog_host import DialogHost
from desktop.views.person.widgets import row_table
from desktop.views.row_table import RowTableModel
from desktop.views.text import label

_ModelIndex = QModelIndex | QPersistentModelIndex


def local_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return clock.minute(moment)


def _button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    return button


class UserTableModel(RowTableModel[UserRow]):
    """The accounts as rows; a few dozen at most, so all of them at once."""

    def __init__(self, municipalities: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._municipalities = municipalities
        self.headers = (
            self.tr("Namn"),
            self.tr("Användarnamn"),
            self.tr("Roll"),
            self.tr("Kommun"),
            self.tr("Aktiv"),
            self.tr("Måste byta lösenord"),
            self.tr("Senast inloggad"),
        )

    def user(self, row: int) -> UserRow | None:
        return self.row_at(row)

    def row_of(self, user_id: uuid.UUID) -> int:
        for number, user in enumerate(self._rows):
            if user.id == user_id:
                return number
        return -1

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        user = self.user(index.row())
        if user is None:
            return None
        values = (
            user.full_name,
            user.username,
            label(ROLE_NAMES.get(user.role, user.role)),
            self._municipality(user.municipality_code),
            self.tr("Ja") if user.active else self.tr("Nej"),
            self.tr("Ja") if user.must_change_password else self.tr("Nej"),
            local_time(user.last_login_at) or self.tr("Aldrig"),
        )
        column = index.column()
        # Names as stored: see desktop/bidi.py.
        return isolated(values[column]) if 0 <= column < len(values) else None

    def _municipality(self, code: str | None) -> str:
        if code is None:
            return ""
        name = self._municipalities.get(code)
        return f"{name} ({code})" if name else code


class NewUserDialog(QDialog):
    """Name, user name, role, municipality and a temporary password (typed twice)."""

    added = Signal(object)  # the new user's id

    def __init__(
        self,
        add: Callable[..., uuid.UUID],
        municipalities: Sequence[tuple[str, str]],
        *,
        default_municipality: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newUserDialog")
        self.setWindowTitle(self.tr("Ny användare"))
        self.setAccessibleName(self.windowTitle())
        self._add = add

        intro = QLabel(
            self.tr(
                "Ge användaren ett tillfälligt lösenord (minst 10 tecken). Användaren väljer "
                "ett eget lösenord vid första inloggningen."
            )
        )
        intro.setWordWrap(True)
        self.full_name = input_field("fullName", self.tr("Namn"))
        self.username = input_field("username", self.tr("Användarnamn"))
        self.role = QComboBox()
        self.role.setObjectName("role")
        self.role.setAccessibleName(self.tr("Roll"))
        for code, name in ROLE_NAMES.items():
            self.role.addItem(label(name), code)
        self.municipality = QComboBox()
        self.municipality.setObjectName("municipality")
        self.municipality.setAccessibleName(self.tr("Kommun"))
        self.municipality.addItem(self.tr("Ingen"), None)
        for code, name in municipalities:
            self.municipality.addItem(f"{name} ({code})", code)
        if default_municipality is not None:
            found = self.municipality.findData(default_municipality)
            self.municipality.setCurrentIndex(max(found, 0))
        self.password = input_field("password", self.tr("Tillfälligt lösenord"), secret=True)
        self.repeat = input_field("repeatPassword", self.tr("Upprepa lösenordet"), secret=True)
        names = {
            "full_name": self.tr("Fel i namnet"),
            "username": self.tr("Fel i användarnamnet"),
            "role": self.tr("Fel i rollen"),
            "password": self.tr("Fel i lösenordet"),
            "repeat": self.tr("Fel i upprepningen"),
            "form": self.tr("Fel"),
        }
        self.errors = {
            field: error_label(f"{field}Error", accessible) for field, accessible in names.items()
        }

        form = QFormLayout()
        rows: list[tuple[str, QWidget, str | None]] = [
            (self.tr("&Namn"), self.full_name, "full_name"),
            (self.tr("&Användarnamn"), self.username, "username"),
            (self.tr("&Roll"), self.role, "role"),
            (self.tr("&Kommun"), self.municipality, None),
            (self.tr("&Tillfälligt lösenord"), self.password, "password"),
            (self.tr("&Upprepa lösenordet"), self.repeat, "repeat"),
        ]
        for text, field, error in rows:
            form.addRow(text, field)
            if error is not None:
                form.addRow("", self.errors[error])
        buttons = ok_cancel(self, self.submit, self.tr("Lägg till"), "addUserButton")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.password.textChanged.connect(self._check_password)
        self.repeat.textChanged.connect(self._check_repeat)

    def _check_password(self) -> None:
        check_password(self.password, self.repeat, self.username.text(), self.errors)

    def _check_repeat(self) -> None:
        check_repeat(self.password, self.repeat, self.errors["repeat"])

    def submit(self) -> None:
        for error in self.errors.values():
            show_error(error, "")
        self._check_password()  # shown together with the repeat below, not one by one
        if self.repeat.text() != self.password.text():
            show_error(self.errors["repeat"], MISMATCH)
            self.repeat.setFocus()
            return
        try:
            with Busy():
                user_id = self._add(
                    username=self.username.text(),
                    full_name=self.full_name.text(),
                    role=self.role.currentData(),
                    municipality_code=self.municipality.currentData(),
                    password=self.password.text(),
                )
        except AccountError as error:
            field = error.field if error.field in self.errors else "form"
            show_error(self.errors[field], str(error))
            focus = {
                "full_name": self.full_name,
                "username": self.username,
                "role": self.role,
                "password": self.password,
            }.get(field)
            if focus is not None:
                focus.setFocus()
            return
        self.added.emit(user_id)
        self.accept()


class ResetPasswordDialog(QDialog):
    """A temporary password for someone else; they must change it at their next login."""

    def __init__(
        self,
        reset: Callable[[uuid.UUID, str], None],
        user: UserRow,
        *,
        reactivate: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.setWindowTitle(
            self.tr("Aktivera konto") if reactivate else self.tr("Återställ lösenord")
        )
        self.setAccessibleName(self.windowTitle())
        self._reset = reset
        self.user = user
        self.reactivate = reactivate
        text = (
            self.tr(
                "%1 får ett nytt tillfälligt lösenord och kan logga in igen. Lösenordet "
                "måste bytas vid nästa inloggning."
            )
            if reactivate
            else self.tr(
                "%1 får ett nytt tillfälligt lösenord, som måste bytas vid nästa inloggning."
            )
        )
        who = f"{user.full_name} ({user.username})"
        intro = QLabel(text.replace("%1", who))
        intro.setObjectName("resetIntro")
        intro.setWordWrap(True)
        self.password = input_field("password", self.tr("Tillfälligt lösenord"), secret=True)
        self.repeat = input_field("repeatPassword", self.tr("Upprepa lösenordet"), secret=True)
        self.errors = {
            "password": error_label("passwordError", self.tr("Fel i lösenordet")),
            "repeat": error_label("repeatError", self.tr("Fel i upprepningen")),
        }
        form = QFormLayout()
        form.addRow(self.tr("&Tillfälligt lösenord"), self.password)
        form.addRow("", self.errors["password"])
        form.addRow(self.tr("&Upprepa lösenordet"), self.repeat)
        form.addRow("", self.errors["repeat"])
        ok = self.tr("Aktivera") if reactivate else self.tr("Återställ lösenordet")
        buttons = ok_cancel(self, self.submit, ok, "resetButton", named_cancel=False)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.password.textChanged.connect(self._check_password)
        self.repeat.textChanged.connect(self._check_repeat)

    def _check_password(self) -> None:
        check_password(self.password, self.repeat, self.user.username, self.errors)

    def _check_repeat(self) -> None:
        check_repeat(self.password, self.repeat, self.errors["repeat"])

    def submit(self) -> None:
        for error in self.errors.values():
            show_error(error, "")
        self._check_password()
        if self.repeat.text() != self.password.text():
            show_error(self.errors["repeat"], MISMATCH)
            self.repeat.setFocus()
            return
        try:
            with Busy():
                self._reset(self.user.id, self.password.text())
        except AccountError as error:
            show_error(self.errors["password"], str(error))
            self.password.setFocus()
            return
        self.accept()


class UsersView(DialogHost):
    """The table of accounts and the administrator's actions on them."""

    def __init__(
        self,
        accounts: AccountService,
        municipalities: Sequence[tuple[str, str]],
        *,
        default_municipality: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("usersView")
        self.setAccessibleName(self.tr("Användare"))
        self._accounts = accounts
        self._municipalities = list(municipalities)
        self._default_municipality = default_municipality

        self.model = UserTableModel(dict(self._municipalities), self)
        self.table = row_table(
            "userTable",
            self.tr("Lista över användare"),
            self.model,
            QHeaderView.ResizeMode.Interactive,
        )
        self.table.setWordWrap(False)

        self.new_button = _button(
            self.tr("&Ny användare…"), "newUserButton", self.tr("Ny användare")
        )
        self.new_button.clicked.connect(self.open_new_user)
        self.active_button = _button(
            self.tr("&Inaktivera"), "activeButton", self.tr("Inaktivera eller aktivera kontot")
        )
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button = _button(
            self.tr("Åte&rställ lösenord…"), "resetPasswordButton", self.tr("Återställ lösenord")
        )
        self.reset_button.clicked.connect(self._reset_clicked)

        self.notice = QLabel()
        self.notice.setObjectName("usersNotice")
        self.notice.setAccessibleName(self.tr("Meddelande"))
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.error = error_label("usersError", self.tr("Fel"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)

        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.dialog = None
        self._to_deactivate: UserRow | None = None
        self.refresh()

    def refresh(self, select: uuid.UUID | None = None) -> None:
        current = select or self._selected_id()
        self.model.set_rows(self._accounts.users())
        self.table.resizeColumnsToContents()
        row = self.model.row_of(current) if current is not None else -1
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_buttons()

    def selected(self) -> UserRow | None:
        index = self.table.currentIndex()
        return self.model.user(index.row()) if index.isValid() else None

    def _selected_id(self) -> uuid.UUID | None:
        user = self.selected()
        return user.id if user else None

    def _update_buttons(self) -> None:
        user = self.selected()
        self.active_button.setEnabled(user is not None)
        self.reset_button.setEnabled(user is not None)
        if user is None or user.active:
            self.active_button.setText(self.tr("&Inaktivera"))
        else:
            self.active_button.setText(self.tr("A&ktivera…"))

    def _say(self, notice: str = "", error: str = "") -> None:
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        show_error(self.error, error)

    def open_new_user(self) -> NewUserDialog:
        self._say()
        dialog = NewUserDialog(
            self._accounts.add_user,
            self._municipalities,
            default_municipality=self._default_municipality,
            parent=self,
        )
        dialog.added.connect(self._added)
        self._open(dialog)
        return dialog

    def _added(self, user_id: uuid.UUID) -> None:
        self.refresh(select=user_id)
        user = self.selected()
        if user is not None:
            self._say(
                self.tr(
                    "%1 är tillagd och väljer ett eget lösenord vid första inloggningen."
                ).replace("%1", user.full_name)
            )

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            self._confirm_deactivate(user)
        else:
            self.open_reset(reactivate=True)

    def _confirm_deactivate(self, user: UserRow) -> None:
        self._say()
        box = confirm_box(
            self,
            "confirmDeactivate",
            self.tr("Inaktivera konto"),
            self.tr("Inaktivera kontot för %1 (%2)?")
            .replace("%1", user.full_name)
            .replace("%2", user.username),
            act=self.tr("Inaktivera"),
            stay=self.tr("Avbryt"),
            informative=self.tr(
                "Användaren kan inte längre logga in. För att aktivera kontot igen behövs ett "
                "nytt tillfälligt lösenord."
            ),
        )
        self._to_deactivate = user
        box.buttonClicked.connect(self._deactivate_answered)
        self._open(box)

    def _deactivate_answered(self, button: QAbstractButton) -> None:
        user, self._to_deactivate = self._to_deactivate, None
        if user is not None and button.objectName() == "confirmButton":
            self._deactivate(user)

    def _deactivate(self, user: UserRow) -> None:
        try:
            self._accounts.set_active(user.id, False)
        except AccountError as error:
            self._say(error=str(error))
            return
        self.refresh(select=user.id)
        self._say(self.tr("Kontot för %1 är inaktiverat.").replace("%1", user.full_name))

    def _reset_clicked(self) -> None:
        self.open_reset()

    def open_reset(self, *, reactivate: bool = False) -> ResetPasswordDialog | None:
        user = self.selected()
        if user is None:
            return None
        self._say()
        dialog = ResetPasswordDialog(
            self._accounts.reset_password,
            user,
            reactivate=reactivate or not user.active,
            parent=self,
        )
        dialog.accepted.connect(self._reset_done)
        self._open(dialog)
        return dialog

    def _reset_done(self) -> None:
        dialog = self.sender()
        assert isinstance(dialog, ResetPasswordDialog)
        user = dialog.user
        self.refresh(select=user.id)
        text = (
            self.tr("Kontot för %1 är aktiverat; lösenordet måste bytas vid inloggningen.")
            if dialog.reactivate
            else self.tr(
                "%1 har fått ett tillfälligt lösenord och måste byta det vid inloggningen."
            )
        )
        self._say(text.replace("%1", user.full_name))
