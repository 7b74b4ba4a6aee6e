"""Referrals as table rows: a person's (the need, its employer, the status, when it last
changed, the match), a need's (the person instead of the need and employer) or an
employer's (the person and the need).

The service gives the rows in pipeline order (föreslagen first, then newest), so the
table reads as the pipeline does; a list holds one person's, one need's or one employer's
referrals, a few dozen at most (an employer's a few hundred), and is read whole.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop import clock
from desktop.bidi import isolated
from desktop.services.referrals import ReferralRow
from desktop.views.row_table import RowTableModel
from desktop.views.text import label

_ModelIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
# Ended without a placement: shown greyed, after the open ones.
ENDED = ("avbojd", "aterkallad")
ENDED_COLOUR = "#6b6b6b"


class ReferralColumn(enum.Enum):
    PERSON = "person"
    NEED = "need"
    EMPLOYER = "employer"
    STATUS = "status"
    CHANGED = "changed"
    SCORE = "score"


PERSON_COLUMNS = (
    ReferralColumn.NEED,
    ReferralColumn.EMPLOYER,
    ReferralColumn.STATUS,
    ReferralColumn.CHANGED,
    ReferralColumn.SCORE,
)
NEED_COLUMNS = (
    ReferralColumn.PERSON,
    ReferralColumn.STATUS,
    ReferralColumn.CHANGED,
    ReferralColumn.SCORE,
)
# An employer's referrals span its needs: who, to which need.
EMPLOYER_COLUMNS = (
    ReferralColumn.PERSON,
    ReferralColumn.NEED,
    ReferralColumn.STATUS,
    ReferralColumn.CHANGED,
    ReferralColumn.SCORE,
)


def local_time(moment: dt.datetime) -> str:
    """A stored (UTC) moment as the clock on the wall in Sweden showed it."""
    return clock.minute(moment)


class ReferralTableModel(RowTableModel[ReferralRow]):
    def __init__(self, columns: Sequence[ReferralColumn], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        titles = {
            ReferralColumn.PERSON: self.tr("Person"),
            ReferralColumn.NEED: self.tr("Behov"),
            ReferralColumn.EMPLOYER: self.tr("Arbetsgivare"),
            ReferralColumn.STATUS: self.tr("Status"),
            ReferralColumn.CHANGED: self.tr("Senast ändrad"),
            ReferralColumn.SCORE: self.tr("Matchning"),
        }
        self.headers = tuple(titles[column] for column in self._columns)

    # Rows ----------------------------------------------------------------------------

    def referral(self, row: int) -> ReferralRow | None:
        return self.row_at(row)

    def row_of(self, referral_id: uuid.UUID) -> int:
        """The row showing the referral, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == referral_id), -1)

    def column_of(self, column: ReferralColumn) -> int:
        return self._columns.index(column)

    def status_text(self, referral: ReferralRow) -> str:
        """The status, and for a placement what it is and from when."""
        name = label(referral.status_name)
        placement = referral.placement
        if referral.status != "placerad" or placement is None:
            return name
        return (
            self.tr("%1 – %2 från %3")
            .replace("%1", name)
            .replace("%2", label(placement.form_name))
            .replace("%3", placement.start_date.isoformat())
        )

    def score_text(self, referral: ReferralRow) -> str:
        if referral.match_score is None:
            return ""
        return self.tr("%1 av 100").replace("%1", str(referral.match_score))

    # Qt --------------------------------------------------------------------------------

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        referral = self._cell_row(index)
        if referral is None:
            return None
        column = self._columns[index.column()]
        value: Any = None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            value = isolated(self._text(referral, column))  # see desktop/bidi.py
        elif role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tip(referral, column)
            value = tip and isolated(tip)
        elif role == Qt.ItemDataRole.ForegroundRole and referral.status in ENDED:
            value = QBrush(QColor(ENDED_COLOUR))
        elif role == ID_ROLE:
            value = str(referral.id)
        return value

    def _text(self, referral: ReferralRow, column: ReferralColumn) -> str:
        values = {
            ReferralColumn.PERSON: referral.person_name,
            ReferralColumn.NEED: referral.need_title,
            ReferralColumn.EMPLOYER: referral.employer_name,
            ReferralColumn.CHANGED: local_time(referral.status_changed_at),
        }
        if column is ReferralColumn.STATUS:
            return self.status_text(referral)
        if column is ReferralColumn.SCORE:
            return self.score_text(referral)
        return values[column]

    def _tip(self, referral: ReferralRow, column: ReferralColumn) -> str | None:
        if column is ReferralColumn.SCORE and referral.match_reasons:
            return "\n".join(referral.match_reasons)
        if column is ReferralColumn.STATUS and referral.placement is not None:
            placement = referral.placement
            end = placement.end_date.isoformat() if placement.end_date else self.tr("tills vidare")
            return (
                self.tr("%1, %2 – %3")
                .replace("%1", label(placement.form_name))
                .replace("%2", placement.start_date.isoformat())
                .replace("%3", end)
            )
        return None
