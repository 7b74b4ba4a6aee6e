"""Rapporter: the follow-up figures for a period and a municipality (or all), optionally
one agent's, as tables with a chart beside each; exported as Excel, CSV or a PDF on the
letterhead; and the ESF participant report (docs/reports.md).

The report is counted off the GUI thread (a year for every municipality takes a second or
two at 100,000 persons) with a progress bar; a new request replaces one still running.
Samordnare and administratörer make reports; a handläggare is told so, and sees no form.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.documents.errors import DocumentError
from desktop.services.reports.model import (
    EsfReport,
    Report,
    ReportError,
    ReportQuery,
    Section,
    query_problems,
)
from desktop.services.reports.service import ReportService
from desktop.services.validation import parse_date
from desktop.store.errors import StoreError
from desktop.views.documents.saving import documents_folder
from desktop.views.intake.form import ErrorLabel, date_edit
from desktop.views.person.widgets import FieldError, Notice, button, caption, heading
from desktop.views.progress_runner import Cancelled, Progress, ProgressRunner
from desktop.views.reports.chart import BarChart, shown
from desktop.views.settings import Settings
from desktop.views.style import SECONDARY_STYLE, TITLE_STYLE
from desktop.views.text import message

ROLES = ("samordnare", "administrator")
EXPORT_FILTERS = {
    ".xlsx": "Excel-arbetsbok (*.xlsx)",
    ".csv": "CSV, semikolonseparerad (*.csv)",
    ".pdf": "PDF på kommunens brevpapper (*.pdf)",
}


def _cell(value: object) -> tuple[str, bool]:
    """What a table cell shows, and whether it is a number (aligned right)."""
    if value is None:
        return "–", False
    if isinstance(value, bool):
        return ("Ja" if value else "Nej"), False
    if isinstance(value, int | float):
        return shown(float(value), ""), True
    if isinstance(value, dt.date):
        return value.isoformat(), False
    return str(value), False


class SectionView(QFrame):
    """One section: its heading and note, the table, and the chart beside it."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName(f"reportSection_{section.key}")
        self.setAccessibleName(section.title)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "SectionView { background: #ffffff; border: 1px solid #d9dee5; border-radius: 4px; }"
        )
        self.title = heading(section.title, f"reportSectionTitle_{section.key}")
        self.table = self._table(section)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        if section.note:
            self.note = QLabel(section.note)
            self.note.setObjectName(f"reportNote_{section.key}")
            self.note.setWordWrap(True)
            self.note.setStyleSheet(SECONDARY_STYLE)
            layout.addWidget(self.note)
        body = QHBoxLayout()
        body.addWidget(self.table, 0, Qt.AlignmentFlag.AlignTop)
        self.chart: BarChart | None = None
        if section.chart is not None and section.chart.values:
            self.chart = BarChart(section.chart)
            chart_title = QLabel(section.chart.title)
            chart_title.setObjectName(f"reportChartTitle_{section.key}")
            chart_title.setStyleSheet("color: #1f4e79; font-weight: bold;")
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(chart_title)
            column.addWidget(self.chart)
            column.addStretch(1)
            body.addSpacing(16)
            body.addLayout(column, 1)
        else:
            body.addStretch(1)
        layout.addLayout(body)

    @staticmethod
    def _table(section: Section) -> QTableWidget:
        table = QTableWidget(len(section.table.rows), len(section.table.columns))
        table.setObjectName(f"reportTable_{section.key}")
        table.setAccessibleName(section.table.title or section.title)
        table.setHorizontalHeaderLabels(list(section.table.columns))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        for r, row in enumerate(section.table.rows):
            for c, value in enumerate(row):
                text, number = _cell(value)
                item = QTableWidgetItem(text)
                if number:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(r, c, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        # As high and wide as its rows and columns (a long table scrolls after ~12 rows),
        # so that the chart stands right beside the numbers.
        frame = 2 * table.frameWidth()
        table.setFixedHeight(
            min(header.sizeHint().height() + table.verticalHeader().length() + frame, 400)
        )
        table.setFixedWidth(min(header.length() + frame + 20, 720))
        return table


class ReportsView(QWidget):
    """`exported(path)` after a file was written."""

    exported = Signal(str)

    def __init__(
        self,
        reports: ReportService,
        role: str,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsView")
        self.setAccessibleName(self.tr("Rapporter"))
        self._reports = reports
        self._settings = settings or Settings()
        self.report: Report | None = None
        self.file_dialog: QFileDialog | None = None
        self._allowed = role in ROLES
        self._runner = ProgressRunner(self)
        self._runner.progress.connect(self._progressed)
        self._runner.finished.connect(self._finished)
        self._runner.failed.connect(self._failed)
        self._waiting: tuple[str, object] | None = None  # what the running job is for

        self.title = heading(self.tr("Rapporter"), "screenTitle")
        self.title.setStyleSheet(TITLE_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        if not self._allowed:
            self.refusal = QLabel(
                self.tr(
                    "Rapporter tas fram av samordnare och administratörer. Be en av dem om "
                    "uppföljningen eller ESF-rapporten."
                )
            )
            self.refusal.setObjectName("reportsRefusal")
            self.refusal.setWordWrap(True)
            layout.addWidget(self.refusal)
            layout.addStretch(1)
            return
        layout.addLayout(self._build_form())
        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setAccessibleName(self.tr("Hur långt rapporten har kommit"))
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.notice = Notice("reportNotice", self.tr("Meddelande"))
        self.error = FieldError("reportError", self.tr("Fel"))
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        self.summary = QLabel(self.tr("Välj period och kommun och tryck Visa rapport (Enter)."))
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.sections = QWidget()
        self.sections.setObjectName("reportSections")
        self.sections_layout = QVBoxLayout(self.sections)
        self.sections_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("reportScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.sections)
        layout.addWidget(self.scroll_area, 1)
        self.this_year()

    # The form --------------------------------------------------------------------------

    def _build_form(self) -> QGridLayout:
        self.start = date_edit()
        self.start.setObjectName("reportStart")
        self.start.setAccessibleName(self.tr("Från och med"))
        self.end = date_edit()
        self.end.setObjectName("reportEnd")
        self.end.setAccessibleName(self.tr("Till och med"))
        self.start_error = ErrorLabel("reportStart")
        self.end_error = ErrorLabel("reportEnd")
        for edit in (self.start, self.end):
            edit.returnPressed.connect(self.show_report)
            edit.textEdited.connect(self._clear_date_errors)
        self.this_year_button = button(self.tr("I å&r"), "reportThisYear", self.tr("I år"))
        self.this_year_button.clicked.connect(self.this_year)
        self.last_year_button = button(
            self.tr("Förra å&ret"), "reportLastYear", self.tr("Förra året")
        )
        self.last_year_button.clicked.connect(self.last_year)
        self.municipality = QComboBox()
        self.municipality.setObjectName("reportMunicipality")
        self.municipality.setAccessibleName(self.tr("Kommun"))
        self.municipality.addItem(self.tr("Alla kommuner"), None)
        self.agent = QComboBox()
        self.agent.setObjectName("reportAgent")
        self.agent.setAccessibleName(self.tr("Handläggare"))
        self.agent.addItem(self.tr("Alla handläggare"), None)
        self._fill_pickers()
        self._build_buttons()
        return self._grid()

    def _build_buttons(self) -> None:
        self.show_button = button(
            self.tr("&Visa rapport"), "reportShowButton", self.tr("Visa rapport")
        )
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_report)
        self.export_button = button(
            self.tr("&Exportera…"), "reportExportButton", self.tr("Exportera rapporten")
        )
        self.export_button.setToolTip(self.tr("Som Excel, CSV eller PDF på kommunens brevpapper"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export)
        self.esf_button = button(
            self.tr("E&SF-deltagarrapport…"), "reportEsfButton", self.tr("ESF-deltagarrapport")
        )
        self.esf_button.setToolTip(
            self.tr("En rad per deltagare som varit aktiv under perioden, som Excel eller CSV")
        )
        self.esf_button.clicked.connect(self.choose_esf)

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(caption(self.tr("&Från och med"), self.start), 0, 0)
        grid.addWidget(caption(self.tr("&Till och med"), self.end), 0, 1)
        grid.addWidget(caption(self.tr("&Kommun"), self.municipality), 0, 3)
        grid.addWidget(caption(self.tr("&Handläggare"), self.agent), 0, 4)
        grid.addWidget(self.start, 1, 0)
        grid.addWidget(self.end, 1, 1)
        presets = QHBoxLayout()
        presets.addWidget(self.this_year_button)
        presets.addWidget(self.last_year_button)
        grid.addLayout(presets, 1, 2)
        grid.addWidget(self.municipality, 1, 3)
        grid.addWidget(self.agent, 1, 4)
        grid.addWidget(self.show_button, 1, 5)
        grid.addWidget(self.export_button, 1, 6)
        grid.addWidget(self.esf_button, 1, 7)
        grid.addWidget(self.start_error, 2, 0)
        grid.addWidget(self.end_error, 2, 1, 1, 3)
        grid.setColumnStretch(8, 1)
        return grid

    def _fill_pickers(self) -> None:
        try:
            municipalities = self._reports.municipalities()
            agents = self._reports.agents()
        except (ReportError, StoreError):
            return  # the report itself will say what is wrong
        for code, name in municipalities:
            self.municipality.addItem(name, code)
        for agent_id, name in agents:
            self.agent.addItem(name, agent_id)

    def focus_start(self) -> None:
        """Ctrl+6: into the period's first field (or nothing to do for a caseworker)."""
        if self._allowed:
            self.start.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.start.selectAll()

    def this_year(self) -> None:
        today = clock.today()
        self._set_period(dt.date(today.year, 1, 1), today)

    def last_year(self) -> None:
        year = clock.today().year - 1
        self._set_period(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def _set_period(self, start: dt.date, end: dt.date) -> None:
        self.start.setText(start.isoformat())
        self.end.setText(end.isoformat())
        self._clear_date_errors()

    def _clear_date_errors(self) -> None:
        self.start_error.say("")
        self.end_error.say("")

    def query(self) -> ReportQuery | None:
        """The period and scope typed, or None with the reasons beside the dates."""
        problems: dict[str, str] = {}
        dates: dict[str, dt.date | None] = {}
        for name, edit, label in (
            ("start", self.start, "Från och med"),
            ("end", self.end, "Till och med"),
        ):
            text = edit.text().strip()
            if not text:
                problems[name] = f"{label} måste fyllas i."
                dates[name] = None
                continue
            try:
                dates[name] = parse_date(text, label=label)
            except ValueError as error:
                problems[name] = str(error)
                dates[name] = None
        if not problems:
            problems = query_problems(dates["start"], dates["end"])
        self.start_error.say(message(problems.get("start", "")))
        self.end_error.say(message(problems.get("end", "")))
        if problems:
            (self.start if "start" in problems else self.end).setFocus()
            return None
        start, end = dates["start"], dates["end"]
        assert start is not None
        assert end is not None
        return ReportQuery(start, end, self.municipality.currentData(), self.agent.currentData())

    # Counting --------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._runner.running

    def show_report(self) -> bool:
        """Count the report for the form's period and scope, off the GUI thread."""
        query = self.query()
        if query is None or self._runner.running:
            return False
        self._begin(self.tr("Räknar rapporten …"))
        self._waiting = ("report", query)

        reports = self._reports  # the job holds the service, never the widget

        def job(progress: Progress, cancelled: Cancelled) -> Report:
            return reports.follow_up(query, progress=progress, cancelled=cancelled)

        return self._runner.start(job)

    def _begin(self, text: str) -> None:
        self.error.say(None)
        self.notice.say(text)
        self.progress.setRange(0, 0)
        self.progress.show()
        for widget in (self.show_button, self.export_button, self.esf_button):
            widget.setEnabled(False)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finished(self, result: object) -> None:
        kind, _ = self._waiting or ("", None)
        self._waiting = None
        self._settle()
        if kind == "report":
            assert isinstance(result, Report)
            self._show(result)
        else:
            path = Path(str(result))
            self.notice.say(self.tr("Sparad som %1.").replace("%1", str(path)))
            self._settings.documents_folder = str(path.parent)
            self.exported.emit(str(path))

    def _failed(self, error: object) -> None:
        self._waiting = None
        self._settle()
        if not isinstance(error, ReportError | DocumentError | StoreError):
            assert isinstance(error, BaseException)
            raise error
        self.notice.say("")
        self.error.say(message(str(error)))

    def _settle(self) -> None:
        self.progress.hide()
        self.show_button.setEnabled(True)
        self.esf_button.setEnabled(True)
        self.export_button.setEnabled(self.report is not None)

    def _show(self, report: Report) -> None:
        self.report = report
        self.notice.say("")
        while self.sections_layout.count() > 1:
            item = self.sections_layout.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.section_views: list[SectionView] = []
        if report.empty:
            self.summary.setText(
                self.tr("%1: inga ärenden, anvisningar eller kontakter under perioden.").replace(
                    "%1", report.title
                )
            )
        else:
            shown_scope = report.scope.casefold() not in report.title.casefold()
            self.summary.setText(report.title + (f" · {report.scope}" if shown_scope else ""))
            for section in report.sections:
                view = SectionView(section)
                self.section_views.append(view)
                self.sections_layout.insertWidget(self.sections_layout.count() - 1, view)
        self.summary.setAccessibleName(self.summary.text())
        self.export_button.setEnabled(True)

    # Exporting -------------------------------------------------------------------------

    def _file_dialog(self, name: str, suffixes: tuple[str, ...], title: str) -> QFileDialog:
        dialog = QFileDialog(self, title)
        dialog.setObjectName("reportFileDialog")
        dialog.setAccessibleName(title)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setNameFilters([self.tr(EXPORT_FILTERS[s]) for s in suffixes])
        dialog.setDefaultSuffix(suffixes[0][1:])
        dialog.setDirectory(str(documents_folder(self._settings)))
        dialog.selectFile(name)
        self.file_dialog = dialog
        return dialog

    def _file_name(self, what: str, query: ReportQuery) -> str:
        return f"{what} {query.start.isoformat()}–{query.end.isoformat()}"

    def choose_export(self) -> QFileDialog | None:
        """Save the report shown: Excel, CSV or PDF, from the suffix."""
        if self.report is None:
            return None
        dialog = self._file_dialog(
            self._file_name("Uppföljning", self.report.query) + ".xlsx",
            (".xlsx", ".csv", ".pdf"),
            self.tr("Exportera rapporten"),
        )
        dialog.fileSelected.connect(self.export_to)
        dialog.open()
        return dialog

    def export_to(self, path: str | Path) -> bool:
        report = self.report
        if report is None or self._runner.running:
            return False
        target = Path(path)
        self._begin(self.tr("Sparar %1 …").replace("%1", target.name))
        self._waiting = ("export", target)
        reports = self._reports
        return self._runner.start(lambda _p, _c: reports.export(report, target))

    def choose_esf(self) -> QFileDialog | None:
        """The ESF participant report for the form's period and scope, as Excel or CSV."""
        query = self.query()
        if query is None:
            return None
        dialog = self._file_dialog(
            self._file_name("ESF-deltagare", query) + ".xlsx",
            (".xlsx", ".csv"),
            self.tr("Spara ESF-deltagarrapporten"),
        )
        dialog.fileSelected.connect(self.esf_to)
        dialog.open()
        return dialog

    def esf_to(self, path: str | Path) -> bool:
        query = self.query()
        if query is None or self._runner.running:
            return False
        target = Path(path)
        self._begin(self.tr("Tar fram ESF-rapporten …"))
        self._waiting = ("export", target)

        reports = self._reports

        def job(progress: Progress, cancelled: Cancelled) -> Path:
            esf: EsfReport = reports.esf(query, progress=progress, cancelled=cancelled)
            return reports.export(esf, target)

        return self._runner.start(job)

    def wait(self) -> None:
        """Nothing left counting or writing (before the database closes): a report
        being counted stops at its next section, an export is let finish."""
        self._runner.cancel()
        self._runner.wait()
