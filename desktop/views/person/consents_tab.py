"""Samtycken: what the person agreed to, recorded and withdrawn from the person window.

The letters and profiles for employers are refused without a consent to share, and the
refusal sends the agent here. The list shows every consent, newest first; "Registrera
samtycke…" opens the same dialog as the Matchning screen (the kind chosen here), and
"Återkalla…" (or Enter on a consent in force) records that the person took it back.
After a withdrawal the tab says what it means, and offers an administrator "Radera
personen…" with the reason preset to the withdrawn consent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services.consents import (
    KINDS,
    METHODS,
    SHARING,
    ConsentError,
    ConsentRow,
    ConsentService,
)
from desktop.services.validation import parse_date
from desktop.store.errors import StoreError
from desktop.views.consent_dialog import ConsentDialog
from desktop.views.person.widgets import (
    FieldError,
    button,
    caption,
    date_edit,
    heading,
    row_table,
)
from desktop.views.row_table import RowTableModel
from desktop.views.style import SECONDARY
from desktop.views.text import label

ModelIndex = QModelIndex | QPersistentModelIndex
WITHDRAWN_COLOUR = SECONDARY
ERASE_REASON = "samtycke"  # desktop/services/retention/ REASONS: a withdrawn consent


def kind_name(kind: str) -> str:
    return label(KINDS.get(kind, kind))


class ConsentModel(RowTableModel[ConsentRow]):
    """The person's consents as rows; a withdrawn one is greyed."""

    HEADERS = ("Samtycke", "Givet", "Hur", "Registrerat av", "Status", "Anteckning")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = tuple(self.tr(header) for header in self.HEADERS)
        self._today = dt.date.today()

    def set_rows(self, rows: Iterable[ConsentRow], today: dt.date | None = None) -> None:
        """`today` decides which consents are greyed as no longer in force."""
        if today is not None:
            self._today = today
        super().set_rows(rows)

    def status(self, consent: ConsentRow) -> str:
        if consent.withdrawn_on is None:
            return self.tr("Gäller")
        return self.tr("Återkallat %1").replace("%1", consent.withdrawn_on.isoformat())

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        consent = self._cell_row(index)
        if consent is None:
            return None
        if role in {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole}:
            values = (
                kind_name(consent.kind),
                consent.given_on.isoformat(),
                label(METHODS.get(consent.method, consent.method)),
                consent.recorded_by or "",
                self.status(consent),
                " ".join((consent.note or "").split())
                if role == Qt.ItemDataRole.DisplayRole
                else consent.note or "",
            )
            return isolated(values[index.column()])  # the note: see desktop/bidi.py
        if role == Qt.ItemDataRole.ForegroundRole and not consent.in_force(self._today):
            return QColor(WITHDRAWN_COLOUR)
        return None


class WithdrawConsentDialog(QDialog):
    """`withdrawn(consent_id)` once saved. The date is checked by the service's rules,
    shown beside the field; a refusal keeps what was typed."""

    withdrawn = Signal(str)

    def __init__(
        self,
        consents: ConsentService,
        consent: ConsentRow,
        person_name: str,
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("withdrawConsentDialog")
        person_name = isolated(person_name)  # shown in the title and text: desktop/bidi.py
        self.setWindowTitle(self.tr("Återkalla samtycke – %1").replace("%1", person_name))
        self.setAccessibleName(self.windowTitle())
        self._consents = consents
        self.consent = consent
        self._today = today
        what = QLabel(
            self.tr("%1 återkallar samtycket ”%2”, givet %3 (%4).")
            .replace("%1", person_name)
            .replace("%2", kind_name(consent.kind))
            .replace("%3", consent.given_on.isoformat())
            .replace("%4", label(METHODS.get(consent.method, consent.method)).lower())
        )
        what.setObjectName("withdrawWhat")
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        self.date = date_edit("withdrawDate", self.tr("Återkallat från och med"), today())
        self.rules = QLabel(
            self.tr(
                "Den dag personen återkallade samtycket: tidigast %1 (då det gavs), senast i dag."
            ).replace("%1", consent.given_on.isoformat())
        )
        self.rules.setObjectName("withdrawDateRules")
        self.rules.setWordWrap(True)
        self.rules.setStyleSheet(f"color: {WITHDRAWN_COLOUR};")
        self.date_error = FieldError("withdrawDateError", self.tr("Fel i datumet"))
        self.form_error = FieldError("withdrawFormError", self.tr("Fel"))
        form = QFormLayout()
        form.addRow(caption(self.tr("&Datum"), self.date), self.date)
        form.addRow("", self.rules)
        form.addRow("", self.date_error)

        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(
            self.tr("Åte&rkalla samtycket"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("confirmWithdrawButton")
        self.confirm_button.setAccessibleName(self.tr("Återkalla samtycket"))
        self.confirm_button.setDefault(True)
        self.confirm_button.setAutoDefault(False)
        self.cancel_button = buttons.addButton(
            self.tr("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setAccessibleName(self.tr("Avbryt"))
        self.cancel_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.date.textEdited.connect(self._typed)

        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.date.setFocus(Qt.FocusReason.OtherFocusReason)
        self.date.selectAll()

    def _problems(self) -> dict[str, str]:
        return self._consents.withdrawal_problems(
            self.consent.given_on, self.date.text(), today=self._today()
        )

    def _typed(self) -> None:
        # A reason shown goes away once it is put right; a new one waits for Enter.
        if not self._problems():
            self.date_error.say(None)

    def save(self) -> None:
        self.form_error.say(None)
        problems = self._problems()
        if not problems:
            try:
                self._consents.withdraw(
                    self.consent.id,
                    on=parse_date(self.date.text()),
                    today=self._today(),
                    screen="personkort",
                )
            except ConsentError as error:
                problems = error.problems or {"form": str(error)}
            except StoreError as error:
                problems = {"form": str(error)}
        if problems:
            self.date_error.say(problems.get("withdrawn_on"))
            self.form_error.say(problems.get("form"))
            if "withdrawn_on" in problems:
                self.date.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.withdrawn.emit(str(self.consent.id))
        self.accept()


class ConsentsTab(QWidget):
    """`changed()` after a consent was recorded or withdrawn (the header follows);
    `erase_requested(reason)` when an administrator asks to erase the person."""

    changed = Signal()
    erase_requested = Signal(str)

    def __init__(
        self,
        consents: ConsentService,
        person_id: uuid.UUID,
        person_name: str,
        *,
        can_erase: bool = False,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consentsTab")
        self.setAccessibleName(self.tr("Samtycken"))
        self._consents = consents
        self.person_id = person_id
        self.person_name = person_name
        self._can_erase = can_erase
        self._today = today
        self.consent_dialog: ConsentDialog | None = None
        self.withdraw_dialog: WithdrawConsentDialog | None = None
        self._shown_once = False

        intro = QLabel(
            self.tr(
                "Vad personen har samtyckt till. Anvisningsbrev och kandidatprofiler till "
                "arbetsgivare kräver ett gällande samtycke till att dela profilen."
            )
        )
        intro.setObjectName("consentsIntro")
        intro.setWordWrap(True)
        self.model = ConsentModel(self)
        self.table = row_table(
            "consentList",
            self.tr("Personens samtycken"),
            self.model,
            QHeaderView.ResizeMode.ResizeToContents,
        )
        self.table.setToolTip(self.tr("Enter på ett samtycke som gäller: Återkalla…"))
        # Tab leaves the list for the buttons instead of moving from cell to cell.
        self.table.setTabKeyNavigation(False)
        self.empty = QLabel(
            self.tr(
                "Inga samtycken registrerade. Registrera det personen har samtyckt till med "
                "Registrera samtycke…; utan samtycke till att dela profilen kan inga "
                "anvisningsbrev eller kandidatprofiler skrivas ut."
            )
        )
        self.empty.setObjectName("consentsEmpty")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setWordWrap(True)
        self.register_button = button(
            self.tr("Re&gistrera samtycke…"),
            "registerConsentButton",
            self.tr("Registrera ett samtycke som personen har gett"),
        )
        self.withdraw_button = button(
            self.tr("Åter&kalla…"),
            "withdrawConsentButton",
            self.tr("Återkalla det valda samtycket"),
        )
        self.withdraw_button.setToolTip(self.tr("Återkalla det valda samtycket (Enter i listan)"))
        actions = QHBoxLayout()
        actions.addWidget(self.register_button)
        actions.addWidget(self.withdraw_button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Samtycken"), "consentsHeading"))
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        layout.addWidget(self._build_after())

        self.register_button.clicked.connect(self.register)
        self.withdraw_button.clicked.connect(self.ask_withdraw)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.setTabOrder(self.table, self.register_button)
        self.setTabOrder(self.register_button, self.withdraw_button)
        self.setTabOrder(self.withdraw_button, self.erase_button)
        self.reload()

    def _build_after(self) -> QFrame:
        """What a withdrawal means, shown once one is saved."""
        self.after = QFrame()
        self.after.setObjectName("consentWithdrawnPanel")
        self.after.setFrameShape(QFrame.Shape.StyledPanel)
        self.after_text = QLabel()
        self.after_text.setObjectName("consentWithdrawnText")
        self.after_text.setWordWrap(True)
        self.after_text.setTextFormat(Qt.TextFormat.PlainText)
        self.erase_button = button(
            self.tr("Radera personen…"),
            "eraseAfterWithdrawalButton",
            self.tr("Radera personen och allt om den, efter bekräftelse"),
        )
        self.erase_button.clicked.connect(lambda: self.erase_requested.emit(ERASE_REASON))
        layout = QVBoxLayout(self.after)
        layout.addWidget(self.after_text)
        row = QHBoxLayout()
        row.addWidget(self.erase_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.after.hide()
        self.erase_button.setVisible(self._can_erase)
        return self.after

    # Showing ---------------------------------------------------------------------------

    def reload(self, chosen: uuid.UUID | None = None) -> bool:
        """Read the consents again; keep `chosen` (or the first in force) current.
        True when they differ from what was shown."""
        today = self._today()
        rows = self._consents.consents_of(self.person_id)
        differs = rows != self.model.rows()
        self.model.set_rows(rows, today)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        pick = next((i for i, r in enumerate(rows) if r.id == chosen), None)
        if pick is None:
            pick = next((i for i, r in enumerate(rows) if r.withdrawn_on is None), 0)
        if rows:
            self.table.setCurrentIndex(self.model.index(pick, 0))
        self._chosen()
        return differs

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: a consent may have been recorded elsewhere meanwhile (the
        Matchning screen, the person's matching needs); the list and header follow."""
        if self._shown_once:
            current = self.chosen()
            if self.reload(current.id if current else None):
                self.changed.emit()
        self._shown_once = True
        super().showEvent(event)

    def chosen(self) -> ConsentRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _chosen(self, *_: object) -> None:
        consent = self.chosen()
        self.withdraw_button.setEnabled(consent is not None and consent.withdrawn_on is None)

    # Registering -----------------------------------------------------------------------

    def register(self) -> ConsentDialog:
        """The consent dialog for this person, the kind chosen (open(), not exec())."""
        dialog = ConsentDialog(
            self._consents,
            self.person_id,
            self.person_name,
            kind=None,
            today=self._today,
            screen="personkort",
            parent=self,
        )
        dialog.recorded.connect(self._recorded)
        self.consent_dialog = dialog
        dialog.open()
        return dialog

    def _recorded(self, _person_id: str, _kind: str) -> None:
        self.after.hide()
        self.reload()
        self.changed.emit()

    # Withdrawing -----------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        consent = self.model.row_at(index.row())
        if consent is not None and consent.withdrawn_on is None:
            self.ask_withdraw()

    def ask_withdraw(self) -> WithdrawConsentDialog | None:
        consent = self.chosen()
        if consent is None or consent.withdrawn_on is not None:
            return None
        dialog = WithdrawConsentDialog(
            self._consents, consent, self.person_name, today=self._today, parent=self
        )
        dialog.withdrawn.connect(lambda _id: self._withdrawn(consent))
        self.withdraw_dialog = dialog
        dialog.open()
        return dialog

    def _withdrawn(self, consent: ConsentRow) -> None:
        self.reload(consent.id)
        self.after_text.setText(self._meaning(consent))
        self.after.show()
        self.changed.emit()
        focus = self.erase_button if self._can_erase else self.table
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _meaning(self, consent: ConsentRow) -> str:
        if consent.kind == SHARING:
            what = self.tr(
                "Samtycket till att dela profilen med arbetsgivare är återkallat. Så länge "
                "inget nytt samtycke gäller kan personen inte föreslås för arbetsgivare, "
                "och anvisningsbrev och kandidatprofiler med namn skrivs inte ut."
            )
        else:
            what = self.tr(
                "Samtycket till behandling av personuppgifter är återkallat. Om "
                "behandlingen bara vilade på samtycket ska uppgifterna om personen raderas."
            )
        if self._can_erase:
            then = self.tr(
                "Begär personen att uppgifterna raderas: Radera personen… (skälet "
                "återkallat samtycke är redan valt)."
            )
        else:
            then = self.tr(
                "Begär personen att uppgifterna raderas kan en administratör radera "
                "personen från personens sida."
            )
        return f"{what}\n{then}"
