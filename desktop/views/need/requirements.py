"""The requirements of a recruitment need: rows of what is asked (Swedish, another
language, a driving licence, an education level, experience, a certificate), each a
must (krav) or a merit, with the fields that kind needs.

A row's fields are named as the service names their problems (`requirements.2.level`);
a contradiction between two rows is reported for the later row as a whole
(`requirements.2`) and shown under it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.services import vocabulary
from desktop.services.intake import DRIVING_LICENCES
from desktop.services.reference import ReferenceService
from desktop.services.vacancies import RequirementData
from desktop.views.intake.form import ErrorLabel, Field, change_signal
from desktop.views.intake.licences import LICENCE_NAMES
from desktop.views.intake.rows import RowEditor, RowList
from desktop.views.need.ssyk import OccupationGroupPicker
from desktop.views.pickers import ChoiceBox, ChoiceButtons, LanguagePicker, SearchPicker
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import label

KIND_WIDTH = 150
# What each kind's input is called for a screen reader: its caption alone ("Lägst")
# says too little out of sight of the row.
ACCESSIBLE = {
    ("code", "sprak"): "Språk",
    ("code", "korkort"): "Körkortsbehörighet",
    ("code", "utbildning"): "Lägsta utbildningsnivå",
    ("code", "erfarenhet"): "Yrke eller yrkesgrupp",
    ("code", "certifikat"): "Certifikatets namn",
    ("level", "svenska"): "Lägsta nivå i svenska",
    ("level", "sprak"): "Lägsta nivå i språket",
}
YEARS_WIDTH = 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("RequirementList", text)


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, SearchPicker | ChoiceBox):
        return widget.value()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(type(widget).__name__)


def _set_text_of(widget: QWidget, value: str) -> None:
    if isinstance(widget, SearchPicker | ChoiceBox):
        widget.set_value(value)
    elif isinstance(widget, QLineEdit):
        widget.setText(value)
    else:
        raise TypeError(type(widget).__name__)


class KindField(QWidget):
    """One of a requirement's fields whose input depends on the kind: "code" is a
    language for another language, a licence class for a driving licence, an SSYK code
    for experience. Each kind has its own captioned input; only the current kind's is
    shown, and what was typed for another kind stays there should the user go back.

    An input is made when its kind is first chosen (or given a value): a row shows one
    kind, and making all seven for every row of a need made opening it slow.
    `built(kind)` says that one has been made, so that the row can name it.
    """

    values_changed = Signal()
    built = Signal(str)

    def __init__(
        self, parts: Mapping[str, tuple[str, Callable[[], QWidget]]], parent: QWidget | None = None
    ) -> None:
        """`parts`: kind → (caption, what makes its input)."""
        super().__init__(parent)
        self._makers = dict(parts)
        self._parts: dict[str, tuple[QLabel, QWidget]] = {}
        self._kind = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._layout = layout
        self.hide()

    def _part(self, kind: str) -> tuple[QLabel, QWidget] | None:
        part = self._parts.get(kind)
        if part is None and kind in self._makers:
            text, make = self._makers[kind]
            widget = make()
            caption = QLabel(text)
            caption.setBuddy(widget)
            caption.hide()
            widget.hide()
            self._layout.addWidget(caption)
            self._layout.addWidget(widget)
            change_signal(widget).connect(self._changed)
            part = self._parts[kind] = (caption, widget)
            self.built.emit(kind)
        return part

    def set_kind(self, kind: str) -> None:
        self._kind = kind
        self._part(kind)
        for part_kind, (caption, widget) in self._parts.items():
            caption.setVisible(part_kind == kind)
            widget.setVisible(part_kind == kind)
        current = self.widget()
        if current is not None:
            self.setFocusProxy(current)
        self.setVisible(current is not None)

    def widget(self, kind: str | None = None) -> QWidget | None:
        part = self._part(self._kind if kind is None else kind)
        return part[1] if part else None

    def caption(self, kind: str | None = None) -> str:
        part = self._part(self._kind if kind is None else kind)
        return part[0].text() if part else ""

    def parts(self) -> dict[str, tuple[QLabel, QWidget]]:
        """The inputs made so far."""
        return dict(self._parts)

    def value(self) -> str:
        widget = self.widget()
        return _text_of(widget) if widget is not None else ""

    def values(self) -> list[str]:
        """What the field holds, for "has the user typed anything here"."""
        value = self.value()
        return [value] if value else []

    def set_value(self, kind: str, value: str) -> None:
        if not value and kind not in self._parts:
            return  # nothing to show: made when the kind is chosen
        widget = self.widget(kind)
        if widget is not None:
            _set_text_of(widget, value)

    def _changed(self, *_args: Any) -> None:
        self.values_changed.emit()


def _swedish_levels(reference: ReferenceService) -> ChoiceBox:
    """CEFR, SFI and SAS levels in one list, each scale after a separator."""
    scales = [
        [(c.code, c.name) for c in reference.language_levels(scale)]
        for scale in ("cefr", "sfi", "sas")
    ]
    box = ChoiceBox([pair for scale in scales for pair in scale], empty=_tr("Välj nivå…"))
    at = 1
    for scale in scales[:-1]:
        at += len(scale)
        box.insertSeparator(at)
        at += 1
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


class RequirementEditor(RowEditor):
    """One requirement on a line: kind, krav or merit, then that kind's own fields; the
    reason for each problem under its field, a contradiction under the whole row."""

    kind_changed = Signal()

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Lower case: it ends the fields' accessible names ("Språk, rad 2").
        self.noun = self.tr("rad")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kind = ChoiceBox(
            [(code, label(name)) for code, name in vocabulary.REQUIREMENT_KIND.items()],
            empty=self.tr("Välj vad…"),
        )
        self.kind.setFixedWidth(KIND_WIDTH)
        self.importance = ChoiceButtons(
            [(code, label(name)) for code, name in vocabulary.IMPORTANCE.items()],
            name="importance",
        )
        self.importance.set_value("krav")
        self._build_inputs(reference)
        self._lay_out()
        self.kind.value_changed.connect(self._kind_chosen)

    def _build_inputs(self, reference: ReferenceService) -> None:
        self.code = KindField(
            {
                "sprak": (self.tr("Språk"), self._language),
                "korkort": (self.tr("Behörighet"), self._licence),
                "utbildning": (self.tr("Lägst"), partial(self._education, reference)),
                "erfarenhet": (
                    self.tr("Yrke eller yrkesgrupp"),
                    partial(self._occupation, reference),
                ),
                "certifikat": (self.tr("Namn"), self._certificate),
            }
        )
        self.level = KindField(
            {
                "svenska": (self.tr("Lägst"), partial(_swedish_levels, reference)),
                "sprak": (self.tr("Lägst"), partial(self._language_level, reference)),
            }
        )
        self.years = QLineEdit()
        self.years.setFixedWidth(YEARS_WIDTH)
        self.years.setPlaceholderText(self.tr("t.ex. 2"))
        self.years_field = KindField({"erfarenhet": (self.tr("Minst antal år"), self._years)})
        self._name: tuple[str, int] | None = None
        for suffix, field in (("code", self.code), ("level", self.level)):
            field.built.connect(partial(self._name_part, suffix, field))

    # What each kind's inputs are, made when the kind is first chosen (KindField).

    def _language(self) -> QWidget:
        picker = LanguagePicker()
        picker.setMinimumContentsLength(16)
        return picker

    def _licence(self) -> QWidget:
        licences = [
            (code, f"{code} – {label(LICENCE_NAMES[code])}" if code in LICENCE_NAMES else code)
            for code in DRIVING_LICENCES
        ]
        return ChoiceBox(licences, empty=self.tr("Välj behörighet…"))

    def _education(self, reference: ReferenceService) -> QWidget:
        education = [(c.code, c.name) for c in reference.education_levels()]
        return ChoiceBox(education, empty=self.tr("Välj nivå…"))

    def _occupation(self, reference: ReferenceService) -> QWidget:
        picker = OccupationGroupPicker(reference)
        picker.setMinimumContentsLength(28)
        return picker

    def _certificate(self) -> QWidget:
        certificate = QLineEdit()
        certificate.setPlaceholderText(self.tr("t.ex. truckkort, hygienbevis, ID06"))
        certificate.setMinimumWidth(260)
        return certificate

    def _language_level(self, reference: ReferenceService) -> QWidget:
        cefr = [(c.code, c.name) for c in reference.language_levels("cefr")]
        return ChoiceBox(cefr, empty=self.tr("Välj nivå…"))

    def _years(self) -> QWidget:
        return self.years

    def _lay_out(self) -> None:

        kind = self.add("kind", self.kind, self.tr("Vad som efterfrågas"))
        importance = self.add("importance", self.importance, self.tr("Krav eller merit"))
        code = self.add("code", self.code, self.tr("Vad"))
        level = self.add("level", self.level, self.tr("Nivå"))
        years = self.add("years", self.years_field, self.tr("Antal år"))
        self.conflict = Field(self.importance, ErrorLabel("conflict"))
        self.heading.setFixedWidth(22)
        self.heading.setStyleSheet(f"font-weight: 600; {SECONDARY_STYLE}")

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.heading, 0, 0)
        grid.addWidget(self.kind, 0, 1)
        grid.addWidget(self.importance, 0, 2)
        grid.addWidget(self.code, 0, 3)
        grid.addWidget(self.level, 0, 4)
        grid.addWidget(self.years_field, 0, 5)
        grid.addWidget(self.remove_button, 0, 7)
        grid.addWidget(kind.error, 1, 1)
        grid.addWidget(importance.error, 1, 2)
        grid.addWidget(code.error, 1, 3)
        grid.addWidget(level.error, 1, 4)
        grid.addWidget(years.error, 1, 5, 1, 2)
        grid.addWidget(self.conflict.error, 2, 1, 1, 6)
        grid.setColumnStretch(6, 1)

    def _kind_chosen(self, kind: str) -> None:
        for field in (self.code, self.level, self.years_field):
            field.set_kind(kind)
        self.kind_changed.emit()

    def renumber(self, prefix: str, index: int) -> None:
        super().renumber(prefix, index)
        number = index + 1
        self.heading.setText(f"{number}.")
        self.heading.setAccessibleName(self.tr("Rad %1").replace("%1", str(number)))
        name = f"{prefix}.{index}"
        self.conflict.error.setObjectName(f"{name}Error")
        for button in self.importance.buttons():
            code = button.objectName().rsplit("_", 1)[-1]
            button.setObjectName(f"{name}.importance_{code}")
            button.setAccessibleName(f"{button.text()}, {self.noun.lower()} {number}")
        self._name = (prefix, index)
        for suffix, field in (("code", self.code), ("level", self.level)):
            for kind in field.parts():
                self._name_part(suffix, field, kind)
        self.years.setObjectName(f"{name}.years.erfarenhet")
        self.years.setAccessibleName(self.tr("Minst antal år, rad %1").replace("%1", str(number)))

    def _name_part(self, suffix: str, field: KindField, kind: str) -> None:
        """Name a kind's input by its row, also one made after the row was numbered."""
        if self._name is None:
            return
        prefix, index = self._name
        widget = field.parts()[kind][1]
        widget.setObjectName(f"{prefix}.{index}.{suffix}.{kind}")
        spoken = _tr(ACCESSIBLE[suffix, kind])
        widget.setAccessibleName(f"{spoken}, {self.noun} {index + 1}")

    def touched(self) -> bool:
        return any(field.touched for field in self.fieldset.fields.values())

    def value(self) -> RequirementData:
        kind = self.kind.value()
        return RequirementData(
            kind=kind,
            importance=self.importance.value(),
            code=self.code.value(),
            level=self.level.value(),
            years=self.years.text() if kind == "erfarenhet" else "",
        )

    def set_value(self, value: Any) -> None:
        assert isinstance(value, RequirementData)
        self.kind.set_value(value.kind)
        self.importance.set_value(value.importance)
        self.code.set_value(value.kind, value.code)
        self.level.set_value(value.kind, value.level)
        if value.kind == "erfarenhet":
            self.years.setText(value.years)
        self._kind_chosen(value.kind)

    def first_widget(self) -> QWidget:
        return self.kind


class RequirementList(RowList):
    """The need's requirements; `kind_changed` tells the form to redo its tab order
    (a row's fields change with its kind)."""

    kind_changed = Signal()

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        super().__init__(
            "requirements",
            self._new_editor,
            add_text=_tr("&Lägg till krav eller merit"),
            add_accessible=_tr("Lägg till ett krav eller en merit"),
            empty_text=_tr("Inga krav eller meriter ännu."),
            parent=parent,
        )
        self._reference = reference
        self._loading = False

    def _new_editor(self) -> RequirementEditor:
        row = RequirementEditor(self._reference)
        row.kind_changed.connect(self._kind_changed)
        return row

    def _kind_changed(self) -> None:
        if not self._loading:
            self.kind_changed.emit()

    def set_values(self, values: Sequence[Any]) -> None:
        # The replaced rows are deleted on the next turn of the event loop; hidden now,
        # they are not drawn over the new ones until then.
        for row in self.rows():
            row.hide()
        # The tab order is redone once for all the rows, not once for each row's kind.
        self._loading = True
        try:
            super().set_values(values)
        finally:
            self._loading = False
        self.kind_changed.emit()

    def editors(self) -> list[RequirementEditor]:
        return [row for row in self.rows() if isinstance(row, RequirementEditor)]

    def conflicts(self) -> dict[str, tuple[RequirementEditor, Field]]:
        """The row-wide field of each row, by the name of its contradictions."""
        return {
            f"{self.prefix}.{index}": (row, row.conflict)
            for index, row in enumerate(self.editors())
        }

    def focus_add(self) -> None:
        self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
