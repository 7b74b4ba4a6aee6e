"""The Deltagare list: a page fetched by the lazy model, and search as you type, each
against the raw SQL alone on the same data, through the same driver and key."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import (
    UI_SETTINGS,
    Run,
    emit,
    open_as_admin,
    percentile,
    raw_connection,
    timed,
    unlock,
)

RAW_PAGE = """
SELECT p.id, p.last_name, p.first_name, p.birth_date, m.name, c.status, u.full_name,
       p.sort_key, p.id
FROM persons p
LEFT JOIN municipalities m ON m.code = p.municipality_code
LEFT JOIN cases c ON c.id = (
    SELECT id FROM cases WHERE person_id = p.id ORDER BY opened_on DESC LIMIT 1)
LEFT JOIN users u ON u.id = c.agent_id
WHERE (p.sort_key, p.id) > (?, ?)
ORDER BY p.sort_key, p.id
LIMIT 100
"""

RAW_SEARCH = "SELECT rowid FROM person_search WHERE person_search MATCH ?"


@contextmanager
def _app(path: Path, key: bytes | None) -> Iterator[tuple[object, object]]:
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.services.registry import Services
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings

    app = QApplication.instance() or QApplication([])
    db, actor = open_as_admin(path, key)
    try:
        settings = Settings(QSettings(UI_SETTINGS, QSettings.Format.IniFormat))
        window = MainWindow(Services.for_user(db, actor), settings)
        window.navigation.setCurrentRow(1)
        window.show()
        app.processEvents()
        yield app, window
        window.close()
        # Gone before the next window is measured (its event filter with it).
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    finally:
        db.close()


def _fetch(connection: Any, sql: str, params: Sequence[object]) -> list[Any]:
    return list(connection.execute(sql, params).fetchall())


def page_times(path: Path, key: bytes | None) -> tuple[list[float], list[float]]:
    """Milliseconds per page fetched by the list model, and per page by raw SQL."""
    from desktop.views.main_window import MainWindow

    with _app(path, key) as (_app_instance, window):
        assert isinstance(window, MainWindow)
        model = window.persons_view.model
        app_ms: list[float] = []
        for _ in range(200):
            if not model.canFetchMore():
                break
            app_ms.append(timed(model.fetchMore))
        cursors = [
            (model._rows[i].cursor[0], model._rows[i].id.hex)
            for i in range(99, model.rowCount() - 1, 100)
        ]
    raw = raw_connection(path, key)
    try:
        raw_ms = [timed(partial(_fetch, raw, RAW_PAGE, c)) for c in cursors]
    finally:
        raw.close()
    return app_ms, raw_ms


def list_page(run: Run) -> None:
    app_ms, raw_ms = page_times(run.db, unlock(run.db))
    emit(
        "list_page_fetch_p95",
        run,
        percentile(app_ms, 0.95),
        "ms",
        percentile(raw_ms, 0.95),
        target="value <= 20 ms",
        pages=len(app_ms),
        p50=round(percentile(app_ms, 0.5), 3),
        limit_p50=round(percentile(raw_ms, 0.5), 3),
    )


def typed_prefixes(path: Path, key: bytes | None, count: int = 40) -> list[str]:
    """What users type: growing prefixes of real names in the data, one keystroke at a time."""
    raw = raw_connection(path, key)
    try:
        names = [
            row[0]
            for row in raw.execute(
                "SELECT last_name FROM persons WHERE rowid IN "
                "(SELECT rowid FROM persons ORDER BY random() LIMIT ?)",
                (count,),
            )
        ]
    finally:
        raw.close()
    random.Random(1).shuffle(names)
    return [name[:length] for name in names for length in range(1, min(len(name), 8) + 1)]


def search_times(
    path: Path, key: bytes | None, prefixes: list[str]
) -> tuple[list[float], list[float]]:
    """Milliseconds per keystroke in the search box, and per FTS query by raw SQL."""
    from desktop.services.search import fts_query
    from desktop.views.main_window import MainWindow

    with _app(path, key) as (_app_instance, window):
        assert isinstance(window, MainWindow)
        view = window.persons_view
        app_ms = []
        for prefix in prefixes:
            view.search.blockSignals(True)
            view.search.setText(prefix)
            view.search.blockSignals(False)
            app_ms.append(timed(view.apply_search))
    raw = raw_connection(path, key)
    try:
        queries = [fts_query(prefix) for prefix in prefixes]
        raw_ms = [timed(partial(_fetch, raw, RAW_SEARCH, (q,))) for q in queries]
    finally:
        raw.close()
    return app_ms, raw_ms


def search(run: Run) -> None:
    key = unlock(run.db)
    prefixes = typed_prefixes(run.db, key)
    app_ms, raw_ms = search_times(run.db, key, prefixes)
    for name, fraction in (("search_as_you_type_p50", 0.5), ("search_as_you_type_p95", 0.95)):
        emit(
            name,
            run,
            percentile(app_ms, fraction),
            "ms",
            percentile(raw_ms, fraction),
            target="p95 <= 30 ms and ratio <= 2",
            keystrokes=len(prefixes),
        )
