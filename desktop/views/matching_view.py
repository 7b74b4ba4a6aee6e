"""Matchning: for a recruitment need, the job seekers who fit it best, with the reasons
for each score, and the proposal of one of them to the employer.

The need is chosen by typing part of its title or employer's name (or comes from the
need's window, "Hitta kandidater"). The ranking runs off the GUI thread; a filter
changed meanwhile asks again and only the newest answer is shown. Every requirement of
the need is a column of its own, ✓ or ✗; those already proposed stay in the list,
marked. When no one fits, the screen says why in words, naming the krav that empties
the list.

Keys: Enter (or a double click) opens the person; Ctrl+Enter proposes the chosen
candidate. "Varför inte?" names a person who is not in the list and says why.
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

from desktop import clock
from desktop.bidi import isolated
from desktop.services.consents import SHARING
from desktop.services.matching import (
    CandidateFilters,
    CandidateList,
    CandidateMatch,
    NeedSummary,
)
from desktop.services.persons import PersonQuery
from desktop.services.referrals import ConsentMissingError, ReferralError
from desktop.services.registry import Services
from desktop.services.search import fts_query
from desktop.store.errors import StoreError
from desktop.views.consent_dialog import ConsentDialog
from desktop.views.intake.form import HINT_STYLE
from desktop.views.latest_runner import LatestRunner
from desktop.views.list_table import list_rows, two_line_headers
from desktop.views.match_models import CandidateModel, case_word
from desktop.views.person.widgets import button, caption, combo
from desktop.views.pickers import municipality_choices
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
from desktop.views.suggest_field import SuggestField, Suggestion
from desktop.views.text import message, swedish_number

# The best this many are shown; the count says how many qualify in all.
SHOWN = 100
# Poäng, Namn, Kommun, Ärende; each requirement; Anvisning, Samtycke (Skäl stretches).
FIXED_WIDTHS = (52, 170, 92, 70)
REQUIREMENT_WIDTH = 92
AFTER_WIDTHS = (86, 74)


class MatchingView(QWidget):
    """Signals: `person_activated(person_id)` to open a person, `need_activated(need_id)`
    to open the need, `proposed(person_id, need_id)` after a proposal, and
    `candidates_shown()` whenever a ranking (or why there is none) has been shown."""

    person_activated = Signal(str)
    need_activated = Signal(str)
    proposed = Signal(str, str)
    candidates_shown = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matchingView")
        self.setAccessibleName(self.tr("Matchning"))
        self._services = services
        self._need_id: uuid.UUID | None = None
        self._into_list = False
        self._consent_for: CandidateMatch | None = None
        self._sized_for: tuple[uuid.UUID | None, int] | None = None
        self.consent_dialog: ConsentDialog | None = None
        self._runner = LatestRunner(self)
        self._runner.finished.connect(self._show_result)
        self._runner.failed.connect(self._show_failure)

        self.model = CandidateModel()
        title = QLabel(self.tr("Matchning"))
        title.setObjectName("screenTitle")
        title.setStyleSheet(TITLE_STYLE)
        self.count_label = QLabel()
        self.count_label.setObjectName("candidateCount")
        self.count_label.setAccessibleName(self.tr("Antal kandidater"))
        self.count_label.setStyleSheet(SECONDARY_STYLE)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self._need_row())
        layout.addWidget(self.need_header)
        layout.addLayout(self._filter_row())
        layout.addWidget(self.status)
        layout.addWidget(self.empty)
        layout.addWidget(self._build_table(), 1)
        layout.addWidget(self.details)
        layout.addLayout(self._action_row())
        layout.addWidget(self.notice)
        layout.addLayout(self._why_not_row())
        layout.addWidget(self.why_result)

        propose_keys(self, self.propose)
        self._show_nothing_chosen()

    # Building ------------------------------------------------------------------------

    def _need_row(self) -> QHBoxLayout:
        self.need_field = SuggestField(self._suggest_needs)
        self.need_field.setObjectName("matchingNeed")
        self.need_field.setAccessibleName(self.tr("Behov att hitta kandidater till"))
        self.need_field.setPlaceholderText(
            self.tr("Skriv en del av behovets titel eller arbetsgivarens namn")
        )
        self.need_field.picked.connect(self._need_picked)
        self.open_need_button = button(
            self.tr("Öppna be&hovet"), "openMatchedNeed", self.tr("Öppna behovet i ett fönster")
        )
        self.open_need_button.clicked.connect(self._open_need)
        self.open_need_button.setEnabled(False)
        # The need as the ranking read it: its title and employer, then the facts.
        self.need_title = QLabel()
        self.need_title.setObjectName("matchedNeedTitle")
        self.need_title.setTextFormat(Qt.TextFormat.PlainText)
        self.need_title.setStyleSheet("font-weight: 600;")
        self.need_details = QLabel()
        self.need_details.setObjectName("matchedNeedDetails")
        self.need_details.setTextFormat(Qt.TextFormat.PlainText)
        self.need_details.setWordWrap(True)
        self.need_details.setStyleSheet(HINT_STYLE)
        self.need_header = QWidget()
        self.need_header.setObjectName("matchedNeed")
        self.need_header.setAccessibleName(self.tr("Det valda behovet"))
        header = QVBoxLayout(self.need_header)
        header.setContentsMargins(0, 2, 0, 2)
        header.setSpacing(1)
        header.addWidget(self.need_title)
        header.addWidget(self.need_details)
        self.need_header.hide()
        row = QHBoxLayout()
        row.addWidget(caption(self.tr("&Behov"), self.need_field))
        row.addWidget(self.need_field, 1)
        row.addWidget(self.open_need_button)
        return row

    def _filter_row(self) -> QHBoxLayout:
        reference = self._services.reference
        self.municipality = combo("candidateMunicipality", self.tr("Filtrera på kommun"))
        self.municipality.addItem(self.tr("Alla kommuner"), None)
        for code, name in municipality_choices(reference):
            self.municipality.addItem(name, code)
        self.only_meeting_krav = QCheckBox(self.tr("Bara de som &uppfyller alla krav"))
        self.only_meeting_krav.setObjectName("onlyMeetingKrav")
        self.only_meeting_krav.setAccessibleName(self.tr("Bara de som uppfyller alla krav"))
        self.only_meeting_krav.setToolTip(
            self.tr("Utan bocken visas också de som saknar ett krav, sist i listan.")
        )
        self.only_meeting_krav.setChecked(True)
        self.not_proposed = QCheckBox(self.tr("&Inte redan föreslagna"))
        self.not_proposed.setObjectName("notProposed")
        self.not_proposed.setAccessibleName(
            self.tr("Visa bara de som inte redan är föreslagna till behovet")
        )
        self.consent_given = QCheckBox(self.tr("Med &samtycke att dela profilen"))
        self.consent_given.setObjectName("consentGiven")
        self.consent_given.setAccessibleName(
            self.tr("Visa bara de som har samtyckt till att profilen delas med arbetsgivare")
        )
        self.municipality.currentIndexChanged.connect(self.refresh)
        for box in (self.only_meeting_krav, self.not_proposed, self.consent_given):
            box.toggled.connect(self.refresh)

        self.status = QLabel(self.tr("Söker kandidater…"))
        self.status.setObjectName("matchingStatus")
        self.status.setAccessibleName(self.tr("Söker kandidater"))
        self.status.setStyleSheet(HINT_STYLE)
        self.status.hide()
        self.empty = empty_label("noCandidates")

        row = QHBoxLayout()
        row.addWidget(caption(self.tr("&Kommun"), self.municipality))
        row.addWidget(self.municipality)
        row.addSpacing(12)
        row.addWidget(self.only_meeting_krav)
        row.addWidget(self.not_proposed)
        row.addWidget(self.consent_given)
        row.addStretch(1)
        return row

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("candidateTable")
        table.setAccessibleName(self.tr("Kandidater i poängordning"))
        table.setModel(self.model)
        list_rows(table)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # A requirement's label wraps onto a second line rather than widen its column.
        two_line_headers(header)
        header.setStretchLastSection(True)
        # Tab leaves the list for the buttons under it; the arrows move in it.
        table.setTabKeyNavigation(False)
        table.activated.connect(self._activated)
        self.table = table
        # Every reason for the chosen candidate's score, in full: the column shows the
        # first few, and a tooltip is out of reach from the keyboard.
        self.details = QLabel()
        self.details.setObjectName("candidateReasons")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setStyleSheet(HINT_STYLE)
        self.details.hide()
        self.model.modelReset.connect(self._show_details)
        self.model.dataChanged.connect(self._show_details)
        selection = table.selectionModel()
        assert selection is not None
        selection.currentRowChanged.connect(self._show_details)
        return table

    def _action_row(self) -> QHBoxLayout:
        self.propose_button = button(
            self.tr("&Föreslå"), "proposeButton", self.tr("Föreslå kandidaten för behovet")
        )
        self.propose_button.setToolTip(
            self.tr("Föreslå den valda kandidaten för behovet (Ctrl+Enter)")
        )
        self.propose_button.clicked.connect(self.propose)
        self.open_person_button = button(
            self.tr("Öppna &personen"), "openCandidate", self.tr("Öppna den valda personen")
        )
        self.open_person_button.setToolTip(self.tr("Öppna personen (Enter i listan)"))
        self.open_person_button.clicked.connect(self._open_current)
        self.consent_button = consent_button("registerConsentButton")
        self.consent_button.clicked.connect(self.register_consent)
        self.notice = notice_label("matchingNotice")
        row = QHBoxLayout()
        row.addWidget(self.propose_button)
        row.addWidget(self.open_person_button)
        row.addWidget(self.consent_button)
        row.addStretch(1)
        keys = QLabel(self.tr("Enter öppnar personen · Ctrl+Enter föreslår"))
        keys.setObjectName("matchingKeys")
        keys.setStyleSheet(HINT_STYLE)
        row.addWidget(keys)
        return row

    def _why_not_row(self) -> QHBoxLayout:
        self.person_field = SuggestField(self._suggest_persons)
        self.person_field.setObjectName("whyNotPerson")
        self.person_field.setAccessibleName(self.tr("Person som inte finns i listan"))
        self.person_field.setPlaceholderText(
            self.tr("Skriv namn eller personnummer på någon som inte finns i listan")
        )
        self.person_field.picked.connect(self._person_picked)
        self.why_button = button(self.tr("Förklara"), "whyNotButton", self.tr("Förklara varför"))
        self.why_button.clicked.connect(self.explain)
        self.why_result = QLabel()
        self.why_result.setObjectName("whyNotResult")
        self.why_result.setAccessibleName(self.tr("Varför personen inte finns i listan"))
        self.why_result.setTextFormat(Qt.TextFormat.PlainText)
        self.why_result.setWordWrap(True)
        self.why_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why_result.hide()
        row = QHBoxLayout()
        row.addWidget(caption(self.tr("Va&rför inte?"), self.person_field))
        row.addWidget(self.person_field, 1)
        row.addWidget(self.why_button)
        return row

    # Choosing the need ----------------------------------------------------------------

    @property
    def need_id(self) -> uuid.UUID | None:
        return self._need_id

    def _suggest_needs(self, text: str) -> list[Suggestion]:
        rows = self._services.vacancies.suggest_open(text)
        suggestions = []
        for row in rows:
            deadline = (
                self.tr("sista dag %1").replace("%1", row.apply_by.isoformat())
                if row.apply_by
                else self.tr("ingen sista dag")
            )
            text_ = f"{row.title} – {row.employer_name}"
            suggestions.append(Suggestion(str(row.id), text_, f"{text_} ({deadline})"))
        return suggestions

    def choose_need(self, need_id: uuid.UUID | str) -> None:
        """Show the candidates of this need (from the need's window, "Hitta kandidater")."""
        key = uuid.UUID(str(need_id))
        try:
            details = self._services.vacancies.get(key)
        except StoreError as error:
            self._say(message(str(error)), problem=True)
            return
        text = f"{details.title} – {details.employer_name}"
        self.need_field.choose(Suggestion(str(key), text, text))

    def _need_picked(self, need_id: str) -> None:
        self._need_id = uuid.UUID(need_id)
        # Its first list takes the focus, where Enter and Ctrl+Enter work. A flag, not
        # "the need field has the focus": the completer's popup may not have handed the
        # focus back yet when a quick ranking arrives.
        self._into_list = True
        self.open_need_button.setEnabled(True)
        self._say("")
        self._hide_consent_offer()
        self.why_result.hide()
        self.model.set_result(None)
        self.refresh()

    def _open_need(self) -> None:
        if self._need_id is not None:
            self.need_activated.emit(str(self._need_id))

    # Ranking ---------------------------------------------------------------------------

    def current_filters(self) -> CandidateFilters:
        return CandidateFilters(
            municipality=self.municipality.currentData(),
            only_meeting_krav=self.only_meeting_krav.isChecked(),
            not_proposed=self.not_proposed.isChecked(),
            consent_given=self.consent_given.isChecked(),
        )

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def refresh(self) -> None:
        """Rank the chosen need's candidates again, off the GUI thread."""
        if self._need_id is None:
            return
        self.status.show()
        self._runner.submit(
            partial(
                self._services.matching.candidates,
                self._need_id,
                self.current_filters(),
                limit=SHOWN,
            )
        )

    def _show_result(self, result: CandidateList) -> None:
        self.status.hide()
        chosen = self.current_candidate()
        self.model.set_result(result)
        self._size_columns()
        need = result.need
        self.need_title.setText(f"{need.title} – {need.employer_name}")
        self.need_title.setAccessibleName(
            self.tr("Behov: %1").replace("%1", self.need_title.text())
        )
        self.need_details.setText(self._need_line(need))
        self.need_details.setAccessibleName(self.need_details.text())
        self.need_header.show()
        self._show_count(result)
        if result.candidates:
            self.empty.hide()
            self.table.show()
            row = self.model.row_of(chosen.person_id) if chosen is not None else -1
            self.table.setCurrentIndex(self.model.index(max(row, 0), 0))
            if self._into_list:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            reason = result.empty_reason or self.tr("Inga kandidater.")
            self._show_empty(message(reason))
        self._into_list = False
        self.candidates_shown.emit()

    def _show_failure(self, error: object) -> None:
        self.status.hide()
        text = failure_text(error)
        self.model.set_result(None)
        self.need_header.hide()
        self.count_label.setText("")
        self._show_empty(text)
        self.candidates_shown.emit()

    def _need_line(self, need: NeedSummary) -> str:
        """Places, where, the last day and the occupation, in one line."""
        if need.positions == 1:
            parts = [self.tr("1 plats")]
        else:
            parts = [self.tr("%1 platser").replace("%1", str(need.positions))]
        if need.municipality:
            parts.append(need.municipality)
        if need.apply_by and need.apply_by < clock.today():
            # Föreslå would be refused; say so before anyone tries.
            parts.append(
                self.tr("sista dag att föreslå var %1, förslag tas inte emot").replace(
                    "%1", need.apply_by.isoformat()
                )
            )
        elif need.apply_by:
            parts.append(
                self.tr("sista dag att föreslå %1").replace("%1", need.apply_by.isoformat())
            )
        else:
            parts.append(self.tr("ingen sista dag att föreslå"))
        parts.append(f"{need.occupation_code} {need.occupation_name}")
        return " · ".join(parts)

    def _show_count(self, result: CandidateList) -> None:
        total = result.total
        if total == 1:
            text = self.tr("1 kandidat")
        elif total > len(result.candidates):
            text = (
                self.tr("De %1 bästa av %2 kandidater")
                .replace("%1", swedish_number(len(result.candidates)))
                .replace("%2", swedish_number(total))
            )
        else:
            text = self.tr("%1 kandidater").replace("%1", swedish_number(total))
        self.count_label.setText(text)

    def _show_empty(self, text: str) -> None:
        show_empty(self.empty, self.table, text)

    def _show_nothing_chosen(self) -> None:
        self._show_empty(
            self.tr(
                "Välj ett behov: skriv en del av titeln eller arbetsgivarens namn och välj "
                "det i listan. Från ett behovs fönster når du hit med Hitta kandidater."
            )
        )

    def _size_columns(self) -> None:
        """Widths that fit, set when the columns change (a width the user dragged stays
        while the same need is ranked again)."""
        key = (self.model.result.need.id if self.model.result else None, self.model.columnCount())
        if key == self._sized_for:
            return
        self._sized_for = key
        header = self.table.horizontalHeader()
        widths = [
            *FIXED_WIDTHS,
            *[REQUIREMENT_WIDTH] * self.model.requirement_count,
            *AFTER_WIDTHS,
        ]
        for column, width in enumerate(widths):
            header.resizeSection(column, width)

    def wait(self) -> None:
        """No ranking left running (before the database closes)."""
        self._runner.cancel()
        self._runner.wait()

    # The chosen candidate -------------------------------------------------------------

    def current_candidate(self) -> CandidateMatch | None:
        index = self.table.currentIndex()
        return self.model.candidate(index.row()) if index.isValid() else None

    def _show_details(self) -> None:
        candidate = self.current_candidate()
        if candidate is None:
            self.details.hide()
            return
        text = (
            self.tr("%1, %2 poäng: %3")
            .replace("%1", isolated(candidate.name))
            .replace("%2", str(candidate.score))
            .replace("%3", "; ".join(message(reason) for reason in candidate.reasons))
        )
        self.details.setText(text)
        self.details.setAccessibleName(text)
        self.details.show()

    def _activated(self, index: QModelIndex) -> None:
        candidate = self.model.candidate(index.row())
        if candidate is not None:
            self.person_activated.emit(str(candidate.person_id))

    def _open_current(self) -> None:
        self._activated(self.table.currentIndex())

    def select_person(self, person_id: uuid.UUID) -> bool:
        row = self.model.row_of(person_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
        return row >= 0

    # Proposing -------------------------------------------------------------------------

    def propose(self) -> bool:
        """Föreslå the chosen candidate for the need; True if the referral was made."""
        candidate = self.current_candidate()
        if self._need_id is None or candidate is None or self.table.isHidden():
            self._say(self.tr("Välj en kandidat i listan först."), problem=True)
            return False
        need_id = self._need_id
        try:
            self._services.referrals.propose(need_id, candidate.person_id)
        except ConsentMissingError as error:
            self._say(message(str(error)), problem=True)
            self._offer_consent(candidate)
            return False
        except (ReferralError, StoreError) as error:
            self._say(message(str(error)), problem=True)
            return False
        self._hide_consent_offer()
        need = self.model.result.need if self.model.result is not None else None
        where = (
            f" ({isolated(need.title)}, {isolated(need.employer_name)})" if need is not None else ""
        )
        self._say(
            self.tr("%1 är föreslagen för behovet%2.")
            .replace("%1", isolated(candidate.name))
            .replace("%2", where)
        )
        self.model.set_referral(candidate.person_id, "foreslagen")
        self.proposed.emit(str(candidate.person_id), str(need_id))
        if self.not_proposed.isChecked():
            self.refresh()
        return True

    def _offer_consent(self, candidate: CandidateMatch) -> None:
        self._consent_for = candidate
        self.consent_button.show()
        self.consent_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hide_consent_offer(self) -> None:
        self._consent_for = None
        self.consent_button.hide()

    def register_consent(self) -> ConsentDialog | None:
        """Registrera samtycke for the candidate the proposal stopped at."""
        candidate = self._consent_for
        if candidate is None:
            return None
        dialog = ConsentDialog(
            self._services.consents,
            candidate.person_id,
            candidate.name,
            kind=SHARING,
            screen="matchning",
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method: closures connected to self-deleting dialogs crashed PySide.
        dialog.recorded.connect(self._consent_recorded)
        self.consent_dialog = dialog
        dialog.open()
        return dialog

    def _consent_recorded(self, person_id: str, _kind: str) -> None:
        self.consent_dialog = None
        key = uuid.UUID(person_id)
        candidate = self._consent_for
        self._hide_consent_offer()
        self.model.set_may_share(key, True)
        self.select_person(key)
        name = candidate.name if candidate is not None else ""
        self._say(
            self.tr("Samtycket är registrerat. Föreslå %1 nu med Föreslå (Ctrl+Enter).").replace(
                "%1", name
            )
        )
        self.propose_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, *, problem: bool = False) -> None:
        say(self.notice, text, problem=problem)

    # Varför inte? ----------------------------------------------------------------------

    def _suggest_persons(self, text: str) -> list[Suggestion]:
        if fts_query(text) is None:
            return []
        rows = self._services.persons.page(PersonQuery(text=text), limit=12)
        suggestions = []
        for row in rows:
            name = f"{row.first_name} {row.last_name}"
            parts = [name, row.birth_date.isoformat()]
            if row.municipality:
                parts.append(row.municipality)
            parts.append(case_word(row.case_status) or self.tr("inget ärende"))
            suggestions.append(Suggestion(str(row.id), name, " – ".join(parts)))
        return suggestions

    def _person_picked(self, _person_id: str) -> None:
        self.explain()

    def explain(self) -> None:
        """Why the person named in "Varför inte?" is or is not among the candidates."""
        person = self.person_field.resolve()
        if person is None:
            text = (
                self.tr("Skriv en del av namnet och välj personen i listan.")
                if self.person_field.text().strip()
                else self.tr("Skriv namnet på den du undrar över.")
            )
            self._explain(text, problem=True)
            return
        if self._need_id is None:
            self._explain(self.tr("Välj ett behov först."), problem=True)
            return
        try:
            why = self._services.matching.why_not(self._need_id, uuid.UUID(person.id))
        except StoreError as error:
            self._explain(message(str(error)), problem=True)
            return
        lines = [message(reason) for reason in why.reasons]
        if why.in_list and not self.select_person(why.person_id):
            lines.append(
                self.tr("Hen syns inte i listan just nu på grund av filtren.")
                if self.model.rowCount() < SHOWN
                else self.tr("Hen finns längre ner än de %1 som visas.").replace("%1", str(SHOWN))
            )
        self._explain("\n".join(lines), problem=not why.in_list)

    def _explain(self, text: str, *, problem: bool) -> None:
        say(self.why_result, text, problem=problem)
        self.why_result.setAccessibleName(text)

    # Focus -----------------------------------------------------------------------------

    def focus_start(self) -> None:
        """The cursor where the user starts: the need, or the list once one is chosen."""
        if self._need_id is not None and not self.table.isHidden():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.need_field.setFocus(Qt.FocusReason.OtherFocusReason)
