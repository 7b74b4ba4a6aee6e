"""The referral letter (presentationsbrev) before it is produced: the merged text for
the agent to read and edit for this letter only, what is missing and why, characters no
font can print, and then "Spara som PDF…" and "Öppna".

Nothing is produced while a merge value is missing or a character cannot be printed:
the lists say what to do instead, and the save button stays off; "Utelämna raderna som
saknar uppgifter" drops the lines that still hold a missing field. A refusal (no consent
to share, a closed referral) shows the service's reason; a file that cannot be written
(DocumentError) shows its Swedish message, and the edited text stays as it was.

What the agent typed is never thrown away: choosing another recipient after editing keeps
the edits and changes only the lines that came from the recipient (`carry_over`), and the
dialog's own changes to the text (leaving lines out, restoring it) are one step each on
the text box's undo stack (Ctrl+Z).
"""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.documents import fonts, referral_letter, templates
from desktop.services.documents import (
    DocumentError,
    DocumentService,
    LetterDraft,
    ProducedRow,
)
from desktop.store.errors import StoreError
from desktop.views.documents.saving import (
    OpenUrl,
    open_in_viewer,
    remember_folder,
    save_dialog,
)
from desktop.views.person.widgets import FieldError, Notice, button, caption, heading
from desktop.views.placement import FittingScroll, fit_to_screen
from desktop.views.settings import Settings

_LABELS = {f.name: f.label for f in referral_letter.FIELDS}


@dataclass(frozen=True)
class Carried:
    """The agent's edited text with the recipient's lines changed to the new recipient's:
    `changed` the (old, new) lines replaced, `kept` the (old, new) lines the agent had
    edited themselves, which stay as they wrote them."""

    text: str
    changed: tuple[tuple[str, str], ...]
    kept: tuple[tuple[str, str], ...]


def carry_over(merged_before: str, edited: str, merged_after: str) -> Carried:
    """Carry an edited letter over to another merge of the same template (another
    recipient): the lines that differ between the two merges depend on the recipient;
    each is replaced in `edited` where the agent left it as merged (found by its place
    among the unchanged lines, else as the one identical line), and kept otherwise."""
    before, ours, after = (t.split("\n") for t in (merged_before, edited, merged_after))
    # Where each line of the old merge stands in the edited text, when the agent left it.
    placed: dict[int, int] = {}
    for block in difflib.SequenceMatcher(None, before, ours, autojunk=False).get_matching_blocks():
        for offset in range(block.size):
            placed[block.a + offset] = block.b + offset
    edits: list[tuple[int, int, list[str]]] = []  # lines [start, end) of `ours` → lines
    changed: list[tuple[str, str]] = []
    kept: list[tuple[str, str]] = []
    for i1, i2, j1, j2 in _hunks(before, after):
        old, new = before[i1:i2], after[j1:j2]
        where = _place(i1, i2, placed, len(before), len(ours))
        if where is None and old:
            where = _find_once(ours, old, edits)
        if where is None or any(s < where[1] and where[0] < e for s, e, _ in edits):
            kept.append(("\n".join(old), "\n".join(new)))
            continue
        edits.append((where[0], where[1], new))
        changed.append(("\n".join(old), "\n".join(new)))
    result = list(ours)
    for start, end, lines in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        result[start:end] = lines
    return Carried("\n".join(result), tuple(changed), tuple(kept))


def _hunks(before: list[str], after: list[str]) -> list[tuple[int, int, int, int]]:
    """The differing line ranges of two merges; a replaced run of as many lines is taken
    line by line, so that an edited line does not hold back its unedited neighbours."""
    hunks: list[tuple[int, int, int, int]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            hunks.extend((i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1))
        else:
            hunks.append((i1, i2, j1, j2))
    return hunks


def _place(
    i1: int, i2: int, placed: dict[int, int], before: int, ours: int
) -> tuple[int, int] | None:
    """Where the old merge's lines [i1, i2) stand, unchanged, in the edited text."""
    if i1 < i2:
        spots = [placed.get(i) for i in range(i1, i2)]
        first = spots[0]
        if first is None or spots != list(range(first, first + len(spots))):
            return None
        return first, first + len(spots)
    # Lines only the new merge has: between the same two neighbours as before.
    previous = placed.get(i1 - 1) if i1 > 0 else -1
    following = placed.get(i1) if i1 < before else ours
    if previous is None or following is None or following != previous + 1:
        return None
    return following, following


def _find_once(
    ours: list[str], old: list[str], taken: list[tuple[int, int, list[str]]]
) -> tuple[int, int] | None:
    """The one place the old lines stand as they were (moved by the agent), if only one."""
    size = len(old)
    found = [
        (k, k + size)
        for k in range(len(ours) - size + 1)
        if ours[k : k + size] == old and not any(s < k + size and k < e for s, e, _ in taken)
    ]
    return found[0] if len(found) == 1 else None


def _quoted(line: str, limit: int = 80) -> str:
    line = " ".join(line.split())
    return f"”{line if len(line) <= limit else line[: limit - 1] + '…'}”"


class LetterDialog(QDialog):
    """`produced` (the path written, the ProducedRow) when the letter was saved."""

    def __init__(
        self,
        documents: DocumentService,
        referral_id: uuid.UUID,
        settings: Settings,
        *,
        today: Callable[[], dt.date] = clock.today,
        open_url: OpenUrl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._documents = documents
        self._referral_id = referral_id
        self._settings = settings
        self._today = today
        self._open_url = open_url
        self.draft: LetterDraft | None = None
        self.written: Path | None = None
        self.produced: ProducedRow | None = None
        self.file_dialog: QFileDialog | None = None
        self.setObjectName("letterDialog")
        self.setWindowTitle(self.tr("Presentationsbrev"))
        self.setAccessibleName(self.tr("Presentationsbrev"))
        fit_to_screen(self, QSize(760, 720))

        self.title = heading(self.tr("Presentationsbrev"), "letterTitle")
        self.refusal = FieldError("letterRefusal", self.tr("Brevet kan inte skrivas"))
        self.recipient = QComboBox()
        self.recipient.setObjectName("letterRecipient")
        self.recipient.setAccessibleName(self.tr("Mottagare"))
        self.recipient_caption = caption(self.tr("&Till"), self.recipient)
        self.text = QPlainTextEdit()
        self.text.setObjectName("letterText")
        self.text.setAccessibleName(self.tr("Brevets text"))
        self.text.setTabChangesFocus(True)
        self.text_caption = caption(
            self.tr("Brevets &text (ändringar gäller bara det här brevet)"), self.text
        )
        self.missing = FieldError("letterMissing", self.tr("Uppgifter som saknas"))
        self.unprintable = FieldError(
            "letterUnprintable", self.tr("Tecken som inte kan skrivas ut")
        )
        self.error = FieldError("letterError", self.tr("Fel"))
        self.notice = Notice("letterNotice", self.tr("Meddelande"))
        buttons = self._build_buttons()
        self.text.textChanged.connect(self._check)
        self.recipient.activated.connect(self._recipient_chosen)

        self._lay_out(buttons)
        self._load(None)

    def _lay_out(self, buttons: QHBoxLayout) -> None:
        to_row = QHBoxLayout()
        to_row.addWidget(self.recipient_caption)
        to_row.addWidget(self.recipient, 1)
        missing_row = QHBoxLayout()
        missing_row.addWidget(self.missing, 1)
        # Its own width at the right, also while the list is hidden.
        missing_row.addWidget(
            self.omit_button, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight
        )
        body = QWidget()
        body.setObjectName("letterBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.title)
        inner.addWidget(self.refusal)
        inner.addLayout(to_row)
        inner.addWidget(self.text_caption)
        inner.addWidget(self.text, 1)
        inner.addLayout(missing_row)
        inner.addWidget(self.unprintable)
        inner.addWidget(self.error)
        inner.addWidget(self.notice)
        layout = QVBoxLayout(self)
        # A screen too low for the text and the list of what is missing (1366×768 at
        # 200 %) scrolls them; the buttons stay below, on the screen.
        layout.addWidget(FittingScroll(body, reserve=self.close_button.sizeHint().height() + 40))
        layout.addLayout(buttons)

    def _build_buttons(self) -> QHBoxLayout:
        self.omit_button = button(
            self.tr("&Utelämna raderna som saknar uppgifter"),
            "letterOmitButton",
            self.tr("Utelämna raderna som saknar uppgifter"),
        )
        self.omit_button.setToolTip(
            self.tr(
                "Tar bort raderna där ett fält utan värde står kvar, och en rubrik som blir "
                "tom. Ctrl+Z i texten ångrar."
            )
        )
        self.omit_button.setEnabled(False)
        self.omit_button.clicked.connect(self.omit_missing)
        self.reset_button = button(
            self.tr("Åte&rställ texten"), "letterResetButton", self.tr("Återställ texten")
        )
        self.save_button = button(
            self.tr("&Spara som PDF…"), "letterSaveButton", self.tr("Spara som PDF")
        )
        self.open_button = button(self.tr("Ö&ppna"), "letterOpenButton", self.tr("Öppna"))
        self.close_button = button(self.tr("Stäng"), "letterCloseButton", self.tr("Stäng"))
        self.open_button.setEnabled(False)
        self.save_button.setDefault(True)
        self.reset_button.clicked.connect(self._reset)
        self.save_button.clicked.connect(self.choose_file)
        self.open_button.clicked.connect(self.open_written)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        return buttons

    # Reading ---------------------------------------------------------------------------

    def _fetch(self, contact_person_id: uuid.UUID | None) -> LetterDraft:
        return self._documents.referral_letter_text(
            self._referral_id, contact_person_id=contact_person_id, today=self._today()
        )

    def _load(self, contact_person_id: uuid.UUID | None) -> None:
        """The letter merged for the recipient, with the merged text in the box."""
        try:
            draft = self._fetch(contact_person_id)
        except (DocumentError, StoreError) as error:
            self._refused(str(error))
            return
        self._show(draft)
        self.text.setPlainText(draft.text)
        self._check()

    def _show(self, draft: LetterDraft) -> None:
        """Everything of the draft but the text box."""
        self.draft = draft
        self.refusal.say(None)
        self.title.setText(draft.title)
        self.title.setAccessibleName(draft.title)
        self.recipient.clear()
        for recipient in draft.recipients:
            shown = recipient.name + (f", {recipient.role}" if recipient.role else "")
            self.recipient.addItem(shown, recipient.id)
        if not draft.recipients:
            self.recipient.addItem(self.tr("Arbetsgivaren (ingen kontaktperson)"), None)
        self.recipient.setCurrentIndex(max(self.recipient.findData(draft.contact_person_id), 0))
        self.recipient.setEnabled(len(draft.recipients) > 1)
        self.text.setEnabled(True)
        self.reset_button.setEnabled(True)

    def _refused(self, reason: str) -> None:
        self.refusal.say(reason)
        # Nothing to read or edit: the reason, and the way out.
        for widget in (self.text, self.text_caption, self.recipient, self.recipient_caption):
            widget.hide()
        self.reset_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.omit_button.hide()
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_to_screen(self, QSize(640, 200))

    def _recipient_chosen(self, index: int) -> None:
        chosen = self.recipient.itemData(index)
        before = self.draft
        if before is None or chosen == before.contact_person_id:
            return
        self.error.say(None)
        if self.edited_text() is None:
            # Nothing typed yet: the text is merged again, the greeting follows.
            self._load(chosen)
            self.notice.say(
                self.tr("Mottagaren är bytt och brevtexten är läst på nytt från mallen.")
            )
            return
        try:
            after = self._fetch(chosen)
        except (DocumentError, StoreError) as error:
            # The edited text stays, addressed as before.
            self.error.say(str(error))
            self.recipient.setCurrentIndex(
                max(self.recipient.findData(before.contact_person_id), 0)
            )
            return
        carried = carry_over(before.text, self.text.toPlainText(), after.text)
        self._show(after)
        self._replace_text(carried.text)
        self._check()
        self.notice.say(self._carried_notice(carried))

    def _carried_notice(self, carried: Carried) -> str:
        parts = []
        if carried.changed:
            parts.append(
                self.tr(
                    "Mottagaren är bytt. Hälsningen och det andra som hörde till den förra "
                    "mottagaren är ändrat till den nya; dina övriga ändringar finns kvar:"
                )
            )
            parts.extend(f"• {_quoted(old)} → {_quoted(new)}" for old, new in carried.changed)
        elif not carried.kept:
            parts.append(
                self.tr(
                    "Mottagaren är bytt. Inget i texten hörde till den förra mottagaren; dina "
                    "ändringar finns kvar."
                )
            )
        else:
            parts.append(self.tr("Mottagaren är bytt; dina ändringar finns kvar."))
        if carried.kept:
            parts.append(
                self.tr(
                    "Kontrollera raden som du själv hade ändrat: den står kvar som du skrev "
                    "den, men den hörde till den förra mottagaren. Med den nya skulle den vara:"
                )
                if len(carried.kept) == 1
                else self.tr(
                    "Kontrollera raderna som du själv hade ändrat: de står kvar som du skrev "
                    "dem, men de hörde till den förra mottagaren. Med den nya skulle de vara:"
                )
            )
            parts.extend(f"• {_quoted(new)}" for _, new in carried.kept)
        return "\n".join(parts)

    def _reset(self) -> None:
        if self.draft is not None:
            self._replace_text(self.draft.text)
            self.notice.say(self.tr("Texten är återställd från mallen (Ctrl+Z ångrar)."))

    def omit_missing(self) -> None:
        """Leave out the lines that still hold a field without a value (and a heading left
        empty), as one step Ctrl+Z takes back."""
        names = self.missing_fields()
        if self.draft is None or not names:
            return
        self._replace_text(templates.without_lines_missing(self.text.toPlainText(), names))
        self.notice.say(
            self.tr("Raderna som saknade uppgifter är utelämnade (Ctrl+Z i texten ångrar).")
        )
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def _replace_text(self, new: str) -> None:
        """Make the text box say `new` by changing only the lines that differ, in one
        edit block: the undo stack keeps what was there, and the cursor stays put."""
        old = self.text.toPlainText()
        if old == new:
            return
        before, after = old.split("\n"), new.split("\n")
        document = self.text.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal":
                continue
            lines = after[j1:j2]
            if i1 == i2:  # inserted before line i1
                if i1 < document.blockCount():
                    cursor.setPosition(document.findBlockByNumber(i1).position())
                    cursor.insertText("\n".join(lines) + "\n")
                else:
                    cursor.movePosition(QTextCursor.MoveOperation.End)
                    cursor.insertText("\n" + "\n".join(lines))
                continue
            first, last = document.findBlockByNumber(i1), document.findBlockByNumber(i2 - 1)
            end = last.position() + last.length() - 1  # before the line break
            if lines:
                cursor.setPosition(first.position())
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText("\n".join(lines))
            elif i2 < document.blockCount():  # the lines and their line breaks
                cursor.setPosition(first.position())
                cursor.setPosition(last.next().position(), QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
            else:  # the last lines, with the line break before them
                cursor.setPosition(max(first.position() - 1, 0))
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
        cursor.endEditBlock()
        if self.text.toPlainText() != new:  # never expected; the text must still be right
            cursor.beginEditBlock()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(new)
            cursor.endEditBlock()

    def edited_text(self) -> str | None:
        """The agent's text when it differs from the merged one, else None."""
        if self.draft is None or self.text.toPlainText() == self.draft.text:
            return None
        return self.text.toPlainText()

    # Checking --------------------------------------------------------------------------

    def missing_fields(self) -> list[str]:
        return templates.unresolved(self.text.toPlainText(), referral_letter.FIELD_NAMES)

    def _check(self) -> None:
        """What keeps the letter from being produced, listed before anything is."""
        if self.draft is None:
            return
        reasons = {m.field: m.reason for m in self.draft.missing}
        lines = []
        for name in self.missing_fields():
            label = _LABELS.get(name, name)
            reason = reasons.get(name, self.tr("Fältet har inget värde i den här texten."))
            lines.append(f"• {{{name}}} – {label}: {reason}")
        if lines:
            self.missing.say(
                self.tr("Uppgifter saknas, så brevet kan inte skrivas ut ännu:")
                + "\n"
                + "\n".join(lines)
                + "\n"
                + self.tr(
                    "Fyll i uppgifterna i registret, skriv om texten där fälten står, eller "
                    "utelämna raderna."
                )
            )
        else:
            self.missing.say(None)
        body = [
            f"{self.tr('Brevtexten')}: {c}"
            for c in fonts.uncovered(templates.finish(self.text.toPlainText()))
        ]
        others = [u for u in self.draft.unprintable if not u.startswith("Brevtexten:")]
        unprintable = body + others
        if unprintable:
            self.unprintable.say(
                self.tr("Tecken som inget typsnitt kan skriva ut:")
                + "\n"
                + "\n".join(f"• {u}" for u in unprintable)
            )
        else:
            self.unprintable.say(None)
        self.omit_button.setEnabled(bool(lines))
        self.save_button.setEnabled(not lines and not unprintable)

    # Saving ----------------------------------------------------------------------------

    def choose_file(self) -> QFileDialog | None:
        if self.draft is None or not self.save_button.isEnabled():
            return None
        self.error.say(None)
        self.file_dialog = save_dialog(
            self,
            self._settings,
            self.draft.file_name,
            self._file_chosen,
            title=self.tr("Spara presentationsbrevet som PDF"),
        )
        return self.file_dialog

    def _file_chosen(self, path: str) -> None:
        self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Produce the letter at `path`; a refusal or a write error is shown and the
        text stays."""
        if self.draft is None:
            return False
        self.error.say(None)
        try:
            row = self._documents.referral_letter(
                self._referral_id,
                path,
                text=self.edited_text(),
                contact_person_id=self.recipient.currentData(),
                today=self._today(),
            )
        except (DocumentError, StoreError) as error:
            self.error.say(str(error))
            return False
        self.written = path
        self.produced = row
        remember_folder(self._settings, path)
        self.open_button.setEnabled(True)
        self.notice.say(self.tr("Brevet är sparat som %1.").replace("%1", str(path)))
        self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def open_written(self) -> None:
        if self.written is not None:
            if self._open_url is None:
                open_in_viewer(self.written)
            else:
                open_in_viewer(self.written, self._open_url)
