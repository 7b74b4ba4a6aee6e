"""The referral letter from the Anvisningar list, as an agent produces it: the merged
text to read and edit, missing values listed before anything is produced, characters
no font has named, the PDF saved through the file dialog into a folder that is then
remembered, opened in the viewer; a refusal without consent and a folder that cannot be
written shown in Swedish, with nothing lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.store.database import Database
from desktop.views.documents.letter_dialog import LetterDialog
from desktop.views.referrals import ReferralsPanel
from desktop.views.settings import Settings
from tests.documents.pdf import text_of
from tests.documents.world import LetterWorld, letter_world
from tests.views.conftest import show_active


def panel_of(qtbot: QtBot, world: LetterWorld, settings: Settings) -> ReferralsPanel:
    panel = ReferralsPanel(
        world.services.referrals,
        world.services.reference,
        vacancy_id=world.need_id,
        documents=world.services.documents,
        settings=settings,
    )
    qtbot.addWidget(panel)
    panel.resize(1000, 420)
    show_active(qtbot, panel)
    return panel


def open_letter(qtbot: QtBot, panel: ReferralsPanel) -> LetterDialog:
    assert panel.letter_button.isVisible()
    assert panel.letter_button.isEnabled()
    panel.letter_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, LetterDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_letter_is_read_edited_and_saved_through_the_file_dialog(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path
) -> None:
    world = letter_world(db)
    panel = panel_of(qtbot, world, settings)
    dialog = open_letter(qtbot, panel)
    assert "Amira" in dialog.text.toPlainText()
    assert world.number not in dialog.text.toPlainText()
    assert not dialog.missing.isVisible()
    assert dialog.save_button.isEnabled()
    dialog.grab().save("/tmp/letter_dialog.png")

    dialog.text.appendPlainText("Hälsningar från en ändrad rad.")
    chosen = dialog.choose_file()
    assert isinstance(chosen, QFileDialog)
    assert chosen.isVisible()
    target = tmp_path / "brev.pdf"
    chosen.selectFile(str(target))
    chosen.accept()

    qtbot.waitUntil(target.exists)
    text = text_of(target)
    assert "Amira Testsson" in text
    assert "ändrad rad" in text
    assert world.number not in text
    assert dialog.notice.isVisible()
    assert str(target) in dialog.notice.text()
    assert world.services.documents.produced(person_id=world.person_id)[0].kind == (
        "presentationsbrev"
    )
    # The folder is remembered for the next save.
    assert settings.documents_folder == str(tmp_path)

    opened: list[QUrl] = []
    dialog._open_url = opened.append
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]


def test_missing_values_are_listed_and_nothing_is_produced(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path
) -> None:
    world = letter_world(db)
    bare = world.person("Sara", "Exempelsson", licences=())
    referral = world.propose(bare)
    dialog = LetterDialog(world.services.documents, referral, settings)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.missing.isVisible()
    assert "{korkort}" in dialog.missing.text()
    assert "körkort" in dialog.missing.text().lower()
    assert not dialog.save_button.isEnabled()
    dialog.grab().save("/tmp/letter_missing.png")

    # Writing the line without the field lets the letter go.
    text = dialog.text.toPlainText()
    lines = [line for line in text.splitlines() if "{korkort}" not in line]
    dialog.text.setPlainText("\n".join(lines))
    assert not dialog.missing.isVisible()
    assert dialog.save_button.isEnabled()
    assert dialog.save_to(tmp_path / "sara.pdf")
    assert "{korkort}" not in text_of(tmp_path / "sara.pdf")


def test_characters_no_font_has_are_named(qtbot: QtBot, db: Database, settings: Settings) -> None:
    world = letter_world(db)
    dialog = LetterDialog(world.services.documents, world.referral_id, settings)
    qtbot.addWidget(dialog)
    dialog.text.appendPlainText("日本")
    assert dialog.unprintable.isVisibleTo(dialog)
    assert "U+65E5" in dialog.unprintable.text()
    assert not dialog.save_button.isEnabled()


def test_a_folder_that_cannot_be_written_is_said_and_the_text_stays(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path
) -> None:
    world = letter_world(db)
    dialog = LetterDialog(world.services.documents, world.referral_id, settings)
    qtbot.addWidget(dialog)
    dialog.text.appendPlainText("Min egen rad.")
    edited = dialog.text.toPlainText()
    assert not dialog.save_to(tmp_path / "finns-inte" / "brev.pdf")
    assert dialog.error.isVisibleTo(dialog)
    assert "finns inte" in dialog.error.text()
    assert dialog.text.toPlainText() == edited
    assert not dialog.open_button.isEnabled()
    assert world.services.documents.produced(person_id=world.person_id) == []


def test_without_consent_the_reason_is_shown(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    world = letter_world(db)
    consent = world.services.consents.consents_of(world.person_id)[0]
    world.services.consents.withdraw(consent.id)
    dialog = LetterDialog(world.services.documents, world.referral_id, settings)
    qtbot.addWidget(dialog)
    assert dialog.refusal.isVisibleTo(dialog)
    assert "samtycke" in dialog.refusal.text()
    assert "Samtycken" in dialog.refusal.text()
    assert not dialog.text.isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.grab().save("/tmp/letter_refused.png")
