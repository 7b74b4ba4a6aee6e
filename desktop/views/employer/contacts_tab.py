"""The "Kontakter" tab: the contact log, newest first, and the way to log a new one.
The steps of referrals to the employer's needs are in the log too, as "Anvisning".

Like the journal, the entries are laid out in a text document rather than a table, so
that a summary written in Arabic or Persian reads right to left in its own paragraph.
The log is read a page at a time: "Visa äldre" fetches the next page after the last
entry shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services import vocabulary
from desktop.services.employers import TIMELINE_PAGE, ContactRow, EmployerService
from desktop.views.entry_formats import (
    body_block,
    bold,
    caption_format,
    entry_frame,
    grey,
    heading_block,
)
from desktop.views.person.widgets import button, heading
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label


def kind_name(kind: str) -> str:
    return label(vocabulary.CONTACT_KIND.get(kind, kind))


class ContactsTab(QWidget):
    """`log_contact_requested()` when the caseworker asks to log a contact."""

    log_contact_requested = Signal()

    def __init__(
        self,
        employers: EmployerService,
        employer_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactsTab")
        self.setAccessibleName(self.tr("Kontakter"))
        self._employers = employers
        self._employer_id = employer_id
        self.rows: list[ContactRow] = []
        self.more = False

        self.log_button = button(
            self.tr("&Logga kontakt…"), "logContactButton", self.tr("Logga kontakt")
        )
        self.log_button.setToolTip(self.tr("Skriv in ett besök, samtal, mejl eller möte"))
        self.log_button.clicked.connect(self.log_contact_requested)
        self.count = QLabel()
        self.count.setObjectName("contactCount")
        self.count.setAccessibleName(self.tr("Antal kontakter"))
        self.count.setStyleSheet(SECONDARY_STYLE)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Kontaktlogg"), "contactLogHeading"))
        top.addSpacing(12)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.log_button)

        self.log = QTextBrowser()
        self.log.setObjectName("contactLog")
        self.log.setAccessibleName(self.tr("Kontaktlogg, senaste först"))
        self.log.setOpenLinks(False)
        self.older_button = button(
            self.tr("Visa &äldre kontakter"), "olderContactsButton", self.tr("Visa äldre kontakter")
        )
        self.older_button.clicked.connect(self.show_older)
        bottom = QHBoxLayout()
        bottom.addWidget(self.older_button)
        bottom.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.log, 1)
        layout.addLayout(bottom)

    def set_contacts(self, rows: Sequence[ContactRow], more: bool) -> None:
        """The newest page of the log (what the screen read when it opened)."""
        self.rows = list(rows)
        self.more = more
        self._render()

    def reload(self) -> None:
        """Read the newest page again, as many entries as are shown now."""
        wanted = max(len(self.rows), TIMELINE_PAGE)
        rows = self._employers.timeline(self._employer_id, limit=wanted + 1)
        self.set_contacts(rows[:wanted], len(rows) > wanted)

    def show_older(self) -> None:
        if not self.rows or not self.more:
            return
        older = self._employers.timeline(
            self._employer_id, after=self.rows[-1], limit=TIMELINE_PAGE + 1
        )
        self.more = len(older) > TIMELINE_PAGE
        first_new = len(self.rows)
        self.rows += older[:TIMELINE_PAGE]
        self._render(scroll_to=first_new)

    def entries(self) -> list[str]:
        """Each entry's heading line, in the order shown."""
        return [self._heading(row) for row in self.rows]

    # Showing -----------------------------------------------------------------------------

    def _heading(self, row: ContactRow) -> str:
        who = row.agent_name or self.tr("okänd")
        return f"{row.contact_date.isoformat()}  ·  {kind_name(row.kind)}  ·  {who}"

    def _render(self, scroll_to: int | None = None) -> None:
        count = len(self.rows)
        if count == 1:
            text = self.tr("1 kontakt")
        else:
            text = self.tr("%1 kontakter").replace("%1", str(count))
        if self.more:
            text = self.tr("Visar de %1 senaste, det finns äldre").replace("%1", str(count))
        self.count.setText(text)
        self.older_button.setVisible(self.more)

        document = self.log.document()
        document.clear()
        cursor = self.log.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        if not self.rows:
            cursor.insertText(
                self.tr(
                    "Inga kontakter loggade ännu. Logga den första med \u201dLogga kontakt…\u201d."
                ),
                grey(),
            )
            return
        frame = entry_frame()
        header = heading_block()
        body = body_block()
        plain = QTextCharFormat()
        start_of: list[int] = []
        for row in self.rows:
            cursor.insertFrame(frame)
            start_of.append(cursor.position())
            cursor.setBlockFormat(header)
            cursor.insertText(self._heading(row), bold())
            if row.participants:
                cursor.insertBlock(header, plain)
                cursor.insertText(self.tr("Närvarande: "), grey())
                cursor.insertText(row.participants, plain)
            cursor.insertBlock(body, plain)
            cursor.insertText(row.summary, plain)
            for caption, value in (
                (self.tr("Resultat: "), row.outcome),
                (self.tr("Nästa steg: "), row.next_step),
            ):
                if value:
                    cursor.insertBlock(body, plain)
                    cursor.insertText(caption, caption_format())
                    cursor.insertText(value, plain)
            cursor = document.rootFrame().lastCursorPosition()
        moved = self.log.textCursor()
        target = start_of[scroll_to] if scroll_to is not None else 0
        moved.setPosition(target)
        self.log.setTextCursor(moved)
        self.log.ensureCursorVisible()
