"""Ny arbetsgivare: the employer's details and, if known, a first contact person.

The dialog saves through EmployerService.create and stays open on any refusal, with the
reason beside its field and everything typed kept. An employer that may already be in
the register is shown: the same organisationsnummer is opened instead (the register has
each employer once); a similar name is listed for the caseworker to open, or to confirm
that this is another employer and save anyway.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.employers import (
    EmployerData,
    EmployerDuplicates,
    EmployerError,
    EmployerMatch,
    EmployerService,
    PossibleDuplicateError,
)
from desktop.services.orgnumber import org_number_complete, org_number_problem
from desktop.services.reference import ReferenceService
from desktop.views.employer.fields import ContactPersonFields, EmployerFields, chain_focus
from desktop.views.person.widgets import FieldError, select_data
from desktop.views.placement import FittingScroll
from desktop.views.style import SECONDARY_STYLE


def describe(match: EmployerMatch) -> str:
    """ "Granbergs Åkeri AB, 556120-0349, Botkyrka": enough to tell employers apart."""
    return ", ".join(part for part in (match.name, match.org_number, match.municipality) if part)


DIALOG_FORM_WIDTH = 580


class NewEmployerDialog(QDialog):
    """`created(employer_id)` once saved (the dialog then closes); `open_existing(id)`
    when the caseworker says the employer is one already in the register."""

    created = Signal(str)
    open_existing = Signal(str)

    def __init__(
        self,
        employers: EmployerService,
        reference: ReferenceService,
        agents: Sequence[tuple[uuid.UUID, str]],
        me: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newEmployerDialog")
        self.setWindowTitle(self.tr("Ny arbetsgivare"))
        self.setAccessibleName(self.windowTitle())
        self._employers = employers
        self.employer_id: uuid.UUID | None = None

        # Two lines as written: a wrapping label makes the dialog too short for the form.
        intro = QLabel(
            self.tr(
                "Organisationsnumret visar om arbetsgivaren redan finns i registret.\n"
                "En enskild firma har ägarens personnummer."
            )
        )
        intro.setObjectName("newEmployerIntro")
        self.fields = EmployerFields(reference, agents, employers.industries())
        select_data(self.fields.agent, str(me))
        self.fields.status.set_value("prospekt")
        self.contact = ContactPersonFields(
            self.tr("Kontaktperson (kan fyllas i senare)"), "contact", mnemonics=False
        )

        self.duplicates = QWidget()
        self.duplicates.setObjectName("employerDuplicates")
        self.duplicates.setAccessibleName(self.tr("Arbetsgivare som kanske redan finns"))
        self._duplicates_layout = QVBoxLayout(self.duplicates)
        self._duplicates_layout.setContentsMargins(0, 0, 0, 0)
        self.duplicates.hide()
        self.open_buttons: list[QPushButton] = []
        self.confirm_button: QPushButton | None = None
        self.form_error = FieldError("newEmployerError", self.tr("Fel"))

        box = self._buttons()
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)

        body = QWidget()
        body.setObjectName("newEmployerBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(intro)
        inner.addSpacing(4)
        inner.addWidget(self.fields)
        inner.addSpacing(6)
        inner.addWidget(self.contact)
        inner.addWidget(self.duplicates)
        inner.addWidget(self.form_error)
        layout = QVBoxLayout(self)
        # On a screen too low for the form (1366×768 at 200 %) it scrolls; the buttons
        # stay below it, on the screen.
        layout.addWidget(FittingScroll(body, reserve=box.sizeHint().height() + 40))
        layout.addWidget(box)
        # Wrapped reasons and the duplicates grow the dialog rather than squeeze the form.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.fields.setMinimumWidth(DIALOG_FORM_WIDTH)

        self.fields.org_number.textChanged.connect(self._number_typed)
        self.fields.org_number.editingFinished.connect(self._check_number)
        self.fields.name.textEdited.connect(self._forget_duplicates)
        self.fields.edited.connect(self._recheck)
        contact = self.contact
        chain_focus(
            [
                self.fields.focus_chain[-1],
                contact.name,
                contact.role,
                contact.phone,
                contact.email,
                self.save_button,
                cancel,
            ]
        )
        self.fields.org_number.setFocus()

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Spara arbetsgivaren"))
        self.save_button.setObjectName("saveEmployerButton")
        self.save_button.setAccessibleName(self.tr("Spara arbetsgivaren"))
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Avbryt"))
        cancel.setObjectName("cancelButton")
        cancel.setAccessibleName(self.tr("Avbryt"))
        box.accepted.connect(self.submit)
        box.rejected.connect(self.reject)
        return box

    # Checks while typing -----------------------------------------------------------------

    def _number_typed(self, text: str) -> None:
        """As the number is typed: once all its digits are there, its shape and check
        digit, then whether an employer in the register has it (one indexed lookup); a
        half-typed number is no error."""
        if self.duplicates.isVisible():
            self._clear_duplicates()  # found for the number and name as they were
        data = EmployerData(org_number=text)
        note = self._employers.notes(data).get("org_number")
        problem = org_number_problem(text) if org_number_complete(text) else None
        if note and problem is None:
            same = self._employers.duplicates(data).same_number
            if same is not None:
                problem = self.tr(
                    "En arbetsgivare med samma organisationsnummer finns redan: %1."
                ).replace("%1", describe(same))
                self._show_duplicates(
                    PossibleDuplicateError(EmployerDuplicates(same, ())), focus=False
                )
        self.fields.show_org_number(note, problem)

    def _check_number(self) -> None:
        """Leaving the field: a half-typed number is now an error too."""
        text = self.fields.org_number.text()
        if org_number_complete(text):
            return  # judged as it was typed
        data = self.fields.data()
        self.fields.show_org_number(
            self._employers.notes(data).get("org_number"), org_number_problem(text)
        )

    def _forget_duplicates(self) -> None:
        # What was found belongs to the number and name as they were.
        if self.duplicates.isVisible():
            self._clear_duplicates()
            self._number_typed(self.fields.org_number.text())

    def _recheck(self) -> None:
        """A reason shown after Spara goes as soon as its cause is gone."""
        self.fields.clear_fixed(self._employers.problems(self.fields.data()))
        if self.form_error.text() and not any(e.text() for e in self.fields.errors.values()):
            self.form_error.say(None)

    # Saving ------------------------------------------------------------------------------

    def submit(self, *, confirmed: bool = False) -> None:
        """Save; a refusal is shown beside its field and nothing typed is touched."""
        self.form_error.say(None)
        data = self.fields.data()
        problems = self._employers.problems(data)
        contact_problems = (
            {}
            if self.contact.is_empty()
            else self._employers.contact_person_problems(self.contact.data())
        )
        if problems or contact_problems:
            self._show_problems(problems, contact_problems)
            return
        try:
            employer_id = self._employers.create(data, confirmed=confirmed)
        except PossibleDuplicateError as found:
            self._show_problems({}, {})
            self._show_duplicates(found)
            return
        except EmployerError as refused:
            self._show_problems(refused.problems or {"form": str(refused)}, {})
            return
        self.employer_id = employer_id
        if not self.contact.is_empty():
            # Checked above, so only a failure of the store itself could stop it.
            self._employers.add_contact_person(employer_id, self.contact.data())
        self.created.emit(str(employer_id))
        self.accept()

    def _show_problems(
        self, problems: Mapping[str, str], contact_problems: Mapping[str, str]
    ) -> None:
        self.fields.show_problems(problems)
        self.fields.show_org_number(
            self._employers.notes(self.fields.data()).get("org_number"), problems.get("org_number")
        )
        self.contact.show_problems(contact_problems)
        general = problems.get("form")
        if general:
            self.form_error.say(general)
        elif problems or contact_problems:
            self.form_error.say(
                self.tr("Arbetsgivaren är inte sparad. Rätta det som är markerat med rött.")
            )
        focus = self.fields.first_with_problem(problems) or self.contact.first_with_problem(
            contact_problems
        )
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    # Possible duplicates -----------------------------------------------------------------

    def _clear_duplicates(self) -> None:
        while (item := self._duplicates_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.setParent(None)  # gone from the dialog at once, deleted soon
                widget.deleteLater()
        self.open_buttons = []
        self.confirm_button = None
        self.duplicates.hide()

    def _show_duplicates(self, found: PossibleDuplicateError, *, focus: bool = True) -> None:
        self._clear_duplicates()
        same = found.duplicates.same_number
        if same is not None:
            frame = self._frame("sameOrgNumber", "#b3261e")
            layout = frame.layout()
            assert isinstance(layout, QVBoxLayout)
            title = QLabel(self.tr("Arbetsgivaren finns redan med samma organisationsnummer"))
            title.setStyleSheet("font-weight: 600; color: #b3261e;")
            layout.addWidget(title)
            layout.addWidget(self._match_label(same))
            layout.addWidget(
                self._hint(
                    self.tr(
                        "Varje arbetsgivare finns bara en gång i registret. Öppna den och "
                        "gör ändringarna där."
                    )
                )
            )
            button = self._button(
                self.tr("Öppna den &befintliga"),
                "openSameNumber",
                self.tr("Öppna %1").replace("%1", describe(same)),
                same,
            )
            layout.addLayout(self._row(button))
            self._duplicates_layout.addWidget(frame)
            self.fields.errors["org_number"].say(str(found))
        else:
            frame = self._frame("similarEmployers", "#c9a227")
            layout = frame.layout()
            assert isinstance(layout, QVBoxLayout)
            title = QLabel(self.tr("Det finns arbetsgivare med liknande namn"))
            title.setStyleSheet("font-weight: 600;")
            layout.addWidget(title)
            layout.addWidget(
                self._hint(
                    self.tr(
                        "Kontrollera att det inte är någon av dem. Är det samma, öppna den "
                        "i stället."
                    )
                )
            )
            for index, match in enumerate(found.duplicates.similar):
                button = self._button(
                    self.tr("Samma – öppna"),
                    f"openSimilar_{index}",
                    self.tr("Det är samma arbetsgivare: öppna %1").replace("%1", describe(match)),
                    match,
                )
                line = QHBoxLayout()
                line.addWidget(self._match_label(match), 1)
                line.addWidget(button)
                layout.addLayout(line)
            self.confirm_button = QPushButton(self.tr("Det är en ny arbetsgivare – spara &ändå"))
            self.confirm_button.setObjectName("confirmNewEmployer")
            self.confirm_button.setAccessibleName(self.tr("Det är en ny arbetsgivare: spara ändå"))
            self.confirm_button.setAutoDefault(False)
            self.confirm_button.clicked.connect(lambda _checked=False: self.submit(confirmed=True))
            layout.addLayout(self._row(self.confirm_button))
            self._duplicates_layout.addWidget(frame)
        self.duplicates.show()
        if focus:
            self.open_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _frame(self, name: str, border: str) -> QFrame:
        frame = QFrame()
        frame.setObjectName(name)
        frame.setAccessibleName(self.tr("Arbetsgivare som kanske redan finns"))
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet(f"QFrame#{name} {{ border: 1px solid {border}; border-radius: 4px; }}")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(10, 8, 10, 8)
        return frame

    def _match_label(self, match: EmployerMatch) -> QLabel:
        shown = QLabel(describe(match))
        shown.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        shown.setWordWrap(True)
        shown.setStyleSheet("font-size: 11pt;")
        return shown

    @staticmethod
    def _hint(text: str) -> QLabel:
        hint = QLabel(text)
        hint.setWordWrap(True)
        hint.setStyleSheet(SECONDARY_STYLE)
        return hint

    def _button(self, text: str, name: str, accessible: str, match: EmployerMatch) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False, chosen=str(match.id): self._open(chosen))
        self.open_buttons.append(button)
        return button

    @staticmethod
    def _row(button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        return row

    def _open(self, employer_id: str) -> None:
        """The employer is one already registered: open it rather than add it again."""
        self.open_existing.emit(employer_id)
        self.reject()
