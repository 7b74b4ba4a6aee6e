"""Matchande behov: for one job seeker, the open recruitment needs that fit best, with
the reasons, in a window of its own beside the person's.

The same idea as the Matchning screen turned around: a score, the need and its
employer, the requirements met and missed (one line of marks, since each need asks for
different things), whether the person is already proposed, and why. Enter opens the
need; Ctrl+Enter proposes the person for it. The ranking runs off the GUI thread.
"""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services.consents import SHARING
from desktop.services.matching import NeedFilters, NeedMatch, NeedMatchList
from desktop.services.referrals import ConsentMissingError, ReferralError
from desktop.services.registry import Services
from desktop.store.errors import StoreError
from desktop.views.consent_dialog import ConsentDialog
from desktop.views.intake.form import HINT_STYLE, set_tab_order
from desktop.views.latest_runner import LatestRunner
from desktop.views.list_table import list_rows
from desktop.views.match_models import NeedMatchModel
from desktop.views.matching_view import SHOWN
from desktop.views.person.widgets import button
from desktop.views.ranking_parts import (
    consent_button,
    empty_label,
    failure_text,
    notice_label,
    propose_keys,
    say,
    show_empty,
)
from desktop.views.style import SECONDARY_STYLE, TITLE_STYLE
from desktop.views.text import message, swedish_number

# Poäng, Behov, Arbetsgivare, Kommun, Sista dag, Krav och meriter, Anvisning (Skäl stretches).
COLUMN_WIDTHS = (52, 170, 170, 90, 88, 230, 86)


class PersonNeedsView(QWidget):
    """Signals: `need_activated(need_id)` to open a need, `proposed(person_id, need_id)`
    after a proposal, `needs_shown()` whenever a ranking (or why there is none) has been
    shown, and `closed()` for the close button."""

    need_activated = Signal(str)
    proposed = Signal(str, str)
    needs_shown = Signal()
    closed = Signal()

    def __init__(
        self, services: Services, person_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("personNeedsView")
        self._services = services
        self.person_id = person_id
        self._name = ""
        self.consent_dialog: ConsentDialog | None = None
        self._runner = LatestRunner(self)
        self._runner.finished.connect(self._show_result)
        self._runner.failed.connect(self._show_failure)
        self._set_title("")

        top = self._header_row()
        filters = self._filter_row()
        self.empty = empty_label("noMatchingNeeds")
        self.empty.hide()
        self.model = NeedMatchModel()
        self.table = self._build_table()

        actions = self._action_row()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.notice)
        layout.addLayout(actions)
        set_tab_order(
            [
                self.only_meeting_krav,
                self.table,
                self.propose_button,
                self.open_button,
                self.consent_button,
                self.close_button,
            ]
        )
        propose_keys(self, self.propose)
        self.refresh()

    def _header_row(self) -> QHBoxLayout:
        self.title = QLabel(self.tr("Matchande behov"))
        self.title.setObjectName("screenTitle")
        self.title.setStyleSheet(TITLE_STYLE)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("needMatchCount")
        self.count_label.setAccessibleName(self.tr("Antal behov"))
        self.count_label.setStyleSheet(SECONDARY_STYLE)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count_label)

        return top

    def _filter_row(self) -> QHBoxLayout:
        self.only_meeting_krav = QCheckBox(self.tr("Bara behov där alla &krav uppfylls"))
        self.only_meeting_krav.setObjectName("onlyNeedsMeetingKrav")
        self.only_meeting_krav.setAccessibleName(self.tr("Bara behov där alla krav uppfylls"))
        self.only_meeting_krav.setToolTip(
            self.tr("Utan bocken visas också behov med krav som inte uppfylls, sist i listan.")
        )
        self.only_meeting_krav.setChecked(True)
        self.only_meeting_krav.toggled.connect(self.refresh)
        self.status = QLabel(self.tr("Söker behov…"))
        self.status.setObjectName("personNeedsStatus")
        self.status.setAccessibleName(self.tr("Söker behov"))
        self.status.setStyleSheet(HINT_STYLE)
        self.status.hide()
        filters = QHBoxLayout()
        filters.addWidget(self.only_meeting_krav)
        filters.addSpacing(12)
        filters.addWidget(self.status)
        filters.addStretch(1)

        return filters

    def _action_row(self) -> QHBoxLayout:
        self.propose_button = button(
            self.tr("&Föreslå"), "proposeForNeedButton", self.tr("Föreslå personen för behovet")
        )
        self.propose_button.setToolTip(
            self.tr("Föreslå personen för det valda behovet (Ctrl+Enter)")
        )
        self.propose_button.clicked.connect(self.propose)
        self.open_button = button(
            self.tr("Öppna &behovet"), "openMatchingNeed", self.tr("Öppna det valda behovet")
        )
        self.open_button.setToolTip(self.tr("Öppna behovet (Enter i listan)"))
        self.open_button.clicked.connect(self._open_current)
        self.consent_button = consent_button("registerNeedsConsentButton")
        self.consent_button.clicked.connect(self.register_consent)
        self.close_button = button(self.tr("Stä&ng"), "closePersonNeeds", self.tr("Stäng"))
        self.close_button.clicked.connect(self.closed)
        self.notice = notice_label("personNeedsNotice")
        actions = QHBoxLayout()
        actions.addWidget(self.propose_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.consent_button)
        actions.addStretch(1)
        keys = QLabel(self.tr("Enter öppnar behovet · Ctrl+Enter föreslår"))
        keys.setObjectName("personNeedsKeys")
        keys.setStyleSheet(HINT_STYLE)
        actions.addWidget(keys)
        actions.addSpacing(12)
        actions.addWidget(self.close_button)

        return actions

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("personNeedsTable")
        table.setAccessibleName(self.tr("Öppna behov i poängordning"))
        table.setModel(self.model)
        list_rows(table)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        table.activated.connect(self._activated)
        # Every requirement and reason for the chosen need, in full (the columns are
        # short, and a tooltip is out of reach from the keyboard).
        self.details = QLabel()
        self.details.setObjectName("needMatchReasons")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setStyleSheet(HINT_STYLE)
        self.details.hide()
        self.model.modelReset.connect(self._show_details)
        selection = table.selectionModel()
        assert selection is not None
        selection.currentRowChanged.connect(self._show_details)
        return table

    def _set_title(self, name: str) -> None:
        title = (
            self.tr("Matchande behov för %1").replace("%1", isolated(name))
            if name
            else self.tr("Matchande behov")
        )
        self.setWindowTitle(title)
        self.setAccessibleName(title)

    # Ranking ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def current_filters(self) -> NeedFilters:
        return NeedFilters(only_meeting_krav=self.only_meeting_krav.isChecked())

    def refresh(self) -> None:
        """Rank the open needs for the person again, off the GUI thread."""
        self.status.show()
        self._runner.submit(
            partial(
                self._services.matching.needs_for,
                self.person_id,
                self.current_filters(),
                limit=SHOWN,
            )
        )

    def _show_result(self, result: NeedMatchList) -> None:
        self.status.hide()
        chosen = self.current_need()
        self._name = result.name
        self._set_title(result.name)
        self.title.setText(self.windowTitle())
        self.model.set_result(result)
        total = result.total
        if total == 1:
            count = self.tr("1 behov")
        elif total > len(result.needs):
            count = (
                self.tr("De %1 bästa av %2 behov")
                .replace("%1", swedish_number(len(result.needs)))
                .replace("%2", swedish_number(total))
            )
        else:
            count = self.tr("%1 behov").replace("%1", swedish_number(total))
        self.count_label.setText(count)
        if result.needs:
            self.empty.hide()
            self.table.show()
            row = self.model.row_of(chosen.need.id) if chosen is not None else -1
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
        else:
            self._show_empty(message(result.empty_reason or self.tr("Inga öppna behov.")))
        self.needs_shown.emit()

    def _show_failure(self, error: object) -> None:
        self.status.hide()
        text = failure_text(error)
        self.model.set_result(None)
        self.count_label.setText("")
        self._show_empty(text)
        self.needs_shown.emit()

    def _show_empty(self, text: str) -> None:
        show_empty(self.empty, self.table, text)

    def wait(self) -> None:
        """No ranking left running (before the window or the database closes)."""
        self._runner.cancel()
        self._runner.wait()

    def unsaved_input(self) -> list[str]:
        """Nothing is typed here; closing loses nothing."""
        return []

    # The chosen need -------------------------------------------------------------------

    def current_need(self) -> NeedMatch | None:
        index = self.table.currentIndex()
        return self.model.need_match(index.row()) if index.isValid() else None

    def _show_details(self) -> None:
        match = self.current_need()
        if match is None:
            self.details.hide()
            return
        text = (
            self.tr("%1 hos %2, %3 poäng: %4")
            .replace("%1", isolated(match.need.title))
            .replace("%2", isolated(match.need.employer_name))
            .replace("%3", str(match.score))
            .replace("%4", "; ".join(message(reason) for reason in match.reasons))
        )
        self.details.setText(text)
        self.details.setAccessibleName(text)
        self.details.show()

    def _activated(self, index: QModelIndex) -> None:
        match = self.model.need_match(index.row())
        if match is not None:
            self.need_activated.emit(str(match.need.id))

    def _open_current(self) -> None:
        self._activated(self.table.currentIndex())

    def propose(self) -> bool:
        """Föreslå the person for the chosen need; True if the referral was made."""
        match = self.current_need()
        if match is None or self.table.isHidden():
            self._say(self.tr("Välj ett behov i listan först."), problem=True)
            return False
        try:
            self._services.referrals.propose(match.need.id, self.person_id)
        except ConsentMissingError as error:
            self._say(message(str(error)), problem=True)
            self.consent_button.show()
            self.consent_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        except (ReferralError, StoreError) as error:
            self._say(message(str(error)), problem=True)
            return False
        self.consent_button.hide()
        self.model.set_referral(match.need.id, "foreslagen")
        self._say(
            self.tr("%1 är föreslagen för %2 hos %3.")
            .replace("%1", isolated(self._name))
            .replace("%2", isolated(match.need.title))
            .replace("%3", isolated(match.need.employer_name))
        )
        self.proposed.emit(str(self.person_id), str(match.need.id))
        return True

    def register_consent(self) -> ConsentDialog:
        dialog = ConsentDialog(
            self._services.consents,
            self.person_id,
            self._name,
            kind=SHARING,
            screen="matchning",
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(self._consent_recorded)
        self.consent_dialog = dialog
        dialog.open()
        return dialog

    def _consent_recorded(self, _person_id: str, _kind: str) -> None:
        self.consent_dialog = None
        self.consent_button.hide()
        self._say(self.tr("Samtycket är registrerat. Föreslå nu med Föreslå (Ctrl+Enter)."))
        self.propose_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, *, problem: bool = False) -> None:
        say(self.notice, text, problem=problem)

    def focus_start(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
