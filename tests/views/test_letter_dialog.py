"""The referral letter from the Anvisningar list, as an agent produces it: the merged
text to read and edit, missing values listed before anything is produced, characters
no font has named, the PDF saved through the file dialog into a folder that is then
remembered, opened in the viewer; a refusal without consent and a folder that cannot be
written shown in Swedish, with nothing lost. Another recipient keeps the agent's edits
(only the greeting follows), and the lines with missing values can be left out with one
button and brought back with Ctrl+Z."""

from __future__ import annotations

import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from desktop.services.employers import ContactPersonData
from desktop.store.database import Database
from desktop.views.documents.letter_dialog import LetterDialog, carry_over
from desktop.views.referrals import ReferralsPanel
from desktop.views.settings import Settings
from tests.documents.pdf import text_of
from tests.documents.world import LetterWorld, letter_world
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus


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


# Another recipient ---------------------------------------------------------------------------


def second_contact(world: LetterWorld) -> uuid.UUID:
    return world.services.employers.add_contact_person(
        world.employer_id, ContactPersonData(name="Sven Prov", role="HR-ansvarig")
    )


def letter_dialog(qtbot: QtBot, world: LetterWorld, settings: Settings) -> LetterDialog:
    dialog = LetterDialog(world.services.documents, world.referral_id, settings)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def choose_recipient(qtbot: QtBot, dialog: LetterDialog, name: str) -> None:
    """As the agent does it: arrow keys in the "Till" list to the name (each step is
    a choice, as in Qt)."""
    texts = [dialog.recipient.itemText(i) for i in range(dialog.recipient.count())]
    target = next(i for i, text in enumerate(texts) if text.startswith(name))
    steps = target - dialog.recipient.currentIndex()
    key = Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up
    for _ in range(abs(steps)):
        with qtbot.waitSignal(dialog.recipient.activated):
            qtbot.keyClick(dialog.recipient, key)


def type_text(dialog: LetterDialog, text: str) -> None:
    """Key presses carrying the characters (QTest's keyClicks knows only ASCII)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(dialog.text, event)


def type_at_end(dialog: LetterDialog, text: str) -> None:
    dialog.text.moveCursor(QTextCursor.MoveOperation.End)
    type_text(dialog, text)


def retype_line(qtbot: QtBot, dialog: LetterDialog, line: str, new: str) -> None:
    """Select a whole line of the letter and type another over it."""
    block = dialog.text.document().find(line).block()
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    dialog.text.setTextCursor(cursor)
    if new:
        type_text(dialog, new)
    else:
        qtbot.keyClick(dialog.text, Qt.Key.Key_Delete)


def test_another_recipient_keeps_the_edits_and_changes_the_greeting(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path
) -> None:
    world = letter_world(db)
    sven = second_contact(world)
    dialog = letter_dialog(qtbot, world, settings)
    assert dialog.recipient.currentText().startswith("Berit Exempel")
    assert "Hej Berit Exempel!" in dialog.text.toPlainText()
    retype_line(qtbot, dialog, "Kan börja:", "Kan börja: efter sin praktik i maj")
    type_at_end(dialog, "PS. Amira har med sig sina betyg.")

    choose_recipient(qtbot, dialog, "Sven Prov")

    text = dialog.text.toPlainText()
    assert "Hej Sven Prov!" in text
    assert "Berit" not in text
    assert "Kan börja: efter sin praktik i maj" in text
    assert text.rstrip().endswith("PS. Amira har med sig sina betyg.")
    assert dialog.edited_text() == text
    notice = dialog.notice.text()
    assert dialog.notice.isVisible()
    assert "övriga ändringar finns kvar" in notice
    assert "”Hej Berit Exempel!” → ”Hej Sven Prov!”" in notice
    assert "Kontrollera" not in notice
    assert dialog.save_button.isEnabled()

    assert dialog.save_to(tmp_path / "sven.pdf")
    pdf = text_of(tmp_path / "sven.pdf")
    assert "Hej Sven Prov!" in pdf
    assert "efter sin praktik i maj" in pdf
    assert "PS. Amira har med sig sina betyg." in pdf
    assert "Att: Sven Prov" in pdf  # addressed to the new contact
    assert "Berit" not in pdf
    assert dialog.recipient.currentData() == sven

    # And back: the greeting follows again, the edits stay.
    choose_recipient(qtbot, dialog, "Berit Exempel")
    text = dialog.text.toPlainText()
    assert "Hej Berit Exempel!" in text
    assert "Sven Prov" not in text
    assert "efter sin praktik i maj" in text
    assert "PS. Amira har med sig sina betyg." in text


def test_another_recipient_without_edits_merges_the_letter_again(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    world = letter_world(db)
    second_contact(world)
    dialog = letter_dialog(qtbot, world, settings)
    choose_recipient(qtbot, dialog, "Sven Prov")
    assert dialog.draft is not None
    assert dialog.text.toPlainText() == dialog.draft.text
    assert "Hej Sven Prov!" in dialog.text.toPlainText()
    assert dialog.edited_text() is None
    assert "läst på nytt från mallen" in dialog.notice.text()


def test_a_greeting_the_agent_rewrote_is_kept_and_the_notice_asks_to_check_it(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path
) -> None:
    world = letter_world(db)
    second_contact(world)
    dialog = letter_dialog(qtbot, world, settings)
    retype_line(qtbot, dialog, "Hej Berit Exempel!", "Hej Berit, tack för i tisdags!")
    type_at_end(dialog, "Min egen rad.")

    choose_recipient(qtbot, dialog, "Sven Prov")

    text = dialog.text.toPlainText()
    assert "Hej Berit, tack för i tisdags!" in text
    assert "Hej Sven Prov!" not in text
    assert "Min egen rad." in text
    notice = dialog.notice.text()
    assert "Kontrollera raden som du själv hade ändrat" in notice
    dialog.grab().save("/tmp/letter_recipient.png")
    assert "”Hej Sven Prov!”" in notice
    assert "dina ändringar finns kvar" in notice
    # What the agent wrote is what is printed, to the contact now chosen.
    assert dialog.save_to(tmp_path / "brev.pdf")
    pdf = text_of(tmp_path / "brev.pdf")
    assert "Hej Berit, tack för i tisdags!" in pdf
    assert "Att: Sven Prov" in pdf


def test_a_refused_recipient_change_keeps_the_edited_text(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    world = letter_world(db)
    second_contact(world)
    dialog = letter_dialog(qtbot, world, settings)
    type_at_end(dialog, "Min egen rad.")
    edited = dialog.text.toPlainText()
    consent = world.services.consents.consents_of(world.person_id)[0]
    world.services.consents.withdraw(consent.id)

    choose_recipient(qtbot, dialog, "Sven Prov")

    assert dialog.text.isVisible()
    assert dialog.text.toPlainText() == edited
    assert dialog.error.isVisible()
    assert "samtycke" in dialog.error.text()
    assert dialog.recipient.currentText().startswith("Berit Exempel")


@given(
    st.lists(st.sampled_from(["Hej {namn}!", "", "## Rubrik", "Text.", "Till {namn}"]), max_size=8),
    st.lists(st.sampled_from(["Ny rad.", "", "Text."]), max_size=3),
)
def test_carrying_over_an_unedited_or_appended_text_gives_the_new_merge(
    template: list[str], appended: list[str]
) -> None:
    before = "\n".join(template).replace("{namn}", "Berit")
    after = "\n".join(template).replace("{namn}", "Sven")
    assert carry_over(before, before, after).text == after
    extra = "\n".join(appended)
    assert carry_over(before, before + "\n" + extra, after).text == after + "\n" + extra


def test_carrying_over_a_moved_greeting_and_a_name_in_a_paragraph() -> None:
    before = "Hej Berit!\n\nVi ringer dig, Berit, på måndag.\n\nHälsningar"
    after = "Hej Sven!\n\nVi ringer dig, Sven, på måndag.\n\nHälsningar"
    edited = "Ny första rad.\n\nVi ringer dig, Berit, på tisdag.\n\nHej Berit!\n\nHälsningar"
    carried = carry_over(before, edited, after)
    assert carried.text == (
        "Ny första rad.\n\nVi ringer dig, Berit, på tisdag.\n\nHej Sven!\n\nHälsningar"
    )
    assert carried.changed == (("Hej Berit!", "Hej Sven!"),)
    assert carried.kept == (
        ("Vi ringer dig, Berit, på måndag.", "Vi ringer dig, Sven, på måndag."),
    )


# Leaving out what is missing -----------------------------------------------------------------


def test_lines_with_missing_values_are_left_out_and_ctrl_z_brings_them_back(
    qtbot: QtBot, db: Database, settings: Settings, tmp_path: Path
) -> None:
    world = letter_world(db)
    bare = world.person("Sara", "Exempelsson", licences=())
    referral = world.propose(bare)
    dialog = LetterDialog(world.services.documents, referral, settings)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    merged = dialog.text.toPlainText()
    assert "Körkort: {korkort}" in merged
    assert dialog.omit_button.isVisible()
    assert dialog.omit_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    dialog.grab().save("/tmp/letter.png")

    # The agent has already cut the other facts about Sara: only the licence line is left
    # under the heading, which then goes with it.
    for line in ("Yrkesbakgrund:", "Språk:", "Kan börja:"):
        retype_line(qtbot, dialog, line, "")
        qtbot.keyClick(dialog.text, Qt.Key.Key_Delete)  # the line break
    type_at_end(dialog, "Min egen rad.")
    edited = dialog.text.toPlainText()
    assert "## Om Sara\nKörkort: {korkort}\n\n## Därför" in edited

    qtbot.mouseClick(dialog.omit_button, Qt.MouseButton.LeftButton)

    text = dialog.text.toPlainText()
    assert "{korkort}" not in text
    assert "Körkort" not in text
    assert "## Om Sara" not in text
    assert "## Därför tror vi att Sara passar" in text
    assert "Min egen rad." in text
    assert not dialog.missing.isVisible()
    assert not dialog.omit_button.isEnabled()
    assert dialog.save_button.isEnabled()
    assert "utelämnade" in dialog.notice.text()
    wait_for_focus(qtbot, dialog.text)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.text.toPlainText() == edited
    assert dialog.missing.isVisible()
    assert dialog.omit_button.isEnabled()
    assert not dialog.save_button.isEnabled()

    # Leaving out again and printing: nothing of the licence on paper.
    dialog.omit_button.click()
    assert dialog.save_to(tmp_path / "sara.pdf")
    pdf = text_of(tmp_path / "sara.pdf")
    assert "Körkort" not in pdf
    assert "korkort" not in pdf
    assert "Min egen rad." in pdf

    # "Återställ texten" brings back the merged text, and Ctrl+Z the agent's again.
    dialog.reset_button.click()
    assert dialog.text.toPlainText() == merged
    assert dialog.omit_button.isEnabled()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Min egen rad." in dialog.text.toPlainText()


def test_the_omit_button_is_off_until_a_field_lacks_a_value(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    world = letter_world(db)
    dialog = letter_dialog(qtbot, world, settings)
    assert not dialog.missing.isVisible()
    assert not dialog.omit_button.isEnabled()
    # A field the agent types into the text is missing too (it is not merged again).
    type_at_end(dialog, "Ring {korkort}")
    assert "{korkort}" in dialog.missing.text()
    assert dialog.omit_button.isEnabled()
    dialog.omit_button.click()
    assert "Ring" not in dialog.text.toPlainText()
    assert not dialog.omit_button.isEnabled()
