"""The profile of a saved person, edited with the intake's own pages and rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.accounts import Actor
from desktop.services.intake import (
    EducationEntry,
    ExperienceEntry,
    IntakeData,
    IntakeService,
    LanguageEntry,
)
from desktop.services.reference import ReferenceService
from desktop.store.database import Database
from desktop.views.intake import ProfileEditor
from desktop.views.intake.form import focus_chain
from desktop.views.person.profile_tab import ProfileTab
from tests.factories import make_user, personal_number
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

BIRTH = dt.date(1991, 4, 2)
NUMBER = personal_number(BIRTH, 124)


@pytest.fixture
def intake(db: Database) -> IntakeService:
    with db.unit_of_work() as session:
        user = make_user(session, "agnes", "Agnes Agent")
        actor = Actor(user.id, user.username, user.full_name, "handlaggare")
    return IntakeService(db, actor)


@pytest.fixture
def reference(db: Database) -> ReferenceService:
    return ReferenceService(db)


def registered(intake: IntakeService, **changes: object) -> uuid.UUID:
    data = IntakeData(
        first_name="Amina", last_name="Abdullahi", identity_number=NUMBER, gender="kvinna",
        phone="070-123 45 67", email="amina@example.se", postal_code="147 30", city="Tumba",
        municipality_code="0127", consent_processing=True,
        consent_date=clock.today().isoformat(), consent_method="muntligt",
        birth_country="SO", arrival_date="2016-08-15", referred_by="Arbetsförmedlingen",
        languages=[LanguageEntry("so", "", True)],
        educations=[EducationEntry("3", "Vård", "SO", "3", True, "ansokt")],
        experiences=[ExperienceEntry("5321", "Vårdbiträde", "2,5", "SO")],
        driving_licences=["B"], certificates=["Hygienbevis"], wished_occupations=["5321"],
        wished_municipalities=["0127"], work_extent="heltid",
    )  # fmt: skip
    return intake.complete(dataclasses.replace(data, **changes)).person_id  # type: ignore[arg-type]


@pytest.fixture
def person(intake: IntakeService) -> uuid.UUID:
    return registered(intake)


@pytest.fixture
def editor(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService, person: uuid.UUID
) -> ProfileEditor:
    editor = ProfileEditor(intake, reference, str(person))
    qtbot.addWidget(editor)
    editor.resize(1100, 760)
    show_active(qtbot, editor)
    return editor


def test_every_field_of_the_profile_is_shown(editor: ProfileEditor) -> None:
    assert editor.heading.text() == "Profil: Amina Abdullahi"
    assert [editor.tabs.tabText(i) for i in range(editor.tabs.count())] == [
        "Identitet och kontakt", "Bakgrund", "Språk", "Utbildning", "Arbetslivserfarenhet",
        "Körkort och certifikat", "Önskemål",
    ]  # fmt: skip
    assert editor.identity.identity_number.text() == f"{NUMBER[:8]}-{NUMBER[8:]}"
    assert editor.identity.gender.value() == "kvinna"
    assert editor.identity.municipality.currentText() == "Botkyrka"
    assert editor.background.birth_country.currentText() == "Somalia"
    assert editor.background.referred_by.currentText() == "Arbetsförmedlingen"
    assert [row.value() for row in editor.languages.languages.rows()] == [
        LanguageEntry("so", "", True)
    ]
    assert editor.education.educations.values() == [
        EducationEntry("3", "Vård", "SO", "3", True, "ansokt")
    ]
    assert editor.experience.experiences.values() == [
        ExperienceEntry("5321", "Vårdbiträde", "2,5", "SO")
    ]
    assert editor.licences.driving_licences.values() == ["B"]
    assert editor.licences.certificates.values() == ["Hygienbevis"]
    assert editor.wishes.occupations.values() == ["5321"]
    assert editor.wishes.municipalities.values() == ["0127"]
    assert not editor.is_modified()
    # Nothing is red on a saved profile.
    assert not [e for e in editor.findChildren(QLabel) if e.objectName().endswith("Error")
                and e.isVisibleTo(editor) and e.text()]  # fmt: skip


def test_changes_are_saved_with_the_keyboard(
    qtbot: QtBot, editor: ProfileEditor, intake: IntakeService, person: uuid.UUID
) -> None:
    version = editor.version
    editor.identity.city.setFocus()
    editor.identity.city.selectAll()
    qtbot.keyClicks(editor.identity.city, "Alby")
    editor.languages.languages.add_row().set_value(LanguageEntry("ar", "A2", False))
    editor.licences.driving_licences.set_values([])
    assert editor.is_modified()
    with qtbot.waitSignal(editor.saved):
        qtbot.keyClick(editor.identity.city, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    data, new_version = intake.profile_of(person)
    assert new_version > version
    assert editor.version == new_version
    assert data.city == "Alby"
    assert [x.language for x in data.languages] == ["so", "ar"]
    assert data.driving_licences == []
    assert editor.notice.text() == "Profilen är sparad."
    assert not editor.is_modified()


def test_bad_input_is_shown_beside_the_field_on_its_tab_and_nothing_is_saved(
    qtbot: QtBot, editor: ProfileEditor, intake: IntakeService, person: uuid.UUID
) -> None:
    version = editor.version
    editor.tabs.setCurrentIndex(2)
    editor.identity.first_name.setText("")
    editor.background.arrival_date.setText("1985-01-01")  # before birth
    assert not editor.save()
    assert editor.tabs.currentIndex() == 0  # the first tab with a problem
    wait_for_focus(qtbot, editor.identity.first_name)
    assert editor.tabs.tabText(0) == "Identitet och kontakt (!)"
    assert editor.tabs.tabText(1) == "Bakgrund (!)"
    assert editor.tabs.tabText(2) == "Språk"
    error = editor.identity.findChild(QLabel, "first_nameError")
    assert error.text() == "Förnamnet måste fyllas i."
    arrival = editor.background.findChild(QLabel, "arrival_dateError")
    assert arrival.text() == "Ankomstdatumet kan inte vara före födelsedatumet."
    assert editor.banner.text() == "Kontrollera de markerade fälten."
    assert intake.profile_of(person)[1] == version
    # Put right, the marks go and the save goes through.
    editor.identity.first_name.setText("Amina")
    editor.background.arrival_date.setText("2016-08-15")
    assert editor.tabs.tabText(0) == "Identitet och kontakt"
    assert editor.save()


def test_right_to_left_and_pasted_text_are_kept_exactly_or_explained(
    qtbot: QtBot, editor: ProfileEditor, intake: IntakeService, person: uuid.UUID
) -> None:
    editor.identity.first_name.setText("محمد")
    editor.identity.last_name.setText("Al\u200fHassan\u0008")  # a backspace from a paste
    assert not editor.save()
    assert "styrtecken" in editor.identity.findChild(QLabel, "last_nameError").text()
    assert editor.identity.last_name.text() == "Al\u200fHassan\u0008"
    editor.identity.last_name.setText("الحسن")
    assert editor.save()
    data, _ = intake.profile_of(person)
    assert (data.first_name, data.last_name) == ("محمد", "الحسن")


def test_the_last_year_in_a_job_is_edited_checked_and_shown_on_the_profile_tab(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService, person: uuid.UUID
) -> None:
    """Through the person's profile tab, as a caseworker edits it: a wrong year is
    explained beside "Senast år" and kept; a right one is saved and shown."""
    tab = ProfileTab(intake, reference, person, lambda pid: ProfileEditor(intake, reference, pid))
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    show_active(qtbot, tab)
    assert tab.values["experiences"].endswith(", Vårdbiträde, 2,5 år, Somalia")
    editor = tab.edit()
    assert isinstance(editor, ProfileEditor)
    editor.tabs.setCurrentWidget(editor.tabs.widget(editor.pages.index(editor.experience)))
    field = editor.experience.fields()["experiences.0.last_year"].widget
    assert isinstance(field, QLineEdit)
    assert field.text() == ""  # not known yet
    assert field.accessibleName() == "Senast år, Erfarenhet 1"
    assert field.placeholderText() == "t.ex. 2023, tom om pågående"
    version = editor.version

    this_year = clock.today().year
    field.setFocus()
    qtbot.keyClicks(field, str(this_year + 2))
    error = editor.experience.findChild(QLabel, "experiences.0.last_yearError")
    qtbot.waitUntil(error.isVisible)
    assert error.text() == f"Senast år kan inte vara efter i år ({this_year})."
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.banner.text() == "Kontrollera de markerade fälten."
    assert editor.tabs.tabText(editor.pages.index(editor.experience)).endswith("(!)")
    assert field.text() == str(this_year + 2)  # kept as typed
    assert intake.profile_of(person)[1] == version

    field.selectAll()
    qtbot.keyClicks(field, "1987")
    qtbot.waitUntil(lambda: "före födelseåret (1991)" in error.text())
    field.selectAll()
    qtbot.keyClicks(field, "2022")
    assert not error.isVisible()
    with qtbot.waitSignal(tab.saved):
        qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    data, _ = intake.profile_of(person)
    assert data.experiences == [ExperienceEntry("5321", "Vårdbiträde", "2,5", "SO", "2022")]
    assert tab.pages.currentIndex() == 0  # back on the summary
    shown = tab.findChild(QLabel, "profile_experiences")
    assert shown is not None
    assert shown.text().endswith(", Vårdbiträde, 2,5 år, senast 2022, Somalia")


def test_someone_else_saved_meanwhile_and_the_typed_input_is_kept(
    qtbot: QtBot, editor: ProfileEditor, intake: IntakeService, person: uuid.UUID
) -> None:
    other, version = intake.profile_of(person)
    other.phone = "08-123 456"
    intake.save_profile(person, version, other)

    editor.identity.email.setText("ny@example.se")
    assert not editor.save()
    assert editor.banner.text().startswith("Någon annan har ändrat personen under tiden.")
    assert editor.identity.email.text() == "ny@example.se"
    assert editor.reload_button.isVisible()
    assert intake.profile_of(person)[0].email == "amina@example.se"

    qtbot.mouseClick(editor.reload_button, Qt.MouseButton.LeftButton)
    assert editor.identity.phone.text() == "08-123 456"
    assert editor.identity.email.text() == "amina@example.se"
    assert not editor.reload_button.isVisible()
    assert not editor.banner.isVisible()


def test_a_number_another_person_has_is_refused_beside_the_field(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService, person: uuid.UUID
) -> None:
    second = registered(intake, first_name="Sara", identity_number=personal_number(BIRTH, 126))
    editor = ProfileEditor(intake, reference, second)
    qtbot.addWidget(editor)
    editor.identity.identity_number.setText(NUMBER)
    assert not editor.save()
    error = editor.identity.findChild(QLabel, "identity_numberError")
    assert error.text() == "En annan person har redan det numret."
    assert editor.tabs.tabText(0).endswith("(!)")


def test_a_number_another_person_has_is_said_as_it_is_typed_with_a_way_to_them(
    qtbot: QtBot, intake: IntakeService, reference: ReferenceService, person: uuid.UUID
) -> None:
    """As in an intake: said once the number is valid, not first when Spara is refused;
    the person's own number is never "taken"."""
    second = registered(intake, first_name="Sara", identity_number=personal_number(BIRTH, 126))
    editor = ProfileEditor(intake, reference, second)
    qtbot.addWidget(editor)
    show_active(qtbot, editor)
    page = editor.identity
    assert page.number_taken.isHidden()  # her own number, as loaded
    page.identity_number.clear()
    qtbot.keyClicks(page.identity_number, NUMBER[:-1])
    assert page.number_taken.isHidden()  # not valid yet
    qtbot.keyClicks(page.identity_number, NUMBER[-1])
    assert not page.number_taken.isHidden()
    assert page.number_taken.text() == (
        f"Personen finns redan: Amina Abdullahi, född {BIRTH.isoformat()}, Botkyrka. "
        "Öppna personen i stället."
    )
    with qtbot.waitSignal(editor.open_person_requested) as opened:
        page.open_existing.click()
    assert opened.args == [str(person)]
    page.identity_number.setText(personal_number(BIRTH, 126))  # back to her own
    assert page.number_taken.isHidden()
    assert page.open_existing.isHidden()


def test_messages_come_as_the_field_is_typed(qtbot: QtBot, editor: ProfileEditor) -> None:
    editor.identity.postal_code.setText("1")
    error = editor.identity.findChild(QLabel, "postal_codeError")
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "Postnumret har fem siffror, till exempel 147 30."
    editor.identity.postal_code.setText("14730")
    assert not error.isVisible()


def test_every_control_has_a_name_and_tabs_move_with_ctrl_page_down(
    qtbot: QtBot, editor: ProfileEditor
) -> None:
    for page in editor.pages:
        for widget in focus_chain(page):
            assert widget.objectName(), widget
            assert widget.accessibleName(), widget.objectName()
    editor.identity.first_name.setFocus()
    qtbot.keyClick(
        editor.identity.first_name, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    assert editor.tabs.currentIndex() == 1
