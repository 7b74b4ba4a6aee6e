"""The "Kontaktpersoner" tab: the people the project deals with at the employer.

Someone who has left is marked so and stays in the list, greyed, because the contact
log names who was met; nobody is deleted. Adding and editing share one form under the
list: Enter (or "Ändra") on a row puts that person in it.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services.employers import (
    ContactPersonData,
    ContactPersonRow,
    EmployerError,
    EmployerService,
    StaleError,
)
from desktop.services.search import fold
from desktop.views.employer.fields import ContactPersonFields
from desktop.views.person.widgets import (
    FieldError,
    Notice,
    button,
    heading,
    on_save_keys,
    row_table,
)
from desktop.views.row_table import RowTableModel
from desktop.views.style import SECONDARY_STYLE

_ModelIndex = QModelIndex | QPersistentModelIndex
INACTIVE_COLOUR = "#8a8a8a"
FORM_WIDTH = 640
# A new contact person is stored at the first version.
FIRST_VERSION = 1


def ordered(people: Sequence[ContactPersonRow]) -> list[ContactPersonRow]:
    """Those still at the employer first, then by name (as the service orders them)."""
    return sorted(people, key=lambda p: (not p.active, fold(p.name), p.name))


class ContactPersonModel(RowTableModel[ContactPersonRow]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Namn"),
            self.tr("Roll"),
            self.tr("Telefon"),
            self.tr("E-post"),
            self.tr("Status"),
        )

    def _arranged(self, rows: Iterable[ContactPersonRow]) -> list[ContactPersonRow]:
        return ordered(list(rows))

    def person(self, row: int) -> ContactPersonRow | None:
        return self.row_at(row)

    def row_of(self, person_id: uuid.UUID) -> int:
        return next((i for i, p in enumerate(self._rows) if p.id == person_id), -1)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self._cell_row(index)
        if person is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            values = (
                person.name,
                person.role or "",
                person.phone or "",
                person.email or "",
                self.tr("Aktiv") if person.active else self.tr("Har slutat"),
            )
            return isolated(values[index.column()])  # see desktop/bidi.py
        if role == Qt.ItemDataRole.ForegroundRole and not person.active:
            return QBrush(QColor(INACTIVE_COLOUR))
        if role == Qt.ItemDataRole.FontRole and not person.active:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class ContactPersonsTab(QWidget):
    """`changed()` after anyone is added, edited, or marked as left or back."""

    changed = Signal()

    def __init__(
        self,
        employers: EmployerService,
        employer_id: uuid.UUID,
        people: Sequence[ContactPersonRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactPersonsTab")
        self.setAccessibleName(self.tr("Kontaktpersoner"))
        self._employers = employers
        self._employer_id = employer_id
        # The person in the form; None while adding a new one.
        self.editing: ContactPersonRow | None = None

        self.model = ContactPersonModel(self)
        self.table = self._build_table()
        self.empty = QLabel(self.tr("Inga kontaktpersoner ännu. Lägg till den första nedan."))
        self.empty.setObjectName("noContactPersons")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setStyleSheet(SECONDARY_STYLE)

        self.edit_button = button(
            self.tr("&Ändra"), "editContactPersonButton", self.tr("Ändra den valda kontaktpersonen")
        )
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_row(self._current()))
        self.active_button = button(
            self.tr("&Markera som slutat"),
            "toggleContactPersonButton",
            self.tr("Markera den valda kontaktpersonen som slutat"),
        )
        self.active_button.clicked.connect(self.toggle_active)
        list_actions = QHBoxLayout()
        list_actions.addWidget(self.edit_button)
        list_actions.addWidget(self.active_button)
        list_actions.addStretch(1)

        self.form = self._build_form()

        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_actions)
        layout.addSpacing(8)
        layout.addWidget(self.form)

        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.model.set_rows(people)
        if self.model.rowCount():
            # On a row from the start, so that Ändra and the arrows work at once.
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.new_person()

    def _build_table(self) -> QTableView:
        table = row_table(
            "contactPersonTable",
            self.tr("Kontaktpersoner"),
            self.model,
            QHeaderView.ResizeMode.Interactive,
        )
        for column, width in enumerate((200, 190, 130, 300)):
            table.horizontalHeader().resizeSection(column, width)
        table.setWordWrap(False)
        table.activated.connect(lambda index: self.edit_row(index.row()))
        return table

    def _build_form(self) -> QWidget:
        self.form_heading = heading(self.tr("Ny kontaktperson"), "contactPersonFormHeading")
        self.fields = ContactPersonFields(self.tr("Kontaktperson"), "contactPerson")
        self.fields.setTitle("")
        self.save_button = button(
            self.tr("&Spara kontaktperson"), "saveContactPersonButton", self.tr("Spara")
        )
        self.save_button.setToolTip(self.tr("Spara (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = button(
            self.tr("Avbr&yt ändringen"), "cancelContactPersonButton", self.tr("Avbryt ändringen")
        )
        self.cancel_button.clicked.connect(self.new_person)
        self.error = FieldError("contactPersonError", self.tr("Fel"))
        self.notice = Notice("contactPersonNotice", self.tr("Meddelande"))
        form_actions = QHBoxLayout()
        form_actions.addWidget(self.save_button)
        form_actions.addWidget(self.cancel_button)
        form_actions.addWidget(self.error, 1)
        form_actions.addWidget(self.notice, 1)
        form_actions.addStretch(0)
        form = QWidget()
        form.setMaximumWidth(FORM_WIDTH)
        form.setObjectName("contactPersonForm")
        form.setAccessibleName(self.tr("Kontaktperson"))
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.form_heading)
        form_layout.addWidget(self.fields)
        form_layout.addLayout(form_actions)
        on_save_keys(form, self.save)
        return form

    # The list ----------------------------------------------------------------------------

    def _current(self) -> int:
        return self.table.currentIndex().row()

    def reload(self) -> None:
        """Read the people again (someone may have changed them in another window)."""
        current = self.model.person(self._current())
        self._show_rows(
            self._employers.contact_persons(self._employer_id),
            current.id if current is not None else None,
        )

    def _show_rows(self, rows: Sequence[ContactPersonRow], select: uuid.UUID | None) -> None:
        self.model.set_rows(rows)
        if select is not None and (row := self.model.row_of(select)) >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def _replace(self, person: ContactPersonRow) -> None:
        rows = [person if p.id == person.id else p for p in self.model.rows()]
        if person.id not in {p.id for p in rows}:
            rows.append(person)
        self._show_rows(rows, person.id)

    def _update_buttons(self) -> None:
        person = self.model.person(self._current())
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.table.setVisible(has_rows)
        self.edit_button.setEnabled(person is not None)
        self.active_button.setEnabled(person is not None)
        if person is not None and not person.active:
            self.active_button.setText(self.tr("&Markera som aktiv"))
            self.active_button.setAccessibleName(
                self.tr("Markera den valda kontaktpersonen som aktiv igen")
            )
        else:
            self.active_button.setText(self.tr("&Markera som slutat"))
            self.active_button.setAccessibleName(
                self.tr("Markera den valda kontaktpersonen som slutat")
            )
        self.cancel_button.setVisible(self.editing is not None)

    def toggle_active(self) -> None:
        person = self.model.person(self._current())
        if person is None:
            return
        self.error.say(None)
        try:
            version = self._employers.set_contact_person_active(
                person.id, person.version, not person.active
            )
        except StaleError as stale:
            self.error.say(str(stale))
            return
        changed = dataclasses.replace(person, version=version, active=not person.active)
        self._replace(changed)
        if self.editing is not None and self.editing.id == person.id:
            self.editing = changed
        self.notice.say(
            self.tr("%1 är markerad som aktiv.").replace("%1", isolated(person.name))
            if changed.active
            else self.tr("%1 är markerad som slutat och finns kvar i listan.").replace(
                "%1", isolated(person.name)
            )
        )
        self.changed.emit()

    # The form ----------------------------------------------------------------------------

    def new_person(self) -> None:
        """An empty form for someone new."""
        self.editing = None
        self.fields.fill(ContactPersonData())
        self.form_heading.setText(self.tr("Ny kontaktperson"))
        self.save_button.setText(self.tr("&Spara kontaktperson"))
        self.error.say(None)
        self._update_buttons()

    def edit_row(self, row: int) -> None:
        person = self.model.person(row)
        if person is None:
            return
        self.editing = person
        self.fields.fill(
            ContactPersonData(
                person.name, person.role or "", person.phone or "", person.email or ""
            )
        )
        self.form_heading.setText(self.tr("Ändra %1").replace("%1", isolated(person.name)))
        self.save_button.setText(self.tr("&Spara ändringarna"))
        self.error.say(None)
        self.notice.say("")
        self._update_buttons()
        self.fields.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_input(self) -> bool:
        data = self.fields.data()
        if self.editing is None:
            return not self.fields.is_empty()
        person = self.editing
        return data != ContactPersonData(
            person.name, person.role or "", person.phone or "", person.email or ""
        )

    def save(self) -> None:
        self.error.say(None)
        self.notice.say("")
        data = self.fields.data()
        action: Callable[[], ContactPersonRow]
        if self.editing is None:
            action = lambda: self._add(data)  # noqa: E731 - the two branches read alike
        else:
            editing = self.editing
            action = lambda: self._update(editing, data)  # noqa: E731
        try:
            person = action()
        except StaleError as stale:
            self.error.say(str(stale))
            return
        except EmployerError as refused:
            self.fields.show_problems(refused.problems)
            if not refused.problems:
                self.error.say(str(refused))
            focus = self.fields.first_with_problem(refused.problems)
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        added = self.editing is None
        self._replace(person)
        self.new_person()
        self.notice.say(
            self.tr("%1 är tillagd.").replace("%1", person.name)
            if added
            else self.tr("Ändringarna är sparade.")
        )
        self.fields.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def _add(self, data: ContactPersonData) -> ContactPersonRow:
        person_id = self._employers.add_contact_person(self._employer_id, data)
        return _row(person_id, FIRST_VERSION, data, active=True)

    def _update(self, person: ContactPersonRow, data: ContactPersonData) -> ContactPersonRow:
        version = self._employers.update_contact_person(person.id, person.version, data)
        return _row(person.id, version, data, active=person.active)


def _row(
    person_id: uuid.UUID, version: int, data: ContactPersonData, *, active: bool
) -> ContactPersonRow:
    """The row as stored: the service keeps empty fields as nothing."""
    return ContactPersonRow(
        id=person_id,
        version=version,
        name=data.name,
        role=data.role or None,
        phone=data.phone or None,
        email=data.email or None,
        active=active,
    )
