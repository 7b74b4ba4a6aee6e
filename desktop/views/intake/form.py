"""What every intake page is made of: fields with their message beside them, and the
page that knows which fields the user has been in.

A problem is shown beside a field once the user has typed there (or the field had a
value when the page was filled), and beside every field once Next or Save has been
tried: a new form is not a wall of red before anyone has typed a letter.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from types import UnionType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.intake import IntakeData, Step
from desktop.views.accessible import describe, say_reason
from desktop.views.pickers import (
    CheckList,
    ChoiceBox,
    ChoiceButtons,
    OccupationList,
    SearchPicker,
)
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import message

if TYPE_CHECKING:
    from desktop.views.intake.rows import RowList

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = SECONDARY_STYLE
DATE_PLACEHOLDER = "ÅÅÅÅ-MM-DD"
# Widths that fit what is typed: a caseworker reads a short field as a short answer.
NAME_WIDTH = 340
DATE_WIDTH = 130
SHORT_WIDTH = 160
WIDE_WIDTH = 460
# One label column for every page, so fields do not jump sideways between steps.
LABEL_WIDTH = 250


class ErrorLabel(QLabel):
    """The red line under a field that says what is wrong; hidden when nothing is."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Error")
        self.setAccessibleName(self.tr("Felmeddelande"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Banner(QLabel):
    """The line over a whole form that says what happened to it: bold red for a problem
    (nothing saved), plain otherwise; hidden when there is nothing to say."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(self.tr("Meddelande"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str, *, problem: bool = True) -> None:
        self.setText(text)
        self.setStyleSheet(ERROR_STYLE + " font-weight: 600;" if problem else "")
        self.setVisible(bool(text))


def hint_label(text: str, name: str = "") -> QLabel:
    hint = QLabel(text)
    if name:
        hint.setObjectName(name)
    hint.setTextFormat(Qt.TextFormat.PlainText)
    hint.setWordWrap(True)
    hint.setStyleSheet(HINT_STYLE)
    return hint


def line_edit(*, width: int | None = NAME_WIDTH, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    if width is not None:
        edit.setMaximumWidth(width)
    edit.setPlaceholderText(placeholder)
    return edit


def date_edit() -> QLineEdit:
    """A date as typed, ÅÅÅÅ-MM-DD: never reformatted behind the user's back."""
    edit = line_edit(width=DATE_WIDTH, placeholder=DATE_PLACEHOLDER)
    edit.setToolTip(
        QCoreApplication.translate("IntakeForm", "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-03-15.")
    )
    return edit


def note_edit() -> QPlainTextEdit:
    """Multi-line text: Enter is a new line, Tab moves on (Ctrl+Enter is Next)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(90)
    return edit


# What a widget holds, for "has the user put anything here"; the first type that fits.
_CONTENT: tuple[tuple[type[QWidget] | UnionType, Callable[[Any], object]], ...] = (
    (QLineEdit, lambda w: w.text()),
    (ChoiceBox | ChoiceButtons, lambda w: w.value()),
    (QComboBox, lambda w: w.currentText()),
    (QPlainTextEdit, lambda w: w.toPlainText()),
    (QAbstractButton, lambda w: w.isChecked()),
    (CheckList | OccupationList, lambda w: w.values()),
)


def has_input(widget: QWidget) -> bool:
    for kind, get in _CONTENT:
        if isinstance(widget, kind):
            return bool(get(widget))
    values = getattr(widget, "values", None)  # lists of rows, and other multi-value widgets
    return bool(values()) if callable(values) else False


def change_signal(widget: QWidget) -> SignalInstance:
    """The signal that says the user changed what `widget` holds."""
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, SearchPicker | ChoiceBox | ChoiceButtons):
        return widget.value_changed
    if isinstance(widget, QComboBox):
        return widget.editTextChanged
    if isinstance(widget, QPlainTextEdit):
        return widget.textChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    signal = getattr(widget, "values_changed", None)  # CheckList, OccupationList, RowList
    if isinstance(signal, SignalInstance):
        return signal
    raise TypeError(type(widget).__name__)


class Field:
    """One input: the widget, the label under it for what is wrong, and whether the user
    has been there."""

    def __init__(self, widget: QWidget, error: ErrorLabel) -> None:
        self.widget = widget
        self.error = error
        self.touched = False
        self.shown = ""

    def show(self, problem: str) -> None:
        self.shown = problem
        text = message(problem) if problem else ""
        self.error.say(text)
        # Read out with the field by screen readers, instead of its own description.
        say_reason(self.widget, text)


class FieldSet:
    """Named fields; a change to one marks it touched and calls `on_change`, except
    while `loading` (when a page is filled from data)."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self.fields: dict[str, Field] = {}
        self.loading = False
        self._on_change = on_change

    def add(self, name: str, widget: QWidget, error: ErrorLabel) -> Field:
        field = Field(widget, error)
        change_signal(widget).connect(partial(self._edited, field))
        self.fields[name] = field
        return field

    def _edited(self, field: Field, *_args: Any) -> None:
        if self.loading:
            return
        field.touched = True
        self._on_change()

    def touch_filled(self) -> None:
        for field in self.fields.values():
            field.touched = has_input(field.widget)


def field_column(widget: QWidget, error: ErrorLabel, hint: QWidget | None = None) -> QWidget:
    """The field, an optional hint under it, and the message under that."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    if hint is not None:
        layout.addWidget(hint)
    layout.addWidget(error)
    return column


def focus_chain(root: QWidget) -> list[QWidget]:
    """The focusable widgets under `root` in the order its layouts show them."""
    found: list[QWidget] = []

    def walk_layout(layout: QLayout) -> None:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is None:
                continue
            if (child := item.widget()) is not None:
                walk_widget(child)
            elif (inner := item.layout()) is not None:
                walk_layout(inner)

    def walk_widget(widget: QWidget) -> None:
        # A widget just added to a layout is shown on the next turn of the event loop;
        # only what was hidden on purpose is left out.
        if widget.isHidden() and widget.testAttribute(
            Qt.WidgetAttribute.WA_WState_ExplicitShowHide
        ):
            return
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            found.append(widget)
            return
        if (layout := widget.layout()) is not None:
            walk_layout(layout)

    if (top := root.layout()) is not None:
        walk_layout(top)
    return found


def set_tab_order(widgets: Sequence[QWidget]) -> None:
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


class Page(QWidget):
    """One step of the intake (also a tab of the profile editor).

    Subclasses build their fields with `add_row`, and implement `fill` (data → widgets)
    and `store` (widgets → data). `changed` is emitted for every edit by the user.
    """

    changed = Signal()

    def __init__(self, step: Step, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.title = title
        self.setAccessibleName(title)
        self.fieldset = FieldSet(self.changed.emit)
        # After Next or Save was tried, every problem is shown, touched or not.
        self.revealed = False
        self.general = ErrorLabel(f"step{int(step)}")
        self.general.setAccessibleName(self.tr("Fel på sidan"))
        self._row_lists: list[RowList] = []
        # What Tab reaches after the page's last control (the wizard's buttons).
        self.tab_after: Sequence[QWidget] = ()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 12, 4)
        self.layout_.addWidget(self.general)

    # Building -----------------------------------------------------------------------

    def new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A field too wide to stand beside its label (the licence boxes at 1366×768, any
        # wide field at a large text scale) goes below it instead of off the page's edge.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)
        return form

    def add_row(
        self,
        form: QFormLayout,
        text: str,
        name: str,
        widget: QWidget,
        *,
        hint: str | QWidget | None = None,
        accessible: str | None = None,
    ) -> Field:
        """A labelled row: `text` (with its &-key) on the left; the field, its hint and
        its message on the right. `name` is the service's field name."""
        label = QLabel(text)
        label.setBuddy(widget)
        label.setMinimumWidth(LABEL_WIDTH)
        widget.setObjectName(name)
        widget.setAccessibleName(accessible or text.replace("&", ""))
        error = ErrorLabel(name)
        hint_widget = hint_label(hint) if isinstance(hint, str) else hint
        if isinstance(hint, str) and hint:
            describe(widget, hint)  # the hint beside the field, read with it
        form.addRow(label, field_column(widget, error, hint_widget))
        return self.fieldset.add(name, widget, error)

    def section(self, text: str) -> QLabel:
        heading = QLabel(text)
        heading.setObjectName("sectionHeading")
        heading.setStyleSheet("font-weight: 600; font-size: 11pt; padding-top: 6px;")
        return heading

    # Data ------------------------------------------------------------------------------

    def fill(self, data: IntakeData) -> None:
        raise NotImplementedError

    def store(self, data: IntakeData) -> None:
        raise NotImplementedError

    def add_row_list(self, rows: RowList) -> RowList:
        self._row_lists.append(rows)
        rows.values_changed.connect(self.changed)
        rows.rows_changed.connect(self.refresh_tab_order)
        return rows

    def fieldsets(self) -> Iterator[FieldSet]:
        """The page's own fields and those of its rows."""
        yield self.fieldset
        for rows in self._row_lists:
            yield from rows.fieldsets()

    def fields(self) -> dict[str, Field]:
        """Every field, by the name the service gives its problems."""
        found = dict(self.fieldset.fields)
        for rows in self._row_lists:
            found.update(rows.fields())
        return found

    def load(self, data: IntakeData) -> None:
        """Show `data` (a resumed draft, a saved profile) without it counting as edits;
        what already has a value counts as touched, so its problems show at once."""
        for fieldset in self.fieldsets():
            fieldset.loading = True
        try:
            self.fill(data)
        finally:
            for fieldset in self.fieldsets():
                fieldset.loading = False
        for fieldset in self.fieldsets():
            fieldset.touch_filled()
        self.revealed = False
        self.refresh_tab_order()

    # Problems --------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, str], *, new_ones: bool = True) -> None:
        """Show each problem beside its field. With `new_ones` False (while typing) only
        messages that have been put right are taken away; new ones wait for a pause."""
        fields = self.fields()
        for name, field in fields.items():
            problem = problems.get(name, "") if field.touched or self.revealed else ""
            if problem and not new_ones and problem != field.shown:
                continue
            if problem != field.shown:
                field.show(problem)
        rest = [text for name, text in problems.items() if name not in fields]
        if new_ones or not rest:
            self.general.say("\n".join(message(text) for text in rest) if self.revealed else "")

    def reveal(self, problems: dict[str, str]) -> None:
        """Next or Save was tried: show every problem and put the cursor in the first."""
        self.revealed = True
        self.show_problems(problems)
        self.focus_first_problem(problems)

    def focus_first_problem(self, problems: dict[str, str]) -> None:
        """The cursor goes to the topmost field with a problem."""
        wrong = {field.widget for name, field in self.fields().items() if name in problems}
        for widget in focus_chain(self):
            owner: QWidget | None = widget
            while owner is not None and owner is not self:
                if owner in wrong:
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
                owner = owner.parentWidget()

    def focus_start(self) -> bool:
        """Put the cursor where the user starts on this page (False: nowhere to put it)."""
        chain = focus_chain(self)
        if chain:
            chain[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return bool(chain)

    def refresh_tab_order(self) -> None:
        """Tab follows the page top to bottom, also through rows added later (a new
        widget would otherwise come last in the window's chain, after `tab_after`)."""
        set_tab_order([*focus_chain(self), *self.tab_after])
