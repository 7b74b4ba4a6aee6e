"""Översikt, the first screen of the day, read at a glance: unfinished intakes to resume,
this year's numbers for my municipality, my follow-ups that are due or overdue, my
referrals waiting for an answer, my employers gone quiet, and what I opened recently.

Every row opens its record with Enter or a double-click (a referral its person; "Öppna
behovet", Alt+B, its need). Tab moves from list to list. On a
new database the lists give way to what to do first. The data comes from
`OverviewService.overview()` in one read (desktop/services/overview.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.bidi import isolated
from desktop.services.overview import KeyNumbers, Overview, RecordKind
from desktop.views.latest_runner import LatestRunner
from desktop.views.my_tasks_view import MyTasksView
from desktop.views.person.widgets import button
from desktop.views.style import SECONDARY, TITLE_STYLE
from desktop.views.text import swedish_number

# Wider than this, the sections stand in two columns.
TWO_COLUMNS_FROM = 900
RECORD = Qt.ItemDataRole.UserRole  # (kind, id as text) of the record a row opens
NEED = Qt.ItemDataRole.UserRole + 1  # a referral row's need id
KEY = Qt.ItemDataRole.UserRole + 2  # what keeps a row current across a refresh

SECTION_STYLE = """
QFrame#overviewSection, QFrame#keyNumbers, QFrame#firstSetup {
    background: palette(base); border: 1px solid #d5d9de; border-radius: 6px; }
QLabel#sectionTitle { font-size: 12pt; font-weight: 600; }
QLabel#sectionCount, QLabel#sectionEmpty, QLabel#numberCaption { color: SECONDARY; }
QLabel#keyNumber { font-size: 26pt; font-weight: 600; color: #1f5f99; }
QLabel#numbersTitle { font-weight: 600; }
QTreeWidget { border: none; }
""".replace("SECONDARY", SECONDARY)


class OverviewSource(Protocol):
    def overview(self, *, today: dt.date | None = None) -> Overview: ...

    def key_numbers(self, *, today: dt.date | None = None) -> KeyNumbers: ...


def _days(count: int) -> str:
    return "1 dag" if count == 1 else f"{count} dagar"


class Section(QFrame):
    """A titled list with a count and an empty state in words."""

    def __init__(
        self,
        title: str,
        *,
        name: str,
        columns: Sequence[str],
        empty: str,
        accessible: str,
        stretch: Sequence[int] = (0,),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overviewSection")
        self.setAccessibleName(title)
        self.title = QLabel(title)
        self.title.setObjectName("sectionTitle")
        self.count = QLabel()
        self.count.setObjectName("sectionCount")
        self.empty = QLabel(empty)
        self.empty.setObjectName("sectionEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(empty)
        self.list = QTreeWidget()
        self.list.setObjectName(name)
        self.list.setAccessibleName(accessible)
        self.list.setColumnCount(len(columns))
        self.list.setHeaderLabels(list(columns))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMinimumHeight(120)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The long texts (names, needs) share what is left and are elided; a tooltip has
        # the whole text.
        for column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 10, 12, 10)
        self.body.addLayout(top)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.list, 1)

    def set_rows(self, rows: list[QTreeWidgetItem], total: int) -> None:
        current = self.list.currentItem()
        keep = current.data(0, KEY) if current is not None else None
        self.list.clear()
        self.list.addTopLevelItems(rows)
        # The row the user was on stays current (Enter opens it); nothing is highlighted
        # until the user moves in the list, so the screen stays calm.
        again = next((item for item in rows if keep is not None and item.data(0, KEY) == keep),
                     rows[0] if rows else None)  # fmt: skip
        if again is not None:
            self.list.setCurrentItem(again)
        self.list.clearSelection()
        if total > len(rows):
            self.count.setText(self.tr("%1 av %2 visas").replace("%1", str(len(rows))).replace(
                "%2", str(total)
            ))  # fmt: skip
        else:
            self.count.setText(str(total) if total else "")
        self.count.setAccessibleName(self.count.text())
        self.empty.setVisible(not rows)
        self.list.setVisible(bool(rows))

    def rows(self) -> list[QTreeWidgetItem]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in items if item is not None]


def _item(
    texts: Sequence[str], kind: RecordKind, record_id: object, key: object = None
) -> QTreeWidgetItem:
    # Names and titles as stored, each kept to itself (desktop/bidi.py).
    shown = [isolated(text) for text in texts]
    item = QTreeWidgetItem(shown)
    item.setData(0, RECORD, (kind, str(record_id)))
    item.setData(0, KEY, f"{kind}:{key or record_id}")
    for column, text in enumerate(shown):
        item.setToolTip(column, text)
    return item


class OverviewView(QWidget):
    """Signals ask the main window for a record's window (`open_person(id)`,
    `open_employer(id)`, `open_need(id)`), the unfinished intakes, and on a new database
    for the users tab, a new employer or a new intake."""

    drafts_requested = Signal()
    open_person = Signal(str)
    open_employer = Signal(str)
    open_need = Signal(str)
    users_requested = Signal()
    new_employer_requested = Signal()
    new_intake_requested = Signal()

    def __init__(
        self,
        tasks: MyTasksView,
        draft_count: Callable[[], int],
        source: OverviewSource,
        *,
        is_admin: bool = False,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overviewView")
        self.setAccessibleName(self.tr("Översikt"))
        self.setStyleSheet(SECTION_STYLE)
        self.tasks = tasks
        self._draft_count = draft_count
        self._source = source
        self._today = today
        self._is_admin = is_admin
        self.data: Overview | None = None
        self.key_numbers: KeyNumbers | None = None
        # The year's numbers take a moment at scale: counted off the GUI thread.
        self._numbers_runner = LatestRunner(self)
        self._numbers_runner.finished.connect(self._show_numbers)
        self._numbers_runner.failed.connect(self._numbers_failed)

        self._build_layout()
        self._set_tab_order()
        # One F5 and one "Uppdatera" for the whole screen, the follow-ups included.
        self.tasks.refresh_shortcut.setEnabled(False)
        self.tasks.refresh_button.hide()
        self.tasks.table.setTabKeyNavigation(False)  # Tab goes on to the next list
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        # The lists are read when the screen is shown (start-up reads them once).
        self.refresh_drafts()

    # Building ----------------------------------------------------------------------------

    def _build_layout(self) -> None:
        title = QLabel(self.tr("Översikt"))
        title.setObjectName("screenTitle")
        title.setStyleSheet(TITLE_STYLE)
        self.refresh_button = button(
            self.tr("&Uppdatera"), "refreshOverviewButton", self.tr("Uppdatera översikten")
        )
        self.refresh_button.setToolTip(self.tr("Uppdatera översikten (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.refresh_button)

        self._build_drafts_banner()
        self._build_first_setup()
        self._build_numbers()
        self._build_sections()

        self.columns = QWidget()
        self.columns.setObjectName("overviewColumns")
        self.grid = QGridLayout(self.columns)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        self._two_columns: bool | None = None
        self._place_sections(two=True)

        content = QWidget()
        content.setObjectName("overviewContent")
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(12)
        inner.addWidget(self.drafts_banner)
        inner.addWidget(self.first_setup)
        inner.addWidget(self.numbers)
        inner.addWidget(self.columns, 1)
        inner.addStretch(0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("overviewScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)

    def _build_drafts_banner(self) -> None:
        self.drafts_banner = QFrame()
        self.drafts_banner.setObjectName("draftsBanner")
        self.drafts_banner.setStyleSheet(
            "QFrame#draftsBanner { background: #fff4d6; border: 1px solid #e8c36a;"
            " border-radius: 4px; }"
        )
        self.drafts_text = QLabel()
        self.drafts_text.setObjectName("draftsText")
        self.drafts_button = QPushButton(self.tr("&Fortsätt en inskrivning…"))
        self.drafts_button.setObjectName("showDraftsButton")
        self.drafts_button.setAccessibleName(self.tr("Visa påbörjade inskrivningar"))
        self.drafts_button.clicked.connect(self.drafts_requested)
        banner = QHBoxLayout(self.drafts_banner)
        banner.addWidget(self.drafts_text, 1)
        banner.addWidget(self.drafts_button)

    def _build_first_setup(self) -> None:
        self.first_setup = QFrame()
        self.first_setup.setObjectName("firstSetup")
        self.first_setup.setAccessibleName(self.tr("Kom igång"))
        heading = QLabel(self.tr("Kom igång"))
        heading.setObjectName("sectionTitle")
        intro = QLabel(
            self.tr(
                "Databasen är ny och ännu tom. Börja med de här stegen; sedan visar "
                "Översikt dina uppföljningar, anvisningar och arbetsgivare här."
            )
        )
        intro.setObjectName("firstSetupText")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self.first_setup)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.addWidget(heading)
        layout.addWidget(intro)
        self.users_button = button(
            self.tr("Lägg till a&nvändare…"), "setupUsersButton", self.tr("Lägg till användare")
        )
        self.users_button.clicked.connect(self.users_requested)
        self.employer_button = button(
            self.tr("Registrera en a&rbetsgivare…"),
            "setupEmployerButton",
            self.tr("Registrera en arbetsgivare"),
        )
        self.employer_button.clicked.connect(self.new_employer_requested)
        self.intake_button = button(
            self.tr("Gör en &inskrivning…"), "setupIntakeButton", self.tr("Gör en inskrivning")
        )
        self.intake_button.clicked.connect(self.new_intake_requested)
        steps = [
            (
                self.tr("1. Lägg till handläggarna och matchningsagenterna som ska använda "
                        "programmet, med var sin inloggning."),
                self.users_button,
            ),
            (
                self.tr("2. Registrera en arbetsgivare ni samarbetar med, och logga era "
                        "kontakter och rekryteringsbehov där."),
                self.employer_button,
            ),
            (
                self.tr("3. Skriv in en arbetssökande: identitet, samtycke, språk, "
                        "utbildning och önskemål."),
                self.intake_button,
            ),
        ]  # fmt: skip
        self._steps: list[QWidget] = []
        for text, push in steps:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 4, 0, 4)
            label = QLabel(text)
            label.setWordWrap(True)
            line.addWidget(label, 1)
            push.setMinimumWidth(220)
            line.addWidget(push)
            layout.addWidget(row)
            self._steps.append(row)
        # Adding users is the administrator's; others start at step 2.
        self._steps[0].setVisible(self._is_admin)
        self.first_setup.hide()

    def _build_numbers(self) -> None:
        self.numbers = QFrame()
        self.numbers.setObjectName("keyNumbers")
        self.numbers_title = QLabel()
        self.numbers_title.setObjectName("numbersTitle")
        row = QHBoxLayout()
        self.number_labels: dict[str, QLabel] = {}
        self._number_captions = {
            "new_cases": self.tr("nya ärenden"),
            "placements": self.tr("placeringar som börjat"),
            "open_needs": self.tr("öppna rekryteringsbehov"),
        }
        for key, caption in self._number_captions.items():
            tile = QVBoxLayout()
            number = QLabel("–")
            number.setObjectName("keyNumber")
            number.setProperty("key", key)
            words = QLabel(caption)
            words.setObjectName("numberCaption")
            tile.addWidget(number)
            tile.addWidget(words)
            row.addLayout(tile)
            row.addStretch(1)
            self.number_labels[key] = number
        layout = QVBoxLayout(self.numbers)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.numbers_title)
        layout.addLayout(row)

    def _build_sections(self) -> None:
        tasks_frame = QFrame()
        tasks_frame.setObjectName("overviewSection")
        tasks_frame.setAccessibleName(self.tr("Mina uppföljningar"))
        inner = QVBoxLayout(tasks_frame)
        inner.setContentsMargins(4, 2, 4, 4)
        inner.addWidget(self.tasks)
        tasks_frame.setMinimumHeight(240)  # a few rows even in one narrow column
        self.tasks_section = tasks_frame

        self.referrals = Section(
            self.tr("Anvisningar som väntar på svar"),
            name="waitingReferrals",
            columns=[self.tr("Deltagare"), self.tr("Behov – arbetsgivare"), self.tr("Status"),
                     self.tr("Sedan")],
            empty=self.tr("Inga anvisningar väntar på svar."),
            accessible=self.tr("Mina anvisningar som väntar på svar; Enter öppnar deltagaren"),
            stretch=(0, 1),
        )  # fmt: skip
        self.referrals.list.itemActivated.connect(self._record_activated)
        self.open_need_button = button(
            self.tr("Öppna &behovet"), "openNeedButton", self.tr("Öppna anvisningens behov")
        )
        self.open_need_button.clicked.connect(self._open_current_need)
        self.referrals.list.currentItemChanged.connect(self._update_need_button)
        need_row = QHBoxLayout()
        need_row.addStretch(1)
        need_row.addWidget(self.open_need_button)
        self.referrals.body.addLayout(need_row)

        self.quiet = Section(
            self.tr("Arbetsgivare utan kontakt"),
            name="quietEmployers",
            columns=[self.tr("Arbetsgivare"), self.tr("Senaste kontakt")],
            empty="",
            accessible=self.tr("Mina arbetsgivare utan kontakt på länge; Enter öppnar den"),
        )
        self.quiet.list.itemActivated.connect(self._record_activated)

        self.recent = Section(
            self.tr("Senast öppnade"),
            name="recentRecords",
            columns=[self.tr("Namn"), self.tr("Vad"), self.tr("Öppnad")],
            empty=self.tr(
                "Du har inte öppnat någon deltagare, arbetsgivare eller något behov ännu."
            ),
            accessible=self.tr("Senast öppnade; Enter öppnar igen"),
            stretch=(0, 1),
        )
        self.recent.list.itemActivated.connect(self._record_activated)

    def _place_sections(self, *, two: bool) -> None:
        if two == self._two_columns:
            return
        self._two_columns = two
        sections = (self.tasks_section, self.referrals, self.quiet, self.recent)
        for section in sections:
            self.grid.removeWidget(section)
        places = ((0, 0), (1, 0), (0, 1), (1, 1)) if two else ((0, 0), (1, 0), (2, 0), (3, 0))
        for section, (row, column) in zip(sections, places, strict=True):
            self.grid.addWidget(section, row, column)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if two or column == 0 else 0)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.refresh_button,
            self.drafts_button,
            self.users_button,
            self.employer_button,
            self.intake_button,
            self.tasks.upcoming,
            self.tasks.refresh_button,
            self.tasks.table,
            self.referrals.list,
            self.open_need_button,
            self.quiet.list,
            self.recent.list,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # Data --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything again (the follow-ups too)."""
        self.refresh_drafts()
        data = self._source.overview(today=self._today())
        self.data = data
        self.first_setup.setVisible(data.first_setup)
        self.numbers.setVisible(not data.first_setup)
        self.columns.setVisible(not data.first_setup)
        if not data.first_setup:
            self._numbers_runner.submit(partial(self._source.key_numbers, today=self._today()))
        self._show_referrals(data)
        self._show_quiet(data)
        self._show_recent(data)
        if self.tasks.isVisible():  # else it reads itself when shown
            self.tasks.refresh()

    def refresh_drafts(self) -> None:
        count = self._draft_count()
        if count == 1:
            text = self.tr("Du har en påbörjad inskrivning som inte är sparad.")
        else:
            text = self.tr("Du har %1 påbörjade inskrivningar som inte är sparade.").replace(
                "%1", str(count)
            )
        self.drafts_text.setText(text)
        self.drafts_banner.setAccessibleName(text)
        self.drafts_banner.setVisible(count > 0)

    def _show_numbers(self, numbers: KeyNumbers) -> None:
        self.key_numbers = numbers
        where = numbers.municipality_name or self.tr("Alla kommuner")
        self.numbers_title.setText(
            self.tr("%1 i år (%2)").replace("%1", where).replace("%2", str(numbers.year))
        )
        for key, label in self.number_labels.items():
            value = int(getattr(numbers, key))
            label.setText(swedish_number(value))
            label.setAccessibleName(f"{value} {self._number_captions[key]}")
        self.numbers.setAccessibleName(self.numbers_title.text())

    def _show_referrals(self, data: Overview) -> None:
        rows = []
        for ref in data.referrals:
            waited = (data.today - ref.since).days
            since = ref.since.isoformat()
            if waited > 0:
                since += " · " + _days(waited)
            item = _item(
                [ref.person_name, f"{isolated(ref.need_title)} – {isolated(ref.employer_name)}",
                 ref.status_name,
                 since],
                "person",
                ref.person_id,
                ref.id,
            )  # fmt: skip
            item.setData(0, NEED, str(ref.need_id))
            rows.append(item)
        self.referrals.set_rows(rows, data.referrals_total)
        self._update_need_button()

    def _show_quiet(self, data: Overview) -> None:
        rows = []
        for employer in data.quiet_employers:
            if employer.last_contact_on is None or employer.days_since is None:
                last = self.tr("aldrig")
            else:
                last = f"{employer.last_contact_on.isoformat()} · {_days(employer.days_since)}"
            rows.append(_item([employer.name, last], "employer", employer.id))
        self.quiet.empty.setText(
            self.tr("Alla arbetsgivare du ansvarar för har haft kontakt de senaste %1 dagarna.")
            .replace("%1", str(data.stale_days))
        )  # fmt: skip
        self.quiet.empty.setAccessibleName(self.quiet.empty.text())
        self.quiet.title.setToolTip(
            self.tr("Arbetsgivare du ansvarar för som inte har haft kontakt på %1 dagar "
                    "eller mer, eller aldrig.").replace("%1", str(data.stale_days))
        )  # fmt: skip
        self.quiet.set_rows(rows, data.quiet_total)

    def _show_recent(self, data: Overview) -> None:
        rows = []
        for record in data.recent:
            when = clock.local(record.opened_at)
            shown = (
                self.tr("i dag %1").replace("%1", when.strftime("%H:%M"))
                if when.date() == data.today
                else when.strftime("%Y-%m-%d")
            )
            detail = record.detail
            if record.kind == "need":
                detail = self.tr("Behov hos %1").replace("%1", record.detail)
            rows.append(_item([record.name, detail, shown], record.kind, record.id))
        self.recent.set_rows(rows, len(rows))
        self.recent.count.setText("")

    # Opening ------------------------------------------------------------------------------

    def _record_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind, record_id = item.data(0, RECORD)
        {
            "person": self.open_person,
            "employer": self.open_employer,
            "need": self.open_need,
        }[kind].emit(record_id)

    def _open_current_need(self) -> None:
        item = self.referrals.list.currentItem()
        if item is not None:
            self.open_need.emit(item.data(0, NEED))

    def _update_need_button(self) -> None:
        self.open_need_button.setEnabled(self.referrals.list.currentItem() is not None)
        self.open_need_button.setVisible(bool(self.referrals.rows()))

    @staticmethod
    def _numbers_failed(error: object) -> None:
        # The app's exception dialog shows it; the lists stay as they are.
        raise error  # type: ignore[misc]

    def wait(self) -> None:
        """Before the window closes: no count left running."""
        self._numbers_runner.cancel()
        self._numbers_runner.wait()

    def focus_first_list(self) -> None:
        self.tasks.focus_list()

    # Events -----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_sections(two=event.size().width() >= TWO_COLUMNS_FROM)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            self.refresh()
        super().showEvent(event)
