"""Administration → Server: join this laptop to the municipalities' shared server, or
leave it (docs/sync.md, docs/ui.md Synkronisering).

Joining talks to the server (up to its connect timeout), so it runs off the GUI thread;
what was typed stays in the fields whatever the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.sync import SyncError, SyncService, check_url
from desktop.views import accessible
from desktop.views.confirm import confirm_box
from desktop.views.person.widgets import FieldError, clear_when_fixed
from desktop.views.progress_runner import Cancelled, Progress, ProgressRunner
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import message

log = logging.getLogger(__name__)

# A part of the Administration screen, under its title: smaller than a screen's title.
SECTION_STYLE = "font-size: 12pt; font-weight: 600; padding: 4px 0 2px 0;"
# Addresses are long, but a field across a wide screen is hard to read along.
FIELD_WIDTH = 640
UNEXPECTED = "Anslutningen misslyckades. Detaljer finns i loggen."


def _address_problem(url: str) -> str | None:
    if not url.strip():
        return "Skriv serverns adress."
    try:
        check_url(url.strip())
    except SyncError as error:
        return str(error)
    return None


class ServerView(QWidget):
    """`connected()` once the laptop has joined a server (the first sync starts then),
    `disconnected()` once it has left."""

    connected = Signal()
    # Joined, but the user's account took the server's id: the logged-in session still
    # names the old one, so the app must be started again (docs/sync.md).
    restart_needed = Signal()
    disconnected = Signal()

    def __init__(
        self,
        service: SyncService,
        parent: QWidget | None = None,
        *,
        before_disconnect: Callable[[], None] | None = None,
    ) -> None:
        """`before_disconnect` waits for a sync that is running (the status bar's)."""
        super().__init__(parent)
        self.setObjectName("serverView")
        self._before_disconnect = before_disconnect
        self.setAccessibleName(self.tr("Server"))
        self._service = service
        self._runner = ProgressRunner(self)
        self._runner.finished.connect(self._joined)
        self._runner.failed.connect(self._join_failed)

        heading = QLabel(self.tr("Synkronisering med kommunernas server"))
        heading.setObjectName("serverHeading")
        heading.setStyleSheet(SECTION_STYLE)
        self.about = QLabel()
        self.about.setObjectName("serverAbout")
        self.about.setWordWrap(True)
        self.about.setStyleSheet(SECONDARY_STYLE)

        self.join_form = QWidget()
        self.join_form.setObjectName("serverJoinForm")
        self._build_join_form()
        self.joined = QWidget()
        self.joined.setObjectName("serverJoined")
        self._build_joined()

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.about)
        layout.addWidget(self.join_form)
        layout.addWidget(self.joined)
        layout.addStretch(1)
        self.refresh()

    def _build_join_form(self) -> None:
        self.address = QLineEdit()
        self.address.setObjectName("serverAddress")
        self.address.setPlaceholderText(
            self.tr("postgresql://server.kommun.se/matchning?sslmode=verify-full&sslrootcert=…")
        )
        self.login = QLineEdit()
        self.login.setObjectName("serverLogin")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.address_error = FieldError("serverAddressError", self.tr("Fel i serverns adress"))
        self.login_error = FieldError("serverLoginError", self.tr("Fel i inloggningen"))
        self.password_error = FieldError("serverPasswordError", self.tr("Fel i lösenordet"))
        self.connect_button = QPushButton(self.tr("A&nslut"))
        self.connect_button.setObjectName("serverConnectButton")
        self.connect_button.setAccessibleName(self.tr("Anslut till servern"))
        self.connect_button.clicked.connect(self.join)
        self.result = FieldError("serverResult", self.tr("Anslutningen"))
        self.busy = QLabel(self.tr("Ansluter till servern…"))
        self.busy.setObjectName("serverBusy")
        self.busy.setStyleSheet(SECONDARY_STYLE)
        self.busy.hide()

        form = QFormLayout(self.join_form)
        form.setContentsMargins(0, 8, 0, 0)
        for caption, field, error, hint in (
            (self.tr("A&dress"), self.address, self.address_error, None),
            (
                self.tr("&Inloggning på servern"),
                self.login,
                self.login_error,
                self.tr("Den inloggning IT har gett dig för servern, t.ex. agnes_botkyrka."),
            ),
            (self.tr("&Lösenord"), self.password, self.password_error, None),
        ):
            label = QLabel(caption)
            label.setBuddy(field)
            field.setMaximumWidth(FIELD_WIDTH)
            field.setAccessibleName(caption.replace("&", ""))
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(error)
            if hint:
                accessible.describe(field, hint)
                field.setToolTip(hint)
            form.addRow(label, column)
        accessible.describe(
            self.address,
            self.tr("Serverns adress med verifierat certifikat, som IT har gett dig."),
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow("", self.result)

        self.address.editingFinished.connect(self._check_address)
        clear_when_fixed(
            self.address.textChanged, self.address_error, lambda: self._problem("address")
        )
        clear_when_fixed(self.login.textChanged, self.login_error, lambda: self._problem("login"))
        clear_when_fixed(
            self.password.textChanged, self.password_error, lambda: self._problem("password")
        )
        for field in (self.address, self.login, self.password):
            field.returnPressed.connect(self.join)
            field.textChanged.connect(self._typed)

    def _build_joined(self) -> None:
        self.connection = QLabel()
        self.connection.setObjectName("serverConnection")
        self.connection.setWordWrap(True)
        self.connection.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.disconnect_button = QPushButton(self.tr("&Koppla från…"))
        self.disconnect_button.setObjectName("serverDisconnectButton")
        self.disconnect_button.setAccessibleName(self.tr("Koppla från servern"))
        self.disconnect_button.clicked.connect(self.ask_disconnect)
        row = QHBoxLayout()
        row.addWidget(self.disconnect_button)
        row.addStretch(1)
        layout = QVBoxLayout(self.joined)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.connection)
        layout.addLayout(row)

    # -- state -------------------------------------------------------------------------

    def refresh(self) -> None:
        status = self._service.status()
        self.join_form.setVisible(not status.connected)
        self.joined.setVisible(status.connected)
        if status.connected:
            self.about.setText(
                self.tr(
                    "Datorn synkroniserar med servern: vid start, var femte minut och när du "
                    "väljer Synkronisera nu i statusraden."
                )
            )
            self.connection.setText(self.tr("Ansluten till %1.").replace("%1", status.server or ""))
            self.connection.setAccessibleName(self.connection.text())
        else:
            self.about.setText(
                self.tr(
                    "Datorn arbetar nu bara med sin egen databas. Ansluten till kommunernas "
                    "server delar den arbetsgivare och rekryteringsbehov med alla kommuner, "
                    "och deltagare med den egna kommunen. Adress och inloggning får du av IT."
                )
            )

    # -- joining -----------------------------------------------------------------------

    def _problem(self, field: str) -> str | None:
        if field == "address":
            return _address_problem(self.address.text())
        if field == "login":
            return None if self.login.text().strip() else "Skriv din inloggning på servern."
        return None if self.password.text() else "Skriv lösenordet till inloggningen."

    def _say(self, error: FieldError, field: QLineEdit, text: str | None) -> None:
        error.say(text)
        accessible.say_reason(field, message(text) if text else "")

    def _check_address(self) -> None:
        if self.address.text().strip():  # an empty field is said on Anslut, not on Tab
            self._say(self.address_error, self.address, self._problem("address"))

    def _typed(self) -> None:
        self.result.say(None)

    def join(self) -> bool:
        """Anslut: every field checked at once, the cursor in the first one wrong; then
        the server asked in the background. False if nothing was started."""
        if self._runner.running:
            return False
        fields = (
            ("address", self.address, self.address_error),
            ("login", self.login, self.login_error),
            ("password", self.password, self.password_error),
        )
        first: QLineEdit | None = None
        for name, field, error in fields:
            problem = self._problem(name)
            self._say(error, field, problem)
            if problem and first is None:
                first = field
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.result.say(None)
        service = self._service
        url, login = self.address.text().strip(), self.login.text().strip()
        password = self.password.text()

        def job(_progress: Progress, _cancelled: Cancelled) -> object:
            return service.connect(url, login, password)

        self._set_busy(True)
        self._runner.start(job)
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.connect_button.setEnabled(not busy)
        for field in (self.address, self.login, self.password):
            field.setReadOnly(busy)

    def _joined(self, user_id: object) -> None:
        self._set_busy(False)
        self.password.clear()  # kept in the encrypted database, not in a field
        self.refresh()
        if user_id != self._service.actor.user_id:
            self.restart_needed.emit()
            return
        self.connection.setText(
            self.connection.text()
            + " "
            + self.tr("Den första synkroniseringen börjar nu; statusraden visar hur den går.")
        )
        self.connection.setAccessibleName(self.connection.text())
        self.disconnect_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.connected.emit()

    def _join_failed(self, error: object) -> None:
        self._set_busy(False)
        if isinstance(error, SyncError):
            text = str(error)
        else:
            failure = error if isinstance(error, BaseException) else None
            log.error("connecting failed", exc_info=failure)
            text = UNEXPECTED
        self.result.say(text)
        accessible.say_reason(self.connect_button, message(text))
        self.connect_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- leaving -----------------------------------------------------------------------

    def ask_disconnect(self) -> QMessageBox:
        status = self._service.status()
        text = self.tr(
            "Datorn slutar synkronisera. Det som finns här finns kvar, men ändras inte "
            "längre med kollegernas ändringar."
        )
        if status.waiting:
            text += " " + self.tr(
                "%1 ändringar som inte har skickats till servern skickas aldrig."
            ).replace("%1", str(status.waiting))
        if status.conflicts:
            text += " " + self.tr("%1 konflikter som inte är avgjorda glöms.").replace(
                "%1", str(status.conflicts)
            )
        box = confirm_box(
            self,
            "confirmDisconnect",
            self.tr("Koppla från servern"),
            text,
            act=self.tr("Koppla från"),
            stay=self.tr("Avbryt"),
            act_role=QMessageBox.ButtonRole.DestructiveRole,
            icon=QMessageBox.Icon.Warning,
            act_name="disconnectButton",
            stay_name="stayConnectedButton",
        )
        box.finished.connect(self._disconnect_answered)
        box.open()
        return box

    def _disconnect_answered(self) -> None:
        box = self.sender()
        answer = box.clickedButton() if isinstance(box, QMessageBox) else None
        if answer is not None and answer.objectName() == "disconnectButton":
            if self._before_disconnect is not None:
                self._before_disconnect()
            self._service.disconnect()
            self.refresh()
            self.address.setFocus(Qt.FocusReason.OtherFocusReason)
            self.disconnected.emit()

    def wait(self) -> None:
        self._runner.wait()
