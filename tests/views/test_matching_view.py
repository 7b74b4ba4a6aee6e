"""Matchning: a need chosen by typing, its candidates ranked off the GUI thread with a
column for each requirement, the filters, the words shown when no one fits, Enter
opening a person, Föreslå with and without consent, and "Varför inte?"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.store.database import Database
from desktop.views.consent_dialog import ConsentDialog
from desktop.views.match_models import MISSING_COLOUR, CandidateModel
from desktop.views.matching_view import MatchingView
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus
from tests.views.matching_data import TODAY, World, make_world

popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@pytest.fixture
def view(qtbot: QtBot, world: World) -> Iterator[MatchingView]:
    widget = MatchingView(world.services)
    qtbot.addWidget(widget)
    widget.resize(1280, 640)
    yield widget
    widget.wait()


def choose(qtbot: QtBot, view: MatchingView, need: uuid.UUID) -> None:
    with qtbot.waitSignal(view.candidates_shown):
        view.choose_need(need)


def ranked(qtbot: QtBot, view: MatchingView) -> None:
    """Wait for the ranking that a filter change started."""
    qtbot.waitUntil(lambda: not view.busy)


def names(view: MatchingView) -> list[str]:
    model = view.model
    return [model.index(row, CandidateModel.NAME).data() for row in range(model.rowCount())]


def row_of(view: MatchingView, name: str) -> list[str]:
    model = view.model
    row = names(view).index(name)
    return [model.index(row, column).data() for column in range(model.columnCount())]


@popup_warnings
def test_a_need_chosen_by_typing_shows_its_candidates_best_first(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    show_active(qtbot, view)
    view.focus_start()
    wait_for_focus(qtbot, view.need_field)
    assert not view.empty.isHidden()
    assert view.table.isHidden()
    qtbot.keyClicks(view.need_field, "underskot natt")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    popup = QApplication.activePopupWidget()
    assert popup is not None
    lines = view.need_field.completer_.model()
    assert lines.index(0, 0).data() == (
        "Undersköterska, natt – Lindängens Vård AB (sista dag "
        f"{(TODAY + dt.timedelta(days=14)).isoformat()})"
    )
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.candidates_shown):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert view.need_id == world.need
    assert view.need_field.text() == "Undersköterska, natt – Lindängens Vård AB"
    # Into the list, where Enter and Ctrl+Enter work. The window's focus widget, not
    # hasFocus(): the offscreen platform may leave the closed popup's window active.
    qtbot.waitUntil(lambda: view.window().focusWidget() is view.table, timeout=2000)

    # Cecilia has no licence (the krav), Dawit no active case: neither is listed.
    assert names(view) == ["Amal Testsson", "Elin Fiktiv", "Bertil Provsson"]
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Poäng", "Namn", "Kommun", "Ärende", "Körkort B", "Svenska B1 – mellannivå",
        "Anvisning", "Samtycke", "Skäl",
    ]  # fmt: skip
    assert model.headerData(4, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Krav: Körkort B (måste uppfyllas)"
    )
    amal = row_of(view, "Amal Testsson")
    assert amal[1:8] == ["Amal Testsson", "Botkyrka", "Aktiv", "✓", "✓", "", "Ja"]
    assert amal[8].startswith("Erfarenhet av samma yrke")
    assert int(amal[0]) > int(row_of(view, "Elin Fiktiv")[0])
    elin = row_of(view, "Elin Fiktiv")
    assert elin[4:8] == ["✓", "✗", "", "Nej"]
    assert model.index(1, 5).data(Qt.ItemDataRole.ToolTipRole) == (
        "✗ Merit: Svenska B1 – mellannivå (ingen nivå angiven)"
    )
    consent = model.index(1, model.consent_column).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(consent, QBrush)
    assert consent.color() == MISSING_COLOUR
    assert view.count_label.text() == "3 kandidater"
    assert view.need_title.text() == "Undersköterska, natt – Lindängens Vård AB"
    assert view.need_details.text() == (
        "2 platser · Botkyrka · sista dag att föreslå "
        f"{(TODAY + dt.timedelta(days=14)).isoformat()} · 5321 Undersköterskor, hemtjänst, "
        "hemsjukvård och äldreboende"
    )
    assert view.empty.isHidden()
    assert not view.table.isHidden()
    assert view.table.currentIndex().row() == 0
    # Every reason for the chosen candidate, in full, under the list.
    assert view.details.text() == (
        f"Amal Testsson, {amal[0]} poäng: " + "; ".join(model.candidate(0).reasons)  # type: ignore[union-attr]
    )
    view.table.setCurrentIndex(model.index(1, 0))
    assert view.details.text().startswith(f"Elin Fiktiv, {elin[0]} poäng: Kan arbeta i Botkyrka")
    missing = "Saknar merit: Svenska B1 – mellannivå (ingen nivå angiven)"
    assert view.details.text().endswith(missing)


def test_with_the_krav_filter_off_those_missing_a_krav_come_last(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    choose(qtbot, view, world.need)
    view.only_meeting_krav.setChecked(False)
    ranked(qtbot, view)
    assert names(view)[-1] == "Cecilia Exempelsdotter"
    assert len(names(view)) == 4
    cecilia = row_of(view, "Cecilia Exempelsdotter")
    assert cecilia[4] == "✗"
    assert cecilia[8].startswith("Saknar krav: Körkort B (saknas)")
    mark = view.model.index(3, 4).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(mark, QBrush)
    assert mark.color() == MISSING_COLOUR
    assert view.count_label.text() == "4 kandidater"


def test_filters_by_municipality_consent_and_not_proposed(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    choose(qtbot, view, world.need)
    view.municipality.setCurrentIndex(view.municipality.findText("Huddinge"))
    ranked(qtbot, view)
    assert names(view) == ["Bertil Provsson"]
    assert view.count_label.text() == "1 kandidat"
    view.municipality.setCurrentIndex(0)
    view.consent_given.setChecked(True)
    ranked(qtbot, view)
    assert names(view) == ["Amal Testsson", "Bertil Provsson"]
    # Proposed: still listed, marked; "Inte redan föreslagna" leaves them out.
    world.services.referrals.propose(world.need, world.amal)
    view.consent_given.setChecked(False)
    ranked(qtbot, view)
    assert row_of(view, "Amal Testsson")[6] == "Föreslagen"
    view.not_proposed.setChecked(True)
    ranked(qtbot, view)
    assert names(view) == ["Elin Fiktiv", "Bertil Provsson"]


def test_when_no_one_fits_the_screen_says_which_krav_empties_the_list(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    choose(qtbot, view, world.impossible)
    assert view.table.isHidden()
    assert not view.empty.isHidden()
    assert view.empty.text() == (
        "Ingen av 4 arbetssökande uppfyller alla krav. Flest faller bort på kravet "
        "Körkort CE (0 uppfyller det). Per krav: Körkort CE: 0 av 4."
    )
    assert view.count_label.text() == "0 kandidater"
    assert not view.propose()
    assert view.notice.text() == "Välj en kandidat i listan först."


def test_a_need_past_its_last_day_says_so_and_refuses_proposals(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    vacancies = world.services.vacancies
    last_day = TODAY - dt.timedelta(days=2)
    data = dataclasses.replace(
        vacancies.get(world.need).data(), title="Undersköterska, dag", apply_by=str(last_day)
    )
    passed = vacancies.create(data, today=TODAY - dt.timedelta(days=10))
    show_active(qtbot, view)
    choose(qtbot, view, passed)
    assert f"sista dag att föreslå var {last_day}, förslag tas inte emot" in (
        view.need_details.text()
    )
    assert names(view)[0] == "Amal Testsson"
    assert not view.propose()
    assert view.notice.text() == f"Sista dag att föreslå kandidater var {last_day}."


def test_a_closed_need_is_explained(qtbot: QtBot, view: MatchingView, world: World) -> None:
    choose(qtbot, view, world.closed)
    assert view.table.isHidden()
    assert view.empty.text() == (
        "Behovet är stängt. Öppna det igen för att söka kandidater till det."
    )


def test_a_later_request_wins_over_one_still_running(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    view.choose_need(world.need)
    view.choose_need(world.impossible)  # before the first answer is shown
    with qtbot.waitSignal(view.candidates_shown):
        pass
    ranked(qtbot, view)
    assert view.model.result is not None
    assert view.model.result.need.id == world.impossible
    assert view.table.isHidden()


def test_enter_and_double_click_open_the_person(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    show_active(qtbot, view)
    choose(qtbot, view, world.need)
    view.focus_start()
    wait_for_focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.person_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [str(world.elin)]
    point = view.table.visualRect(view.model.index(2, 1)).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    with qtbot.waitSignal(view.person_activated) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert opened.args == [str(world.bertil)]


def test_ctrl_enter_proposes_the_candidate_and_marks_the_row(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    show_active(qtbot, view)
    choose(qtbot, view, world.need)
    view.focus_start()
    with qtbot.waitSignal(view.proposed) as proposed:
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert proposed.args == [str(world.amal), str(world.need)]
    assert row_of(view, "Amal Testsson")[6] == "Föreslagen"
    assert view.notice.text() == (
        "Amal Testsson är föreslagen för behovet (Undersköterska, natt, Lindängens Vård AB)."
    )
    referrals = world.services.referrals.of_need(world.need)
    assert [(r.person_id, r.status) for r in referrals] == [(world.amal, "foreslagen")]
    # A second time: the service's refusal, in words.
    assert not view.propose()
    assert view.notice.text() == (
        "Amal Testsson är redan föreslagen för behovet (status: föreslagen)."
    )


def test_without_consent_the_consent_is_recorded_and_then_the_proposal_goes_through(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    show_active(qtbot, view)
    choose(qtbot, view, world.need)
    view.select_person(world.elin)
    qtbot.mouseClick(view.propose_button, Qt.MouseButton.LeftButton)
    assert view.notice.text() == (
        "Elin Fiktiv har inget gällande samtycke till att profilen delas med arbetsgivare. "
        "Registrera samtycket först; utan det kan hen inte föreslås."
    )
    assert world.services.referrals.of_need(world.need) == []
    assert view.consent_button.isVisible()
    wait_for_focus(qtbot, view.consent_button)
    qtbot.keyClick(view.consent_button, Qt.Key.Key_Space)
    dialog = view.consent_dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Registrera samtycke – Elin Fiktiv"
    assert dialog.kind.currentText() == "Dela profil med arbetsgivare"
    assert not dialog.kind.isEnabled()
    assert dialog.given_on.text() == TODAY.isoformat()
    dialog.method.setCurrentIndex(dialog.method.findText("Muntligt"))
    with qtbot.waitSignal(dialog.recorded) as recorded:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert recorded.args == [str(world.elin), "dela_profil"]
    assert not view.consent_button.isVisible()
    assert row_of(view, "Elin Fiktiv")[7] == "Ja"
    assert view.notice.text().startswith("Samtycket är registrerat.")
    assert world.services.consents.may_share(world.elin)

    assert view.current_candidate() is not None
    assert view.current_candidate().person_id == world.elin  # type: ignore[union-attr]
    with qtbot.waitSignal(view.proposed):
        qtbot.mouseClick(view.propose_button, Qt.MouseButton.LeftButton)
    assert row_of(view, "Elin Fiktiv")[6] == "Föreslagen"


@popup_warnings
def test_why_not_names_the_krav_a_person_misses(
    qtbot: QtBot, view: MatchingView, world: World
) -> None:
    show_active(qtbot, view)
    choose(qtbot, view, world.need)
    view.person_field.setFocus()
    qtbot.keyClicks(view.person_field, "exempelsd")
    qtbot.waitUntil(lambda: view.person_field.completer_.model().rowCount() == 1)
    qtbot.keyClick(view.person_field, Qt.Key.Key_Return)
    assert view.why_result.text() == "Uppfyller inte kravet Körkort B (saknas)."
    # Someone without an active case; and someone who is in the list is shown there.
    view.person_field.clear()
    qtbot.keyClicks(view.person_field, "Pahittad")
    view.why_button.click()
    assert view.why_result.text().startswith(
        "Dawit Påhittad har inget aktivt ärende; bara den som är inskriven matchas."
    )
    view.person_field.clear()
    qtbot.keyClicks(view.person_field, "Provsson")
    view.why_button.click()
    assert view.why_result.text().startswith("Bertil Provsson uppfyller alla krav och finns")
    assert view.current_candidate().name == "Bertil Provsson"  # type: ignore[union-attr]
    view.person_field.clear()
    qtbot.keyClicks(view.person_field, "Zzyzx")
    view.why_button.click()
    assert view.why_result.text() == "Skriv en del av namnet och välj personen i listan."


def test_tab_order_and_names(qtbot: QtBot, view: MatchingView, world: World) -> None:
    show_active(qtbot, view)
    choose(qtbot, view, world.need)
    view.need_field.setFocus()
    order = []
    for _ in range(11):
        widget = QApplication.focusWidget()
        assert widget is not None
        order.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert order == [
        "matchingNeed", "openMatchedNeed", "candidateMunicipality", "onlyMeetingKrav",
        "notProposed", "consentGiven", "candidateTable", "proposeButton", "openCandidate",
        "whyNotPerson", "whyNotButton",
    ]  # fmt: skip
    for widget in (
        view.need_field, view.open_need_button, view.municipality, view.only_meeting_krav,
        view.not_proposed, view.consent_given, view.table, view.propose_button,
        view.open_person_button, view.consent_button, view.person_field, view.why_button,
        view.count_label, view.notice, view.why_result,
    ):  # fmt: skip
        assert widget.objectName()
        assert widget.accessibleName()


def test_models_pass_the_qt_model_tester(
    qtmodeltester: ModelTester, view: MatchingView, world: World, qtbot: QtBot
) -> None:
    choose(qtbot, view, world.need)
    qtmodeltester.check(view.model)
    view.only_meeting_krav.setChecked(False)
    ranked(qtbot, view)
    qtmodeltester.check(view.model)
    view.model.set_referral(world.elin, "intervju")
    assert row_of(view, "Elin Fiktiv")[6] == "Intervju"
    view.model.set_result(None)
    qtmodeltester.check(view.model)
    assert view.model.columnCount() == 7
    assert view.model.index(0, 0).data() is None
    assert view.model.rowCount(QModelIndex()) == 0


def test_screenshot(qtbot: QtBot, view: MatchingView, world: World) -> None:
    show_active(qtbot, view)
    choose(qtbot, view, world.need)
    view.only_meeting_krav.setChecked(False)
    ranked(qtbot, view)
    view.person_field.setText("Påhittad")
    view.explain()
    view.grab().save("/tmp/matchning.png")
