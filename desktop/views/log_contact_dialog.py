"""Logga kontakt: a visit, call, e-mail, meeting or event noted in seconds, at the
employer's site as well as at the desk (everything is local, so it works offline).

Opened from anywhere with Ctrl+K. The employer is found by typing part of its name or
organisationsnummer; the type defaults to a visit and the date to today. Enter saves
(Shift+Enter starts a new line in the text); a refusal keeps everything typed and says
why beside the field.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.models.employer import CONTACT_KINDS
from desktop.services import vocabulary
from desktop.services.employers import (
    ContactData,
    EmployerError,
    EmployerSuggestion,
    LoggedContact,
)
from desktop.store.errors import StoreError
from desktop.views.confirm import confirm_box
from desktop.views.person.widgets import (
    FieldError,
    caption,
    clear_when_fixed,
    combo,
    date_edit,
    line_edit,
    select_data,
)
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label, message

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SUGGEST_DELAY_MS = 80


class ContactLog(Protocol):
    """What the dialog needs of the employer service."""

    def suggest(self, text: str, limit: int = ...) -> list[EmployerSuggestion]: ...

    def contact_problems(
        self, data: ContactData, *, today: dt.date | None = None
    ) -> dict[str, str]: ...

    def log_contact(
        self,
        employer_id: uuid.UUID,
        data: ContactData,
        *,
        today: dt.date | None = None,
        screen: str = ...,
    ) -> LoggedContact: ...


def describe(suggestion: EmployerSuggestion) -> str:
    """One line of the type-ahead: the name, and what tells namesakes apart."""
    parts = [suggestion.name]
    if suggestion.org_number:
        parts.append(suggestion.org_number)
    if suggestion.municipality:
        parts.append(suggestion.municipality)
    return " – ".join(parts)


class EmployerField(QLineEdit):
    """Type part of a name or organisationsnummer, pick from the list that drops down.

    `chosen` is the picked employer (None until one is picked, and again once the text
    is changed by hand)."""

    picked = Signal()

    def __init__(self, log: ContactLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactEmployer")
        self.setAccessibleName(self.tr("Arbetsgivare"))
        self.setPlaceholderText(self.tr("Skriv en del av namnet eller organisationsnumret"))
        self._log = log
        self.chosen: EmployerSuggestion | None = None
        self.suggestions: list[EmployerSuggestion] = []
        self._lines = QStringListModel(self)
        self.completer_ = QCompleter(self._lines, self)
        # The service has matched already (accents, word prefixes, numbers): show all.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setWidget(self)
        self.completer_.activated.connect(self._chosen_from_list)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGEST_DELAY_MS)
        self._timer.timeout.connect(self.refresh_suggestions)
        self.textEdited.connect(self._typed)

    def choose(self, suggestion: EmployerSuggestion) -> None:
        self.chosen = suggestion
        self.setText(suggestion.name)
        self.setToolTip(describe(suggestion))
        self.picked.emit()

    def _typed(self) -> None:
        self.chosen = None
        self.setToolTip("")
        self._timer.start()

    def refresh_suggestions(self, *, drop_down: bool = True) -> None:
        self._timer.stop()
        self.suggestions = self._log.suggest(self.text())
        self._lines.setStringList([describe(s) for s in self.suggestions])
        if drop_down and self.suggestions and self.hasFocus():
            self.completer_.complete()
        elif (popup := self.completer_.popup()) is not None:
            popup.hide()

    def _chosen_from_list(self, line: str) -> None:
        lines = [describe(s) for s in self.suggestions]
        if line in lines:
            # After the completer has written the line into the field.
            suggestion = self.suggestions[lines.index(line)]
            QTimer.singleShot(0, lambda: self.choose(suggestion))

    def resolve(self) -> EmployerSuggestion | None:
        """The employer meant: the one picked, or the only one matching what was typed."""
        if self.chosen is not None:
            return self.chosen
        if self._timer.isActive() or not self.suggestions:
            self.refresh_suggestions(drop_down=False)
        if len(self.suggestions) == 1:
            self.choose(self.suggestions[0])
            return self.chosen
        typed = self.text().strip().casefold()
        exact = [s for s in self.suggestions if s.name.casefold() == typed]
        if len(exact) == 1:
            self.choose(exact[0])
            return self.chosen
        return None


class SummaryEdit(QPlainTextEdit):
    """Multi-line text where Enter saves the dialog and Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class LogContactDialog(QDialog):
    """`logged(employer_id, contact_id)` once the contact is saved (the dialog closes)."""

    logged = Signal(str, str)

    def __init__(
        self,
        log: ContactLog,
        *,
        employer: EmployerSuggestion | None = None,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("logContactDialog")
        self.setWindowTitle(self.tr("Logga kontakt"))
        self.setAccessibleName(self.windowTitle())
        self._log = log
        self._today = today
        self._discarding = False
        self.confirm: QMessageBox | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_form(log))
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.hint)
        layout.addWidget(self._build_buttons())
        self.setMinimumWidth(560)

        self.summary.submitted.connect(self.save)
        self.employer.picked.connect(self._employer_picked)
        # A reason goes as soon as its cause is gone, before Spara is tried again.
        edits: dict[str, QLineEdit | QPlainTextEdit] = {
            "contact_date": self.contact_date,
            "participants": self.participants,
            "summary": self.summary,
            "outcome": self.outcome,
            "next_step": self.next_step,
            "follow_up_on": self.follow_up_on,
        }
        for name, edit in edits.items():
            clear_when_fixed(edit.textChanged, self.errors[name], partial(self._problem_of, name))
        if employer is not None:
            self.employer.choose(employer)
            self.kind.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.employer.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_form(self, log: ContactLog) -> QFormLayout:
        self.employer = EmployerField(log)
        self.kind = combo("contactKind", self.tr("Typ av kontakt"))
        for code in CONTACT_KINDS:
            self.kind.addItem(label(vocabulary.CONTACT_KIND[code]), code)
        self.contact_date = date_edit("contactDate", self.tr("Datum"), self._today())
        self.participants = line_edit(
            "contactParticipants",
            self.tr("Närvarande"),
            placeholder=self.tr("Till exempel: Lena (HR-chef), Omar (platschef)"),
        )
        self.summary = SummaryEdit()
        self.summary.setObjectName("contactSummary")
        self.summary.setAccessibleName(self.tr("Vad sades"))
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(
            self.tr("Vad pratade ni om? (Enter sparar, Skift+Enter ny rad)")
        )
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 4 + 12)
        self.outcome = line_edit(
            "contactOutcome",
            self.tr("Resultat"),
            placeholder=self.tr("Till exempel: De vill ta emot två praktikanter i vår"),
        )
        self.next_step = line_edit(
            "contactNextStep",
            self.tr("Nästa steg"),
            placeholder=self.tr("Till exempel: Skicka två kandidater till lagerjobbet"),
        )
        self.follow_up_on = date_edit("contactFollowUp", self.tr("Uppföljning den"))
        self.follow_up_on.setToolTip(
            self.tr("Ett datum här lägger en uppföljning bland dina uppföljningar.")
        )

        self.errors = {
            name: FieldError(f"{name}Error", self.tr("Fel"))
            for name in (
                "employer", "kind", "contact_date", "participants", "summary",
                "outcome", "next_step", "follow_up_on", "form",
            )
        }  # fmt: skip
        form = QFormLayout()
        rows: list[tuple[str, QWidget, str]] = [
            (self.tr("&Arbetsgivare"), self.employer, "employer"),
            (self.tr("&Typ"), self.kind, "kind"),
            (self.tr("&Datum"), self.contact_date, "contact_date"),
            (self.tr("När&varande"), self.participants, "participants"),
            (self.tr("Vad &sades"), self.summary, "summary"),
            (self.tr("&Resultat"), self.outcome, "outcome"),
            (self.tr("&Nästa steg"), self.next_step, "next_step"),
            (self.tr("&Uppföljning den"), self.follow_up_on, "follow_up_on"),
        ]
        for text, widget, name in rows:
            form.addRow(caption(text, widget), widget)
            form.addRow("", self.errors[name])
        self.hint = QLabel(self.tr("Sparas direkt på datorn – fungerar lika bra utan nätverk."))
        self.hint.setObjectName("offlineHint")
        self.hint.setStyleSheet(SECONDARY_STYLE)
        return form

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Spara (Enter)"))
        self.save_button.setObjectName("saveContactButton")
        self.save_button.setAccessibleName(self.tr("Spara kontakten"))
        self.save_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Avbryt"))
        cancel.setObjectName("cancelButton")
        cancel.setAccessibleName(self.tr("Avbryt"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    def set_kind(self, code: str) -> None:
        select_data(self.kind, code)

    def data(self) -> ContactData:
        return ContactData(
            kind=str(self.kind.currentData()),
            contact_date=self.contact_date.text(),
            participants=self.participants.text(),
            summary=self.summary.toPlainText(),
            outcome=self.outcome.text(),
            next_step=self.next_step.text(),
            follow_up_on=self.follow_up_on.text(),
        )

    def has_input(self) -> bool:
        """Something typed beyond what the dialog fills in by itself."""
        return any(
            (
                self.participants.text().strip(),
                self.summary.toPlainText().strip(),
                self.outcome.text().strip(),
                self.next_step.text().strip(),
                self.follow_up_on.text().strip(),
            )
        )

    def _problem_of(self, name: str) -> str | None:
        return self._log.contact_problems(self.data(), today=self._today()).get(name)

    def _employer_picked(self) -> None:
        self.errors["employer"].say(None)

    def _focus(self, field: str) -> None:
        widgets: dict[str, QWidget] = {
            "employer": self.employer,
            "kind": self.kind,
            "contact_date": self.contact_date,
            "participants": self.participants,
            "summary": self.summary,
            "outcome": self.outcome,
            "next_step": self.next_step,
            "follow_up_on": self.follow_up_on,
        }
        widgets.get(field, self.summary).setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        for error in self.errors.values():
            error.say(None)
        data = self.data()
        problems = dict(self._log.contact_problems(data, today=self._today()))
        employer = self.employer.resolve()
        if employer is None:
            problems["employer"] = (
                self.tr("Skriv en del av arbetsgivarens namn och välj den i listan.")
                if self.employer.text().strip()
                else self.tr("Välj arbetsgivaren.")
            )
            if self.employer.text().strip() and not self.employer.suggestions:
                problems["employer"] = self.tr(
                    "Ingen arbetsgivare matchar det du skrev. Kontrollera stavningen, "
                    "eller lägg in arbetsgivaren under Arbetsgivare först."
                )
        if problems:
            self._show(problems)
            return
        assert employer is not None
        try:
            done = self._log.log_contact(employer.id, data, today=self._today())
        except EmployerError as error:
            self._show(error.problems or {"form": str(error)})
            return
        except StoreError as error:
            self.errors["form"].say(message(str(error)))
            return
        self.logged.emit(str(employer.id), str(done.contact_id))
        self.accept()

    def reject(self) -> None:
        """Esc or Avbryt: what was typed is thrown away only when the user says so."""
        if self._discarding or not self.has_input():
            super().reject()
            return
        if self.confirm is not None:
            return
        box = confirm_box(
            self,
            "confirmDiscardContact",
            self.tr("Logga kontakt"),
            self.tr("Kontakten är inte sparad. Kasta det du har skrivit?"),
            act=self.tr("Kasta"),
            stay=self.tr("Fortsätt skriva"),
            act_role=QMessageBox.ButtonRole.DestructiveRole,
        )
        box.buttonClicked.connect(self._discard_answered)
        self.confirm = box
        box.open()

    def _discard_answered(self, button: QAbstractButton) -> None:
        self.confirm = None
        if button.objectName() == "confirmButton":
            self._discarding = True
            self.reject()

    def _show(self, problems: dict[str, str]) -> None:
        first = None
        for field, reason in problems.items():
            target = field if field in self.errors else "form"
            self.errors[target].say(reason)
            first = first or target
        self._focus(first or "form")
