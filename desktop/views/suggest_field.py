"""A line edit that finds a record as you type: part of a name, a list drops down, arrows
and Enter pick one. The service does the matching (accents, word prefixes, numbers);
the field shows what it found and remembers which record was picked.

Used for the need and the person on the Matchning screen; the contact dialog's employer
field works the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SUGGEST_DELAY_MS = 80


class Suggestion(NamedTuple):
    id: str
    # What the field shows once picked ("Undersköterska – Lindängens Vård AB").
    text: str
    # The line in the drop-down list: the text and what tells namesakes apart.
    line: str


Suggest = Callable[[str], Sequence[Suggestion]]


class SuggestField(QLineEdit):
    """`picked(id)` when an entry is chosen; `chosen` is it (None once the text is
    changed by hand)."""

    picked = Signal(str)

    def __init__(self, suggest: Suggest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggest = suggest
        self.chosen: Suggestion | None = None
        self.suggestions: list[Suggestion] = []
        self._lines = QStringListModel(self)
        self.completer_ = QCompleter(self._lines, self)
        # The service has matched already: show every line it found.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(12)
        self.completer_.setWidget(self)
        self.completer_.activated.connect(self._chosen_from_list)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGEST_DELAY_MS)
        self._timer.timeout.connect(self.refresh_suggestions)
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._enter)

    def choose(self, suggestion: Suggestion) -> None:
        """Show `suggestion` as picked (also from code, e.g. a need chosen elsewhere)."""
        self._timer.stop()
        self.chosen = suggestion
        self.setText(suggestion.text)
        self.setToolTip(suggestion.line)
        if (popup := self.completer_.popup()) is not None:
            popup.hide()
        self.picked.emit(suggestion.id)

    def _typed(self) -> None:
        self.chosen = None
        self.setToolTip("")
        self._timer.start()

    def refresh_suggestions(self, *, drop_down: bool = True) -> None:
        self._timer.stop()
        self.suggestions = list(self._suggest(self.text()))
        self._lines.setStringList([s.line for s in self.suggestions])
        if drop_down and self.suggestions and self.hasFocus():
            self.completer_.complete()
        elif (popup := self.completer_.popup()) is not None:
            popup.hide()

    def _chosen_from_list(self, line: str) -> None:
        lines = [s.line for s in self.suggestions]
        if line in lines:
            # After the completer has written the line into the field.
            suggestion = self.suggestions[lines.index(line)]
            QTimer.singleShot(0, lambda: self.choose(suggestion))

    def _enter(self) -> None:
        """Enter with no list open: the only match (or the exact one) is picked."""
        if self.chosen is None:
            self.resolve()

    def resolve(self) -> Suggestion | None:
        """The entry meant: the one picked, or the only one matching what was typed."""
        if self.chosen is not None:
            return self.chosen
        if self._timer.isActive() or not self.suggestions:
            self.refresh_suggestions(drop_down=False)
        typed = self.text().strip().casefold()
        exact = [s for s in self.suggestions if s.text.casefold() == typed]
        if len(self.suggestions) == 1 or len(exact) == 1:
            self.choose(self.suggestions[0] if len(self.suggestions) == 1 else exact[0])
        return self.chosen
