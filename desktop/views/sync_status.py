"""The sync in the main window's status bar: how the last sync went, what waits to be
sent, the conflicts to choose in, and "Synkronisera nu" (docs/ui.md, Synkronisering).

A sync talks to a server over the network and can take seconds: at start, every five
minutes, and on demand, never two at once. It runs in a child process of its own at low
priority (desktop/services/sync/child.py), so its Python work never holds this process's
interpreter lock; a worker thread (ProgressRunner, one thread) starts it and waits on its
pipe, relaying its progress.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop import clock
from desktop.services.sync import Conflict, SyncError, SyncService, SyncStatus
from desktop.services.sync.report import PULLING, PUSHING, PUSHING_LOG, Report
from desktop.views.progress_runner import Cancelled, Progress, ProgressRunner
from desktop.views.style import SECONDARY_STYLE
from desktop.views.sync_conflicts import SyncConflictsDialog
from desktop.views.text import message

log = logging.getLogger(__name__)

# How often the laptop syncs by itself while the app is open.
SYNC_EVERY_MS = 5 * 60_000
# The first sync waits until the main window is up and drawn.
FIRST_SYNC_AFTER_MS = 1_500
UNEXPECTED = "Synkroniseringen misslyckades. Detaljer finns i loggen."


class SyncStatusWidget(QWidget):
    """Nothing while the laptop is not connected to a server.

    `finished(report)` after each sync that went through, `failed(text)` after each that
    did not; `tables_changed(names)` when a sync changed rows here (the main window
    reloads its lists); `message(text)` for the status bar (a manual sync that failed).
    """

    finished = Signal(object)
    failed = Signal(str)
    tables_changed = Signal(object)
    message = Signal(str)

    def __init__(
        self, service: SyncService, parent: QWidget | None = None, *, every_ms: int = SYNC_EVERY_MS
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAccessibleName(self.tr("Synkronisering"))
        self._service = service
        self._error: str | None = None  # the last sync's, this session
        self._manual = False
        self._stopped = False  # closing (or leaving the server): no sync starts any more
        self._status: SyncStatus | None = None
        self.dialog: SyncConflictsDialog | None = None

        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.waiting = QLabel()
        self.waiting.setObjectName("syncWaiting")
        self.waiting.setStyleSheet(SECONDARY_STYLE)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("syncConflictsButton")
        self.conflicts_button.setFlat(True)
        # A link's colour and underline: it opens something, it is not a command.
        self.conflicts_button.setStyleSheet(
            "QPushButton { color: #b3261e; text-decoration: underline; border: none;"
            " padding: 0 4px; }"
        )
        self.conflicts_button.clicked.connect(self.show_conflicts)
        self.sync_button = QPushButton(self.tr("Synkronisera nu"))
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setAccessibleName(self.tr("Synkronisera nu"))
        self.sync_button.clicked.connect(self.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addStretch(1)  # room the status bar gives goes left of the texts
        layout.addWidget(self.state)
        layout.addWidget(self.waiting)
        layout.addWidget(self.conflicts_button)
        layout.addWidget(self.sync_button)

        self._runner = ProgressRunner(self)
        self._runner.finished.connect(self._done)
        self._runner.failed.connect(self._failed)
        self._runner.progress.connect(self._show_progress)
        # What the running sync does now ("skickar", "hämtar"): written by the worker,
        # read on the GUI thread when its progress signal arrives.
        self._phase = ""
        self._timer = QTimer(self)
        self._timer.setObjectName("syncTimer")
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self._periodic)
        self.refresh()

    # -- what is shown -----------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._runner.running

    def refresh(self) -> None:
        """Read the state again (after a sync, a change saved here, a conflict chosen)."""
        status = self._service.status()
        self._status = status
        self.setVisible(status.connected)
        if not status.connected:
            self._timer.stop()
            return
        error = self._error or status.last_error
        when = self._when(status)
        if self.running:
            self.state.setText(self.tr("Synkroniserar…"))
            self.state.setToolTip(
                self.tr("Hämtar och skickar ändringar till %1.").replace("%1", status.server or "")
            )
        elif error:
            # "Offline" alone left users wondering whether their work was saved: the
            # time says how fresh what they see is; the tooltip says why.
            self.state.setText(
                self.tr("Offline · senast synkroniserad %1").replace("%1", when)
                if when
                else self.tr("Offline")
            )
            tip = message(error)
            if when:
                tip += "\n" + self.tr("Senast synkroniserad %1.").replace("%1", when)
            self.state.setToolTip(tip)
        elif when:
            self.state.setText(self.tr("Synkroniserad %1").replace("%1", when))
            self.state.setToolTip(
                self.tr("Senaste synkroniseringen med %1.").replace("%1", status.server or "")
            )
        else:
            self.state.setText(self.tr("Inte synkroniserad ännu"))
            self.state.setToolTip(self.tr("Ansluten till %1.").replace("%1", status.server or ""))
        self.state.setAccessibleName(self.state.text())
        self.state.setAccessibleDescription(self.state.toolTip())
        self._show_counts(status)
        self.sync_button.setEnabled(not self.running)

    def _show_counts(self, status: SyncStatus) -> None:
        if status.waiting:
            text = (
                self.tr("· 1 ändring väntar")
                if status.waiting == 1
                else self.tr("· %1 ändringar väntar").replace("%1", str(status.waiting))
            )
            self.waiting.setText(text)
            self.waiting.setToolTip(
                self.tr("Ändringar gjorda här som skickas till servern vid nästa synkronisering.")
            )
            self.waiting.setAccessibleName(text.lstrip("· "))
        self.waiting.setVisible(status.waiting > 0)
        conflicts = (
            self.tr("1 konflikt")
            if status.conflicts == 1
            else self.tr("%1 konflikter").replace("%1", str(status.conflicts))
        )
        self.conflicts_button.setText(conflicts)
        self.conflicts_button.setAccessibleName(
            self.tr("%1: välj vilka värden som gäller").replace("%1", conflicts)
        )
        self.conflicts_button.setToolTip(
            self.tr(
                "Samma uppgift ändrades både här och på servern. "
                "Öppnar en lista där du väljer vilket värde som ska gälla."
            )
        )
        self.conflicts_button.setVisible(status.conflicts > 0)

    def _when(self, status: SyncStatus) -> str:
        if status.last_sync_at is None:
            return ""
        local = clock.local(status.last_sync_at)
        return clock.hhmm(local) if local.date() == clock.today() else local.date().isoformat()

    def text(self) -> str:
        """What the status bar says, as one line (tests, the screen reader's summary)."""
        parts = [self.state.text()]
        if self.waiting.isVisibleTo(self):
            parts.append(self.waiting.text())
        if self.conflicts_button.isVisibleTo(self):
            parts.append("· " + self.conflicts_button.text())
        return " ".join(parts) if self._status and self._status.connected else ""

    # -- syncing -----------------------------------------------------------------------

    def start(self) -> None:
        """Once the main window is shown: the first sync soon, then every five minutes."""
        if not self._service.connected:
            return
        QTimer.singleShot(FIRST_SYNC_AFTER_MS, self, self._periodic)
        self._timer.start()

    def connected_now(self) -> None:
        """The laptop was just joined to a server (Administration → Server): show it and
        make the first sync, as if the user had asked for it."""
        self._error = None
        self._stopped = False
        self.refresh()
        self._timer.start()
        self.sync_now()

    def sync_now(self) -> bool:
        """A sync the user asked for: a failure is also said in the status bar. False if
        one runs already (it is not started twice) or the laptop is not connected."""
        return self._start(manual=True)

    def _periodic(self) -> None:
        self._start(manual=False)

    def _start(self, *, manual: bool) -> bool:
        if self._stopped or self.running:
            return False
        if not self._service.connected:
            self.refresh()
            return False
        self._manual = manual
        service = self._service

        def job(progress: Progress, cancelled: Cancelled) -> Report:
            def step(phase: str, done: int, total: int | None) -> None:
                self._phase = phase
                progress(done, total or 0)

            return service.sync(progress=step, separate_process=True, cancelled=cancelled)

        self._runner.start(job)
        self.refresh()
        return True

    def _show_progress(self, done: int, total: int) -> None:
        """A first sync moves hundreds of thousands of rows: say how far it has come."""
        if not self.running or self._stopped:
            return
        count = f"{done:,}".replace(",", "\u00a0")
        if total:
            count = (
                self.tr("%1 av %2")
                .replace("%1", count)
                .replace("%2", f"{total:,}".replace(",", "\u00a0"))
            )
        words = {
            PUSHING: self.tr("skickar %1 ändringar"),
            PUSHING_LOG: self.tr("skickar %1 loggposter"),
            PULLING: self.tr("hämtar %1 rader"),
        }
        doing = words.get(self._phase, "%1").replace("%1", count)
        self.state.setText(self.tr("Synkroniserar… %1").replace("%1", doing))
        self.state.setAccessibleName(self.state.text())

    def _done(self, report: object) -> None:
        assert isinstance(report, Report)
        if self._stopped:  # the database may be closed by now
            return
        self._error = None
        self.refresh()
        if report.changed_tables:
            self.tables_changed.emit(set(report.changed_tables))
        self.finished.emit(report)

    def _failed(self, error: object) -> None:
        if self._stopped:  # the database may be closed by now
            return
        if isinstance(error, SyncError):
            text = message(str(error))
        else:
            # A periodic sync must not open the exception dialog every five minutes;
            # the log has the traceback (never row contents: the service words those).
            failure = error if isinstance(error, BaseException) else None
            log.error("sync failed", exc_info=failure)
            text = message(UNEXPECTED)
        self._error = text
        self.refresh()
        if self._manual:
            self.message.emit(text)
        self.failed.emit(text)

    def wait(self) -> None:
        """Before the database closes (the main window's close): a running sync is
        ended, not waited for. A first sync can take a minute, which the user closing the
        window should not have to sit out; a sync cut off at any moment loses nothing
        and the next one completes it (tests/sync/test_sync_killed.py). The worker thread
        sees the cancel within a fifth of a second, ends the child process (never leaving
        it behind, writing to a database the app has let go of) and returns."""
        self._stopped = True  # the first sync's single shot may still be due
        self._timer.stop()
        self._runner.cancel()
        self._runner.wait()

    # -- conflicts ---------------------------------------------------------------------

    def show_conflicts(self) -> SyncConflictsDialog:
        """The conflicts dialog (one at a time: opening it again brings it forward)."""
        if self.dialog is not None:
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = SyncConflictsDialog(self._service, parent=self.window())
        dialog.resolved.connect(self._resolved)
        dialog.finished.connect(self._conflicts_closed)
        self.dialog = dialog
        # Not modal: the record can be looked up in the main window while choosing.
        dialog.show()
        return dialog

    def _resolved(self, conflict: Conflict, keep_mine: bool) -> None:
        self.refresh()
        if keep_mine:  # the record here changed: the lists showing it read it again
            self.tables_changed.emit({conflict.table_name})

    def _conflicts_closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.refresh()
