"""The ranked lists of matching as tables: a need's candidates, and a person's needs.

Both hold one ranking as the service returned it (at most a few hundred rows, already in
score order), so they are plain table models, not paged ones. Every requirement of the
need is a narrow column of its own in the candidate table (✓ or ✗, the header its label,
the tooltip what the person has); in the needs table, whose needs differ in their
requirements, the marks are one text column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.bidi import isolated
from desktop.services import vocabulary
from desktop.services.matching import (
    CandidateList,
    CandidateMatch,
    NeedMatch,
    NeedMatchList,
    RequirementResult,
)
from desktop.services.referrals import STATUS_NAMES
from desktop.views.keyset_model import ID_ROLE
from desktop.views.style import SECONDARY
from desktop.views.text import label

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")

MISSING_COLOUR = QColor("#b3261e")  # a krav not met: the red of a field's problem
MERIT_MISSING_COLOUR = QColor("#7a6000")  # a merit not met: weighs less
MET_COLOUR = QColor("#1b5e20")
QUIET_COLOUR = QColor(SECONDARY)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def referral_word(status: str | None) -> str:
    """ "Föreslagen", "Intervju" …; "" for someone not proposed."""
    return label(STATUS_NAMES.get(status, status)) if status else ""


def case_word(status: str | None) -> str:
    return label(vocabulary.CASE_STATUS.get(status, status)) if status else ""


def mark(result: RequirementResult) -> str:
    return "✓" if result.met else "✗"


def marks_text(results: Sequence[RequirementResult]) -> str:
    """Every requirement in one line: "✓ Körkort B · ✗ Svenska B1 (merit)"."""
    merit = _tr("MatchModels", "merit")
    return " · ".join(
        f"{mark(r)} {r.label}" + (f" ({merit})" if r.importance == "merit" else "") for r in results
    )


def requirements_tooltip(results: Sequence[RequirementResult]) -> str:
    return "\n".join(label(r.text) for r in results)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class Column(NamedTuple, Generic[RowT]):
    header: str  # translated in the model's context when shown
    text: Callable[[RowT], str]
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[RowT], str] | None = None


class _RankedModel(QAbstractTableModel, Generic[RowT]):
    """Rows of one ranking; `columns()` may depend on the ranking (the requirements)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RowT] = []

    def columns(self) -> Sequence[Column[RowT]]:
        raise NotImplementedError

    def key(self, row: RowT) -> uuid.UUID:
        raise NotImplementedError

    def colour(self, row: RowT, column: int) -> QColor | None:
        return None

    def header_tooltip(self, section: int) -> str | None:
        return None

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: uuid.UUID) -> int:
        """The row of the record `key`, -1 if it is not listed."""
        return next((i for i, row in enumerate(self._rows) if self.key(row) == key), -1)

    def _replace_row(self, row: int, value: RowT) -> None:
        self._rows[row] = value
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _reset(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._refresh_columns()
        self.endResetModel()

    def _refresh_columns(self) -> None:
        """Called inside a reset: the columns may change with the rows."""

    # Qt's model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        columns = self.columns()
        if row is None or not 0 <= index.column() < len(columns):
            return None
        column = columns[index.column()]
        value: Any = None
        if role == Qt.ItemDataRole.DisplayRole:
            value = isolated(column.text(row))  # stored names: see desktop/bidi.py
        elif role == ID_ROLE:
            value = str(self.key(row))
        elif role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            value = isolated(column.tooltip(row)) or None
        elif role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            value = column.align
        elif role == Qt.ItemDataRole.ForegroundRole:
            colour = self.colour(row, index.column())
            value = QBrush(colour) if colour is not None else None
        return value

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        columns = self.columns()
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(type(self).__name__, columns[section].header)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tooltip(section)
        return None


# A need's candidates -----------------------------------------------------------------


def _candidate_columns() -> tuple[list[Column[CandidateMatch]], list[Column[CandidateMatch]]]:
    before: list[Column[CandidateMatch]] = [
        Column("Poäng", lambda c: str(c.score), _RIGHT),
        Column("Namn", lambda c: c.name),
        Column("Kommun", lambda c: c.municipality or ""),
        Column("Ärende", lambda c: case_word(c.case_status)),
    ]
    after: list[Column[CandidateMatch]] = [
        Column("Anvisning", lambda c: referral_word(c.referral_status)),
        Column(
            "Samtycke",
            lambda c: _tr("CandidateModel", "Ja") if c.may_share else _tr("CandidateModel", "Nej"),
            _CENTRE,
            lambda c: (
                ""
                if c.may_share
                else _tr(
                    "CandidateModel",
                    "Inget gällande samtycke till att profilen delas med arbetsgivare",
                )
            ),
        ),
        Column(
            "Skäl",
            lambda c: c.key_reasons,
            None,
            lambda c: "\n".join(label(reason) for reason in c.reasons),
        ),
    ]
    return before, after


def _requirement_column(index: int) -> Column[CandidateMatch]:
    result: Callable[[CandidateMatch], RequirementResult] = lambda c: c.requirements[index]  # noqa: E731
    return Column("", lambda c: mark(result(c)), _CENTRE, lambda c: label(result(c).text))


class CandidateModel(_RankedModel[CandidateMatch]):
    """A need's ranked candidates: Poäng, Namn, Kommun, Ärende, one column a requirement
    (✓/✗), Anvisning, Samtycke and Skäl (the key reasons; all of them as tooltip)."""

    FIXED_BEFORE = 4  # Poäng, Namn, Kommun, Ärende
    SCORE, NAME, MUNICIPALITY, CASE = range(4)

    def __init__(self) -> None:
        super().__init__()
        self.result: CandidateList | None = None
        self._before, self._after = _candidate_columns()
        self._requirements: tuple[RequirementResult, ...] = ()
        self._columns: list[Column[CandidateMatch]] = [*self._before, *self._after]

    def set_result(self, result: CandidateList | None) -> None:
        self.result = result
        self._reset(result.candidates if result is not None else ())

    def _refresh_columns(self) -> None:
        first = self._rows[0].requirements if self._rows else ()
        self._requirements = first
        self._columns = [
            *self._before,
            *(_requirement_column(i) for i in range(len(first))),
            *self._after,
        ]

    def columns(self) -> Sequence[Column[CandidateMatch]]:
        return self._columns

    def key(self, row: CandidateMatch) -> uuid.UUID:
        return row.person_id

    @property
    def requirement_count(self) -> int:
        return len(self._requirements)

    def is_requirement(self, column: int) -> bool:
        return self.FIXED_BEFORE <= column < self.FIXED_BEFORE + len(self._requirements)

    @property
    def referral_column(self) -> int:
        return self.FIXED_BEFORE + len(self._requirements)

    @property
    def consent_column(self) -> int:
        return self.referral_column + 1

    @property
    def reasons_column(self) -> int:
        return self.referral_column + 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and self.is_requirement(section)
        ):
            return self._requirements[section - self.FIXED_BEFORE].label
        return super().headerData(section, orientation, role)

    def header_tooltip(self, section: int) -> str | None:
        if not self.is_requirement(section):
            return None
        requirement = self._requirements[section - self.FIXED_BEFORE]
        if requirement.importance == "krav":
            text = _tr("CandidateModel", "Krav: %1 (måste uppfyllas)")
        else:
            text = _tr("CandidateModel", "Merit: %1 (ger fler poäng)")
        return text.replace("%1", requirement.label)

    def colour(self, row: CandidateMatch, column: int) -> QColor | None:
        if self.is_requirement(column):
            result = row.requirements[column - self.FIXED_BEFORE]
            if result.met:
                return MET_COLOUR
            return MISSING_COLOUR if result.importance == "krav" else MERIT_MISSING_COLOUR
        if column == self.consent_column and not row.may_share:
            return MISSING_COLOUR
        if column == self.referral_column:
            return QUIET_COLOUR
        return None

    def candidate(self, row: int) -> CandidateMatch | None:
        return self.row_at(row)

    def set_referral(self, person_id: uuid.UUID, status: str) -> None:
        """Show a proposal just made without ranking again."""
        row = self.row_of(person_id)
        if row >= 0:
            self._replace_row(row, dataclasses.replace(self._rows[row], referral_status=status))

    def set_may_share(self, person_id: uuid.UUID, may_share: bool) -> None:
        """Show a consent just recorded."""
        row = self.row_of(person_id)
        if row >= 0:
            self._replace_row(row, dataclasses.replace(self._rows[row], may_share=may_share))


# A person's needs -----------------------------------------------------------------------

NEED_COLUMNS: list[Column[NeedMatch]] = [
    Column("Poäng", lambda m: str(m.score), _RIGHT),
    Column("Behov", lambda m: m.need.title),
    Column("Arbetsgivare", lambda m: m.need.employer_name),
    Column("Kommun", lambda m: m.need.municipality or ""),
    Column("Sista dag", lambda m: _date(m.need.apply_by)),
    Column(
        "Krav och meriter",
        lambda m: marks_text(m.requirements),
        None,
        lambda m: requirements_tooltip(m.requirements),
    ),
    Column("Anvisning", lambda m: referral_word(m.referral_status)),
    Column(
        "Skäl",
        lambda m: m.key_reasons,
        None,
        lambda m: "\n".join(label(reason) for reason in m.reasons),
    ),
]


class NeedMatchModel(_RankedModel[NeedMatch]):
    """A person's ranked open needs: Poäng, Behov, Arbetsgivare, Kommun, Sista dag, the
    requirements as one line of marks, Anvisning and Skäl."""

    SCORE, TITLE, EMPLOYER, MUNICIPALITY, DEADLINE, REQUIREMENTS, REFERRAL, REASONS = range(8)

    def __init__(self) -> None:
        super().__init__()
        self.result: NeedMatchList | None = None

    def set_result(self, result: NeedMatchList | None) -> None:
        self.result = result
        self._reset(result.needs if result is not None else ())

    def columns(self) -> Sequence[Column[NeedMatch]]:
        return NEED_COLUMNS

    def key(self, row: NeedMatch) -> uuid.UUID:
        return row.need.id

    def need_match(self, row: int) -> NeedMatch | None:
        return self.row_at(row)

    def colour(self, row: NeedMatch, column: int) -> QColor | None:
        if column == self.REQUIREMENTS and not row.meets_krav:
            return MISSING_COLOUR
        if column == self.REFERRAL:
            return QUIET_COLOUR
        return None

    def set_referral(self, need_id: uuid.UUID, status: str) -> None:
        row = self.row_of(need_id)
        if row >= 0:
            self._replace_row(row, dataclasses.replace(self._rows[row], referral_status=status))
