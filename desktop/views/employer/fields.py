"""The employer's fields, shared by the new-employer dialog and the Uppgifter tab: each
with the service's reason beside it, and the organisationsnummer with what it implies.

The fields hold exactly what was typed; `data()` hands it to the service as it stands,
and `show_problems()` puts each reason under its field without touching the input.
"""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services import vocabulary
from desktop.services.employers import ContactPersonData, EmployerData, WorkplaceData
from desktop.services.reference import Choice, ReferenceService
from desktop.views.person.widgets import (
    FieldError,
    button,
    caption,
    combo,
    line_edit,
    select_data,
    text_edit,
)
from desktop.views.pickers import (
    ChoiceBox,
    MunicipalityPicker,
    SearchPicker,
    municipality_choices,
)
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label, message

HINT_STYLE = "color: #3f51b5;"
CONTACT_CAPTION_WIDTH = 90
# What the form's fields are called in the service's problems, in the order of the form.
FIELDS = (
    "org_number",
    "name",
    "sector",
    "municipality_code",
    "industry_code",
    "industry_name",
    "website",
    "responsible_agent_id",
    "relationship_status",
    "notes",
)
CONTACT_FIELDS = ("name", "role", "phone", "email")
WORKPLACE_FIELDS = ("name", "street_address", "postal_code", "city", "municipality_code")


def named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def reason_label(name: str, accessible: str) -> FieldError:
    """A field's reason on one line: a wrapping label in a grid is given too little
    height by a dialog, and squeezes the fields under it."""
    error = FieldError(name, accessible)
    error.setWordWrap(False)
    return error


class Hint(QLabel):
    """Something worth knowing about what was typed that does not stop saving."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(HINT_STYLE)
        self.hide()

    def say(self, text: str | None) -> None:
        self.setText(message(text) if text else "")
        self.setVisible(bool(text))


def chain_focus(widgets: Sequence[QWidget]) -> None:
    """Tab moves through `widgets` in this order (the order they are read in)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def side_by_side(first: QWidget, second: QWidget) -> QWidget:
    """Two parts of one field on a line; the second takes the room left."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(first)
    row.addWidget(second, 1)
    # Keeps the first part at the left while the second is hidden.
    row.addStretch(0)
    return box


class EmployerFields(QWidget):
    """The employer's own fields (not its workplaces); `edited` on any change."""

    edited = Signal()

    def __init__(
        self,
        reference: ReferenceService,
        agents: Sequence[tuple[uuid.UUID, str]],
        industries: Sequence[Choice] = (),
        *,
        with_notes: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("employerFields")
        self.setAccessibleName(self.tr("Arbetsgivarens uppgifter"))
        # SNI names already in the register, offered when a known code is typed.
        self._industry_names = {c.code: c.name for c in industries if c.name}

        self.org_number = line_edit(
            "orgNumber", self.tr("Organisationsnummer"), placeholder="NNNNNN-NNNN"
        )
        self.org_number.setMaximumWidth(160)
        self.name = line_edit("employerName", self.tr("Namn"))
        self.sector = ChoiceBox(
            [(code, label(text)) for code, text in vocabulary.SECTOR.items()],
            empty=self.tr("Välj sektor …"),
        )
        named(self.sector, "sector", self.tr("Sektor"))
        self.municipality = MunicipalityPicker(reference)
        named(self.municipality, "employerMunicipality", self.tr("Kommun"))
        self.industry_code = line_edit(
            "industryCode", self.tr("SNI-kod"), placeholder=self.tr("t.ex. 56100")
        )
        self.industry_code.setMaximumWidth(110)
        self.industry_name = line_edit(
            "industryName",
            self.tr("Bransch"),
            placeholder=self.tr("t.ex. Restaurangverksamhet"),
        )
        self.website = line_edit(
            "website", self.tr("Webbplats"), placeholder=self.tr("t.ex. www.exempel.se")
        )
        self.agent = combo("responsibleAgent", self.tr("Ansvarig handläggare"))
        self.agent.addItem(self.tr("Ingen ansvarig"), None)
        for user_id, agent_name in agents:
            self.agent.addItem(agent_name, str(user_id))
        self.status = ChoiceBox(
            [(code, label(text)) for code, text in vocabulary.EMPLOYER_STATUS.items()]
        )
        named(self.status, "relationshipStatus", self.tr("Status"))
        self.notes = (
            text_edit("employerNotes", self.tr("Anteckningar"), lines=3) if with_notes else None
        )

        self.org_hint = Hint("orgNumberNote", self.tr("Vad numret betyder"))
        self.errors: dict[str, FieldError] = {
            name: reason_label(f"{name}Error", self.tr("Fel i fältet")) for name in FIELDS
        }
        self.errors["org_number"].setAccessibleName(self.tr("Fel i organisationsnumret"))
        self.errors["name"].setAccessibleName(self.tr("Fel i namnet"))

        self._lay_out()
        self.focus_chain: list[QWidget] = [
            self.org_number,
            self.name,
            self.sector,
            self.municipality,
            self.industry_code,
            self.industry_name,
            self.website,
            self.agent,
            self.status,
        ]
        if self.notes is not None:
            self.focus_chain.append(self.notes)
        chain_focus(self.focus_chain)
        self.sector.setMinimumWidth(200)
        self.agent.setMinimumWidth(200)
        self.status.setMinimumWidth(200)
        self.name.setMinimumWidth(320)

        for edit in (self.org_number, self.name, self.industry_code, self.industry_name):
            edit.textChanged.connect(self.edited)
        self.website.textChanged.connect(self.edited)
        self.sector.currentIndexChanged.connect(self.edited)
        self.status.currentIndexChanged.connect(self.edited)
        self.agent.currentIndexChanged.connect(self.edited)
        self.municipality.editTextChanged.connect(self.edited)
        if self.notes is not None:
            self.notes.textChanged.connect(self.edited)
        self.industry_code.editingFinished.connect(self._offer_industry_name)

    def _lay_out(self) -> None:
        """Caption, field, and the field's reason on the line under it."""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        row = 0

        def add(text: str, widget: QWidget, shown: QWidget, *fields: str) -> None:
            nonlocal row
            top = Qt.AlignmentFlag.AlignTop if widget is self.notes else Qt.AlignmentFlag(0)
            grid.addWidget(caption(text, widget), row, 0, top)
            # A choice is as wide as its longest entry; only text fields stretch.
            narrow = isinstance(shown, QComboBox)
            grid.addWidget(shown, row, 1, Qt.AlignmentFlag.AlignLeft if narrow else top)
            row += 1
            for name in fields:
                grid.addWidget(self.errors[name], row, 1)
                row += 1

        add(
            self.tr("&Organisationsnummer"),
            self.org_number,
            side_by_side(self.org_number, self.org_hint),
            "org_number",
        )
        add(self.tr("&Namn"), self.name, self.name, "name")
        add(self.tr("S&ektor"), self.sector, self.sector, "sector")
        add(self.tr("Ko&mmun"), self.municipality, self.municipality, "municipality_code")
        add(
            self.tr("Bransc&h (SNI)"),
            self.industry_code,
            side_by_side(self.industry_code, self.industry_name),
            "industry_code",
            "industry_name",
        )
        add(self.tr("&Webbplats"), self.website, self.website, "website")
        add(self.tr("&Ansvarig"), self.agent, self.agent, "responsible_agent_id")
        add(self.tr("S&tatus"), self.status, self.status, "relationship_status")
        if self.notes is not None:
            add(self.tr("Ante&ckningar"), self.notes, self.notes, "notes")
        grid.setColumnStretch(1, 1)

    # Data --------------------------------------------------------------------------------

    def data(self) -> EmployerData:
        """What is typed, as it stands; workplaces are the caller's."""
        chosen = self.agent.currentData()
        return EmployerData(
            org_number=self.org_number.text(),
            name=self.name.text(),
            sector=self.sector.value(),
            industry_code=self.industry_code.text(),
            industry_name=self.industry_name.text(),
            municipality_code=self.municipality.value(),
            website=self.website.text(),
            responsible_agent_id=uuid.UUID(chosen) if chosen else None,
            relationship_status=self.status.value(),
            notes=self.notes.toPlainText() if self.notes is not None else "",
        )

    def fill(self, data: EmployerData) -> None:
        self.org_number.setText(data.org_number)
        self.name.setText(data.name)
        self.sector.set_value(data.sector)
        self.municipality.set_value(data.municipality_code)
        self.industry_code.setText(data.industry_code)
        self.industry_name.setText(data.industry_name)
        self.website.setText(data.website)
        if data.responsible_agent_id is None:
            self.agent.setCurrentIndex(0)
        else:
            wanted = str(data.responsible_agent_id)
            if self.agent.findData(wanted) < 0:
                # An agent no longer active still shows as responsible until changed.
                self.agent.addItem(self.tr("Inaktiv handläggare"), wanted)
            select_data(self.agent, wanted)
        self.status.set_value(data.relationship_status)
        if self.notes is not None:
            self.notes.setPlainText(data.notes)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        for name, error in self.errors.items():
            error.say(problems.get(name))

    def first_with_problem(self, problems: Mapping[str, str]) -> QWidget | None:
        widgets: dict[str, QWidget | None] = {
            "org_number": self.org_number,
            "name": self.name,
            "sector": self.sector,
            "municipality_code": self.municipality,
            "industry_code": self.industry_code,
            "industry_name": self.industry_name,
            "website": self.website,
            "responsible_agent_id": self.agent,
            "relationship_status": self.status,
            "notes": self.notes,
        }
        return next((widgets[name] for name in FIELDS if name in problems), None)

    def clear_fixed(self, problems: Mapping[str, str]) -> None:
        """Take away every shown reason whose cause is gone (a new one waits for Spara);
        the organisationsnummer is checked on its own, as it is typed."""
        for name, error in self.errors.items():
            if name != "org_number" and error.text() and name not in problems:
                error.say(None)

    def show_org_number(self, note: str | None, problem: str | None) -> None:
        self.org_hint.say(None if problem else note)
        self.errors["org_number"].say(problem)

    def _offer_industry_name(self) -> None:
        known = self._industry_names.get(self.industry_code.text().strip())
        if known and not self.industry_name.text().strip():
            self.industry_name.setText(known)


class WorkplaceRow(QFrame):
    """One workplace: its name, address and municipality, and a button to remove it."""

    def __init__(
        self,
        number: int,
        choices: Sequence[tuple[str, str]],
        remove: Callable[[WorkplaceRow], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"workplace_{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.workplace_id: uuid.UUID | None = None
        self.name = line_edit(f"workplaceName_{number}", self.tr("Arbetsplatsens namn"))
        self.street_address = line_edit(f"workplaceStreet_{number}", self.tr("Gatuadress"))
        self.postal_code = line_edit(
            f"workplacePostalCode_{number}", self.tr("Postnummer"), placeholder="123 45"
        )
        self.postal_code.setMaximumWidth(90)
        self.city = line_edit(f"workplaceCity_{number}", self.tr("Ort"))
        self.municipality = MunicipalitySearch(choices)
        named(self.municipality, f"workplaceMunicipality_{number}", self.tr("Kommun"))
        self.remove_button = button(
            self.tr("Ta bort"), f"removeWorkplace_{number}", self.tr("Ta bort arbetsplatsen")
        )
        self.remove_button.clicked.connect(lambda _checked=False: remove(self))
        self.errors = {
            name: reason_label(f"workplace_{number}_{name}Error", self.tr("Fel i arbetsplatsen"))
            for name in WORKPLACE_FIELDS
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        # Name | municipality | remove on the first line, the address on the second.
        # (line, column, caption, field, its name, its span, the line and span of its
        # reason: a reason may run on to the right rather than squeeze into a column)
        places = (
            (0, 0, self.tr("Namn"), self.name, "name", 3, 1, 3),
            (0, 4, self.tr("Kommun"), self.municipality, "municipality_code", 1, 1, 2),
            (2, 0, self.tr("Gatuadress"), self.street_address, "street_address", 1, 3, 1),
            (2, 2, self.tr("Postnummer"), self.postal_code, "postal_code", 1, 3, 4),
            (2, 4, self.tr("Ort"), self.city, "city", 1, 4, 2),
        )
        for line, column, text, edit, field, span, error_line, error_span in places:
            grid.addWidget(caption(text, edit), line, column)
            grid.addWidget(edit, line, column + 1, 1, span)
            grid.addWidget(self.errors[field], error_line, column + 1, 1, error_span)
        grid.addWidget(self.remove_button, 0, 6)
        grid.setColumnStretch(1, 3)
        # The address is typed as it is written, the municipality after the name.
        self.focus_chain: list[QWidget] = [
            self.name,
            self.municipality,
            self.street_address,
            self.postal_code,
            self.city,
            self.remove_button,
        ]
        grid.setColumnStretch(5, 2)

    def data(self) -> WorkplaceData:
        return WorkplaceData(
            name=self.name.text(),
            street_address=self.street_address.text(),
            postal_code=self.postal_code.text(),
            city=self.city.text(),
            municipality_code=self.municipality.value(),
            id=self.workplace_id,
        )

    def fill(self, data: WorkplaceData) -> None:
        self.workplace_id = data.id
        self.name.setText(data.name)
        self.street_address.setText(data.street_address)
        self.postal_code.setText(data.postal_code)
        self.city.setText(data.city)
        self.municipality.set_value(data.municipality_code)

    def edits(self) -> list[QLineEdit]:
        return [self.name, self.street_address, self.postal_code, self.city]

    def show_problems(self, problems: Mapping[str, str]) -> None:
        for name, error in self.errors.items():
            error.say(problems.get(name))


class MunicipalitySearch(SearchPicker):
    """A municipality picker over a list read once for all the workplace rows."""

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(choices, parent=parent)
        self.line_edit().setPlaceholderText(self.tr("Skriv för att söka kommun"))
        self.setMinimumContentsLength(16)


class WorkplacesEditor(QWidget):
    """The employer's workplaces as rows: add one, remove one, edit each in place."""

    edited = Signal()

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workplacesEditor")
        self.setAccessibleName(self.tr("Arbetsplatser"))
        self._choices = municipality_choices(reference)
        self._numbers = 0
        self.rows: list[WorkplaceRow] = []
        # The field Tab leaves for the first workplace (rows are made after the form).
        self.focus_anchor: QWidget | None = None
        self.empty = QLabel(self.tr("Inga arbetsplatser. Lägg till en om arbetsgivaren har flera."))
        self.empty.setObjectName("noWorkplaces")
        self.empty.setAccessibleName(self.empty.text())
        self.empty.setStyleSheet(SECONDARY_STYLE)
        self.add_button = button(
            self.tr("&Lägg till arbetsplats"),
            "addWorkplaceButton",
            self.tr("Lägg till arbetsplats"),
        )
        self.add_button.clicked.connect(self.add_row)
        self.error = FieldError("workplacesError", self.tr("Fel i arbetsplatserna"))
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(6)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.error)
        layout.addLayout(actions)

    def data(self) -> tuple[WorkplaceData, ...]:
        return tuple(row.data() for row in self.rows)

    def fill(self, workplaces: Sequence[WorkplaceData]) -> None:
        for row in list(self.rows):
            self._drop(row)
        for place in workplaces:
            self._new_row().fill(place)
        self._update()

    def add_row(self) -> WorkplaceRow:
        row = self._new_row()
        self._update()
        row.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()
        return row

    def remove_row(self, row: WorkplaceRow) -> None:
        index = self.rows.index(row)
        self._drop(row)
        self._update()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].name.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        self.error.say(problems.get("workplaces"))
        for index, row in enumerate(self.rows):
            prefix = f"workplaces.{index}."
            row.show_problems(
                {k[len(prefix) :]: v for k, v in problems.items() if k.startswith(prefix)}
            )

    def clear_fixed(self, problems: Mapping[str, str]) -> None:
        """Take away every shown reason whose cause is gone (a new one waits for Spara)."""
        for index, row in enumerate(self.rows):
            for name, error in row.errors.items():
                if error.text() and f"workplaces.{index}.{name}" not in problems:
                    error.say(None)

    def first_with_problem(self, problems: Mapping[str, str]) -> QWidget | None:
        for index, row in enumerate(self.rows):
            for name, widget in zip(
                WORKPLACE_FIELDS,
                (row.name, row.street_address, row.postal_code, row.city, row.municipality),
                strict=True,
            ):
                if f"workplaces.{index}.{name}" in problems:
                    return widget
        return self.add_button if "workplaces" in problems else None

    def _new_row(self) -> WorkplaceRow:
        self._numbers += 1
        row = WorkplaceRow(self._numbers, self._choices, self.remove_row)
        for edit in row.edits():
            edit.textChanged.connect(self.edited)
        row.municipality.editTextChanged.connect(self.edited)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        # At once rather than when the layout next runs, so that focus can go into it.
        row.setVisible(True)
        return row

    def _drop(self, row: WorkplaceRow) -> None:
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.hide()
        row.setParent(None)  # gone from the form at once, deleted soon
        row.deleteLater()

    def _update(self) -> None:
        self.empty.setVisible(not self.rows)
        chain = [self.focus_anchor] if self.focus_anchor is not None else []
        for row in self.rows:
            chain += row.focus_chain
        chain_focus([*chain, self.add_button])


class ContactPersonFields(QGroupBox):
    """Name, role, phone and e-mail of someone at the employer."""

    def __init__(
        self, title: str, prefix: str, *, mnemonics: bool = True, parent: QWidget | None = None
    ) -> None:
        """Without `mnemonics` the captions have no Alt-letters (the form around the
        fields uses them)."""
        super().__init__(title, parent)
        self.setObjectName(f"{prefix}Fields")
        self.setAccessibleName(title)
        self.name = line_edit(f"{prefix}Name", self.tr("Kontaktpersonens namn"))
        self.role = line_edit(
            f"{prefix}Role", self.tr("Roll"), placeholder=self.tr("t.ex. Rekryterande chef")
        )
        self.phone = line_edit(f"{prefix}Phone", self.tr("Telefon"))
        self.email = line_edit(f"{prefix}Email", self.tr("E-post"))
        self.errors = {
            name: reason_label(f"{prefix}_{name}Error", self.tr("Fel i kontaktpersonen"))
            for name in CONTACT_FIELDS
        }
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        rows = (
            (self.tr("&Namn"), self.name, "name"),
            (self.tr("Ro&ll"), self.role, "role"),
            (self.tr("&Telefon"), self.phone, "phone"),
            (self.tr("&E-post"), self.email, "email"),
        )
        for number, (text, edit, field) in enumerate(rows):
            shown = text if mnemonics else text.replace("&", "")
            grid.addWidget(caption(shown, edit), number * 2, 0)
            grid.addWidget(edit, number * 2, 1)
            grid.addWidget(self.errors[field], number * 2 + 1, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, CONTACT_CAPTION_WIDTH)
        for edit in (self.name, self.role, self.phone, self.email):
            edit.textChanged.connect(self._typing)

    def data(self) -> ContactPersonData:
        return ContactPersonData(
            self.name.text(), self.role.text(), self.phone.text(), self.email.text()
        )

    def fill(self, data: ContactPersonData) -> None:
        self.name.setText(data.name)
        self.role.setText(data.role)
        self.phone.setText(data.phone)
        self.email.setText(data.email)
        self.show_problems({})

    def is_empty(self) -> bool:
        return not any(value.strip() for value in dataclasses.astuple(self.data()))

    def show_problems(self, problems: Mapping[str, str]) -> None:
        for name, error in self.errors.items():
            error.say(problems.get(name))

    def first_with_problem(self, problems: Mapping[str, str]) -> QWidget | None:
        edits = dict(
            zip(CONTACT_FIELDS, (self.name, self.role, self.phone, self.email), strict=True)
        )
        return next((edits[name] for name in CONTACT_FIELDS if name in problems), None)

    def _typing(self) -> None:
        """A reason stays until the field it concerns is typed in again."""
        sender = self.sender()
        for name, edit in zip(
            CONTACT_FIELDS, (self.name, self.role, self.phone, self.email), strict=True
        ):
            if edit is sender:
                self.errors[name].say(None)
