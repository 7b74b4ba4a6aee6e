"""The reusable pickers: countries, languages, municipalities and SSYK occupations found by
typing part of their Swedish name, and lists of boxes to tick."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.reference import ReferenceService
from desktop.store.database import Database
from desktop.views.pickers import (
    CheckList,
    ChoiceBox,
    ChoiceButtons,
    CountryPicker,
    LanguagePicker,
    MunicipalityChecklist,
    MunicipalityPicker,
    OccupationList,
    OccupationPicker,
    SearchPicker,
)
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

# The offscreen platform cannot raise a popup or let it grab the keyboard.
popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture
def reference(db: Database) -> ReferenceService:
    return ReferenceService(db)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    window = QWidget()
    QVBoxLayout(window)
    qtbot.addWidget(window)
    return window


def shown(qtbot: QtBot, window: QWidget, *widgets: QWidget) -> None:
    """The widgets in an active window, the first one focused."""
    layout = window.layout()
    assert layout is not None
    for widget in widgets:
        layout.addWidget(widget)
    show_active(qtbot, window)
    widgets[0].setFocus()


def matches(picker: SearchPicker) -> list[str]:
    """What the list under the field offers."""
    model = picker.completer().model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def typed(qtbot: QtBot, picker: SearchPicker, text: str) -> None:
    picker.line_edit().clear()
    qtbot.keyClicks(picker.line_edit(), text)


@popup_warnings
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("osterr", "Österrike"),  # accents ignored
        ("ÖSTERR", "Österrike"),  # and case
        ("rike", "Frankrike"),  # anywhere in the name
        ("sverige", "Sverige"),
        ("syr", "Syrien"),
    ],
)
def test_a_country_is_found_by_any_part_of_its_swedish_name(
    qtbot: QtBot, window: QWidget, text: str, expected: str
) -> None:
    picker = CountryPicker()
    shown(qtbot, window, picker)
    if text.isascii():
        typed(qtbot, picker, text)
    else:  # QTest cannot type every letter; a paste goes through the same search
        picker.line_edit().insert(text)
    assert expected in matches(picker)
    assert all(
        text.lower().replace("ö", "o") in m.lower().replace("ö", "o") for m in matches(picker)
    )


@popup_warnings
def test_names_that_start_with_the_text_come_first(qtbot: QtBot, window: QWidget) -> None:
    picker = CountryPicker()
    shown(qtbot, window, picker)
    typed(qtbot, picker, "ir")
    found = matches(picker)
    assert found[:2] == ["Irak", "Iran"]
    assert "Kiribati" in found[2:]


@popup_warnings
def test_arrows_and_enter_pick_a_match_and_the_value_is_its_code(
    qtbot: QtBot, window: QWidget
) -> None:
    picker = CountryPicker()
    shown(qtbot, window, picker)
    values: list[str] = []
    picker.value_changed.connect(values.append)
    typed(qtbot, picker, "somal")
    popup = QApplication.activePopupWidget()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.currentText() == "Somalia"
    assert picker.value() == "SO"
    assert values[-1] == "SO"


@popup_warnings
def test_text_that_names_nothing_is_kept_as_typed(qtbot: QtBot, window: QWidget) -> None:
    picker = CountryPicker()
    shown(qtbot, window, picker)
    typed(qtbot, picker, "Atlantis")
    qtbot.keyClick(picker.line_edit(), Qt.Key.Key_Return)
    assert picker.value() == "Atlantis"
    assert picker.currentText() == "Atlantis"
    assert picker.findText("Atlantis") == -1  # never added to the list
    picker.set_value("Atlantis")  # and shown again as it was, from a draft
    assert picker.currentText() == "Atlantis"
    picker.set_value("")
    assert (picker.value(), picker.currentText()) == ("", "")


@popup_warnings
def test_pickers_over_the_same_list_share_it_and_keep_their_own_values(
    qtbot: QtBot, window: QWidget
) -> None:
    """One list for all the pickers over the same choices (a need's every requirement
    row has one): what one shows, or is typed in, never reaches another."""
    first, second = LanguagePicker(), LanguagePicker()
    assert first.model() is second.model()
    rows = first.count()
    shown(qtbot, window, first, second)
    first.set_value("so")
    typed(qtbot, second, "Atlantiska")
    qtbot.keyClick(second.line_edit(), Qt.Key.Key_Return)
    assert (first.value(), first.currentText()) == ("so", "Somaliska")
    assert second.value() == "Atlantiska"
    assert first.count() == second.count() == rows
    assert first.findText("Atlantiska") == -1


@popup_warnings
def test_a_typed_code_picks_its_entry_and_shows_its_name_on_leaving(
    qtbot: QtBot, window: QWidget
) -> None:
    picker = CountryPicker()
    other = CountryPicker()
    shown(qtbot, window, picker, other)
    typed(qtbot, picker, "se")
    assert picker.value() == "SE"
    popup = QApplication.activePopupWidget()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.keyClick(picker.line_edit(), Qt.Key.Key_Tab)
    wait_for_focus(qtbot, other)
    assert picker.currentText() == "Sverige"
    assert picker.value() == "SE"


def test_set_value_shows_the_name(qtbot: QtBot) -> None:
    picker = LanguagePicker()
    qtbot.addWidget(picker)
    picker.set_value("fa-AF")
    assert picker.currentText() == "Dari"
    assert picker.value() == "fa-AF"
    picker.set_value("ti")
    assert picker.currentText() == "Tigrinja"


@popup_warnings
def test_languages_are_found_by_their_swedish_names(qtbot: QtBot, window: QWidget) -> None:
    picker = LanguagePicker()
    shown(qtbot, window, picker)
    typed(qtbot, picker, "dari")
    assert matches(picker)[0] == "Dari"
    typed(qtbot, picker, "arab")
    assert "Arabiska" in matches(picker)


@popup_warnings
def test_municipalities_of_the_project_come_first(
    qtbot: QtBot, window: QWidget, reference: ReferenceService
) -> None:
    picker = MunicipalityPicker(reference)
    shown(qtbot, window, picker)
    assert [picker.itemText(row) for row in range(5)] == [
        "Botkyrka", "Huddinge", "Salem", "Södertälje", "Tyresö",
    ]  # fmt: skip
    typed(qtbot, picker, "sodert")
    assert matches(picker) == ["Södertälje"]


@popup_warnings
def test_occupations_are_searched_in_ssyk_as_you_type(
    qtbot: QtBot, window: QWidget, reference: ReferenceService
) -> None:
    picker = OccupationPicker(reference)
    shown(qtbot, window, picker)
    typed(qtbot, picker, "underskot hem")
    assert matches(picker) == ["5321 Undersköterskor, hemtjänst, hemsjukvård och äldreboende"]
    model = picker.completer().model()
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == (
        "Service-, omsorgs- och försäljningsyrken › Omsorgsyrken › Undersköterskor"
    )
    typed(qtbot, picker, "532")
    assert all(m.startswith("532") for m in matches(picker))
    typed(qtbot, picker, "5321")
    assert picker.value() == "5321"
    typed(qtbot, picker, "Rymdpilot")
    assert picker.value() == "Rymdpilot"
    assert matches(picker) == []


def test_a_choice_box_keeps_a_code_it_does_not_know(qtbot: QtBot) -> None:
    box = ChoiceBox([("heltid", "Heltid"), ("deltid", "Deltid")], empty="Ej angivet")
    qtbot.addWidget(box)
    assert box.value() == ""
    box.set_value("deltid")
    assert (box.value(), box.currentText()) == ("deltid", "Deltid")
    box.set_value("halvtid")  # from older data: shown, not replaced
    assert (box.value(), box.currentText()) == ("halvtid", "halvtid")


def test_choice_buttons(qtbot: QtBot) -> None:
    buttons = ChoiceButtons([("kvinna", "Kvinna"), ("man", "Man")], name="gender")
    qtbot.addWidget(buttons)
    values: list[str] = []
    buttons.value_changed.connect(values.append)
    assert buttons.value() == ""
    buttons.buttons()[1].click()
    assert (buttons.value(), values) == ("man", ["man"])
    buttons.set_value("okänt")
    assert buttons.value() == "okänt"
    assert not any(button.isChecked() for button in buttons.buttons())
    buttons.set_value("kvinna")
    assert buttons.value() == "kvinna"


def test_a_check_list_is_ticked_with_arrows_and_space(qtbot: QtBot, window: QWidget) -> None:
    checks = CheckList([("B", "B – personbil"), ("C", "C – lastbil"), ("D", "D – buss")])
    shown(qtbot, window, checks)
    changes: list[None] = []
    checks.values_changed.connect(lambda: changes.append(None))
    qtbot.keyClick(checks, Qt.Key.Key_Down)
    qtbot.keyClick(checks, Qt.Key.Key_Space)
    qtbot.keyClick(checks, Qt.Key.Key_Up)
    qtbot.keyClick(checks, Qt.Key.Key_Space)
    assert checks.values() == ["B", "C"]  # in list order, not the order ticked
    assert len(changes) == 2
    qtbot.keyClick(checks, Qt.Key.Key_Space)
    assert checks.values() == ["C"]


def test_a_check_list_shows_codes_it_does_not_know(qtbot: QtBot) -> None:
    checks = CheckList([("B", "B – personbil")])
    qtbot.addWidget(checks)
    checks.set_values(["B", "X9"])
    assert checks.values() == ["B", "X9"]
    assert checks.item(1).text() == "X9"
    checks.set_values([])
    assert checks.values() == []


def test_municipalities_to_tick(qtbot: QtBot, reference: ReferenceService) -> None:
    checks = MunicipalityChecklist(reference)
    qtbot.addWidget(checks)
    assert checks.count() == len(reference.municipalities())
    assert checks.item(0).text() == "Botkyrka"
    checks.set_values(["0181", "0127"])
    assert checks.values() == ["0127", "0181"]


@popup_warnings
def test_an_occupation_list_is_built_with_the_keyboard(
    qtbot: QtBot, window: QWidget, reference: ReferenceService
) -> None:
    occupations = OccupationList(reference, name="wished")
    shown(qtbot, window, occupations)
    line = occupations.picker.line_edit()
    wait_for_focus(qtbot, occupations.picker)
    qtbot.keyClicks(line, "stadare")
    popup = QApplication.activePopupWidget()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # picks the match and adds it
    qtbot.waitUntil(lambda: occupations.values() == ["9111"])
    assert occupations.list.item(0).text() == "9111 Städare"
    assert line.text() == ""

    qtbot.keyClicks(line, "5321")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: occupations.values() == ["9111", "5321"])

    qtbot.keyClicks(line, "9111")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(occupations.problem.isVisible)
    assert occupations.problem.text() == "Yrket finns redan i listan."
    line.selectAll()
    qtbot.keyClicks(line, "Rymdpilot")
    assert not occupations.problem.isVisible()  # typing again clears the message
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(occupations.problem.isVisible)
    assert occupations.problem.text().startswith("Välj ett yrke i listan")
    assert line.text() == "Rymdpilot"  # kept for the user to correct
    assert occupations.values() == ["9111", "5321"]

    occupations.list.setFocus()
    occupations.list.setCurrentRow(0)
    qtbot.keyClick(occupations.list, Qt.Key.Key_Delete)
    assert occupations.values() == ["5321"]


def test_an_occupation_list_shows_codes_ssyk_does_not_have(
    qtbot: QtBot, reference: ReferenceService
) -> None:
    occupations = OccupationList(reference, name="wished")
    qtbot.addWidget(occupations)
    occupations.set_values(["5321", "0000"])
    assert occupations.values() == ["5321", "0000"]
    assert occupations.list.item(1).text() == "0000"
