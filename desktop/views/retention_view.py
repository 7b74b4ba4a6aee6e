"""Administration → Gallring: the retention rules, a preview of what they erase, and a
run off the GUI thread with progress (desktop/services/retention/, docs/retention.md).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.accounts import SETUP_MUNICIPALITIES, AccessDeniedError
from desktop.services.retention import (
    PART_NAMES,
    RULE_AUDIT,
    RULE_CASES,
    RULE_DRAFTS,
    RULE_NAMES,
    RULE_PERSONS,
    RetentionPreview,
    RetentionResult,
    RetentionService,
)
from desktop.services.settings import LIMITS, SettingsError, SettingsService
from desktop.services.vocabulary import OUTCOME
from desktop.store.errors import StoreError
from desktop.views.progress_runner import ProgressRunner
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import message, swedish_number

# The preview lists at most this many records; the counts are always whole.
LISTED = 2000
MUNICIPALITY_NAMES = dict(SETUP_MUNICIPALITIES)


class RetentionView(QWidget):
    """The three rules with their reasons, Förhandsgranska, and Gallra nu…; `ran`
    carries the RetentionResult of a finished run."""

    ran = Signal(object)

    def __init__(  # noqa: PLR0915 - one form, built in reading order
        self,
        retention: RetentionService,
        settings: SettingsService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("retentionView")
        self.setAccessibleName(self.tr("Gallring"))
        self._retention = retention
        self._settings = settings
        self._preview: RetentionPreview | None = None
        self._confirm: QMessageBox | None = None
        self.runner = ProgressRunner(self)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self._running = ""  # "preview" or "run"

        self.fields: dict[str, QSpinBox] = {}
        self.errors: dict[str, QLabel] = {}
        rules = QGroupBox(self.tr("Regler"))
        rules.setObjectName("retentionRules")
        form = QFormLayout(rules)
        for field, name, label, unit, reason in (
            (
                "retention_closed_case_months",
                "closedCaseMonths",
                self.tr("Avslutade ä&renden"),
                self.tr(" mån"),
                self.tr(
                    "Månader efter avslutet. Ärendet gallras med journal, uppföljningar, "
                    "anvisningar, placeringar och dokument; en person utan ärende kvar "
                    "gallras helt. Standard 24: två år räcker för uppföljning och för "
                    "frågor om ett avslutat ärende."
                ),
            ),
            (
                "retention_draft_days",
                "draftDays",
                self.tr("Ej slutförda &inskrivningar"),
                self.tr(" dagar"),
                self.tr(
                    "Dagar efter att utkastet senast sparades. Standard 30: ett utkast "
                    "som ingen har rört på en månad blir inte en inskrivning."
                ),
            ),
            (
                "retention_audit_months",
                "auditMonths",
                self.tr("&Loggposter"),
                self.tr(" mån"),
                self.tr(
                    "Månader efter händelsen. Standard 36: loggen ska kunna visa vem "
                    "som läst eller ändrat ett ärende även en tid efter att ärendet gallrats."
                ),
            ),
        ):
            box = QSpinBox()
            box.setObjectName(name)
            box.setAccessibleName(label.replace("&", ""))
            low, high = LIMITS[field]
            box.setRange(low, high)
            box.setSuffix(unit)
            box.setFixedWidth(130)
            self.fields[field] = box
            error = QLabel()
            error.setObjectName(f"{field}Error")
            error.setAccessibleName(self.tr("Fel i värdet"))
            error.setWordWrap(True)
            error.setStyleSheet("color: #b3261e;")
            error.hide()
            self.errors[field] = error
            hint = QLabel(f"{reason} ({low}–{high})")
            hint.setObjectName(f"{field}Reason")
            hint.setWordWrap(True)
            hint.setStyleSheet(SECONDARY_STYLE)
            column = QWidget()
            column_layout = QVBoxLayout(column)
            column_layout.setContentsMargins(0, 0, 0, 0)
            column_layout.setSpacing(2)
            column_layout.addWidget(box)
            column_layout.addWidget(hint)
            column_layout.addWidget(error)
            caption = QLabel(label)
            caption.setBuddy(box)
            form.addRow(caption, column)
        self.save_button = QPushButton(self.tr("&Spara reglerna"))
        self.save_button.setObjectName("saveRetentionButton")
        self.save_button.setAccessibleName(self.tr("Spara gallringsreglerna"))
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow("", save_row)

        self.preview_button = QPushButton(self.tr("&Förhandsgranska"))
        self.preview_button.setObjectName("previewRetentionButton")
        self.preview_button.setAccessibleName(self.tr("Visa vad gallringen skulle radera"))
        self.preview_button.clicked.connect(self.preview)
        self.run_button = QPushButton(self.tr("&Gallra nu…"))
        self.run_button.setObjectName("runRetentionButton")
        self.run_button.setAccessibleName(self.tr("Gallra nu, efter en bekräftelse"))
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.confirm_run)
        self.cancel_button = QPushButton(self.tr("&Avbryt"))
        self.cancel_button.setObjectName("cancelRetentionButton")
        self.cancel_button.setAccessibleName(self.tr("Avbryt gallringen efter pågående omgång"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.runner.cancel)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.run_button, self.cancel_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("retentionProgress")
        self.progress_bar.setAccessibleName(self.tr("Gallringens förlopp"))
        self.progress_bar.hide()
        self.summary = QLabel(
            self.tr("Förhandsgranska för att se vad reglerna skulle radera i dag.")
        )
        self.summary.setObjectName("retentionSummary")
        self.summary.setAccessibleName(self.tr("Sammanfattning"))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("retentionRecords")
        self.table.setAccessibleName(self.tr("Poster som gallras"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Regel"), self.tr("Post"), self.tr("Beskrivning")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Gallring raderar personuppgifter som har sparats så länge som reglerna "
                "säger. Reglerna är standardvärden; kommunen sätter dem efter sin egen "
                "dokumenthanteringsplan. Det som gallras går inte att få tillbaka."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(rules)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.load()
        for field, box in self.fields.items():
            box.lineEdit().textChanged.connect(partial(self._typed, field))

    # -- rules ----------------------------------------------------------------------

    def load(self) -> None:
        values = self._settings.get()
        for field, box in self.fields.items():
            box.setValue(getattr(values, field))

    def _typed(self, field: str, _text: str) -> None:
        self._check(field)

    def _check(self, field: str) -> bool:
        box = self.fields[field]
        good = box.hasAcceptableInput()
        low, high = LIMITS[field]
        self._show_error(field, "" if good else f"Värdet ska vara mellan {low} och {high}.")
        self.save_button.setEnabled(all(f.hasAcceptableInput() for f in self.fields.values()))
        return good

    def _show_error(self, field: str, text: str) -> None:
        self.errors[field].setText(message(text))
        self.errors[field].setVisible(bool(text))

    def save(self) -> bool:
        checked = [self._check(field) for field in self.fields]  # every field says why
        if not all(checked):
            return False
        try:
            self._settings.update(
                screen="gallring", **{field: box.value() for field, box in self.fields.items()}
            )
        except SettingsError as error:
            if error.field not in self.fields:
                raise
            self._show_error(error.field, str(error))
            self.fields[error.field].setFocus()
            return False
        self.load()
        self._forget_preview(self.tr("Reglerna är sparade. Förhandsgranska igen."))
        return True

    # -- preview and run ------------------------------------------------------------

    def _forget_preview(self, text: str) -> None:
        self._preview = None
        self.run_button.setEnabled(False)
        self.table.setRowCount(0)
        self.summary.setText(text)

    def preview(self) -> None:
        if self.runner.running:
            return
        self._running = "preview"
        self._busy(True)
        self.summary.setText(self.tr("Räknar…"))
        self.runner.start(lambda _progress, _cancelled: self._retention.preview())

    def confirm_run(self) -> QMessageBox | None:
        preview = self._preview
        if preview is None or preview.empty or self.runner.running:
            return None
        box = QMessageBox(self)
        box.setObjectName("confirmRetention")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Gallra nu"))
        box.setText(self.tr("Följande raderas för alltid och kan inte återställas:"))
        box.setInformativeText(self._what_goes(preview))
        run = box.addButton(self.tr("Gallra"), QMessageBox.ButtonRole.DestructiveRole)
        run.setObjectName("confirmButton")
        cancel = box.addButton(self.tr("Avbryt"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        box.setDefaultButton(cancel)
        box.buttonClicked.connect(lambda button: self._answered(button is run))
        self._confirm = box
        box.open()
        return box

    def _answered(self, run: bool) -> None:
        self._confirm = None
        if run:
            self.start_run()

    def start_run(self) -> None:
        if self.runner.running:
            return
        self._running = "run"
        self._busy(True)
        self.cancel_button.show()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()
        self.summary.setText(self.tr("Gallrar…"))
        self.runner.start(self._retention.run)

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.save_button):
            button.setEnabled(not busy)
        self.run_button.setEnabled(False)

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _finished(self, result: Any) -> None:
        self._busy(False)
        self.cancel_button.hide()
        self.progress_bar.hide()
        if isinstance(result, RetentionPreview):
            self._show_preview(result)
            return
        assert isinstance(result, RetentionResult)
        self._forget_preview(self._result_text(result))
        self.ran.emit(result)

    def _failed(self, error: object) -> None:
        self._busy(False)
        self.cancel_button.hide()
        self.progress_bar.hide()
        if isinstance(error, (StoreError, AccessDeniedError)):
            self._forget_preview(message(str(error)))
            return
        raise error if isinstance(error, BaseException) else RuntimeError(str(error))

    # -- texts ----------------------------------------------------------------------

    def _what_goes(self, preview: RetentionPreview) -> str:
        cut = preview.cutoffs
        counts = preview.counts
        # "Label: count", so that one and many read right alike.
        lines = [
            self.tr("• Avslutade ärenden, avslutade före %s: %s")
            % (cut.cases.isoformat(), swedish_number(counts[RULE_CASES])),
            self.tr("• Personer som inte har något ärende kvar, med allt om dem: %s")
            % swedish_number(counts[RULE_PERSONS]),
            self.tr("• Ej slutförda inskrivningar, sparade senast %s: %s")
            % (cut.drafts.date().isoformat(), swedish_number(counts[RULE_DRAFTS])),
            self.tr("• Loggposter före %s: %s")
            % (cut.audit.date().isoformat(), swedish_number(counts[RULE_AUDIT])),
            self.tr("• Säkerhetskopior äldre än %s: %s")
            % (cut.cases.isoformat(), swedish_number(len(preview.backups))),
        ]
        parts = [f"{PART_NAMES[t]} {swedish_number(n)}" for t, n in preview.parts.items() if n]
        if parts:
            lines.append(self.tr("Med ärendena och personerna: %s.") % ", ".join(parts))
        return "\n".join(lines)

    def _show_preview(self, preview: RetentionPreview) -> None:
        self._preview = preview
        self.summary.setText(
            self.tr("I dag skulle gallringen radera:") + "\n" + self._what_goes(preview)
            if not preview.empty
            else self.tr("Det finns inget att gallra i dag.")
        )
        self.run_button.setEnabled(not preview.empty)
        rows: list[tuple[str, str, str]] = []
        for person in preview.persons:
            place = MUNICIPALITY_NAMES.get(person.municipality_code or "", "")
            rows.append(
                (
                    RULE_NAMES[RULE_PERSONS],
                    str(person.id)[:8],
                    self.tr("Född %s, %s, %s ärenden, senast avslutat %s")
                    % (
                        person.birth_year,
                        place or self.tr("ingen kommun"),
                        person.cases,
                        person.last_closed_on.isoformat() if person.last_closed_on else "–",
                    ),
                )
            )
        for case in preview.cases:
            rows.append(
                (
                    RULE_NAMES[RULE_CASES],
                    str(case.id)[:8],
                    self.tr("%s, öppnat %s, avslutat %s, utfall %s")
                    % (
                        MUNICIPALITY_NAMES.get(case.municipality_code, case.municipality_code),
                        case.opened_on.isoformat(),
                        case.closed_on.isoformat(),
                        OUTCOME.get(case.outcome or "", "–"),
                    ),
                )
            )
        for draft in preview.drafts:
            rows.append(
                (
                    RULE_NAMES[RULE_DRAFTS],
                    str(draft.id)[:8],
                    self.tr("Påbörjat %s, senast sparat %s")
                    % (draft.started_on.isoformat(), draft.saved_on.isoformat()),
                )
            )
        if preview.audit.count and preview.audit.first_seq and preview.audit.last_seq:
            rows.append(
                (
                    RULE_NAMES[RULE_AUDIT],
                    f"{preview.audit.first_seq}–{preview.audit.last_seq}",
                    self.tr("%s händelser") % swedish_number(preview.audit.count),
                )
            )
        for backup in preview.backups:
            rows.append((self.tr("Säkerhetskopior"), backup.path.name, backup.reason))
        shown = rows[:LISTED]
        self.table.setRowCount(len(shown))
        for row, values in enumerate(shown):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if len(rows) > LISTED:
            self.summary.setText(
                self.summary.text()
                + "\n"
                + self.tr("Listan visar de första %s av %s posterna.")
                % (swedish_number(LISTED), swedish_number(len(rows)))
            )

    def _result_text(self, result: RetentionResult) -> str:
        lines = [
            self.tr("Gallringen avbröts; det som hann raderas är raderat. Kör igen för resten.")
            if result.cancelled
            else self.tr("Gallringen är klar.")
        ]
        lines += [
            f"{RULE_NAMES[rule]}: {swedish_number(count)}" for rule, count in result.counts.items()
        ]
        lines.append(self.tr("Säkerhetskopior borttagna: %s") % len(result.backups_removed))
        if result.vacuumed:
            lines.append(
                self.tr("Databasfilen är packad; de raderade uppgifterna finns inte kvar i den.")
            )
        return "\n".join(lines)
