"""The "Uppgifter" tab: the employer's details and workplaces, edited in place and saved
together with the version they were read at.

A save refused for a field shows the reason beside it; a save refused because someone
else saved first keeps everything typed, says so, and a second save then writes what
is typed over their change (or "Ångra ändringar" shows theirs).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from desktop.services.employers import (
    EmployerData,
    EmployerDetails,
    EmployerError,
    EmployerService,
    StaleError,
    WorkplaceData,
)
from desktop.services.orgnumber import org_number_complete, org_number_problem
from desktop.services.reference import ReferenceService
from desktop.views.employer.fields import EmployerFields, WorkplacesEditor, chain_focus
from desktop.views.person.widgets import (
    FieldError,
    Notice,
    button,
    heading,
    on_save_keys,
)

MAX_FORM_WIDTH = 900
# How the fields are named when two people changed the same one.
FIELD_NAMES = {
    "org_number": "organisationsnummer",
    "name": "namn",
    "sector": "sektor",
    "industry_code": "SNI-kod",
    "industry_name": "bransch",
    "municipality_code": "kommun",
    "website": "webbplats",
    "responsible_agent_id": "ansvarig",
    "relationship_status": "status",
    "notes": "anteckningar",
    "workplaces": "arbetsplatser",
}


def _editable(details: EmployerDetails) -> EmployerData:
    return details.data()


def merge(
    base: EmployerData, mine: EmployerData, theirs: EmployerData
) -> tuple[EmployerData, list[str]]:
    """What was typed (`mine`, edited from `base`) laid over what someone else saved
    meanwhile (`theirs`): each field and workplace the caseworker changed keeps the typed
    value, the rest take the stored one. Also the fields both changed differently."""
    values: dict[str, object] = {}
    both: list[str] = []
    for field in dataclasses.fields(EmployerData):
        if field.name == "workplaces":
            continue
        own, stored, before = (getattr(d, field.name) for d in (mine, theirs, base))
        values[field.name] = own if own != before else stored
        if own != before and stored not in (before, own):
            both.append(field.name)
    places, clash = _merge_workplaces(base.workplaces, mine.workplaces, theirs.workplaces)
    if clash:
        both.append("workplaces")
    return dataclasses.replace(theirs, **values, workplaces=places), both  # type: ignore[arg-type]


def _merge_workplaces(
    base: tuple[WorkplaceData, ...],
    mine: tuple[WorkplaceData, ...],
    theirs: tuple[WorkplaceData, ...],
) -> tuple[tuple[WorkplaceData, ...], bool]:
    before = {w.id: w for w in base}
    stored = {w.id: w for w in theirs}
    merged: list[WorkplaceData] = []
    clash = False
    for place in mine:
        edited = place.id is None or place != before.get(place.id)
        if place.id is not None and place.id not in stored:
            # Removed meanwhile: what was typed into it comes back as a new workplace.
            if edited:
                merged.append(dataclasses.replace(place, id=None))
                clash = True
            continue
        if edited:
            clash = clash or (place.id is not None and stored[place.id] != before[place.id])
            merged.append(place)
        else:
            merged.append(stored[place.id])
    merged += [w for w in theirs if w.id not in before]
    kept = {place.id for place in mine}
    # Removed here but changed there: removed it stays, and the message says so.
    clash = clash or any(w.id not in kept and w != before[w.id] for w in theirs if w.id in before)
    return tuple(merged), clash


class DetailsTab(QWidget):
    """`saved(details)` after a save and `refreshed(details)` when a refused save read
    them again: the details as now stored, for the header."""

    saved = Signal(object)
    refreshed = Signal(object)

    def __init__(
        self,
        employers: EmployerService,
        reference: ReferenceService,
        agents: Sequence[tuple[uuid.UUID, str]],
        details: EmployerDetails,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("detailsTab")
        self.setAccessibleName(self.tr("Uppgifter"))
        self._employers = employers
        self.details = details
        # The version the form is saved against: the one the shown data was read at.
        self.version = details.version

        self.fields = EmployerFields(reference, agents, employers.industries(), with_notes=True)
        self.workplaces = WorkplacesEditor(reference)
        self.workplaces.focus_anchor = self.fields.focus_chain[-1]
        self.save_button = button(
            self.tr("&Spara ändringar"), "saveDetailsButton", self.tr("Spara ändringar")
        )
        self.save_button.setToolTip(self.tr("Spara ändringar (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = button(
            self.tr("Ån&gra ändringar"), "revertDetailsButton", self.tr("Ångra ändringar")
        )
        self.revert_button.setToolTip(self.tr("Visa de sparade uppgifterna igen"))
        self.revert_button.clicked.connect(self.revert)
        self.error = FieldError("detailsError", self.tr("Fel"))
        self.notice = Notice("detailsNotice", self.tr("Meddelande"))

        self.scroll_area = self._build_scroll_area()

        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.revert_button)
        actions.addSpacing(12)
        actions.addWidget(self.error, 1)
        actions.addWidget(self.notice, 1)
        actions.addStretch(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(actions)

        self.fields.edited.connect(self._edited)
        self.workplaces.edited.connect(self._edited)
        self.fields.org_number.textChanged.connect(self._number_typed)
        self.fields.org_number.editingFinished.connect(self._check_number)
        on_save_keys(self, self._save_keys)
        chain_focus([self.workplaces.add_button, self.save_button, self.revert_button])
        self._show(details)

    def _build_scroll_area(self) -> QScrollArea:
        content = QWidget()
        content.setObjectName("detailsContent")
        column = QVBoxLayout(content)
        column.addWidget(heading(self.tr("Arbetsgivaren"), "employerDetailsHeading"))
        column.addWidget(self.fields)
        column.addSpacing(10)
        column.addWidget(heading(self.tr("Arbetsplatser"), "workplacesHeading"))
        column.addWidget(self.workplaces)
        column.addStretch(1)
        # Lines longer than this are hard to read across; the rest of a wide window stays empty.
        content.setMaximumWidth(MAX_FORM_WIDTH)
        scroll = QScrollArea()
        scroll.setObjectName("detailsScroll")
        scroll.setAccessibleName(self.tr("Uppgifter"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    # Data --------------------------------------------------------------------------------

    def data(self) -> EmployerData:
        return dataclasses.replace(self.fields.data(), workplaces=self.workplaces.data())

    def is_modified(self) -> bool:
        return self.data() != _editable(self.details)

    def _show(self, details: EmployerDetails) -> None:
        self.details = details
        self.version = details.version
        data = _editable(details)
        self.fields.fill(data)
        self.workplaces.fill(data.workplaces)
        self.fields.show_problems({})
        self.workplaces.show_problems({})
        self._number_typed(self.fields.org_number.text())
        self.error.say(None)
        self._update_buttons()

    def set_details(self, details: EmployerDetails) -> None:
        """Details read again. Nothing typed is replaced: with edits in the form, only a
        newer version that changed no field (a contact logged) is taken on."""
        if not self.is_modified():
            self._show(details)
            return
        if _editable(details) == _editable(self.details):
            self.details = details
            self.version = details.version

    def revert(self) -> None:
        self._show(self._employers.details(self.details.id))
        self.notice.say("")
        self.fields.name.setFocus(Qt.FocusReason.OtherFocusReason)

    # Checks while typing -----------------------------------------------------------------

    def _edited(self) -> None:
        self.notice.say("")
        self._update_buttons()
        # A reason shown after Spara goes as soon as its cause is gone.
        shown = [*self.fields.errors.values()]
        shown += [error for row in self.workplaces.rows for error in row.errors.values()]
        if any(error.text() for error in shown):
            problems = self._employers.problems(self.data())
            self.fields.clear_fixed(problems)
            self.workplaces.clear_fixed(problems)

    def _update_buttons(self) -> None:
        modified = self.is_modified()
        self.save_button.setEnabled(modified)
        self.revert_button.setEnabled(modified)

    def _number_typed(self, text: str) -> None:
        """As typed, once all its digits are there: shape, check digit, and whether
        another employer has the number (one indexed lookup)."""
        data = EmployerData(org_number=text)
        note = self._employers.notes(data).get("org_number")
        problem = org_number_problem(text) if org_number_complete(text) else None
        if note and problem is None and text != (self.details.org_number or ""):
            same = self._employers.duplicates(data, exclude=self.details.id).same_number
            if same is not None:
                problem = self.tr(
                    "En annan arbetsgivare har redan det organisationsnumret: %1."
                ).replace("%1", same.name)
        self.fields.show_org_number(note, problem)

    def _check_number(self) -> None:
        """Leaving the field: a half-typed number is now an error too."""
        text = self.fields.org_number.text()
        if org_number_complete(text):
            return  # judged as it was typed
        self.fields.show_org_number(
            self._employers.notes(self.fields.data()).get("org_number"), org_number_problem(text)
        )

    # Saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        return self._save(retry=True)

    def _save_keys(self) -> None:
        self.save()

    def _save(self, *, retry: bool) -> bool:
        self.error.say(None)
        self.notice.say("")
        data = self.data()
        try:
            self._employers.update(self.details.id, self.version, data)
        except StaleError:
            return self._stale(retry=retry)
        except EmployerError as refused:
            self._show_problems(refused.problems, str(refused))
            return False
        self._show(self._employers.details(self.details.id))
        self.notice.say(self.tr("Uppgifterna är sparade."))
        self.saved.emit(self.details)
        return True

    def _stale(self, *, retry: bool) -> bool:
        """Someone saved in between. If they changed no field (a contact was logged),
        save again at once. Otherwise show their changes with what was typed on top of
        them, say so, and let the caseworker look before saving again."""
        fresh = self._employers.details(self.details.id)
        base = _editable(self.details)
        if retry and _editable(fresh) == base:
            self.details = fresh
            self.version = fresh.version
            self.refreshed.emit(fresh)
            return self._save(retry=False)
        merged, both = merge(base, self.data(), _editable(fresh))
        self.details = fresh
        self.version = fresh.version
        self.fields.fill(merged)
        self.workplaces.fill(merged.workplaces)
        text = self.tr(
            "Någon annan har ändrat uppgifterna under tiden. Deras ändringar visas nu, och "
            "det du skrev finns kvar. Kontrollera och spara igen."
        )
        if both:
            names = ", ".join(self.tr(FIELD_NAMES.get(name, name)) for name in both)
            text += " " + self.tr("Ni har båda ändrat: %1 (det du skrev visas).").replace(
                "%1", names
            )
        self.error.say(text)
        self.refreshed.emit(fresh)
        self._update_buttons()
        return False

    def _show_problems(self, problems: dict[str, str], reason: str) -> None:
        self.fields.show_problems(problems)
        self.workplaces.show_problems(problems)
        if "org_number" not in problems:
            self._number_typed(self.fields.org_number.text())
        self.error.say(
            self.tr("Uppgifterna är inte sparade. Rätta det som är markerat med rött.")
            if problems
            else reason
        )
        focus = self.fields.first_with_problem(problems) or self.workplaces.first_with_problem(
            problems
        )
        if focus is not None:
            self.scroll_area.ensureWidgetVisible(focus)
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
