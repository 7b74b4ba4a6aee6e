"""Rekryteringsbehov: the open needs in deadline order, a page at a time, each filter
driven through its widget, the count beside the title, and Enter opening a need."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.models import Placement
from desktop.services.employers import EmployerData, WorkplaceData
from desktop.services.registry import Services
from desktop.services.vacancies import NeedQuery, VacancyData
from desktop.store.database import Database
from desktop.views.need_list_model import COLUMNS, PASSED_COLOUR, NeedListModel
from desktop.views.needs_view import NeedsView
from tests.factories import make_person
from tests.views.conftest import services_for, show_active
from tests.views.focus import wait_for_focus

TODAY = clock.today()

popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@dataclass(frozen=True)
class Needs:
    services: Services
    cook: uuid.UUID  # 5120 Södertälje, praktik, deadline in 3 days
    nurse: uuid.UUID  # 5321 Botkyrka, anställning, in 10 days, 1 of 2 filled
    mason: uuid.UUID  # 7112 Botkyrka, nystartsjobb, deadline passed 5 days ago
    undated: uuid.UUID  # 5321 Huddinge, anställning, no deadline


def _need(employer: uuid.UUID, occupation: str, title: str, **fields: str) -> VacancyData:
    values = {"positions": "1", "form_code": "anstallning", "extent": "heltid"}
    values.update(fields)
    return VacancyData(employer_id=employer, occupation_code=occupation, title=title, **values)


@pytest.fixture
def needs(db: Database) -> Needs:
    """Made-up employers with four open needs and one closed."""
    services = services_for(db)
    care = services.employers.create(
        EmployerData(
            name="Lindängens Vård AB",
            sector="privat",
            workplaces=(WorkplaceData("Lindängen", city="Tumba", municipality_code="0127"),),
        )
    )
    build = services.employers.create(EmployerData(name="Norrbackens Bygg AB", sector="privat"))
    create = services.vacancies.create
    in_days = lambda days: (TODAY + dt.timedelta(days=days)).isoformat()  # noqa: E731
    cook = create(
        _need(care, "5120", "Kock, dagtid", municipality_code="0181", form_code="praktik",
              apply_by=in_days(3))
    )  # fmt: skip
    nurse = create(
        _need(care, "5321", "Undersköterska", municipality_code="0127", positions="2",
              apply_by=in_days(10))
    )  # fmt: skip
    # Saved while its deadline was still ahead; it has passed since.
    mason = create(
        _need(build, "7112", "Murare", municipality_code="0127", form_code="nystartsjobb",
              apply_by=in_days(-5)),
        today=TODAY - dt.timedelta(days=20),
    )  # fmt: skip
    undated = create(_need(care, "5321", "Undersköterska, natt", municipality_code="0126"))
    closed = create(_need(build, "7111", "Snickare", apply_by=in_days(2)))
    services.vacancies.set_status(closed, 1, "stangt")
    with db.unit_of_work() as session:
        person = make_person(session, "Amal", "Testsson")
        session.add(
            Placement(person_id=person.id, vacancy_id=nurse, employer_id=care,
                      form_code="anstallning", start_date=TODAY)
        )  # fmt: skip
    return Needs(services, cook, nurse, mason, undated)


@pytest.fixture
def view(qtbot: QtBot, needs: Needs) -> NeedsView:
    widget = NeedsView(needs.services.vacancies, needs.services.reference)
    qtbot.addWidget(widget)
    widget.resize(1300, 600)
    widget.load()
    return widget


def titles(view: NeedsView) -> list[str]:
    model = view.model
    while model.canFetchMore():
        model.fetchMore()
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, needs: Needs) -> None:
    model = NeedListModel(needs.services.vacancies, page_size=2)
    model.refresh()
    assert model.rowCount() == 2
    assert model.canFetchMore()
    qtmodeltester.check(model)  # which fetches the rest as a view would
    model.set_query(NeedQuery(occupation="5"))
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model)
    assert model.rowCount() == 3


def test_open_needs_by_deadline_in_pages_with_places_filled(needs: Needs) -> None:
    model = NeedListModel(needs.services.vacancies, page_size=3)
    model.refresh()
    assert model.rowCount() == 3
    model.fetchMore()
    assert model.rowCount() == 4
    assert not model.canFetchMore()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert headers == [
        "Sista ansökningsdag", "Titel", "Yrke", "Arbetsgivare", "Platser (tillsatta/totalt)",
        "Form", "Omfattning", "Kommun", "Start",
    ]  # fmt: skip
    rows = [[model.index(r, c).data() for c in range(9)] for r in range(4)]
    # The passed deadline first, the need without one last; the closed need not at all.
    assert [row[1] for row in rows] == [
        "Murare", "Kock, dagtid", "Undersköterska", "Undersköterska, natt",
    ]  # fmt: skip
    assert rows[2] == [
        (TODAY + dt.timedelta(days=10)).isoformat(),
        "Undersköterska",
        "Undersköterskor, hemtjänst, hemsjukvård och äldreboende",
        "Lindängens Vård AB",
        "1/2",
        "Anställning",
        "Heltid",
        "Botkyrka",
        "",
    ]
    assert rows[3][0] == ""
    passed = model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(passed, QBrush)
    assert passed.color() == PASSED_COLOUR
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.need_id(0) == str(needs.mason)


def test_count_and_clearing(view: NeedsView) -> None:
    assert view.count_label.text() == "4 öppna behov"
    view.municipality.setCurrentIndex(view.municipality.findText("Huddinge"))
    assert titles(view) == ["Undersköterska, natt"]
    assert view.count_label.text() == "1 öppet behov"
    view.form.setCurrentIndex(view.form.findText("Praktik"))
    assert titles(view) == []
    assert view.count_label.text() == "0 öppna behov"
    assert not view.empty.isHidden()
    assert view.empty.text() == (
        "Inga öppna behov passar filtren. Välj \u201dAlla\u201d i ett filter eller Rensa "
        "filter (Alt+R) för att se fler."
    )
    view.clear_button.click()
    assert len(titles(view)) == 4
    assert view.count_label.text() == "4 öppna behov"
    assert view.empty.isHidden()


@popup_warnings
def test_occupation_group_at_any_level(qtbot: QtBot, view: NeedsView) -> None:
    field = view.occupation.line_edit()
    qtbot.keyClicks(field, "5")  # major group 5: service, care and sales
    assert titles(view) == ["Kock, dagtid", "Undersköterska", "Undersköterska, natt"]
    assert view.count_label.text() == "3 öppna behov"
    qtbot.keyClicks(field, "321")  # the occupation 5321
    assert titles(view) == ["Undersköterska", "Undersköterska, natt"]
    field.clear()
    qtbot.keyClicks(field, "7")
    assert titles(view) == ["Murare"]
    field.clear()
    assert len(titles(view)) == 4


@popup_warnings
def test_occupation_group_picked_by_name(qtbot: QtBot, view: NeedsView) -> None:
    show_active(qtbot, view)
    view.occupation.setFocus()
    qtbot.keyClicks(view.occupation.line_edit(), "omsorgsyrk")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    popup = QApplication.activePopupWidget()
    assert popup is not None
    # The group comes before the occupations in it.
    assert view.occupation.completer().model().index(0, 0).data() == "53 Omsorgsyrken"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.query.occupation == "53")
    assert titles(view) == ["Undersköterska", "Undersköterska, natt"]


@popup_warnings
def test_text_naming_no_occupation_is_explained_and_the_list_kept(
    qtbot: QtBot, view: NeedsView
) -> None:
    qtbot.keyClicks(view.occupation.line_edit(), "5")
    view.occupation.line_edit().clear()
    qtbot.keyClicks(view.occupation.line_edit(), "5xyz")
    view.occupation.line_edit().editingFinished.emit()
    assert view.occupation_error.text() == (
        "Välj ett yrke eller en yrkesgrupp i listan (namn eller SSYK-kod)."
    )
    assert view.occupation.currentText() == "5xyz"  # what was typed stays
    assert len(titles(view)) == 3  # the list as it was, for group 5
    view.occupation.line_edit().clear()
    assert view.occupation_error.isHidden()
    assert len(titles(view)) == 4


def test_municipality_and_form(view: NeedsView) -> None:
    view.municipality.setCurrentIndex(view.municipality.findText("Botkyrka"))
    assert titles(view) == ["Murare", "Undersköterska"]
    view.form.setCurrentIndex(view.form.findText("Nystartsjobb"))
    assert titles(view) == ["Murare"]
    view.municipality.setCurrentIndex(0)
    view.form.setCurrentIndex(view.form.findText("Praktik"))
    assert titles(view) == ["Kock, dagtid"]


def test_deadline_on_or_before_and_not_passed(qtbot: QtBot, view: NeedsView) -> None:
    qtbot.keyClicks(view.deadline, (TODAY + dt.timedelta(days=3)).isoformat())
    assert titles(view) == ["Murare", "Kock, dagtid"]  # needs without a deadline left out
    view.not_passed.setChecked(True)
    assert titles(view) == ["Kock, dagtid"]
    assert view.count_label.text() == "1 öppet behov"
    view.deadline.clear()
    assert titles(view) == ["Kock, dagtid", "Undersköterska", "Undersköterska, natt"]


def test_a_date_that_is_no_date_is_explained_and_kept(qtbot: QtBot, view: NeedsView) -> None:
    qtbot.keyClicks(view.deadline, (TODAY + dt.timedelta(days=3)).isoformat())
    view.deadline.setText("2026-13-40")
    view.deadline.editingFinished.emit()
    assert view.deadline_error.text() == "Sista dag skrivs ÅÅÅÅ-MM-DD, till exempel 2024-03-15."
    assert view.deadline.text() == "2026-13-40"
    assert titles(view) == ["Murare", "Kock, dagtid"]  # still the last date that was one


def test_enter_and_double_click_open_a_need(qtbot: QtBot, view: NeedsView, needs: Needs) -> None:
    show_active(qtbot, view)
    view.focus_list()
    wait_for_focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.need_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [str(needs.cook)]
    point = view.table.visualRect(view.model.index(3, 1)).center()
    viewport = view.table.viewport()
    with qtbot.assertNotEmitted(view.need_activated):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    with qtbot.waitSignal(view.need_activated) as opened:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert opened.args == [str(needs.undated)]


def test_tab_goes_through_the_filters_into_the_list(qtbot: QtBot, view: NeedsView) -> None:
    show_active(qtbot, view)
    view.focus_filters()
    names = []
    for _ in range(7):
        widget = QApplication.focusWidget()
        assert widget is not None
        names.append(widget.objectName() or (widget.parentWidget() or widget).objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert names == [
        "occupationFilter", "municipalityFilter", "formFilter", "deadlineFilter",
        "notPassedFilter", "clearNeedFilters", "needTable",
    ]  # fmt: skip


def test_reload_shows_a_need_closed_elsewhere_gone(view: NeedsView, needs: Needs) -> None:
    version = needs.services.vacancies.get(needs.cook).version
    needs.services.vacancies.set_status(needs.cook, version, "tillsatt")
    view.reload()
    assert "Kock, dagtid" not in titles(view)
    assert view.count_label.text() == "3 öppna behov"


def test_every_control_has_a_name(view: NeedsView) -> None:
    for widget in (
        view.occupation, view.municipality, view.form, view.deadline, view.not_passed,
        view.clear_button, view.table, view.count_label,
    ):  # fmt: skip
        assert widget.objectName()
        assert widget.accessibleName()


def test_an_empty_register_says_how_to_add_a_need(qtbot: QtBot, db: Database) -> None:
    services = services_for(db)
    widget = NeedsView(services.vacancies, services.reference)
    qtbot.addWidget(widget)
    widget.load()
    assert titles(widget) == []
    assert not widget.empty.isHidden()
    assert widget.empty.text() == (
        "Inga öppna behov. Registrera en arbetsgivares rekryteringsbehov med Nytt behov\u2026 "
        "(Alt+N)."
    )
    assert widget.empty.accessibleName() == widget.empty.text()
