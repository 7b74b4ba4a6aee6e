"""Reusable pickers: choose a code (a country, a language, an SSYK occupation, a
municipality) by typing its Swedish name, or tick several in a list.

- `ChoiceBox`: a short fixed list (gender, level, extent) as a plain combo box.
- `SearchPicker`: an editable combo box over a longer list. Typing opens a list of the
  entries that contain every typed word anywhere in their name, case and accents
  ignored ("ost" finds Österrike, "sodert" Södertälje); arrows and Enter pick one. The
  value is the entry's code. `CountryPicker`, `LanguagePicker`, `MunicipalityPicker`
  and `OccupationPicker` (which asks ReferenceService.search_occupations as you type)
  are built on it.
- `CheckList`: several codes, each a checkbox (arrows move, Space ticks);
  `MunicipalityChecklist` lists municipalities with the project's own first.
- `OccupationList`: several occupations, picked one at a time and listed.

Nothing typed is ever thrown away or quietly replaced: text that names no entry is the
value as it stands (the service then explains "Välj … i listan" beside the field), and
a stored code the list does not know is shown as it is. Typing a code itself ("SE",
"5321") picks that entry, and leaving the field then shows its name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.reference import (
    Choice,
    OccupationChoice,
    ReferenceService,
    countries,
    languages,
)
from desktop.services.search import fold

CODE_ROLE = Qt.ItemDataRole.UserRole
# More matches than this are no help while typing; the user types another letter.
MOST_MATCHES = 50


def _pairs(choices: Iterable[Choice]) -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in choices]


class ChoiceBox(QComboBox):
    """A short list of (code, label); `value()` is the chosen code ("" for none).

    A code the list does not have (from an older draft) is added as it is, so that
    showing a record never changes it.
    """

    value_changed = Signal(str)

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        *,
        empty: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`empty`, if given, is the label of a first entry meaning "not chosen"."""
        super().__init__(parent)
        if empty is not None:
            self.addItem(empty, "")
        for code, text in choices:
            self.addItem(text, code)
        self.currentIndexChanged.connect(self._changed)

    def value(self) -> str:
        data = self.currentData(CODE_ROLE)
        return data if isinstance(data, str) else ""

    def set_value(self, code: str) -> None:
        row = self.findData(code, CODE_ROLE)
        if row < 0:
            if not code:
                self.setCurrentIndex(-1)
                return
            self.addItem(code, code)
            row = self.count() - 1
        self.setCurrentIndex(row)

    def _changed(self, _row: int) -> None:
        self.value_changed.emit(self.value())


class ChoiceButtons(QWidget):
    """A few (code, label) pairs as radio buttons in a row: all options in sight, arrows
    move between them. `value()` is the chosen code, "" before one is chosen."""

    value_changed = Signal(str)

    def __init__(
        self, choices: Sequence[tuple[str, str]], *, name: str, parent: QWidget | None = None
    ) -> None:
        """`name` prefixes the buttons' object names (`{name}_{code}`)."""
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self._codes: list[str] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for code, text in choices:
            button = QRadioButton(text)
            button.setObjectName(f"{name}_{code}")
            button.setAccessibleName(text)
            self._group.addButton(button, len(self._codes))
            self._codes.append(code)
            layout.addWidget(button)
        layout.addStretch(1)
        self._group.idToggled.connect(self._toggled)
        # No focus proxy: Tab would reach the group twice (once through the proxy). Focus
        # by click or a label's key only (a label's buddy must take focus for its key to
        # work), passed on to a button in focusInEvent.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._extra: str = ""

    def buttons(self) -> list[QAbstractButton]:
        return self._group.buttons()

    def focus_target(self) -> QWidget:
        """The button a label's key should move to: the chosen one, or the first."""
        return self._group.checkedButton() or self._group.buttons()[0]

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Given focus (by a label's key), pass it to a button the arrows work in.
        self.focus_target().setFocus(event.reason())

    def value(self) -> str:
        chosen = self._group.checkedId()
        return self._codes[chosen] if chosen >= 0 else self._extra

    def set_value(self, code: str) -> None:
        """Check the button of `code`; an unknown code is kept (and none checked)."""
        if code in self._codes:
            self._extra = ""
            button = self._group.button(self._codes.index(code))
            button.setChecked(True)
            return
        self._extra = code
        self._group.setExclusive(False)
        for button in self._group.buttons():
            button.setChecked(False)
        self._group.setExclusive(True)
        self.value_changed.emit(self.value())

    def _toggled(self, index: int, checked: bool) -> None:
        if checked:
            self._extra = ""
            self.value_changed.emit(self.value())


@dataclass(frozen=True)
class _SharedList:
    """One list of (code, label) as every picker over it searches and shows it."""

    codes: tuple[str, ...]
    labels: tuple[str, ...]
    folded: tuple[str, ...]
    row_of_code: Mapping[str, int]
    row_of_typed: Mapping[str, int]
    model: QStandardItemModel


_SHARED: dict[tuple[tuple[str, str], ...], _SharedList] = {}


def _shared_list(choices: tuple[tuple[str, str], ...]) -> _SharedList:
    """The list made once and shared by every picker over the same choices.

    A form row with a language and an occupation picker cost 25 ms to make when each
    picker filled a list of its own (600 SSYK entries, 180 languages); a need with five
    requirements took a quarter of a second to open. The pickers never change their
    list (NoInsert; matches go to the completer's own model), so one model serves all.
    """
    found = _SHARED.get(choices)
    if found is None:
        codes = tuple(code for code, _ in choices)
        labels = tuple(text for _, text in choices)
        folded = tuple(fold(text) for text in labels)
        row_of_typed = {fold(code): row for row, code in enumerate(codes)}
        # A label wins over a code that happens to be spelt the same.
        row_of_typed.update({text: row for row, text in enumerate(folded)})
        model = QStandardItemModel(QCoreApplication.instance())
        for code, text in choices:
            item = QStandardItem(text)
            item.setData(code, CODE_ROLE)
            model.appendRow(item)
        found = _SharedList(
            codes,
            labels,
            folded,
            MappingProxyType({code: row for row, code in enumerate(codes)}),
            MappingProxyType(row_of_typed),
            model,
        )
        _SHARED[choices] = found
    return found


class SearchPicker(QComboBox):
    """An editable combo box over (code, label) pairs, searched as you type.

    Every entry is in the drop-down list (F4 or Alt+Down), and typing opens a shorter
    list of matches; `search()` decides what matches. `value()` is the code of the entry
    whose label (or code) was typed, or else the text exactly as typed.
    """

    value_changed = Signal(str)

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        *,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        # Enter must never add what was typed to the list as a new entry.
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        shared = _shared_list(tuple(choices))
        self._codes = shared.codes
        self._labels = shared.labels
        self._folded = shared.folded
        self._row_of_code = shared.row_of_code
        self._row_of_typed = shared.row_of_typed
        self.setModel(shared.model)
        self.setCurrentIndex(-1)

        self._matches = QStandardItemModel(self)
        completer = QCompleter(self._matches, self)
        # The model already holds only the matches, found our way (anywhere in the
        # name, accents ignored); the completer shows them all as they are.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        line = self.line_edit()
        line.setPlaceholderText(placeholder)
        # Runs before the line edit asks the completer for matches (same key press).
        line.textEdited.connect(self._refill)
        line.editingFinished.connect(self._tidy)
        self.editTextChanged.connect(self._text_changed)

    # What the caller uses ------------------------------------------------------------

    def value(self) -> str:
        text = self.currentText()
        key = fold(text.strip())
        if not key:
            return ""
        row = self._row_of_typed.get(key)
        return self._codes[row] if row is not None else text

    def set_value(self, value: str) -> None:
        """Show the entry with code `value`, or `value` itself if no entry has it."""
        row = self._row_of_code.get(value)
        if row is None:
            self.setCurrentIndex(-1)
            self.setEditText(value)
        else:
            self.setCurrentIndex(row)
            self.setEditText(self._labels[row])

    def line_edit(self) -> QLineEdit:
        line = self.lineEdit()
        assert line is not None  # editable from the constructor on
        return line

    def label_of(self, code: str) -> str:
        row = self._row_of_code.get(code)
        return self._labels[row] if row is not None else code

    def codes(self) -> list[str]:
        return list(self._codes)

    # Searching -------------------------------------------------------------------------

    def search(self, text: str) -> list[int]:
        """The rows matching `text`: every word somewhere in the label, case and accents
        ignored; labels that start with the first word come first."""
        words = fold(text).split()
        if not words:
            return []
        found = [row for row, label in enumerate(self._folded) if all(w in label for w in words)]
        found.sort(key=lambda row: not self._folded[row].startswith(words[0]))
        return found[:MOST_MATCHES]

    def describe(self, row: int) -> str:
        """A tooltip for an entry in the list of matches."""
        return ""

    def _refill(self, text: str) -> None:
        self._matches.clear()
        for row in self.search(text):
            item = QStandardItem(self._labels[row])
            item.setData(self._codes[row], CODE_ROLE)
            item.setEditable(False)
            if tip := self.describe(row):
                item.setToolTip(tip)
            self._matches.appendRow(item)

    def _text_changed(self, _text: str) -> None:
        self.value_changed.emit(self.value())

    def _tidy(self) -> None:
        """Typed "se" or "sverige": show "Sverige" once the user moves on."""
        code = self.value()
        row = self._row_of_code.get(code)
        if row is not None and self.currentText() != self._labels[row]:
            self.set_value(code)


class CountryPicker(SearchPicker):
    """Countries (ISO 3166-1 alpha-2 codes) by their Swedish names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_pairs(countries()), parent=parent)
        self.line_edit().setPlaceholderText(self.tr("Skriv för att söka land"))


class LanguagePicker(SearchPicker):
    """Languages (ISO 639 codes, and fa-AF for Dari) by their Swedish names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_pairs(languages()), parent=parent)
        self.line_edit().setPlaceholderText(self.tr("Skriv för att söka språk"))


def municipality_choices(reference: ReferenceService) -> list[tuple[str, str]]:
    """Municipalities with the project's own (the active ones) first, then the rest."""
    own = reference.municipalities(active_only=True)
    codes = {c.code for c in own}
    return _pairs(own) + _pairs(c for c in reference.municipalities() if c.code not in codes)


class MunicipalityPicker(SearchPicker):
    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(municipality_choices(reference), parent=parent)
        self.line_edit().setPlaceholderText(self.tr("Skriv för att söka kommun"))


class OccupationPicker(SearchPicker):
    """SSYK 2012 occupations (level 4), shown as "5321 Undersköterskor, hemtjänst, …".

    Typing searches ReferenceService.search_occupations: each word must start the code
    or appear in the Swedish name. The tooltip of a match shows where it sits in SSYK.
    """

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        everything = reference.search_occupations("", limit=100_000)
        super().__init__([(o.code, o.label) for o in everything], parent=parent)
        self.line_edit().setPlaceholderText(self.tr("Skriv yrke eller SSYK-kod"))
        self._reference = reference
        self._all: list[OccupationChoice] = everything
        self.setMinimumContentsLength(34)

    def search(self, text: str) -> list[int]:
        if not text.strip():
            return []
        found = self._reference.search_occupations(text, limit=MOST_MATCHES)
        rows = (self._row_of_code.get(o.code) for o in found)
        return [row for row in rows if row is not None]

    def describe(self, row: int) -> str:
        return " › ".join(self._all[row].parents)


class CheckList(QListWidget):
    """Several codes, each a checkbox; `values()` are the ticked codes in list order.

    A code the list does not know (from older data) is added, ticked, under its code,
    so that nothing stored disappears by being shown.
    """

    values_changed = Signal()

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        *,
        columns: int = 1,
        column_width: int = 180,
        visible_rows: int = 8,
        parent: QWidget | None = None,
    ) -> None:
        """With `columns` > 1 the boxes fill rows of that many (arrows move in both
        directions), so a list of 26 municipalities fits without scrolling."""
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setStyleSheet("QListWidget::item { padding: 2px 4px; }")
        for code, text in choices:
            self._add(code, text)
        if self.count():
            self.setCurrentRow(0)
        row_height = max(self.sizeHintForRow(0) if self.count() else 0, 22)
        rows = -(-max(self.count(), 3) // columns)
        if columns > 1:
            self.setFlow(QListView.Flow.LeftToRight)
            self.setWrapping(True)
            self.setResizeMode(QListView.ResizeMode.Adjust)
            self.setGridSize(QSize(column_width, row_height))
            self.setFixedWidth(column_width * columns + 24)
        self.setFixedHeight(row_height * min(visible_rows, rows) + 8)
        self.itemChanged.connect(self._item_changed)

    def _add(self, code: str, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(CODE_ROLE, code)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Unchecked)
        self.addItem(item)
        return item

    def _items(self) -> list[QListWidgetItem]:
        return [self.item(row) for row in range(self.count())]

    def values(self) -> list[str]:
        return [
            str(item.data(CODE_ROLE))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_values(self, codes: Sequence[str]) -> None:
        wanted = set(codes)
        self.blockSignals(True)
        try:
            known = set()
            for item in self._items():
                code = str(item.data(CODE_ROLE))
                known.add(code)
                checked = code in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            for code in codes:
                if code not in known:
                    self._add(code, code).setCheckState(Qt.CheckState.Checked)
                    known.add(code)
        finally:
            self.blockSignals(False)
        self.values_changed.emit()

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self.values_changed.emit()


class MunicipalityChecklist(CheckList):
    """Municipalities to tick, the project's own first."""

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(
            municipality_choices(reference),
            columns=3,
            column_width=150,
            visible_rows=9,
            parent=parent,
        )


class OccupationList(QWidget):
    """Several SSYK occupations: pick one in the search field, Enter or "Lägg till" adds
    it to the list below; Delete or "Ta bort" removes the one chosen in the list.

    `values()` are the codes in the order added. A code SSYK does not have (from older
    data) is listed as it is, so that it can be seen and removed.
    """

    values_changed = Signal()

    def __init__(
        self, reference: ReferenceService, *, name: str, parent: QWidget | None = None
    ) -> None:
        """`name` prefixes the object names of the parts (for tests and tools)."""
        super().__init__(parent)
        self.picker = OccupationPicker(reference)
        self.picker.setObjectName(f"{name}Picker")
        self.picker.setAccessibleName(self.tr("Sök yrke att lägga till"))
        self.add_button = QPushButton(self.tr("Lägg till"))
        self.add_button.setObjectName(f"{name}Add")
        self.add_button.setAccessibleName(self.tr("Lägg till yrket"))
        self.add_button.setAutoDefault(True)
        self.list = QListWidget()
        self.list.setObjectName(f"{name}List")
        self.list.setAccessibleName(self.tr("Valda yrken"))
        self.list.setFixedHeight(110)
        self.remove_button = QPushButton(self.tr("Ta bort"))
        self.remove_button.setObjectName(f"{name}Remove")
        self.remove_button.setAccessibleName(self.tr("Ta bort det valda yrket"))
        self.remove_button.setAutoDefault(True)
        self.problem = QLabel()
        self.problem.setObjectName(f"{name}PickProblem")
        self.problem.setAccessibleName(self.tr("Varför yrket inte lades till"))
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.picker, 1)
        top.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.list, 1)
        bottom.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addLayout(bottom)
        self.setFocusProxy(self.picker)

        self.add_button.clicked.connect(self.add_typed)
        # Enter on a highlighted match reaches the line edit before the completer
        # fills in the match; adding on the next turn of the event loop adds the match.
        self.picker.line_edit().returnPressed.connect(self._enter_pressed)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.installEventFilter(self)
        self.picker.value_changed.connect(self._typing)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete (or Backspace) in the list removes the chosen occupation."""
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.remove_current()
            return True
        return super().eventFilter(watched, event)

    def values(self) -> list[str]:
        return [str(self.list.item(row).data(CODE_ROLE)) for row in range(self.list.count())]

    def set_values(self, codes: Sequence[str]) -> None:
        self.list.clear()
        for code in codes:
            self._append(code)
        self._update_buttons()
        self.values_changed.emit()

    def _append(self, code: str) -> None:
        item = QListWidgetItem(self.picker.label_of(code))
        item.setData(CODE_ROLE, code)
        self.list.addItem(item)

    def _enter_pressed(self) -> None:
        QTimer.singleShot(0, self, self.add_typed)

    def add_typed(self) -> bool:
        """Add the occupation in the search field; says why not if it cannot."""
        if not self.picker.currentText().strip():
            return False
        code = self.picker.value()
        if code not in self.picker.codes():
            self._say(self.tr("Välj ett yrke i listan (skriv en del av namnet eller koden)."))
            return False
        if code in self.values():
            self._say(self.tr("Yrket finns redan i listan."))
            return False
        self._append(code)
        self.list.setCurrentRow(self.list.count() - 1)
        self.picker.set_value("")
        self._say("")
        self._update_buttons()
        self.values_changed.emit()
        return True

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self._update_buttons()
        self.values_changed.emit()
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        else:
            self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def _typing(self, _value: str) -> None:
        self._say("")

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.list.count() > 0)
