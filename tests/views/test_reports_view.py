"""Rapporter: the period and scope typed with reasons beside the dates, the report counted
off the GUI thread and shown as tables with a chart beside each, exported as Excel, and
the ESF report saved; a caseworker is told who makes reports. The data set and its known
figures are tests/services/test_reports.py's."""

from __future__ import annotations

import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.services.reports.service import ReportService
from desktop.views.reports.view import ReportsView
from desktop.views.settings import Settings
from tests.services.test_reports import END, START, World, world  # noqa: F401  (fixture)
from tests.views.conftest import show_active


def reports_view(
    qtbot: QtBot, data: World, settings: Settings, role: str = "samordnare"
) -> ReportsView:
    view = ReportsView(data.service(), role, settings)
    # Nothing left counting when the view closes and the database after it.
    qtbot.addWidget(view, before_close_func=lambda widget: widget.wait())
    view.resize(1200, 800)
    show_active(qtbot, view)
    return view


def set_period(view: ReportsView, start: str, end: str) -> None:
    view.start.setText(start)
    view.end.setText(end)


def test_the_report_is_counted_off_the_gui_thread_and_shown_with_charts(
    qtbot: QtBot,
    world: World,  # noqa: F811
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []
    real = ReportService.follow_up

    def spy(self: ReportService, *args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ReportService, "follow_up", spy)
    view = reports_view(qtbot, world, settings)
    assert view.municipality.itemText(0) == "Alla kommuner"
    assert not view.export_button.isEnabled()
    set_period(view, START.isoformat(), END.isoformat())
    with qtbot.waitSignal(view._runner.finished, timeout=20_000):
        qtbot.keyClick(view.end, Qt.Key.Key_Return)  # Enter in a date shows the report
    assert threads
    assert threads[0] is not threading.main_thread()
    assert view.summary.text().startswith("Uppföljning 2026-01-01 – 2026-06-30, alla kommuner")
    cases = next(s for s in view.section_views if s.section.key == "nya_arenden")
    table = cases.table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "Kommun", "Nya", "Aktiva under perioden", "Avslutade", "Öppna vid periodens slut",
    ]  # fmt: skip
    assert [table.item(2, c).text() for c in range(5)] == ["Totalt", "3", "5", "2", "3"]
    assert table.item(2, 1).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert cases.chart is not None
    assert "2026-02: 1" in cases.chart.accessibleDescription()
    assert view.export_button.isEnabled()
    qtbot.waitUntil(cases.isVisible)
    qtbot.wait(100)  # the new sections laid out
    view.grab().save("/tmp/reports_view.png")


def test_bad_dates_are_said_beside_them_and_nothing_is_counted(
    qtbot: QtBot,
    world: World,  # noqa: F811
    settings: Settings,
) -> None:
    view = reports_view(qtbot, world, settings)
    set_period(view, "2026-13-01", END.isoformat())
    assert not view.show_report()
    assert view.start_error.text() == "Från och med skrivs ÅÅÅÅ-MM-DD, till exempel 2024-03-15."
    assert view.start.text() == "2026-13-01"  # what was typed stays
    set_period(view, "2026-06-30", "2026-01-01")
    assert not view.show_report()
    assert view.end_error.isVisible()
    assert not view.busy
    set_period(view, "", "")
    assert not view.show_report()
    assert view.start_error.text() == "Från och med måste fyllas i."


def test_a_period_without_data_says_so(
    qtbot: QtBot,
    world: World,  # noqa: F811
    settings: Settings,
) -> None:
    view = reports_view(qtbot, world, settings)
    set_period(view, "2010-01-01", "2010-12-31")
    with qtbot.waitSignal(view._runner.finished, timeout=20_000):
        view.show_report()
    assert "inga ärenden, anvisningar eller kontakter under perioden" in view.summary.text()
    assert view.section_views == []


def test_the_report_is_exported_as_excel_and_the_esf_report_saved(
    qtbot: QtBot,
    world: World,  # noqa: F811
    settings: Settings,
    tmp_path: Path,
) -> None:
    view = reports_view(qtbot, world, settings)
    set_period(view, START.isoformat(), END.isoformat())
    with qtbot.waitSignal(view._runner.finished, timeout=20_000):
        view.show_report()
    dialog = view.choose_export()
    assert isinstance(dialog, QFileDialog)
    assert dialog.nameFilters()[0] == "Excel-arbetsbok (*.xlsx)"
    dialog.reject()
    target = tmp_path / "uppfoljning.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_to(target)
    assert view.notice.text() == f"Sparad som {target}."
    assert settings.documents_folder == str(tmp_path)
    assert openpyxl.load_workbook(target).sheetnames  # re-read: tests/services checks cells
    esf = tmp_path / "esf.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.esf_to(esf)
    assert "Deltagare" in openpyxl.load_workbook(esf).sheetnames


def test_an_unwritable_folder_is_said_and_the_report_stays(
    qtbot: QtBot,
    world: World,  # noqa: F811
    settings: Settings,
    tmp_path: Path,
) -> None:
    view = reports_view(qtbot, world, settings)
    set_period(view, START.isoformat(), END.isoformat())
    with qtbot.waitSignal(view._runner.finished, timeout=20_000):
        view.show_report()
    with qtbot.waitSignal(view._runner.failed, timeout=20_000):
        view.export_to(tmp_path / "borta" / "rapport.xlsx")
    assert view.error.isVisible()
    assert "finns inte" in view.error.text()
    assert view.section_views
    assert view.export_button.isEnabled()


def test_a_caseworker_is_told_who_makes_reports(
    qtbot: QtBot,
    world: World,  # noqa: F811
    settings: Settings,
) -> None:
    view = reports_view(qtbot, world, settings, role="handlaggare")
    assert view.refusal.text().startswith("Rapporter tas fram av samordnare och administratörer.")
    assert not hasattr(view, "start")
