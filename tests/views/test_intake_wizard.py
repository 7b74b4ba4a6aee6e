"""The intake wizard, driven as a caseworker would: with the keyboard alone from the first
letter to the saved person, every rule's message beside its field, duplicates, and a
draft that survives the wizard being destroyed mid-intake."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.accounts import Actor
from desktop.services.cases import CaseService
from desktop.services.intake import (
    EducationEntry,
    ExperienceEntry,
    IntakeData,
    IntakeService,
    LanguageEntry,
    Step,
)
from desktop.services.reference import ReferenceService
from desktop.store.database import Database
from desktop.store.schema import open_database
from desktop.views.intake import DraftsDialog, IntakeWizard
from desktop.views.intake.form import Page, focus_chain
from desktop.views.intake.wizard import AUTOSAVE_MS
from desktop.views.person.profile_tab import ProfileTab
from tests.factories import make_person, make_user, personal_number
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

BIRTH = dt.date(1991, 4, 2)
NUMBER = personal_number(BIRTH, 124)
FORMATTED = f"{NUMBER[:8]}-{NUMBER[8:]}"
TODAY = clock.today()

# The offscreen platform cannot raise a popup or let it grab the keyboard; the completer
# and combo box popups work all the same.
popup_warnings = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture
def actor(db: Database) -> Actor:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        return Actor(user.id, user.username, user.full_name, "handlaggare")


@pytest.fixture
def intake(db: Database, actor: Actor) -> IntakeService:
    return IntakeService(db, actor)


@pytest.fixture
def reference(db: Database) -> ReferenceService:
    return ReferenceService(db)


def open_wizard(qtbot: QtBot, intake: IntakeService, reference: ReferenceService) -> IntakeWizard:
    wizard = IntakeWizard(intake, reference)
    qtbot.addWidget(wizard)
    wizard.resize(1150, 800)
    show_active(qtbot, wizard)
    return wizard


@pytest.fixture
def wizard(qtbot: QtBot, intake: IntakeService, reference: ReferenceService) -> IntakeWizard:
    return open_wizard(qtbot, intake, reference)


def complete_data(**changes: object) -> IntakeData:
    data = IntakeData(
        first_name="Amina", last_name="Abdullahi", identity_number=FORMATTED, gender="kvinna",
        phone="070-123 45 67", email="amina@example.se", street_address="Testgatan 1",
        postal_code="147 30", city="Tumba", municipality_code="0127", consent_processing=True,
        consent_sharing=True, consent_date=TODAY.isoformat(), consent_method="skriftligt",
        birth_country="SO", citizenship="SO", arrival_date="2016-08-15",
        referred_by="Arbetsförmedlingen",
        languages=[LanguageEntry("so", "", True), LanguageEntry("en", "B1")], sfi_path="2",
        sfi_course="SFI_C", educations=[EducationEntry("3", "Vård", "SO", "3", True, "ansokt")],
        experiences=[ExperienceEntry("5321", "Vårdbiträde", "2,5", "SO")],
        driving_licences=["B"], certificates=["Hygienbevis"], wished_occupations=["5321"],
        wished_municipalities=["0127", "0126"], work_extent="heltid", earliest_start="2026-12-01",
    )  # fmt: skip
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def resumed(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService, data: IntakeData, step: Step
) -> IntakeWizard:
    """A wizard on a draft of `data` at `step` (the quick way to a given page)."""
    draft = intake.save_draft(None, data, step)
    wizard = open_wizard(qtbot, intake, reference)
    wizard.resume(draft)
    return wizard


# Keyboard --------------------------------------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def focused_name() -> str:
    """The object name of the focused field (a combo box for its line edit)."""
    widget = focused()
    return widget.objectName() or (widget.parentWidget() or widget).objectName()


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key as the user presses it: to an open popup if there is one, else to the focus."""
    target = QApplication.activePopupWidget() or focused()
    qtbot.keyClick(target, key, modifier)


def write(qtbot: QtBot, text: str) -> None:
    """Type ASCII text into the focused field (QTest cannot type every letter)."""
    qtbot.keyClicks(focused(), text)


def tab(qtbot: QtBot, expected: str) -> None:
    press(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == expected


def pick(qtbot: QtBot, typed: str) -> None:
    """Type into a searching picker, then take the first match with Down and Enter."""
    window = focused().window()
    write(qtbot, typed)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    # The offscreen platform hands activation to the closed popup a moment later (a
    # window system keeps it with the window); give it back, as the user would have it.
    QApplication.processEvents()
    if QApplication.activeWindow() is not window:
        handle = window.windowHandle()
        assert handle is not None
        handle.requestActivate()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def alt_n(qtbot: QtBot, wizard: IntakeWizard) -> None:
    """Alt+N: Next. A mnemonic clicks its button with a short animation, after the key."""
    before = wizard.step
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.step != before)


@popup_warnings
def test_the_whole_intake_with_the_keyboard_alone(
    qtbot: QtBot, wizard: IntakeWizard, intake: IntakeService, db: Database, actor: Actor
) -> None:
    # 1 Identity: the cursor starts in the first name.
    assert focused_name() == "first_name"
    write(qtbot, "Amina")
    tab(qtbot, "last_name")
    write(qtbot, "Abdullahi")
    tab(qtbot, "identity_number")
    write(qtbot, FORMATTED)
    assert wizard.identity.number_info.text() == f"Personnummer för en person född {BIRTH}"
    tab(qtbot, "has_identity_number")
    tab(qtbot, "gender_kvinna")
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Right)  # then arrows move within the group and choose
    assert (focused_name(), wizard.identity.gender.value()) == ("gender_man", "man")
    press(qtbot, Qt.Key.Key_Left)
    assert wizard.identity.gender.value() == "kvinna"
    tab(qtbot, "phone")
    write(qtbot, "070-123 45 67")
    tab(qtbot, "email")
    write(qtbot, "amina@example.se")
    tab(qtbot, "street_address")
    write(qtbot, "Testgatan 1")
    tab(qtbot, "postal_code")
    write(qtbot, "147 30")
    tab(qtbot, "city")
    write(qtbot, "Tumba")
    tab(qtbot, "municipality_code")
    pick(qtbot, "botk")
    alt_n(qtbot, wizard)

    # 2 Duplicates: nobody like her is registered.
    assert wizard.step == Step.DUPLICATES
    assert wizard.duplicates.findChild(QLabel, "noDuplicates") is not None
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    # 3 Consent; Enter in the note is a new line, Ctrl+Enter goes on.
    assert wizard.step == Step.CONSENT
    assert focused_name() == "consent_processing"
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, "consent_sharing")
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, "consent_date")
    assert focused().property("text") == TODAY.isoformat()
    tab(qtbot, "consent_method")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert wizard.consent.method.value() == "skriftligt"
    tab(qtbot, "legal_basis")
    tab(qtbot, "consent_note")
    write(qtbot, "Tolk via telefon.")
    press(qtbot, Qt.Key.Key_Return)
    write(qtbot, "Rad 2.")
    assert wizard.step == Step.CONSENT
    assert wizard.consent.note.toPlainText() == "Tolk via telefon.\nRad 2."
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    # 4 Background
    assert wizard.step == Step.BACKGROUND
    assert focused_name() == "birth_country"
    pick(qtbot, "somal")
    tab(qtbot, "citizenship")
    pick(qtbot, "somal")
    tab(qtbot, "arrival_date")
    write(qtbot, "2016-08-15")
    tab(qtbot, "referred_by")
    write(qtbot, "Egen kontakt")
    alt_n(qtbot, wizard)

    # 5 Languages: rows are added with the keyboard and Tab runs through them.
    assert wizard.step == Step.LANGUAGES
    assert focused_name() == "languagesAdd"
    press(qtbot, Qt.Key.Key_Return)
    assert focused_name() == "languages.0.language"
    pick(qtbot, "somali")
    tab(qtbot, "languages.0.level")
    tab(qtbot, "languages.0.mother_tongue")
    press(qtbot, Qt.Key.Key_Space)
    tab(qtbot, "languages.0.remove")
    tab(qtbot, "languagesAdd")
    press(qtbot, Qt.Key.Key_Space)
    assert focused_name() == "languages.1.language"
    pick(qtbot, "engel")
    tab(qtbot, "languages.1.level")
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Down)
    tab(qtbot, "languages.1.mother_tongue")
    tab(qtbot, "languages.1.remove")
    tab(qtbot, "languagesAdd")
    tab(qtbot, "sfi_path")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    tab(qtbot, "sfi_course")
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Down)
    alt_n(qtbot, wizard)

    # 6 Education
    assert wizard.step == Step.EDUCATION
    assert focused_name() == "educationsAdd"
    press(qtbot, Qt.Key.Key_Return)
    assert focused_name() == "educations.0.level"
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Down)
    tab(qtbot, "educations.0.field")
    write(qtbot, "Ekonomi")
    tab(qtbot, "educations.0.country")
    pick(qtbot, "somal")
    tab(qtbot, "educations.0.years")
    write(qtbot, "3")
    tab(qtbot, "educations.0.completed")
    tab(qtbot, "educations.0.recognition")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    alt_n(qtbot, wizard)

    # 7 Work experience: the occupation is searched in SSYK.
    assert wizard.step == Step.EXPERIENCE
    press(qtbot, Qt.Key.Key_Return)
    assert focused_name() == "experiences.0.occupation_code"
    pick(qtbot, "underskot hem")
    tab(qtbot, "experiences.0.job_title")
    write(qtbot, "Assistent")
    tab(qtbot, "experiences.0.years")
    write(qtbot, "2,5")
    tab(qtbot, "experiences.0.last_year")
    write(qtbot, "2023")
    tab(qtbot, "experiences.0.country")
    pick(qtbot, "somal")
    alt_n(qtbot, wizard)

    # 8 Licences: arrows move in the grid of boxes, Space ticks.
    assert wizard.step == Step.LICENCES
    assert focused_name() == "driving_licences"
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    assert wizard.licences.driving_licences.values() == ["B"]
    tab(qtbot, "certificatesAdd")
    press(qtbot, Qt.Key.Key_Return)
    assert focused_name() == "certificates.0"
    write(qtbot, "Truckkort")
    alt_n(qtbot, wizard)

    # 9 Wishes: Enter on a match adds the occupation to the list.
    assert wizard.step == Step.WISHES
    assert focused_name() == "wishedOccupationsPicker"
    pick(qtbot, "stadare")
    qtbot.waitUntil(lambda: wizard.wishes.occupations.values() == ["9111"])
    tab(qtbot, "wishedOccupationsAdd")
    tab(qtbot, "wishedOccupationsList")
    tab(qtbot, "wishedOccupationsRemove")
    tab(qtbot, "wished_municipalities")
    press(qtbot, Qt.Key.Key_Space)  # Botkyrka, first of the project's own
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Space)  # Huddinge
    tab(qtbot, "work_extent")
    press(qtbot, Qt.Key.Key_Down)
    tab(qtbot, "earliest_start")
    write(qtbot, "2026-12-01")
    alt_n(qtbot, wizard)

    # 10 Summary, then save with the same key.
    assert wizard.step == Step.SUMMARY
    assert focused_name() == "nextButton"
    shown = "\n".join(label.text() for label in wizard.summary.body.findChildren(QLabel))
    for text in ("Amina Abdullahi", FORMATTED, "Tolk via telefon.\nRad 2.", "Egen kontakt",
                 "Somaliska (modersmål)", "Engelska, B1 – mellannivå", "studieväg 2, SFI kurs C",
                 "Gymnasial utbildning, Ekonomi, Somalia, 3 år, avslutad, Ansökt hos UHR",
                 "5321 Undersköterskor, hemtjänst, hemsjukvård och äldreboende, Assistent, "
                 "2,5 år, senast 2023, Somalia",
                 "Truckkort", "9111 Städare", "Botkyrka, Huddinge", "Heltid"):  # fmt: skip
        assert text in shown
    with qtbot.waitSignal(wizard.completed) as saved:
        press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)

    person_id = uuid.UUID(saved.args[0])
    data, _version = intake.profile_of(person_id)
    assert (data.first_name, data.last_name, data.identity_number) == (
        "Amina",
        "Abdullahi",
        FORMATTED,
    )
    assert (data.gender, data.phone, data.email, data.postal_code, data.municipality_code) == (
        "kvinna",
        "070-123 45 67",
        "amina@example.se",
        "147 30",
        "0127",
    )
    assert (data.birth_country, data.citizenship, data.arrival_date) == ("SO", "SO", "2016-08-15")
    assert data.referred_by == "Egen kontakt"
    assert data.languages == [LanguageEntry("so", "", True), LanguageEntry("en", "B1", False)]
    assert (data.sfi_path, data.sfi_course) == ("2", "SFI_C")
    assert data.educations == [EducationEntry("3", "Ekonomi", "SO", "3", True, "ansokt")]
    assert data.experiences == [ExperienceEntry("5321", "Assistent", "2,5", "SO", "2023")]
    assert (data.driving_licences, data.certificates) == (["B"], ["Truckkort"])
    assert data.wished_occupations == ["9111"]
    assert data.wished_municipalities == ["0127", "0126"]
    assert (data.work_extent, data.earliest_start) == ("heltid", "2026-12-01")
    [case] = CaseService(db, actor).cases_of(person_id)
    assert (case.status, case.agent_id, case.opened_on) == ("inskriven", actor.user_id, TODAY)
    assert intake.drafts() == []


def test_the_cursor_follows_the_page_and_tab_never_leaves_it_in_a_loop(
    wizard: IntakeWizard,
) -> None:
    names = [w.objectName() for w in focus_chain(wizard.identity)]
    assert names == [
        "first_name", "last_name", "identity_number", "has_identity_number", "gender_kvinna",
        "gender_man", "gender_annat", "phone", "email", "street_address", "postal_code", "city",
        "municipality_code",
    ]  # fmt: skip
    wizard.identity.no_number.setChecked(True)
    names = [w.objectName() for w in focus_chain(wizard.identity)]
    assert names[2:5] == ["has_identity_number", "birth_date", "no_identity_reason"]


# Every widget a user can reach has a name -------------------------------------------------


def test_every_control_has_an_object_name_and_an_accessible_name(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.WISHES)
    wizard.go_to(Step.SUMMARY)
    for page in wizard.pages.values():
        for widget in focus_chain(page):
            assert widget.objectName(), widget
            assert widget.accessibleName(), widget.objectName()
    for widget in (wizard.steps, wizard.next_button, wizard.back_button, wizard.close_button):
        assert widget.objectName()
        assert widget.accessibleName()


def _mnemonics(page: Page, extra: list[str]) -> list[str]:
    texts = [label.text() for label in page.findChildren(QLabel) if label.buddy() is not None]
    texts += [w.property("text") for w in focus_chain(page) if isinstance(w.property("text"), str)]
    keys = extra[:]
    for text in texts:
        if "&" in text and not text.endswith("&"):
            keys.append(text[text.index("&") + 1].lower())
    return keys


def test_each_page_has_keys_of_its_own(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    """Alt+letter reaches one thing on a page: the wizard's buttons (B, N, U) and the main
    window's menus (A, V, H) included."""
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.WISHES)
    for page in wizard.pages.values():
        keys = _mnemonics(page, ["b", "n", "u", "a", "v", "h"])
        assert len(keys) == len(set(keys)), (page.objectName(), keys)


# Bad input: a message beside the field, and Next blocked only then --------------------

BAD_INPUT = [
    # step, field, what is typed, the reason shown, what puts it right
    (Step.IDENTITY, "identity_number", "19910402-1243", "Kontrollsiffran stämmer inte", FORMATTED),
    (Step.IDENTITY, "identity_number", "19911332-1234", "Datumet i numret finns inte", FORMATTED),
    (Step.IDENTITY, "identity_number", "19910402-12AB", "bara innehålla siffror", FORMATTED),
    (Step.IDENTITY, "identity_number", "", "Ange personnummer eller samordningsnummer", NUMBER),
    (Step.IDENTITY, "first_name", "", "Förnamnet måste fyllas i", "Amina"),
    (Step.IDENTITY, "last_name", "X" * 5000, "högst 200 tecken (nu 5000)", "X" * 200),
    (Step.IDENTITY, "first_name", "Amina\x1b[0m", "styrtecken", "Amina"),
    (Step.IDENTITY, "last_name", "Abdullahi\u0007", "styrtecken", "Abdullahi"),
    # Invisible formatting: a zero-width space hides the name from search, a right-to-left
    # override turns it around where it is shown.
    (Step.IDENTITY, "last_name", "Abdul\u200blahi", "styrtecken", "Abdullahi"),
    (Step.IDENTITY, "first_name", "\u202eanimA", "styrtecken", "Amina"),
    (Step.IDENTITY, "first_name", " Amina", "mellanslag", "Amina"),
    (Step.IDENTITY, "email", "amina@", "E-postadressen ser inte rätt ut", ""),
    (Step.IDENTITY, "phone", "ring mig", "Telefonnumret", "+46 70 123 45 67"),
    (Step.IDENTITY, "postal_code", "1473", "fem siffror", "14730"),
    (Step.IDENTITY, "city", "Tumba\x00", "styrtecken", "Tumba"),
    (Step.IDENTITY, "municipality_code", "Atlantis", "Välj kommun", "södertälje"),
    (Step.CONSENT, "consent_date", "2999-01-01", "kan inte vara efter i dag", TODAY.isoformat()),
    (Step.CONSENT, "consent_date", "24/11/2026", "skrivs ÅÅÅÅ-MM-DD", "2026-01-24"),
    (Step.CONSENT, "consent_date", "", "måste fyllas i", "2026-01-24"),
    (Step.CONSENT, "consent_note", "Tolk\x1b", "styrtecken", "Tolk\n\tper telefon"),
    (Step.CONSENT, "consent_note", "Tolk\u202e", "styrtecken", "Tolk (دری\u200c)"),
    (Step.BACKGROUND, "arrival_date", "2999-05-01", "kan inte vara efter i dag", "2016-08-15"),
    (Step.BACKGROUND, "arrival_date", "1985-05-01", "kan inte vara före födelsedatumet",
     "1991-04-02"),
    (Step.BACKGROUND, "arrival_date", "2016-02-30", "skrivs ÅÅÅÅ-MM-DD", "2016-02-29"),
    (Step.BACKGROUND, "birth_country", "Atlantis", "Välj ett land i listan", "syrien"),
    (Step.BACKGROUND, "referred_by", "x" * 101, "högst 100 tecken", "x" * 100),
    (Step.LANGUAGES, "languages.1.language", "Somaliska", "Språket finns redan", "Dari"),
    (Step.LANGUAGES, "languages.0.language", "Atlantiska", "Välj ett språk i listan", "so"),
    (Step.EDUCATION, "educations.0.years", "tre", "skrivs som ett tal", "3"),
    (Step.EDUCATION, "educations.0.years", "45", "mellan 0 och 30", "4,5"),
    (Step.EXPERIENCE, "experiences.0.years", "två", "skrivs som ett tal", "2"),
    (Step.EXPERIENCE, "experiences.0.occupation_code", "Rymdpilot", "Välj ett yrke i listan",
     "5321"),
    (Step.EXPERIENCE, "experiences.0.last_year", "23", "skrivs med fyra siffror", "2023"),
    (Step.EXPERIENCE, "experiences.0.last_year", "2023-05", "skrivs med fyra siffror", ""),
    (Step.EXPERIENCE, "experiences.0.last_year", str(TODAY.year + 1),
     f"kan inte vara efter i år ({TODAY.year})", str(TODAY.year)),
    (Step.EXPERIENCE, "experiences.0.last_year", "1989", "kan inte vara före födelseåret (1991)",
     "1991"),
    (Step.LICENCES, "certificates.0", "", "Certifikatet måste fyllas i", "ID06"),
    (Step.WISHES, "earliest_start", "snart", "skrivs ÅÅÅÅ-MM-DD", ""),
]  # fmt: skip


def enter(widget: QWidget, text: str) -> None:
    """Replace what a field holds with `text`, the way a paste does (any letter, control
    characters too)."""
    widget.setFocus()
    if isinstance(widget, QPlainTextEdit):
        widget.selectAll()
        widget.insertPlainText(text)
        return
    line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    assert isinstance(line, QLineEdit)
    line.selectAll()
    if text:
        line.insert(text)
    else:
        line.del_()


def typed(widget: QWidget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


@popup_warnings
@pytest.mark.parametrize(
    "case", BAD_INPUT, ids=[f"{case[1]}-{number}" for number, case in enumerate(BAD_INPUT)]
)
def test_bad_input_is_explained_beside_its_field_and_only_it_blocks_next(
    qtbot: QtBot,
    intake: IntakeService,
    reference: ReferenceService,
    case: tuple[Step, str, str, str, str],
) -> None:
    step, field, text, reason, good = case
    wizard = resumed(qtbot, intake, reference, complete_data(), step)
    page = wizard.pages[step]
    widget = page.fields()[field].widget
    enter(widget, text)

    # The message comes beside the field as it is typed, before Next is tried.
    error = page.findChild(QLabel, f"{field}Error")
    assert error is not None
    qtbot.waitUntil(lambda: reason in error.text())
    assert error.isVisible()
    shown = [e.objectName() for e in page.findChildren(QLabel)
             if e.objectName().endswith("Error") and e.isVisible()]  # fmt: skip
    assert shown == [f"{field}Error"]
    assert widget.accessibleDescription() == error.text()

    wizard.next()
    assert wizard.step == step  # blocked
    assert reason in error.text()
    assert wizard.banner.text() == "Rätta det som är markerat innan du går vidare."
    assert typed(widget) == text  # nothing typed is changed or lost

    enter(widget, good)
    assert not error.isVisible()  # a message put right goes at once
    wizard.next()
    assert wizard.step == step + 1
    assert not wizard.banner.isVisible()


@popup_warnings
def test_the_last_year_in_a_job_is_typed_checked_kept_and_shown_on_the_profile(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    """The "Senast år" field of an experience row: its reason beside it while wrong,
    nothing typed lost (also not in the draft), and once right, saved and shown on the
    person's profile tab."""
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.EXPERIENCE)
    page = wizard.experience
    field = page.fields()["experiences.0.last_year"].widget
    assert isinstance(field, QLineEdit)
    assert field.accessibleName() == "Senast år, Erfarenhet 1"
    assert field.placeholderText() == "t.ex. 2023, tom om pågående"
    error = page.findChild(QLabel, "experiences.0.last_yearError")
    assert error is not None
    assert not error.isVisible()  # empty: still working there, or not known

    field.setFocus()
    qtbot.keyClicks(field, "20235")
    qtbot.waitUntil(error.isVisible)
    assert error.text() == (
        "Senast år skrivs med fyra siffror, till exempel 2023 "
        "(tomt om personen arbetar kvar eller året inte är känt)."
    )
    assert field.accessibleDescription() == error.text()
    wizard.next()
    assert wizard.step == Step.EXPERIENCE
    assert field.text() == "20235"
    wait_for_focus(qtbot, field)
    # The draft keeps the mistake as typed.
    [draft] = intake.drafts()
    qtbot.waitUntil(lambda: intake.load_draft(draft.id)[0].experiences[0].last_year == "20235")

    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, "1")
    assert field.text() == "2021"
    assert not error.isVisible()
    # A second row has a field of its own, named for its row.
    second = page.experiences.add_row()
    assert second.fieldset.fields["last_year"].widget.accessibleName() == (
        "Senast år, Erfarenhet 2"
    )
    second.remove_button.click()

    while wizard.step != Step.SUMMARY:
        wizard.next()
    shown = "\n".join(label.text() for label in wizard.summary.body.findChildren(QLabel))
    assert "Vårdbiträde, 2,5 år, senast 2021, Somalia" in shown
    with qtbot.waitSignal(wizard.completed) as saved:
        wizard.next()

    profile = ProfileTab(intake, reference, uuid.UUID(saved.args[0]))
    qtbot.addWidget(profile)
    profile.show()
    shown_on_profile = profile.findChild(QLabel, "profile_experiences")
    assert shown_on_profile is not None
    assert shown_on_profile.text().endswith(", Vårdbiträde, 2,5 år, senast 2021, Somalia")


def test_messages_wait_for_the_user_to_have_been_in_the_field(
    qtbot: QtBot, wizard: IntakeWizard
) -> None:
    """A new form is not red all over: empty required fields are explained once Next is
    tried, a field typed in as soon as the typing pauses."""
    errors = {name: field.error for name, field in wizard.identity.fields().items()}
    wizard.identity.email.setText("amina@")
    wizard._show_new_problems()  # the pause in typing
    assert errors["email"].isVisible()
    assert not errors["first_name"].isVisible()
    wizard.identity.email.setText("amina@example.se")
    assert not errors["email"].isVisible()  # put right: gone at once
    wizard.next()
    assert wizard.step == Step.IDENTITY
    assert errors["first_name"].text() == "Förnamnet måste fyllas i."
    assert errors["gender"].text() == "Välj kön (det behövs för uppföljningen)."
    wait_for_focus(qtbot, wizard.identity.first_name)


def test_next_is_not_blocked_by_what_is_optional(
    qtbot: QtBot, wizard: IntakeWizard, intake: IntakeService
) -> None:
    """Only what the service requires blocks Next: a person without a number, with no
    languages, education or wishes, is saved."""
    page = wizard.identity
    page.first_name.setText("محمد")  # right-to-left, stored exactly
    page.last_name.setText("الحسن")
    page.no_number.setChecked(True)
    page.birth_date.setText("1990-01-31")
    page.no_identity_reason.setText("Väntar på samordningsnummer")
    page.gender.set_value("man")
    page.municipality.set_value("0181")
    for step in (Step.DUPLICATES, Step.CONSENT):
        wizard.next()
        assert wizard.step == step
    wizard.consent.processing.setChecked(True)
    wizard.consent.method.set_value("muntligt")
    for step in list(Step)[3:]:
        wizard.next()
        assert wizard.step == step
    with qtbot.waitSignal(wizard.completed) as saved:
        wizard.next()
    data, _ = intake.profile_of(uuid.UUID(saved.args[0]))
    assert (data.first_name, data.last_name) == ("محمد", "الحسن")
    assert (data.has_identity_number, data.birth_date) == (False, "1990-01-31")
    assert data.no_identity_reason == "Väntar på samordningsnummer"


def test_a_valid_number_tells_what_it_is(wizard: IntakeWizard) -> None:
    page = wizard.identity
    coordination = personal_number(BIRTH, 231, coordination=True)
    page.identity_number.setText(coordination)
    assert page.number_info.text() == f"Samordningsnummer för en person född {BIRTH}"
    page.identity_number.setText("19910402-124")
    assert page.number_info.text() == ""
    page.identity_number.setText("910402+1242")  # age 100+
    assert page.number_info.text() == "Personnummer för en person född 1891-04-02"


# Duplicates --------------------------------------------------------------------------


def test_the_same_number_opens_the_existing_person_instead(
    qtbot: QtBot, db: Database, intake: IntakeService, reference: ReferenceService
) -> None:
    with db.unit_of_work() as session:
        existing = make_person(session, "Amina", "Abdullahi", birth=BIRTH, number=NUMBER).id
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.IDENTITY)
    wizard.next()
    assert wizard.step == Step.DUPLICATES
    box = wizard.duplicates.findChild(QWidget, "sameNumber")
    assert box is not None
    assert any(
        label.text() == "Amina Abdullahi, född 1991-04-02, Botkyrka"
        for label in box.findChildren(QLabel)
    )
    wizard.next()
    assert wizard.step == Step.DUPLICATES
    assert "Personen finns redan" in wizard.duplicates.general.text()
    wizard.go_to(Step.SUMMARY)  # no way round it
    assert wizard.step == Step.DUPLICATES

    button = wizard.duplicates.findChild(QWidget, "openSameNumber")
    with qtbot.waitSignal(wizard.open_person_requested) as opened:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened.args == [str(existing)]
    [draft] = intake.drafts()  # what was typed is kept
    assert intake.load_draft(draft.id)[0] == wizard.data()


def test_a_similar_person_is_confirmed_or_rejected(
    qtbot: QtBot, db: Database, intake: IntakeService, reference: ReferenceService
) -> None:
    with db.unit_of_work() as session:
        similar = make_person(session, "Aamina", "Abdulahi", birth=BIRTH).id
        make_person(session, "Bertil", "Svensson", birth=BIRTH)
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.IDENTITY)
    wizard.next()
    assert wizard.step == Step.DUPLICATES
    boxes = [w for w in wizard.duplicates.results.findChildren(QWidget) if
             w.objectName().startswith("similar_")]  # fmt: skip
    assert len(boxes) == 1
    assert any(label.text() == "Aamina Abdulahi, född 1991-04-02, Botkyrka"
               for label in boxes[0].findChildren(QLabel))  # fmt: skip
    wizard.next()
    assert wizard.step == Step.DUPLICATES
    assert "Ta ställning" in wizard.duplicates.general.text()

    same = wizard.duplicates.findChild(QWidget, "openSimilar_0")
    with qtbot.waitSignal(wizard.open_person_requested) as opened:
        qtbot.mouseClick(same, Qt.MouseButton.LeftButton)
    assert opened.args == [str(similar)]

    not_same = wizard.duplicates.findChild(QWidget, "notDuplicate_0")
    not_same.setFocus()
    qtbot.keyClick(not_same, Qt.Key.Key_Space)
    assert wizard.data().not_duplicates == [str(similar)]
    wizard.next()
    assert wizard.step == Step.CONSENT
    # Going back, the decision is still there.
    wizard.back()
    assert wizard.duplicates.findChild(QWidget, "notDuplicate_0").property("checked") is True


# Drafts ------------------------------------------------------------------------------


def test_autosave_promises_at_most_a_second(wizard: IntakeWizard) -> None:
    assert AUTOSAVE_MS <= 1000
    assert not wizard._autosave.isActive()
    wizard.identity.first_name.setText("A")
    assert wizard._autosave.isActive()


def test_resume_after_the_wizard_is_killed_mid_intake(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    """Half an intake, a mistake on the current page; the autosave runs; the wizard is
    destroyed without a chance to save (as when the app is killed). A new wizard resumes
    the draft: every field as typed, the same step."""
    wizard = IntakeWizard(intake, reference)  # not qtbot's: it will not be closed
    wizard.show()
    page = wizard.identity
    page.first_name.setText("محمد")
    page.last_name.setText("Al-Hassan")
    page.identity_number.setText(FORMATTED)
    page.gender.set_value("man")
    page.email.setText("m@example.se")
    page.municipality.set_value("0181")
    wizard.next()
    wizard.next()
    assert wizard.step == Step.CONSENT
    wizard.consent.processing.setChecked(True)
    wizard.consent.method.set_value("muntligt")
    wizard.consent.note.setPlainText("Tolk: arabiska\nper telefon")
    wizard.next()
    wizard.background.birth_country.set_value("SY")
    wizard.background.arrival_date.setText("2015-10-01")
    wizard.next()
    assert wizard.step == Step.LANGUAGES
    wizard.languages.languages.add_row().set_value(LanguageEntry("ar", "C2", True))
    wizard.languages.languages.add_row().set_value(LanguageEntry("Atlantiska", "A2", False))
    wizard.languages.sfi_course.set_value("SFI_B")
    expected = dataclasses.replace(wizard.data())
    assert [x.language for x in expected.languages] == ["ar", "Atlantiska"]

    def saved() -> bool:
        drafts = intake.drafts()
        return len(drafts) == 1 and intake.load_draft(drafts[0].id) == (expected, Step.LANGUAGES)

    qtbot.waitUntil(saved)
    [draft] = intake.drafts()
    shiboken6.delete(wizard)  # no closing, no last save

    again = open_wizard(qtbot, intake, reference)
    again.resume(draft.id)
    assert again.step == Step.LANGUAGES
    assert again.data() == expected
    assert again.identity.first_name.text() == "محمد"
    assert again.identity.identity_number.text() == FORMATTED
    assert again.identity.municipality.currentText() == "Södertälje"
    assert again.consent.note.toPlainText() == "Tolk: arabiska\nper telefon"
    assert again.background.birth_country.currentText() == "Syrien"
    assert again.background.arrival_date.text() == "2015-10-01"
    rows = again.languages.languages.rows()
    assert [row.value() for row in rows] == expected.languages
    assert [typed(row.fieldset.fields["language"].widget) for row in rows] == [
        "Arabiska",
        "Atlantiska",
    ]
    # The mistake is shown at once, beside its field.
    error = again.languages.findChild(QLabel, "languages.1.languageError")
    assert error.isVisible()
    assert error.text() == "Välj ett språk i listan."
    assert again.languages.sfi_course.currentText() == "SFI kurs B"
    # The steps reached are open in the list; the rest are not yet.
    steps = again.steps
    assert [bool(steps.item(row).flags() & Qt.ItemFlag.ItemIsEnabled) for row in range(10)] == [
        True, True, True, True, True, False, False, False, False, False,
    ]  # fmt: skip
    # And on it goes, saving into the same draft.
    again.languages.sfi_path.set_value("1")
    qtbot.waitUntil(lambda: intake.load_draft(draft.id)[0].sfi_path == "1")
    assert len(intake.drafts()) == 1


def test_a_resumed_draft_shows_its_mistakes_at_once(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    wizard = resumed(qtbot, intake, reference, complete_data(email="fel@"), Step.IDENTITY)
    error = wizard.identity.findChild(QLabel, "emailError")
    assert error.isVisible()
    assert "E-postadressen" in error.text()


def test_save_draft_and_close(qtbot: QtBot, wizard: IntakeWizard, intake: IntakeService) -> None:
    wizard.identity.first_name.setText("Amina")
    with qtbot.waitSignal(wizard.closed):
        qtbot.keyClick(wizard, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    [draft] = intake.drafts()
    assert draft.label == "Amina"
    assert intake.load_draft(draft.id) == (wizard.data(), Step.IDENTITY)


def test_closing_an_untouched_wizard_leaves_no_draft(
    qtbot: QtBot, wizard: IntakeWizard, intake: IntakeService
) -> None:
    with qtbot.waitSignal(wizard.closed):
        qtbot.mouseClick(wizard.close_button, Qt.MouseButton.LeftButton)
    assert intake.drafts() == []


def test_hiding_the_wizard_saves_what_is_pending(
    wizard: IntakeWizard, intake: IntakeService
) -> None:
    """Locking the app or switching screen hides the wizard; nothing waits for a timer."""
    wizard.identity.first_name.setText("Amina")
    wizard.hide()
    [draft] = intake.drafts()
    assert intake.load_draft(draft.id)[0].first_name == "Amina"


# Summary and moving about ------------------------------------------------------------


def test_the_summary_links_back_to_each_step(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.WISHES)
    wizard.next()
    assert wizard.step == Step.SUMMARY
    edit = wizard.summary.findChild(QWidget, "edit_background")
    assert edit.accessibleName() == "Ändra Bakgrund"
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert wizard.step == Step.BACKGROUND
    assert wizard.summary_button.isVisible()
    wizard.background.arrival_date.setText("2017-01-02")
    qtbot.mouseClick(wizard.summary_button, Qt.MouseButton.LeftButton)
    assert wizard.step == Step.SUMMARY
    values = [label.text() for label in wizard.summary.findChildren(QLabel)]
    assert "2017-01-02" in values


def test_the_step_list_shows_where_you_are_and_jumps_back(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.BACKGROUND)
    steps: QListWidget = wizard.steps
    assert [steps.item(row).text() for row in range(10)][:5] == [
        "1. Identitet och kontakt  ✓", "2. Finns personen redan?  ✓", "3. Samtycke  ✓",
        "4. Bakgrund", "5. Språk",
    ]  # fmt: skip
    assert steps.currentRow() == Step.BACKGROUND
    assert wizard.step_number.text() == "Steg 4 av 10"
    assert wizard.step_title.text() == "Bakgrund"
    qtbot.mouseClick(
        steps.viewport(),
        Qt.MouseButton.LeftButton,
        pos=steps.visualItemRect(steps.item(Step.SUMMARY)).center(),
    )
    assert wizard.step == Step.BACKGROUND  # not reached yet
    qtbot.mouseClick(
        steps.viewport(),
        Qt.MouseButton.LeftButton,
        pos=steps.visualItemRect(steps.item(Step.CONSENT)).center(),
    )
    assert wizard.step == Step.CONSENT
    qtbot.keyClick(wizard, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.step == Step.DUPLICATES)


def test_saving_again_after_the_number_was_taken_meanwhile(
    qtbot: QtBot, db: Database, intake: IntakeService, reference: ReferenceService
) -> None:
    """Someone registers the same number while the summary is open: the save says so
    and nothing typed is lost."""
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.SUMMARY)
    with db.unit_of_work() as session:
        make_person(session, "Amina", "Abdullahi", birth=BIRTH, number=NUMBER)
    wizard.next()
    assert wizard.step == Step.DUPLICATES
    assert wizard.banner.isVisible()
    assert wizard.identity.first_name.text() == "Amina"
    assert len(intake.drafts()) == 1


# The list of drafts ------------------------------------------------------------------


def test_the_drafts_dialog_resumes_or_discards(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    kept = intake.save_draft(None, complete_data(first_name="Kvar"), Step.LANGUAGES)
    gone = intake.save_draft(None, complete_data(first_name="Bort"), Step.IDENTITY)
    dialog = DraftsDialog(intake)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert texts[0].startswith("Bort Abdullahi – steg 1 av 10: Identitet och kontakt – sparat ")
    assert texts[1].startswith("Kvar Abdullahi – steg 5 av 10: Språk – sparat ")

    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    box = dialog.findChild(QMessageBox, "confirmDiscard")
    assert box is not None
    qtbot.waitExposed(box)
    qtbot.mouseClick(box.findChild(QWidget, "confirmButton"), Qt.MouseButton.LeftButton)
    assert [d.id for d in intake.drafts()] == [kept]
    assert gone not in [d.id for d in intake.drafts()]
    assert dialog.list.count() == 1

    with qtbot.waitSignal(dialog.resume_requested) as chosen:
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert chosen.args == [str(kept)]
    wizard = open_wizard(qtbot, intake, reference)
    wizard.resume(chosen.args[0])
    assert wizard.step == Step.LANGUAGES
    assert wizard.identity.first_name.text() == "Kvar"


def test_keeping_a_draft_when_asked_to_discard_it(qtbot: QtBot, intake: IntakeService) -> None:
    intake.save_draft(None, complete_data(), Step.IDENTITY)
    dialog = DraftsDialog(intake)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    box = dialog.findChild(QMessageBox, "confirmDiscard")
    qtbot.mouseClick(box.findChild(QWidget, "cancelButton"), Qt.MouseButton.LeftButton)
    assert len(intake.drafts()) == 1


# Killed for real ------------------------------------------------------------------------

CHILD = """
import os, sys, uuid
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.services.accounts import Actor
from desktop.services.intake import IntakeService, Step
from desktop.services.reference import ReferenceService
from desktop.store.schema import open_database
from desktop.views.intake import IntakeWizard
from tests.views.focus import wait_for_focus

app = QApplication([])
db = open_database(Path(sys.argv[1]), key=bytes.fromhex(os.environ["MATCHNING_TEST_KEY"]))
intake = IntakeService(db, Actor(uuid.UUID(sys.argv[2]), "agnes", "Agnes Agent", "handlaggare"))
wizard = IntakeWizard(intake, ReferenceService(db))
wizard.show()
page = wizard.identity
page.first_name.setText("Yonas")
page.last_name.setText("Tesfamariam")
page.identity_number.setText(sys.argv[3])
page.gender.set_value("man")
page.municipality.set_value("0181")
wizard.go_to(Step.CONSENT)
wizard.consent.processing.setChecked(True)
wizard.consent.date.setText("2999-01-01")  # a mistake, kept as typed
wizard.consent.note.setPlainText("Tolk: tigrinja")


def saved():
    drafts = intake.drafts()
    if drafts and intake.load_draft(drafts[0].id) == (wizard.data(), Step.CONSENT):
        print(drafts[0].id, flush=True)  # the parent kills us now
    else:
        QTimer.singleShot(20, saved)


QTimer.singleShot(0, saved)
app.exec()
"""


def test_resume_after_the_app_is_killed(
    qtbot: QtBot, db_path: Path, db_key: bytes, tmp_path: Path
) -> None:
    """The wizard runs in another process that is killed (SIGKILL) once the draft is
    saved; the next start resumes it exactly."""
    database = open_database(db_path, key=db_key)
    with database.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    database.close()
    number = personal_number(dt.date(1988, 2, 29), 315)
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(actor.user_id), number],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "MATCHNING_TEST_KEY": db_key.hex()},
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            draft = child.stdout.readline().strip()
        finally:
            child.kill()
            child.wait()
    assert draft, "the child ended without saving a draft"
    assert child.returncode != 0

    database = open_database(db_path, key=db_key)
    try:
        intake = IntakeService(database, actor)
        wizard = open_wizard(qtbot, intake, ReferenceService(database))
        wizard.resume(draft)
        assert wizard.step == Step.CONSENT
        assert wizard.identity.first_name.text() == "Yonas"
        assert wizard.identity.identity_number.text() == number
        assert wizard.identity.municipality.currentText() == "Södertälje"
        assert wizard.consent.processing.isChecked()
        assert wizard.consent.note.toPlainText() == "Tolk: tigrinja"
        assert wizard.consent.date.text() == "2999-01-01"
        error = wizard.consent.findChild(QLabel, "consent_dateError")
        assert error.text() == "Datumet för samtycket kan inte vara efter i dag."
        wizard.consent.date.setText(TODAY.isoformat())
        wizard.consent.method.set_value("muntligt")
        for _ in range(7):
            wizard.next()
        with qtbot.waitSignal(wizard.completed):
            wizard.next()
        assert intake.drafts() == []
    finally:
        database.close()


# Opening, keys and Esc (issue 13) -------------------------------------------------------


def test_the_wizard_opens_with_the_cursor_in_the_first_field_of_its_window(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    """Built first and put in its window afterwards, as the workspace does."""
    wizard = IntakeWizard(intake, reference)
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(wizard)
    show_active(qtbot, window)
    assert focused() is wizard.identity.first_name


def test_the_key_of_kon_moves_to_the_gender_buttons(qtbot: QtBot, wizard: IntakeWizard) -> None:
    [label] = [w for w in wizard.identity.findChildren(QLabel) if w.text() == "&Kön"]
    assert label.buddy() is wizard.identity.gender
    wizard.identity.identity_number.setFocus()
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert focused_name() == "gender_kvinna"
    assert wizard.identity.identity_number.text() == ""
    assert wizard.identity.gender.value() == ""


def test_esc_closes_a_wizard_nothing_was_typed_in(qtbot: QtBot, wizard: IntakeWizard) -> None:
    with qtbot.waitSignal(wizard.closed):
        press(qtbot, Qt.Key.Key_Escape)
    assert wizard.confirm is None


def test_esc_asks_before_what_was_typed_is_thrown_away(
    qtbot: QtBot, wizard: IntakeWizard, intake: IntakeService
) -> None:
    write(qtbot, "Amina")
    wizard.save_draft_now()
    assert len(intake.drafts()) == 1
    closed: list[bool] = []
    wizard.closed.connect(lambda: closed.append(True))

    press(qtbot, Qt.Key.Key_Escape)
    box = wizard.confirm
    assert box is not None
    assert box.isVisible()
    assert box.text() == "Inskrivningen är inte sparad. Kasta det du har skrivit?"
    qtbot.mouseClick(box.findChild(QPushButton, "cancelButton"), Qt.MouseButton.LeftButton)
    assert (closed, wizard.identity.first_name.text()) == ([], "Amina")

    wizard.identity.first_name.setFocus()
    press(qtbot, Qt.Key.Key_Escape)
    box = wizard.confirm
    assert box is not None
    qtbot.mouseClick(box.findChild(QPushButton, "confirmButton"), Qt.MouseButton.LeftButton)
    assert closed == [True]
    assert intake.drafts() == []


def test_esc_can_keep_the_draft_instead(
    qtbot: QtBot, wizard: IntakeWizard, intake: IntakeService
) -> None:
    write(qtbot, "Amina")
    press(qtbot, Qt.Key.Key_Escape)
    box = wizard.confirm
    assert box is not None
    with qtbot.waitSignal(wizard.closed):
        qtbot.mouseClick(box.findChild(QPushButton, "keepDraftButton"), Qt.MouseButton.LeftButton)
    [draft] = intake.drafts()
    assert intake.load_draft(draft.id)[0].first_name == "Amina"


def test_discarding_a_resumed_draft_puts_it_back_as_it_was(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    wizard = resumed(qtbot, intake, reference, complete_data(), Step.IDENTITY)
    wizard.identity.first_name.setFocus()
    wizard.identity.first_name.setText("Zahra")
    wizard.save_draft_now()
    press(qtbot, Qt.Key.Key_Escape)
    box = wizard.confirm
    assert box is not None
    qtbot.mouseClick(box.findChild(QPushButton, "confirmButton"), Qt.MouseButton.LeftButton)
    [draft] = intake.drafts()
    assert intake.load_draft(draft.id)[0].first_name == "Amina"


def test_a_number_already_registered_is_said_as_soon_as_it_is_valid(
    qtbot: QtBot, db: Database, wizard: IntakeWizard
) -> None:
    """Beside the field at once: not after Kön and Kommun are filled in and Next tried."""
    with db.unit_of_work() as session:
        existing = make_person(session, "Amina", "Abdullahi", birth=BIRTH, number=NUMBER).id
    page = wizard.identity
    page.identity_number.setFocus()
    write(qtbot, FORMATTED[:-1])
    assert page.number_taken.isHidden()
    write(qtbot, FORMATTED[-1])
    assert page.number_taken.isVisible()
    assert page.number_taken.text() == (
        "Personen finns redan: Amina Abdullahi, född 1991-04-02, Botkyrka. "
        "Öppna personen i stället."
    )
    assert wizard.step == Step.IDENTITY
    assert focused() is page.identity_number  # typing goes on
    with qtbot.waitSignal(wizard.open_person_requested) as opened:
        qtbot.mouseClick(page.open_existing, Qt.MouseButton.LeftButton)
    assert opened.args == [str(existing)]
    page.identity_number.setFocus()
    press(qtbot, Qt.Key.Key_Backspace)
    assert page.number_taken.isHidden()
    assert page.open_existing.isHidden()


# Control characters pasted into a draft ------------------------------------------------

# A NUL, a terminal's escape sequence and a right-to-left override, in made-up names.
PASTED = complete_data(
    first_name="Testa\x00", street_address="Provgatan \x1b[31m1",
    certificates=["Hygienbevis", "Certifikat\u202e"],
)  # fmt: skip
STYRTECKEN = "innehåller osynliga styrtecken, troligen från inklistrad text"


@popup_warnings
def test_a_draft_with_pasted_control_characters_shows_them_beside_each_field(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    """Opened, the draft keeps every character, names the steps, marks them in the step
    list and says the reason beside each field, which blocks Next until put right."""
    wizard = resumed(qtbot, intake, reference, PASTED, Step.SUMMARY)
    assert wizard.banner.isVisible()
    assert "Identitet och kontakt, Körkort och certifikat" in wizard.banner.text()
    steps: QListWidget = wizard.steps
    assert steps.item(Step.IDENTITY).text() == "1. Identitet och kontakt  ✗"
    assert steps.item(Step.LICENCES).text() == "8. Körkort och certifikat  ✗"
    assert steps.item(Step.CONSENT).text() == "3. Samtycke  ✓"

    # The step is reached from the step list, the reason beside the field.
    qtbot.mouseClick(
        steps.viewport(),
        Qt.MouseButton.LeftButton,
        pos=steps.visualItemRect(steps.item(Step.LICENCES)).center(),
    )
    assert wizard.step == Step.LICENCES
    certificate = wizard.licences.fields()["certificates.1"]
    assert certificate.error.isVisible()
    assert f"Certifikatet {STYRTECKEN}" in certificate.error.text()
    assert typed(certificate.widget) == "Certifikat\u202e"

    wizard.next()
    assert wizard.step == Step.LICENCES  # blocked, as for any reason beside a field
    qtbot.mouseClick(
        steps.viewport(),
        Qt.MouseButton.LeftButton,
        pos=steps.visualItemRect(steps.item(Step.IDENTITY)).center(),
    )
    assert wizard.step == Step.IDENTITY
    page = wizard.identity
    for field in ("first_name", "street_address"):
        error = page.findChild(QLabel, f"{field}Error")
        assert error.isVisible()
        assert STYRTECKEN in error.text()
    assert wizard.identity.first_name.text() == "Testa\x00"
    assert wizard.identity.street_address.text() == "Provgatan \x1b[31m1"
    assert intake.load_draft(wizard.draft_id)[0] == PASTED  # nothing dropped

    # Put right, the mark in the step list goes.
    enter(wizard.identity.first_name, "Testa")
    enter(wizard.identity.street_address, "Provgatan 1")
    assert steps.item(Step.IDENTITY).text() == "1. Identitet och kontakt"
    assert steps.item(Step.LICENCES).text().endswith("✗")


@popup_warnings
def test_saving_the_intake_of_such_a_draft_is_refused(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService
) -> None:
    wizard = resumed(qtbot, intake, reference, PASTED, Step.SUMMARY)
    wizard.next()  # Spara inskrivningen
    assert wizard.step == Step.IDENTITY
    assert wizard.banner.text() == "Inskrivningen kan inte sparas än: rätta det som är markerat."
    error = wizard.identity.findChild(QLabel, "first_nameError")
    assert error.isVisible()
    assert f"Förnamnet {STYRTECKEN}" in error.text()
    assert len(intake.drafts()) == 1
    assert intake.load_draft(wizard.draft_id)[0] == PASTED


def test_the_drafts_dialog_marks_a_draft_with_pasted_control_characters(
    qtbot: QtBot, intake: IntakeService
) -> None:
    intake.save_draft(None, complete_data(first_name="Ren"), Step.LANGUAGES)
    intake.save_draft(None, dataclasses.replace(PASTED, last_name="Prov\u202esson"), Step.IDENTITY)
    dialog = DraftsDialog(intake)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    flagged, clean = (dialog.list.item(row) for row in range(2))
    # The override is shown, not obeyed: the rest of the row reads the right way round.
    assert flagged.text().startswith(
        "Testa\ufffd Prov\ufffdsson – steg 1 av 10: Identitet och kontakt"
    )
    assert flagged.text().endswith(" – ✗ styrtecken i 4 fält")
    assert f"Efternamnet {STYRTECKEN}" in flagged.toolTip()
    assert "✗" not in clean.text()
    assert clean.toolTip() == ""
