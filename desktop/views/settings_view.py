"""Administration → Inställningar: the settings kept in the database for everyone.

(The window geometry and other UI state are in desktop/views/settings.py instead.)
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services.settings import LIMITS, AppSettings, SettingsError, SettingsService
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import message


class SettingsView(QWidget):
    """Auto-lock minutes and backups kept; `saved` carries the values as stored."""

    saved = Signal(object)

    def __init__(self, settings: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsView")
        self.setAccessibleName(self.tr("Inställningar"))
        self._settings = settings

        self.auto_lock = self._spin_box(
            "autoLockMinutes", self.tr("Lås efter minuter utan aktivitet"), "auto_lock_minutes"
        )
        self.auto_lock.setSuffix(self.tr(" min"))
        self.backups = self._spin_box(
            "backupsKept", self.tr("Antal automatiska säkerhetskopior som sparas"), "backups_kept"
        )
        self.fields = {"auto_lock_minutes": self.auto_lock, "backups_kept": self.backups}
        self.errors: dict[str, QLabel] = {}
        for name in self.fields:
            error = QLabel()
            error.setObjectName(f"{name}Error")
            error.setAccessibleName(self.tr("Fel i värdet"))
            error.setWordWrap(True)
            error.setStyleSheet("color: #b3261e;")
            error.hide()
            self.errors[name] = error

        intro = QLabel(self.tr("Inställningarna gäller alla som använder den här databasen."))
        intro.setWordWrap(True)
        form = QFormLayout()
        lock_label = QLabel(self.tr("&Lås efter"))
        lock_label.setBuddy(self.auto_lock)
        minutes = self.tr("minuter utan aktivitet")
        form.addRow(lock_label, self._field_column("auto_lock_minutes", minutes))
        backups_label = QLabel(self.tr("Säkerhets&kopior att spara"))
        backups_label.setBuddy(self.backups)
        kept = self.tr("automatiska kopior, de äldsta tas bort")
        form.addRow(backups_label, self._field_column("backups_kept", kept))

        self.save_button = QPushButton(self.tr("&Spara"))
        self.save_button.setObjectName("saveSettingsButton")
        self.save_button.setAccessibleName(self.tr("Spara inställningarna"))
        self.save_button.clicked.connect(self.save)
        self.notice = QLabel()
        self.notice.setObjectName("settingsNotice")
        self.notice.setAccessibleName(self.tr("Meddelande"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.notice, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.load()
        # The box would quietly put back the old number when it loses focus; say
        # instead, as it is typed, why the number cannot be used.
        for name, box in self.fields.items():
            box.lineEdit().textChanged.connect(partial(self._typed, name))

    def _spin_box(self, name: str, accessible: str, field: str) -> QSpinBox:
        box = QSpinBox()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        low, high = LIMITS[field]
        box.setRange(low, high)
        box.setFixedWidth(130)
        return box

    def _field_column(self, field: str, hint_text: str) -> QWidget:
        """The box with its range below it and, when needed, why the number is wrong."""
        low, high = LIMITS[field]
        hint = QLabel(f"{hint_text} ({low}–{high})")
        hint.setObjectName(f"{field}Hint")
        hint.setStyleSheet(SECONDARY_STYLE)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.fields[field])
        layout.addWidget(hint)
        layout.addWidget(self.errors[field])
        return column

    def _typed(self, field: str, _text: str) -> None:
        self._check(field)

    def _check(self, field: str) -> bool:
        box = self.fields[field]
        good = box.hasAcceptableInput()
        self.notice.clear()  # "Sparat." no longer describes what is on screen
        low, high = LIMITS[field]
        self._show_error(field, "" if good else f"Värdet ska vara mellan {low} och {high}.")
        self.save_button.setEnabled(all(f.hasAcceptableInput() for f in self.fields.values()))
        return good

    def _show_error(self, field: str, text: str) -> None:
        self.errors[field].setText(message(text))
        self.errors[field].setVisible(bool(text))

    def load(self) -> None:
        self._show(self._settings.get())

    def _show(self, values: AppSettings) -> None:
        self.auto_lock.setValue(values.auto_lock_minutes)
        self.backups.setValue(values.backups_kept)

    def save(self) -> None:
        self.notice.clear()
        checked = [self._check(field) for field in self.fields]  # every field says why
        if not all(checked):
            return
        try:
            self._settings.update(
                auto_lock_minutes=self.auto_lock.value(), backups_kept=self.backups.value()
            )
        except SettingsError as error:
            if error.field not in self.fields:
                raise
            self._show_error(error.field, str(error))
            self.fields[error.field].setFocus()
            return
        values = self._settings.get()
        self._show(values)
        self.notice.setText(self.tr("Sparat."))
        self.saved.emit(values)
