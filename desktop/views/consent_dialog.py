"""Registrera samtycke: what a person agreed to, how, and when, recorded in seconds.

Opened where a missing consent stops the work: proposing someone to an employer needs
their consent to share the profile, so from the Matchning screen the kind is fixed to
that. From the Samtycken tab of the person window the kind is chosen. The date
defaults to today. The reason for a problem is shown beside its field
once the user has left it (or tried to save); a refusal keeps everything typed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services.consents import KINDS, METHODS, SHARING, ConsentError
from desktop.store.errors import StoreError
from desktop.views.person.widgets import (
    FieldError,
    caption,
    combo,
    date_edit,
    on_save_keys,
    select_data,
    text_edit,
)
from desktop.views.text import label, message

FIELDS = ("kind", "method", "given_on", "note")


class ConsentRecorder(Protocol):
    """What the dialog needs of the consent service."""

    def problems(
        self, kind: str, method: str, given_on: str, note: str = "", *, today: dt.date | None
    ) -> dict[str, str]: ...

    def record(
        self,
        person_id: uuid.UUID,
        kind: str,
        method: str,
        given_on: str,
        note: str = "",
        *,
        today: dt.date | None = None,
        screen: str = ...,
    ) -> uuid.UUID: ...


class ConsentDialog(QDialog):
    """`recorded(person_id, kind)` once the consent is saved (the dialog then closes).

    With `kind` the dialog records that kind only (shown, not changeable); without it
    the user chooses.
    """

    recorded = Signal(str, str)

    def __init__(
        self,
        consents: ConsentRecorder,
        person_id: uuid.UUID,
        person_name: str,
        *,
        kind: str | None = SHARING,
        today: Callable[[], dt.date] = clock.today,
        screen: str = "samtycke",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consentDialog")
        person_name = isolated(person_name)  # shown in the title and text: desktop/bidi.py
        self.setWindowTitle(self.tr("Registrera samtycke – %1").replace("%1", person_name))
        self.setAccessibleName(self.windowTitle())
        self._consents = consents
        self.person_id = person_id
        self._today = today
        self._screen = screen
        self._touched: set[str] = set()
        self._revealed = False

        intro = QLabel(
            self.tr(
                "Registrera samtycket som %1 har gett. Förklara gärna genom tolk vad det "
                "gäller; det kan återkallas senare."
            ).replace("%1", person_name)
        )
        intro.setObjectName("consentIntro")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._build_form(kind))
        layout.addWidget(self.errors["form"])
        layout.addWidget(self._build_buttons())
        self.setMinimumWidth(520)
        first = self.kind if self.kind.isEnabled() else self.method
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_form(self, kind: str | None) -> QFormLayout:
        self.kind = combo("consentKind", self.tr("Vad samtycket gäller"))
        self.kind.addItem(self.tr("Välj…"), "")
        for code, name in KINDS.items():
            self.kind.addItem(label(name), code)
        if kind is not None:
            select_data(self.kind, kind)
            # Opened to record this kind: shown, not to be changed here.
            self.kind.setEnabled(False)
        self.method = combo("consentMethod", self.tr("Hur samtycket gavs"))
        self.method.addItem(self.tr("Välj…"), "")
        for code, name in METHODS.items():
            self.method.addItem(label(name), code)
        self.given_on = date_edit("consentDate", self.tr("Datum för samtycket"), self._today())
        self.note: QPlainTextEdit = text_edit("consentNote", self.tr("Anteckning"), lines=3)
        self.note.setPlaceholderText(self.tr("Till exempel vilken tolk som var med"))
        self.errors = {
            name: FieldError(f"consent_{name}Error", self.tr("Fel")) for name in (*FIELDS, "form")
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, QWidget, str]] = [
            (self.tr("&Gäller"), self.kind, "kind"),
            (self.tr("&Hur det gavs"), self.method, "method"),
            (self.tr("&Datum"), self.given_on, "given_on"),
            (self.tr("&Anteckning"), self.note, "note"),
        ]
        for text, widget, name in rows:
            form.addRow(caption(text, widget), widget)
            form.addRow("", self.errors[name])

        self.kind.currentIndexChanged.connect(lambda _=0: self._left("kind"))
        self.method.currentIndexChanged.connect(lambda _=0: self._left("method"))
        self.given_on.editingFinished.connect(lambda: self._left("given_on"))
        self.given_on.textEdited.connect(self._typed)
        self.note.textChanged.connect(self._typed)
        return form

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Spara samtycket"))
        self.save_button.setObjectName("saveConsentButton")
        self.save_button.setAccessibleName(self.tr("Spara samtycket"))
        self.save_button.setToolTip(self.tr("Spara (Enter eller Ctrl+Enter)"))
        self.save_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        # Neither takes over Enter when it has had the focus: after a refused save,
        # Enter in a field still saves.
        self.save_button.setAutoDefault(False)
        cancel.setAutoDefault(False)
        cancel.setText(self.tr("Avbryt"))
        cancel.setObjectName("cancelButton")
        cancel.setAccessibleName(self.tr("Avbryt"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        on_save_keys(self, self.save)
        return buttons

    # What is typed ---------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {
            "kind": str(self.kind.currentData() or ""),
            "method": str(self.method.currentData() or ""),
            "given_on": self.given_on.text(),
            "note": self.note.toPlainText(),
        }

    def _problems(self) -> dict[str, str]:
        v = self.values()
        return self._consents.problems(
            v["kind"], v["method"], v["given_on"], v["note"], today=self._today()
        )

    def _left(self, name: str) -> None:
        self._touched.add(name)
        self._show(self._problems())

    def _typed(self) -> None:
        # While typing, a reason already shown goes away once it is put right; new ones
        # wait until the field is left.
        problems = self._problems()
        for name in FIELDS:
            if name not in problems:
                self.errors[name].say(None)

    def _show(self, problems: dict[str, str]) -> None:
        for name in FIELDS:
            visible = self._revealed or name in self._touched
            self.errors[name].say(problems.get(name) if visible else None)

    # Saving ------------------------------------------------------------------------------

    def save(self) -> None:
        self.errors["form"].say(None)
        self._revealed = True
        problems = self._problems()
        if problems:
            self._refuse(problems)
            return
        v = self.values()
        try:
            self._consents.record(
                self.person_id,
                v["kind"],
                v["method"],
                v["given_on"],
                v["note"],
                today=self._today(),
                screen=self._screen,
            )
        except ConsentError as error:
            self._refuse(error.problems or {"form": str(error)})
            return
        except StoreError as error:
            self.errors["form"].say(message(str(error)))
            return
        self.recorded.emit(str(self.person_id), v["kind"])
        self.accept()

    def _refuse(self, problems: dict[str, str]) -> None:
        self._show(problems)
        rest = [text for name, text in problems.items() if name not in FIELDS]
        self.errors["form"].say("\n".join(rest) or None)
        widgets: dict[str, QWidget] = {
            "kind": self.kind,
            "method": self.method,
            "given_on": self.given_on,
            "note": self.note,
        }
        first = next((name for name in FIELDS if name in problems), None)
        if first is not None and widgets[first].isEnabled():
            widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)
