"""The "Journal" tab: writing dated notes and reading them, newest first, with a search
that filters as you type.

The notes are laid out in a text document rather than a table: a document decides the
direction of each paragraph from its text, so a note in Arabic or Persian reads right
to left while the rest of the screen stays left to right.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.models.case import NOTE_KINDS
from desktop.services import vocabulary
from desktop.services.cases import CaseError, CaseService, CaseSummary, NoteRow
from desktop.services.validation import date_problem, parse_date, text_problem
from desktop.views.entry_formats import body_block, bold, entry_frame, grey, heading_block
from desktop.views.person.case_tab import status_name
from desktop.views.person.widgets import (
    FieldError,
    Notice,
    button,
    caption,
    clear_when_fixed,
    combo,
    date_edit,
    heading,
    on_save_keys,
    text_edit,
)
from desktop.views.text import label

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SEARCH_DELAY_MS = 150


def kind_name(kind: str) -> str:
    return label(vocabulary.NOTE_KIND.get(kind, kind))


class JournalTab(QWidget):
    def __init__(
        self,
        cases: CaseService,
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journalTab")
        self.setAccessibleName(self.tr("Journal"))
        self._cases = cases
        self._today = today
        self.summaries: list[CaseSummary] = []
        self.rows: list[NoteRow] = []

        self.case_choice = combo("journalCase", self.tr("Inskrivning"))
        self.case_choice.currentIndexChanged.connect(self.reload_notes)
        self.case_caption = caption(self.tr("Inskrivning"), self.case_choice)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.case_caption)
        choice_row.addWidget(self.case_choice)
        choice_row.addStretch(1)
        self.no_case = QLabel(
            self.tr("Personen har inget ärende. Gör en ny inskrivning för att föra journal.")
        )
        self.no_case.setObjectName("journalNoCase")
        self.no_case.setAccessibleName(self.no_case.text())
        self.no_case.setWordWrap(True)

        self.form = self._build_form()

        self.search = QLineEdit()
        self.search.setObjectName("journalSearch")
        self.search.setAccessibleName(self.tr("Sök i journalen"))
        self.search.setPlaceholderText(self.tr("Sök i anteckningarna"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("journalCount")
        self.count.setAccessibleName(self.tr("Antal anteckningar"))
        search_row = QHBoxLayout()
        search_row.addWidget(caption(self.tr("&Sök"), self.search))
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count)

        self.notes = QTextBrowser()
        self.notes.setObjectName("journalList")
        self.notes.setAccessibleName(self.tr("Journalanteckningar, senaste först"))
        self.notes.setOpenLinks(False)

        layout = QVBoxLayout(self)
        layout.addLayout(choice_row)
        layout.addWidget(self.no_case)
        layout.addWidget(self.form)
        layout.addSpacing(6)
        layout.addLayout(search_row)
        layout.addWidget(self.notes, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload_notes)
        self.search.textChanged.connect(self._search_timer.start)

    def _build_form(self) -> QWidget:
        form = QWidget()
        form.setObjectName("journalForm")
        form.setAccessibleName(self.tr("Ny anteckning"))
        self.note_date = date_edit("noteDate", self.tr("Datum"), self._today())
        self.kind = combo("noteKind", self.tr("Typ av anteckning"))
        for code in NOTE_KINDS:
            self.kind.addItem(kind_name(code), code)
        self.text = text_edit("noteText", self.tr("Anteckningens text"))
        self.text.setPlaceholderText(
            self.tr("Vad hände, vad kom ni överens om, vad är nästa steg?")
        )
        self.save_button = button(
            self.tr("Spara anteckning (Ctrl+Enter)"), "saveNoteButton", self.tr("Spara anteckning")
        )
        self.save_button.clicked.connect(self.add_note)
        self.errors = {
            "note_date": FieldError("noteDateError", self.tr("Fel i datumet")),
            "kind": FieldError("noteKindError", self.tr("Fel i typen")),
            "text": FieldError("noteTextError", self.tr("Fel i texten")),
            "form": FieldError("noteError", self.tr("Fel")),
        }
        self.notice = Notice("noteNotice", self.tr("Meddelande"))

        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(heading(self.tr("Ny anteckning"), "newNoteHeading"), 0, 0, 1, 5)
        grid.addWidget(caption(self.tr("&Datum"), self.note_date), 1, 0)
        grid.addWidget(self.note_date, 1, 1)
        grid.addWidget(caption(self.tr("&Typ"), self.kind), 1, 2)
        grid.addWidget(self.kind, 1, 3)
        grid.addWidget(self.errors["note_date"], 2, 1)
        grid.addWidget(self.errors["kind"], 2, 3)
        text_caption = caption(self.tr("Te&xt"), self.text)
        grid.addWidget(text_caption, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.text, 3, 1, 1, 4)
        grid.addWidget(self.errors["text"], 4, 1, 1, 4)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.errors["form"], 1)
        actions.addWidget(self.notice, 1)
        actions.addStretch(0)
        grid.addLayout(actions, 5, 1, 1, 4)
        grid.setColumnStretch(4, 1)

        self.text.textChanged.connect(self._check_text)
        self.note_date.editingFinished.connect(self._check_date)
        clear_when_fixed(self.note_date.textChanged, self.errors["note_date"], self._date_problem)
        # "Anteckningen är sparad." belongs to the note saved, not to what is typed next.
        for signal in (self.text.textChanged, self.note_date.textEdited):
            signal.connect(self._forget_notice)
        on_save_keys(form, self.add_note)
        return form

    # Cases -----------------------------------------------------------------------------

    @property
    def case_id(self) -> uuid.UUID | None:
        chosen = self.case_choice.currentData()
        return uuid.UUID(chosen) if chosen else None

    def set_cases(self, summaries: Sequence[CaseSummary]) -> None:
        """The person's enrolments, newest first; a new one is shown at once, otherwise
        the one being read stays chosen."""
        old_ids = {c.id for c in self.summaries}
        chosen = self.case_id
        self.summaries = list(summaries)
        self.case_choice.blockSignals(True)
        self.case_choice.clear()
        for case in self.summaries:
            end = case.closed_on.isoformat() if case.closed_on else self.tr("pågår")
            self.case_choice.addItem(
                f"{case.opened_on.isoformat()} – {end} ({status_name(case.status)})",
                str(case.id),
            )
        if chosen is not None and old_ids == {c.id for c in self.summaries}:
            self.case_choice.setCurrentIndex(max(self.case_choice.findData(str(chosen)), 0))
        self.case_choice.blockSignals(False)
        several = len(self.summaries) > 1
        self.case_caption.setVisible(several)
        self.case_choice.setVisible(several)
        has_case = bool(self.summaries)
        self.no_case.setVisible(not has_case)
        for widget in (self.form, self.search, self.notes):
            widget.setEnabled(has_case)
        self.reload_notes()

    # Reading ---------------------------------------------------------------------------

    def reload_notes(self) -> None:
        self._search_timer.stop()
        case_id = self.case_id
        search = self.search.text()
        self.rows = self._cases.notes(case_id, search=search) if case_id else []
        self._render(search)

    def _render(self, search: str) -> None:
        count = len(self.rows)
        if search.strip():
            text = self.tr("1 träff") if count == 1 else self.tr("%1 träffar")
        else:
            text = self.tr("1 anteckning") if count == 1 else self.tr("%1 anteckningar")
        self.count.setText(text.replace("%1", str(count)))

        document = self.notes.document()
        document.clear()
        cursor = self.notes.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        if not self.rows:
            empty = (
                self.tr("Inga anteckningar innehåller det du sökte efter.")
                if search.strip()
                else self.tr("Inga anteckningar ännu.")
            )
            cursor.insertText(empty, grey())
            return
        frame = entry_frame()
        header = heading_block()
        body = body_block()
        plain = QTextCharFormat()
        for note in self.rows:
            cursor.insertFrame(frame)
            cursor.setBlockFormat(header)
            who = note.author_name or self.tr("okänd")
            cursor.insertText(
                f"{note.note_date.isoformat()}  ·  {kind_name(note.kind)}  ·  {who}", bold()
            )
            cursor.insertBlock(body, plain)
            cursor.insertText(note.text, plain)
            cursor = document.rootFrame().lastCursorPosition()
        self.notes.moveCursor(self.notes.textCursor().MoveOperation.Start)

    def note_blocks(self) -> list[tuple[str, Qt.LayoutDirection]]:
        """Each paragraph of the list with the direction it is laid out in."""
        found = []
        block = self.notes.document().begin()
        while block.isValid():
            if block.text():
                found.append((block.text(), block.textDirection()))
            block = block.next()
        return found

    # Writing ---------------------------------------------------------------------------

    def _check_text(self) -> None:
        # Empty is fine while typing; only the save asks for text.
        self.errors["text"].say(text_problem(self.text.toPlainText(), label="Anteckningen"))

    def _forget_notice(self) -> None:
        if self.notice.text():
            self.notice.say("")

    def _check_date(self) -> None:
        self.errors["note_date"].say(self._date_problem())

    def _date_problem(self) -> str | None:
        return date_problem(
            self.note_date.text(), label="Datumet", required=True, not_after=self._today()
        )

    def add_note(self) -> None:
        case_id = self.case_id
        if case_id is None or not self.form.isEnabled():
            return
        for error in self.errors.values():
            error.say(None)
        self.notice.say("")
        text = self.text.toPlainText()
        problem = self._date_problem()
        if problem:
            self.errors["note_date"].say(problem)
            self.note_date.setFocus()
            return
        try:
            self._cases.add_note(
                case_id,
                text=text,
                kind=self.kind.currentData(),
                note_date=parse_date(self.note_date.text()),
            )
        except CaseError as error:
            field = error.field if error.field in self.errors else "form"
            self.errors[field].say(str(error))
            focus = {"note_date": self.note_date, "kind": self.kind}.get(field, self.text)
            focus.setFocus()
            return
        self.text.clear()
        self.note_date.setText(self._today().isoformat())
        self.notice.say(self.tr("Anteckningen är sparad."))
        self.reload_notes()
        self.text.setFocus()
