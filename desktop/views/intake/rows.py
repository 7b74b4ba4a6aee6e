"""Repeating groups of fields (languages, educations, work experiences, certificates):
rows that can be added and removed, named like the service names their problems
("languages.1.level")."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.views.accessible import describe
from desktop.views.intake.form import ErrorLabel, Field, FieldSet, field_column, hint_label


class RowEditor(QFrame):
    """One row of a RowList. Subclasses set `noun`, which names the row ("Språk" →
    "Språk 2"), add their fields with `add` and implement `value` and `set_value`."""

    changed = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = ""
        self.fieldset = FieldSet(self.changed.emit)
        self._accessible: dict[str, str] = {}
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.remove_button = QPushButton(self.tr("Ta bort"))
        self.remove_button.setAutoDefault(True)
        self.remove_button.clicked.connect(self.remove_requested)
        describe(self.remove_button, self.tr("Tar bort raden och det som står i den."))

    def add(self, suffix: str, widget: QWidget, accessible: str) -> Field:
        """A field of the row; `suffix` is the service's name within the row ("level",
        or "" for a row of one field such as a certificate)."""
        self._accessible[suffix] = accessible
        return self.fieldset.add(suffix, widget, ErrorLabel(suffix or "row"))

    def form_row(self, form: QFormLayout, text: str, suffix: str, widget: QWidget) -> Field:
        field = self.add(suffix, widget, text)
        label = QLabel(text)
        label.setBuddy(widget)
        label.setMinimumWidth(170)
        form.addRow(label, field_column(widget, field.error))
        return field

    def renumber(self, prefix: str, index: int) -> None:
        number = index + 1
        self.setObjectName(f"{prefix}.{index}")
        self.heading.setText(f"{self.noun} {number}")
        self.remove_button.setObjectName(f"{prefix}.{index}.remove")
        self.remove_button.setAccessibleName(
            self.tr("Ta bort %1 %2").replace("%1", self.noun.lower()).replace("%2", str(number))
        )
        for suffix, field in self.fieldset.fields.items():
            name = f"{prefix}.{index}.{suffix}" if suffix else f"{prefix}.{index}"
            field.widget.setObjectName(name)
            field.error.setObjectName(f"{name}Error")
            field.widget.setAccessibleName(f"{self._accessible[suffix]}, {self.noun} {number}")

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def first_widget(self) -> QWidget:
        return next(iter(self.fieldset.fields.values())).widget


class RowList(QWidget):
    """Rows of one kind with "Lägg till …" under them. `values_changed` follows every
    edit, addition and removal; `rows_changed` tells the page to redo its tab order."""

    values_changed = Signal()
    rows_changed = Signal()

    def __init__(
        self,
        prefix: str,
        make_row: Callable[[], RowEditor],
        *,
        add_text: str,
        add_accessible: str,
        empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefix = prefix
        self.setObjectName(f"{prefix}List")
        self._make_row = make_row
        self._rows: list[RowEditor] = []
        self.empty = hint_label(empty_text, f"{prefix}Empty")
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"{prefix}Add")
        self.add_button.setAccessibleName(add_accessible)
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(self.add_row)
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(6)
        button_row = QHBoxLayout()
        button_row.addWidget(self.add_button)
        button_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows_box)
        layout.addLayout(button_row)

    def rows(self) -> list[RowEditor]:
        return list(self._rows)

    def values(self) -> list[Any]:
        return [row.value() for row in self._rows]

    def set_values(self, values: Sequence[Any]) -> None:
        """Show `values` (no `changed`: this is loading, not editing)."""
        for row in self._rows:
            self._rows_box.removeWidget(row)
            row.deleteLater()
        self._rows = []
        for value in values:
            row = self._new_row()
            row.fieldset.loading = True
            try:
                row.set_value(value)
            finally:
                row.fieldset.loading = False
        self._after_rows_changed()

    def add_row(self) -> RowEditor:
        row = self._new_row()
        self._after_rows_changed()
        self.values_changed.emit()
        row.first_widget().setFocus(Qt.FocusReason.OtherFocusReason)
        return row

    def _new_row(self) -> RowEditor:
        row = self._make_row()
        row.changed.connect(self.values_changed)
        row.remove_requested.connect(partial(self._remove, row))
        self._rows.append(row)
        self._rows_box.addWidget(row)
        # Shown now, not on the next turn of the event loop, so that the cursor can go
        # into it at once.
        row.show()
        return row

    def _remove(self, row: RowEditor) -> None:
        index = self._rows.index(row)
        self._rows.remove(row)
        self._rows_box.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._after_rows_changed()
        self.values_changed.emit()
        if self._rows:
            self._rows[min(index, len(self._rows) - 1)].first_widget().setFocus(
                Qt.FocusReason.OtherFocusReason
            )
        else:
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _after_rows_changed(self) -> None:
        for index, row in enumerate(self._rows):
            row.renumber(self.prefix, index)
        self.empty.setVisible(not self._rows)
        self.rows_changed.emit()

    def fieldsets(self) -> Iterator[FieldSet]:
        for row in self._rows:
            yield row.fieldset

    def fields(self) -> dict[str, Field]:
        found: dict[str, Field] = {}
        for index, row in enumerate(self._rows):
            for suffix, field in row.fieldset.fields.items():
                found[f"{self.prefix}.{index}.{suffix}" if suffix else f"{self.prefix}.{index}"] = (
                    field
                )
        return found


def card(row: RowEditor) -> QFormLayout:
    """Lay out `row` as a framed card: a heading, a form, and "Ta bort" last (Tab
    reaches the fields before the button that removes them)."""
    row.setFrameShape(QFrame.Shape.StyledPanel)
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    bottom = QHBoxLayout()
    bottom.addStretch(1)
    bottom.addWidget(row.remove_button)
    layout = QVBoxLayout(row)
    layout.setContentsMargins(10, 6, 10, 8)
    layout.addWidget(row.heading)
    layout.addLayout(form)
    layout.addLayout(bottom)
    return form
