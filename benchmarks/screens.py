"""Every screen and dialog as the user opens it: from the key press to the window shown
and painted, through the real main window (docs/ui.md, target: 100 ms at scale L).

Each opening is driven by its key on the real widgets — Enter on a row of the Deltagare,
Arbetsgivare and Rekryteringsbehov lists, Ctrl+N, Ctrl+K, F1, Ctrl+1 … Ctrl+6 — and ends
when the new window (or screen) has been shown and the events it posted are processed.
A screen built when first shown (Arbetsgivare, Rekryteringsbehov, Matchning, Rapporter)
is measured on its first showing, in a new main window each time, and again once built.

The limit, taken in the same run: a bare window of the same size shown and painted the
same way, plus the raw SQL that reads the same rows where the opening reads a record
(the person's and the employer's statements of the `person_open` and `employer_open`
benchmarks). Every figure is printed; the slowest five are marked.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from benchmarks import cases, employers
from benchmarks.common import (
    UI_SETTINGS,
    Run,
    emit,
    open_as_admin,
    percentile,
    raw_connection,
    timed,
    unlock,
    writable_copy,
)

SAMPLES = 20
FIRST_SHOWN_SAMPLES = 5
TARGET = "value <= 100 ms"


@dataclass
class Figure:
    name: str
    times: list[float]
    limits: list[float]


def screens(run: Run) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.services.registry import Services
    from desktop.views import accessible
    from desktop.views.settings import Settings

    key = unlock(run.db)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    accessible.install(app)  # as the app does: every control described when shown
    with writable_copy(run) as path:
        db, actor = open_as_admin(path, key)
        raw = raw_connection(path, key)
        raw.execute("CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, payload TEXT)")
        raw.commit()
        settings = Settings(QSettings(UI_SETTINGS, QSettings.Format.IniFormat))
        figures: list[Figure] = []
        try:
            services = Services.for_user(db, actor)
            window = _main_window(app, services, settings)
            try:
                figures += _records(app, window, raw)
                figures += _keys(app, window)
                figures += _switches(app, window)
            finally:
                _close(app, window)
            figures += _first_shown(app, services, settings)
        finally:
            raw.close()
            db.close()
    slowest = sorted(figures, key=lambda f: percentile(f.times, 0.95), reverse=True)[:5]
    for figure in figures:
        emit(
            f"screen_{figure.name}_p95",
            run,
            percentile(figure.times, 0.95),
            "ms",
            percentile(figure.limits, 0.95),
            target=TARGET,
            samples=len(figure.times),
            p50=round(percentile(figure.times, 0.5), 3),
            limit_p50=round(percentile(figure.limits, 0.5), 3),
            slowest_five=figure in slowest,
        )


def _main_window(app: Any, services: Any, settings: Any) -> Any:
    from desktop.views.main_window import MainWindow

    window = MainWindow(services, settings)
    window.resize(1366, 740)
    window.show()
    _activate(app, window)
    return window


def _activate(app: Any, window: Any) -> None:
    """The window active, so that its shortcuts work (offscreen: the handle's request)."""
    window.windowHandle().requestActivate()
    deadline = time.perf_counter() + 2
    while app.activeWindow() is not window and time.perf_counter() < deadline:
        app.processEvents()
    if app.activeWindow() is not window:
        raise RuntimeError(f"the window could not be made active ({app.activeWindow()})")


def _close(app: Any, window: Any) -> None:
    from PySide6.QtCore import QEvent

    for view in (window.matching_view, window.reports_view):
        view.wait()
    for record in list(app.topLevelWidgets()):
        if record is not window and record.isVisible():
            close = getattr(record, "close_without_asking", record.close)
            close()
    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _shown(app: Any, press: Callable[[], None], appeared: Callable[[], Any]) -> tuple[float, Any]:
    """Milliseconds from the key press to the widget `appeared` returns being visible
    with its posted events (layout, paint) processed; and that widget."""
    start = time.perf_counter()
    press()
    widget = appeared()
    deadline = start + 10
    while (widget is None or not widget.isVisible()) and time.perf_counter() < deadline:
        app.processEvents()
        widget = appeared()
    if widget is None:
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        raise RuntimeError(f"nothing appeared (active {app.activeWindow()}, shown {shown})")
    app.processEvents()
    return (time.perf_counter() - start) * 1000, widget


def _bare(app: Any, width: int, height: int) -> float:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QWidget

    start = time.perf_counter()
    window = QWidget()
    window.resize(width, height)
    window.show()
    app.processEvents()
    elapsed = (time.perf_counter() - start) * 1000
    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return elapsed


def _settle(app: Any, window: Any) -> None:
    """The opened window closed and destroyed, the main window active again."""
    from PySide6.QtCore import QEvent

    close = getattr(window, "close_without_asking", window.close)
    close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _enter_on_rows(
    app: Any,
    table: Any,
    opened: Callable[[str], Any],
    raw_read: Callable[[str], None],
) -> tuple[list[float], list[float]]:
    """Enter on `SAMPLES` rows spread over the list's first pages."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop.views.keyset_model import ID_ROLE

    model = table.model()
    while model.rowCount() < SAMPLES * 3 and model.canFetchMore():
        model.fetchMore()
    times: list[float] = []
    limits: list[float] = []
    for sample in range(SAMPLES + 1):  # the first warms the path up, and is not counted
        index = model.index(sample * 3, 0)
        record_id = model.data(index, ID_ROLE)
        table.setCurrentIndex(index)
        table.setFocus()
        elapsed, window = _shown(
            app,
            partial(QTest.keyClick, table, Qt.Key.Key_Return),
            partial(opened, record_id),
        )
        size = window.size()
        _settle(app, window)
        if sample:
            times.append(elapsed)
            limits.append(
                timed(partial(raw_read, record_id)) + _bare(app, size.width(), size.height())
            )
    return times, limits


def _records(app: Any, window: Any, raw: Any) -> list[Figure]:
    workspace = window.workspace

    def raw_person(record_id: str) -> None:
        cases._raw_open(raw, uuid.UUID(record_id).hex)

    def raw_employer(record_id: str) -> None:
        employers._raw_open(raw, uuid.UUID(record_id).hex)

    def raw_need(record_id: str) -> None:
        raw.execute("SELECT * FROM vacancies WHERE id = ?", (uuid.UUID(record_id).hex,)).fetchall()
        raw.execute(
            "SELECT * FROM vacancy_requirements WHERE vacancy_id = ?",
            (uuid.UUID(record_id).hex,),
        ).fetchall()

    figures = []
    window.navigation.setCurrentRow(1)
    person = _enter_on_rows(app, window.persons_view.table, workspace.person_window, raw_person)
    figures.append(Figure("person_window", *person))
    window.navigation.setCurrentRow(2)
    employer = _enter_on_rows(
        app, window.employers_view.table, workspace.employer_window, raw_employer
    )
    figures.append(Figure("employer_window", *employer))
    window.navigation.setCurrentRow(3)
    need = _enter_on_rows(app, window.needs_view.table, workspace.need_window, raw_need)
    figures.append(Figure("need_window", *need))
    return figures


def _keys(app: Any, window: Any) -> list[Figure]:
    """The windows and dialogs a shortcut of the main window opens."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialog

    def new_dialog(kind: type[QDialog]) -> Callable[[], Any]:
        def found() -> Any:
            return next(
                (w for w in app.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
                None,
            )

        return found

    def intake() -> Any:
        windows = window.workspace.intake_windows()
        return windows[-1] if windows else None

    figures = []
    window.navigation.setCurrentRow(0)
    for name, key, modifier, appeared in (
        ("intake_wizard", Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, intake),
        ("log_contact", Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, new_dialog(QDialog)),
        ("shortcuts_help", Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier, new_dialog(QDialog)),
    ):
        times: list[float] = []
        limits: list[float] = []
        for sample in range(SAMPLES + 1):
            _activate(app, window)
            elapsed, opened = _shown(app, partial(QTest.keyClick, window, key, modifier), appeared)
            size = opened.size()
            _settle(app, opened)
            if sample:
                times.append(elapsed)
                limits.append(_bare(app, size.width(), size.height()))
        figures.append(Figure(name, times, limits))
    return figures


def _switch(app: Any, window: Any, row: int) -> float:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    key = Qt.Key(Qt.Key.Key_1.value + row)
    elapsed, _ = _shown(
        app,
        partial(
            QTest.keyClick, window.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier
        ),
        lambda: window.stack.widget(row) if window.stack.currentIndex() == row else None,
    )
    return elapsed


def _switches(app: Any, window: Any) -> list[Figure]:
    """Ctrl+1 … Ctrl+6 once every screen is built: from another screen to this one."""
    names = ["overview", "persons", "employers", "needs", "matching", "reports"]
    figures = []
    size = window.size()
    for row, name in enumerate(names):
        times: list[float] = []
        limits: list[float] = []
        for _ in range(SAMPLES):
            window.navigation.setCurrentRow((row + 1) % len(names))
            app.processEvents()
            _activate(app, window)
            times.append(_switch(app, window, row))
            limits.append(_bare(app, size.width(), size.height()))
        figures.append(Figure(f"switch_to_{name}", times, limits))
    return figures


def _first_shown(app: Any, services: Any, settings: Any) -> list[Figure]:
    """The screens built when first shown, each in a new main window."""
    names = {2: "employers", 3: "needs", 4: "matching", 5: "reports"}
    times: dict[int, list[float]] = {row: [] for row in names}
    limits: dict[int, list[float]] = {row: [] for row in names}
    for _ in range(FIRST_SHOWN_SAMPLES):
        window = _main_window(app, services, settings)
        try:
            size = window.size()
            for row in names:
                window.navigation.setCurrentRow(0)
                app.processEvents()
                _activate(app, window)
                times[row].append(_switch(app, window, row))
                limits[row].append(_bare(app, size.width(), size.height()))
        finally:
            _close(app, window)
    return [Figure(f"first_{name}", times[row], limits[row]) for row, name in names.items()]
