"""Administration → Logg: who read, changed, printed or exported what, and when.

Filters by user, person, kind of event and period; the table fetches a page at a time,
newest first. "Exportera…" writes what the filters select to a CSV or Excel file in a
thread of its own, and the export is itself logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.services.accounts import AccessDeniedError
from desktop.services.audit_labels import ACTION_LABELS
from desktop.services.audit_log import (
    AuditLogError,
    AuditLogService,
    AuditQuery,
)
from desktop.services.persons import PersonQuery
from desktop.services.registry import Services
from desktop.services.validation import parse_date
from desktop.views.audit_model import AuditLogModel
from desktop.views.list_keys import go_to_ends
from desktop.views.list_table import list_rows
from desktop.views.text import label, message, swedish_number

log = logging.getLogger(__name__)

# Long enough to let a fast typist finish a word, short enough to feel immediate.
SEARCH_DELAY_MS = 250
PERSON_MATCHES = 20
SCREEN = "logg"
_ERROR_STYLE = "color: #b3261e;"


class _Relay(QObject):
    """Carries the worker's news to the GUI thread (queued, since it lives there)."""

    progressed = Signal(int)
    done = Signal(int, str)
    failed = Signal(str)


class _ExportJob(QRunnable):
    def __init__(
        self,
        service: AuditLogService,
        query: AuditQuery,
        path: Path,
        relay: _Relay,
        cancel: threading.Event,
    ) -> None:
        super().__init__()
        self._service = service
        self._query = query
        self._path = path
        self._relay = relay
        self._cancel = cancel

    def _progress(self, count: int) -> bool:
        self._relay.progressed.emit(count)
        return not self._cancel.is_set()

    def run(self) -> None:
        try:
            count = self._service.export(
                self._query, self._path, screen=SCREEN, progress=self._progress
            )
        except AuditLogError as error:
            self._relay.failed.emit(str(error))
        except Exception:
            # The traceback names files and SQL errors, never the rows' contents.
            log.exception("audit log export failed")
            self._relay.failed.emit("Exporten misslyckades. Detaljer finns i programmets logg.")
        else:
            self._relay.done.emit(count, self._path.name)


def _combo(name: str, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _date_edit(name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText("ÅÅÅÅ-MM-DD")
    edit.setMaxLength(10)
    edit.setClearButtonEnabled(True)
    edit.setFixedWidth(130)
    return edit


class AuditLogView(QWidget):
    """The administrator's audit log. Call `cancel_export()` and `wait()` before the
    database is closed."""

    export_finished = Signal(bool)  # whether the file was written

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditLogView")
        self.setAccessibleName(self.tr("Logg"))
        self._services = services
        self._loaded = False

        intro = QLabel(
            self.tr(
                "Vem som har läst, ändrat, skrivit ut eller exporterat vilka uppgifter, "
                "och när. Loggen kan inte ändras; nyaste händelsen står först."
            )
        )
        intro.setObjectName("auditIntro")
        intro.setAccessibleName(self.tr("Om loggen"))
        intro.setWordWrap(True)

        filters = self._build_filters()
        self._build_table()
        bottom = self._build_export()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.export_dialog: QFileDialog | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._export_progressed)
        self._relay.done.connect(self._export_done)
        self._relay.failed.connect(self._export_failed)
        self._cancel = threading.Event()
        self._exporting = False

        self._connect()
        self._fill_actions()
        self._reset_persons()

    def _build_filters(self) -> QGridLayout:
        self.user_filter = _combo("auditUserFilter", self.tr("Filtrera på användare"))
        self.person_search = QLineEdit()
        self.person_search.setObjectName("auditPersonSearch")
        self.person_search.setAccessibleName(self.tr("Sök deltagare att filtrera på"))
        self.person_search.setPlaceholderText(self.tr("Sök på namn eller personnummer"))
        self.person_search.setClearButtonEnabled(True)
        self.person_search.setMinimumWidth(260)
        self.person_results = _combo("auditPersonResults", self.tr("Välj deltagare"))
        self.person_results.setMinimumContentsLength(28)
        self.action_filter = _combo("auditActionFilter", self.tr("Filtrera på händelse"))
        self.date_from = _date_edit("auditDateFrom", self.tr("Från och med datum"))
        self.date_to = _date_edit("auditDateTo", self.tr("Till och med datum"))
        self.date_error = QLabel()
        self.date_error.setObjectName("auditDateError")
        self.date_error.setAccessibleName(self.tr("Fel i datum"))
        self.date_error.setStyleSheet(_ERROR_STYLE)
        self.date_error.setWordWrap(True)
        self.date_error.hide()
        self.clear_button = QPushButton(self.tr("&Rensa filter"))
        self.clear_button.setObjectName("auditClearFilters")
        self.clear_button.setAccessibleName(self.tr("Rensa filter"))
        self.refresh_button = QPushButton(self.tr("&Uppdatera"))
        self.refresh_button.setObjectName("auditRefresh")
        self.refresh_button.setAccessibleName(self.tr("Uppdatera loggen"))
        self.refresh_button.setToolTip(self.tr("Hämta nya händelser (F5)"))

        filters = QGridLayout()
        filters.setObjectName("auditFilters")
        rows: list[tuple[str, QWidget, QWidget | None]] = [
            (self.tr("A&nvändare"), self.user_filter, None),
            (self.tr("&Deltagare"), self.person_search, self.person_results),
            (self.tr("Händel&se"), self.action_filter, None),
        ]
        for number, (text, field, extra) in enumerate(rows):
            caption = QLabel(text)
            caption.setBuddy(field)
            filters.addWidget(caption, number, 0)
            filters.addWidget(field, number, 1)
            if extra is not None:
                filters.addWidget(extra, number, 2)
        filters.addWidget(QLabel(self.tr("Period")), 3, 0)
        filters.addLayout(self._period_row(), 3, 1, 1, 2)
        filters.addWidget(self.date_error, 4, 1, 1, 2)
        filters.setColumnStretch(3, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        filters.addLayout(buttons, 0, 4, 4, 1)
        return filters

    def _period_row(self) -> QHBoxLayout:
        period = QHBoxLayout()
        from_label = QLabel(self.tr("&Från"))
        from_label.setBuddy(self.date_from)
        to_label = QLabel(self.tr("&Till"))
        to_label.setBuddy(self.date_to)
        for widget in (from_label, self.date_from, to_label, self.date_to):
            period.addWidget(widget)
        period.addStretch(1)
        return period

    def _build_table(self) -> None:
        self.model = AuditLogModel(self._services.audit_log)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(self.tr("Loggens händelser"))
        self.table.setModel(self.model)
        go_to_ends(self.table)
        list_rows(self.table)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((60, 150, 170, 100, 130, 180, 110)):
            header.resizeSection(column, width)

    def _build_export(self) -> QHBoxLayout:
        self.export_button = QPushButton(self.tr("&Exportera…"))
        self.export_button.setObjectName("auditExport")
        self.export_button.setAccessibleName(self.tr("Exportera loggen till fil"))
        self.export_button.setToolTip(
            self.tr("Skriv händelserna som filtren visar till en CSV- eller Excelfil")
        )
        self.cancel_button = QPushButton(self.tr("Av&bryt export"))
        self.cancel_button.setObjectName("auditExportCancel")
        self.cancel_button.setAccessibleName(self.tr("Avbryt exporten"))
        self.cancel_button.hide()
        self.export_status = QLabel()
        self.export_status.setObjectName("auditExportStatus")
        self.export_status.setAccessibleName(self.tr("Exportens status"))
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.export_status, 1)
        return bottom

    def _connect(self) -> None:
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_persons)
        self.person_search.textChanged.connect(self._search_timer.start)
        self.person_search.returnPressed.connect(self._search_and_choose)
        self.person_results.activated.connect(self.apply_filters)
        self.user_filter.activated.connect(self.apply_filters)
        self.action_filter.activated.connect(self.apply_filters)
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self.apply_filters)
            edit.textEdited.connect(self._date_edited)
        self.clear_button.clicked.connect(self.clear_filters)
        self.refresh_button.clicked.connect(self.model.refresh)
        self.export_button.clicked.connect(self.choose_export_file)
        self.cancel_button.clicked.connect(self.cancel_export)
        refresh = QShortcut(QKeySequence.StandardKey.Refresh, self, self.model.refresh)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # --- loading and filters -----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()

    def load(self) -> None:
        """Fill the user list and show the newest events; once, when first shown."""
        if self._loaded:
            return
        self._loaded = True
        if not self._services.actor.is_admin:
            # The service refuses anyway; say so instead of showing an empty log.
            self.export_status.setText(message(str(AccessDeniedError())))
            for widget in self.findChildren(QWidget):
                if widget is not self.export_status:
                    widget.setEnabled(False)
            return
        self.user_filter.clear()
        self.user_filter.addItem(self.tr("Alla användare"), None)
        for user in self._services.accounts.users():
            text = f"{user.full_name} ({user.username})"
            if not user.active:
                text += " " + self.tr("(inaktiv)")
            self.user_filter.addItem(text, str(user.id))
        self.model.refresh()

    def _fill_actions(self) -> None:
        self.action_filter.addItem(self.tr("Alla händelser"), None)
        for code, text in ACTION_LABELS.items():
            shown = label(text)
            self.action_filter.addItem(shown[:1].upper() + shown[1:], code)

    def _reset_persons(self) -> None:
        self.person_results.clear()
        self.person_results.addItem(self.tr("Alla deltagare"), None)

    def search_persons(self) -> int:
        """Offer the persons whose name or number matches the search; their number."""
        self._search_timer.stop()
        text = self.person_search.text().strip()
        chosen = self.person_results.currentData()
        self._reset_persons()
        if not text:
            if chosen is not None:
                self.apply_filters()
            return 0
        rows = self._services.persons.page(PersonQuery(text=text), None, PERSON_MATCHES)
        for row in rows:
            name = f"{row.last_name}, {row.first_name} ({row.birth_date.isoformat()})"
            self.person_results.addItem(name, str(row.id))
        if not rows:
            self.person_results.setItemText(0, self.tr("Ingen deltagare hittades"))
        # A choice the new search still offers stays chosen.
        index = self.person_results.findData(chosen) if chosen is not None else -1
        self.person_results.setCurrentIndex(max(index, 0))
        if chosen is not None and index < 0:
            self.apply_filters()
        return len(rows)

    def _search_and_choose(self) -> None:
        if self.search_persons():
            self.person_results.setFocus(Qt.FocusReason.OtherFocusReason)
            self.person_results.showPopup()

    def _date_edited(self) -> None:
        # The message goes once the user corrects the date, not only at the next Enter.
        if self.date_error.isVisible():
            self._read_dates()

    def _read_dates(self) -> tuple[dt.date | None, dt.date | None] | None:
        """The period typed, or None after showing what is wrong beside the fields."""
        values: list[dt.date | None] = []
        problems: list[str] = []
        for edit, name in ((self.date_from, "Från-datumet"), (self.date_to, "Till-datumet")):
            text = edit.text().strip()
            value = None
            if text:
                try:
                    value = parse_date(text, label=name)
                except ValueError as error:
                    problems.append(message(str(error)))
            values.append(value)
        start, end = values
        if not problems and start and end and start > end:
            problems.append(self.tr("Från-datumet kan inte vara efter till-datumet."))
        self.date_error.setText(" ".join(problems))
        self.date_error.setVisible(bool(problems))
        return None if problems else (start, end)

    def current_query(self) -> AuditQuery | None:
        """The query the filters describe, or None while a date is wrong."""
        period = self._read_dates()
        if period is None:
            return None
        user = self.user_filter.currentData()
        person = self.person_results.currentData()
        return AuditQuery(
            user_id=uuid.UUID(user) if user else None,
            person_id=uuid.UUID(person) if person else None,
            action=self.action_filter.currentData(),
            date_from=period[0],
            date_to=period[1],
        )

    def apply_filters(self) -> None:
        query = self.current_query()
        if query is not None:
            self.model.set_query(query)

    def clear_filters(self) -> None:
        self.user_filter.setCurrentIndex(0)
        self.action_filter.setCurrentIndex(0)
        self.person_search.clear()
        self._search_timer.stop()
        self._reset_persons()
        self.date_from.clear()
        self.date_to.clear()
        self.apply_filters()

    # --- export --------------------------------------------------------------------

    def choose_export_file(self) -> None:
        """Ask for the file; the export starts when one is chosen."""
        if self.current_query() is None:
            return
        dialog = QFileDialog(self, self.tr("Exportera loggen"))
        dialog.setObjectName("auditExportDialog")
        dialog.setAccessibleName(self.tr("Välj fil för exporten"))
        # Qt's own dialog: the same on every platform, and one tests can answer.
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        csv_filter = self.tr("CSV, semikolonseparerad (*.csv)")
        xlsx_filter = self.tr("Excel (*.xlsx)")
        dialog.setNameFilters([csv_filter, xlsx_filter])
        dialog.setDefaultSuffix("csv")
        dialog.filterSelected.connect(
            lambda chosen: dialog.setDefaultSuffix("xlsx" if chosen == xlsx_filter else "csv")
        )
        dialog.setDirectory(str(Path.home()))
        dialog.selectFile(f"logg-{clock.today().isoformat()}.csv")
        dialog.fileSelected.connect(lambda name: self.export_to(Path(name)))
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()

    def export_to(self, path: Path) -> bool:
        """Start exporting what the filters select to `path`; False if it cannot start."""
        query = self.current_query()
        if query is None or self._exporting:
            return False
        self._exporting = True
        self._cancel.clear()
        self.export_button.setEnabled(False)
        self.cancel_button.show()
        self.export_status.setText(self.tr("Exporterar till %1 …").replace("%1", path.name))
        job = _ExportJob(self._services.audit_log, query, path, self._relay, self._cancel)
        self._pool.start(job)
        return True

    @property
    def exporting(self) -> bool:
        return self._exporting

    def cancel_export(self) -> None:
        self._cancel.set()

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until a running export is done (before the database is closed)."""
        return self._pool.waitForDone(milliseconds)

    def _export_progressed(self, count: int) -> None:
        if self._exporting and not self._cancel.is_set():
            text = self.tr("Exporterar … %1 händelser hittills")
            self.export_status.setText(text.replace("%1", swedish_number(count)))

    def _export_ended(self, text: str, error: bool) -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        self.cancel_button.hide()
        self.export_status.setStyleSheet(_ERROR_STYLE if error else "")
        self.export_status.setText(text)
        self.export_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _export_done(self, count: int, name: str) -> None:
        text = self.tr("%1 händelser exporterade till %2.")
        if count == 1:
            text = self.tr("1 händelse exporterad till %2.")
        self._export_ended(text.replace("%1", swedish_number(count)).replace("%2", name), False)
        # The export is an event of its own: show it.
        self.model.refresh()
        self.export_finished.emit(True)

    def _export_failed(self, text: str) -> None:
        self._export_ended(message(text), True)
        self.export_finished.emit(False)
