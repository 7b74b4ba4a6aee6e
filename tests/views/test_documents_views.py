"""Documents from the person and the employer screens: Ctrl+P opens the chooser of the
screen's documents (the named profile only with consent, its reason otherwise), a PDF is
saved through the file dialog, a printout is opened in the system viewer from a private
folder, and the Dokument tab lists what was produced and produces it again."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.services.meeting_documents import MeetingDocuments
from desktop.services.person_documents import PersonDocumentService
from desktop.store.database import Database
from desktop.views.documents import actions
from desktop.views.documents.actions import DocumentChooser
from desktop.views.documents.letter_dialog import LetterDialog
from desktop.views.documents.screens import employer_choices, person_choices
from desktop.views.employer.view import EmployerView
from desktop.views.main_window import MainWindow
from desktop.views.person.view import PersonView
from desktop.views.settings import Settings
from tests.documents.pdf import text_of
from tests.documents.world import LetterWorld, letter_world
from tests.views.conftest import show_active


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """What would have been opened in the system viewer."""
    urls: list[QUrl] = []

    def record(path: Path, _open_url: object = None) -> None:
        urls.append(QUrl.fromLocalFile(str(path)))

    monkeypatch.setattr(actions, "open_in_viewer", record)
    return urls


def person_view(
    qtbot: QtBot, world: LetterWorld, settings: Settings, person_id: uuid.UUID | None = None
) -> PersonView:
    s = world.services
    person_id = person_id or world.person_id
    choices = partial(
        person_choices,
        MeetingDocuments(s.db, s.actor),
        PersonDocumentService(s.db, s.actor),
        person_id,
    )
    view = PersonView(
        s.persons, s.cases, s.intake, s.accounts, s.reference, person_id,
        referrals=s.referrals, documents=s.documents, document_choices=choices,
        settings=settings,
    )  # fmt: skip
    qtbot.addWidget(view)
    view.resize(1100, 680)
    show_active(qtbot, view)
    return view


def press_print(qtbot: QtBot, view: PersonView | EmployerView) -> DocumentChooser:
    qtbot.keySequence(view, QKeySequence(QKeySequence.StandardKey.Print))
    dialog = view.documents_panel.dialog
    assert isinstance(dialog, DocumentChooser)
    qtbot.waitExposed(dialog)
    return dialog


def test_ctrl_p_saves_the_profile_and_the_dokument_tab_lists_it(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path, opened: list[QUrl]
) -> None:
    world = letter_world(db)
    view = person_view(qtbot, world, settings)
    chooser = press_print(qtbot, view)
    assert chooser.labels() == [
        "Kandidatprofil",
        "Kandidatprofil (anonymiserad)",
        "Ärendesammanfattning",
        "Registerutdrag",
    ]
    chooser.grab().save("/tmp/document_chooser.png")
    file_dialog = chooser.choose_file()
    assert isinstance(file_dialog, QFileDialog)
    target = tmp_path / "profil.pdf"
    file_dialog.selectFile(str(target))
    file_dialog.accept()
    qtbot.waitUntil(target.exists)
    assert "Amira Testsson" in text_of(target)
    assert world.number not in text_of(target)
    assert settings.documents_folder == str(tmp_path)
    chooser.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]

    view.tabs.setCurrentIndex(view.tabs.indexOf(view.documents))
    panel = view.documents_panel
    rows = panel.table_text()
    assert len(rows) == 1
    assert rows[0][0] == "Kandidatprofil"
    assert rows[0][3] == "Agnes Agentsson"
    assert rows[0][4] == "PDF"
    assert rows[0][5] == "Nej"
    view.grab().save("/tmp/person_documents_tab.png")


def test_without_consent_only_the_anonymised_profile_is_offered(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path, opened: list[QUrl]
) -> None:
    world = letter_world(db)
    person = world.person("Nora", "Utansson", consent=False)
    view = person_view(qtbot, world, settings, person)
    chooser = press_print(qtbot, view)
    assert "samtycke" in chooser.labels()[0]
    chooser.choose("kandidatprofil")
    assert chooser.chosen() is None
    assert not chooser.save_button.isEnabled()
    chooser.choose("kandidatprofil-anonym")
    assert chooser.save_to(tmp_path / "anonym.pdf")
    text = text_of(tmp_path / "anonym.pdf")
    assert "Utansson" not in text
    assert "Kandidat A" in text


def test_printing_opens_a_private_copy_in_the_viewer_and_is_recorded(
    qtbot: QtBot, db: Database, settings: Settings, opened: list[QUrl]
) -> None:
    world = letter_world(db)
    view = person_view(qtbot, world, settings)
    chooser = press_print(qtbot, view)
    chooser.choose("arendesammanfattning")
    assert chooser.print_chosen()
    assert len(opened) == 1
    printed = Path(opened[0].toLocalFile())
    assert printed.parent == actions.print_folder()
    assert printed.stat().st_mode & 0o077 == 0
    assert "Amira Testsson" in text_of(printed)
    produced = world.services.documents.produced(person_id=world.person_id)
    assert [(p.kind, p.output) for p in produced] == [("arendesammanfattning", "utskrift")]


def test_an_unwritable_folder_is_said_in_the_chooser(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path, opened: list[QUrl]
) -> None:
    world = letter_world(db)
    view = person_view(qtbot, world, settings)
    chooser = press_print(qtbot, view)
    chooser.choose("registerutdrag")
    assert not chooser.save_to(tmp_path / "saknas" / "utdrag.pdf")
    assert chooser.error.isVisibleTo(chooser)
    assert "finns inte" in chooser.error.text()
    assert world.services.documents.produced(person_id=world.person_id) == []


def test_skapa_igen_opens_the_letter_again(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path
) -> None:
    world = letter_world(db)
    world.services.documents.referral_letter(world.referral_id, tmp_path / "brev.pdf")
    view = person_view(qtbot, world, settings)
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.documents))
    panel = view.documents_panel
    assert panel.table_text()[0][0] == "Presentationsbrev"
    dialog = panel.again()
    assert isinstance(dialog, LetterDialog)
    assert "Amira" in dialog.text.toPlainText()


def test_the_employer_screen_saves_the_meeting_sheet(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path, opened: list[QUrl]
) -> None:
    world = letter_world(db)
    s = world.services
    view = EmployerView(
        s.employers, s.vacancies, s.accounts, s.reference, world.employer_id,
        referrals=s.referrals, documents=s.documents,
        document_choices=partial(employer_choices, MeetingDocuments(s.db, s.actor),
                                 world.employer_id),
        settings=settings,
    )  # fmt: skip
    qtbot.addWidget(view)
    view.resize(1100, 680)
    show_active(qtbot, view)
    chooser = press_print(qtbot, view)
    assert chooser.labels() == ["Mötesunderlag för arbetsgivare"]
    assert chooser.save_to(tmp_path / "blad.pdf")
    assert "Lindängens Vård AB" in text_of(tmp_path / "blad.pdf")
    chooser.close()
    rows = view.documents_panel.table_text()
    assert rows[0][0] == "Mötesunderlag för arbetsgivare"
    # Skapa igen: the chooser on the same document, with the file dialog open.
    again = view.documents_panel.again()
    assert isinstance(again, DocumentChooser)
    assert again.file_dialog is not None
    assert again.file_dialog.isVisible()
    again.file_dialog.reject()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_from_the_main_window_the_person_window_saves_with_ctrl_p(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path, opened: list[QUrl]
) -> None:
    world = letter_world(db)
    window = MainWindow(world.services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    screen = window.workspace.open_person(world.person_id)
    assert screen is not None
    view = screen.content
    assert isinstance(view, PersonView)
    show_active(qtbot, screen)
    chooser = press_print(qtbot, view)
    chooser.choose("registerutdrag")
    assert chooser.save_to(tmp_path / "utdrag.pdf")
    assert "Amira Testsson" in text_of(tmp_path / "utdrag.pdf")
    # The folder is remembered in the main window's settings.
    assert settings.documents_folder == str(tmp_path)
    # The letter from the Anvisningar tab, then listed on the Dokument tab.
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.referrals))
    letter = view.referrals_panel.open_letter()
    assert isinstance(letter, LetterDialog)
    assert letter.save_to(tmp_path / "brev.pdf")
    letter.close()
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.documents))
    kinds = [row[0] for row in view.documents_panel.table_text()]
    assert kinds == ["Presentationsbrev", "Registerutdrag"]
