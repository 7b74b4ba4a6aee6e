"""Presentationsbrev for every current referral of a need, from the need window (Ctrl+P,
or "Brev till alla" on its Anvisningar tab): what each letter lacks is listed before
anything is written, the letters are written off the GUI thread with a progress bar,
Avbryt stops between two letters and keeps those written, and a folder that cannot be
written is said beside the folder."""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models import Consent, ProducedDocument
from desktop.services import audit
from desktop.services.documents import DocumentService
from desktop.store.database import Database
from desktop.views.documents.batch_dialog import LetterBatchDialog
from desktop.views.need.editor import NeedEditor
from desktop.views.settings import Settings
from tests.documents.pdf import text_of
from tests.documents.world import NEED, LetterWorld, letter_world
from tests.views.conftest import show_active


@pytest.fixture
def world(db: Database) -> LetterWorld:
    audit.install(db)
    world = letter_world(db)
    world.propose(world.person("Bilal", "Provsson", licences=()))
    cecilia = world.person("Cecilia", "Exempelsson")
    world.propose(cecilia)
    with world.db.unit_of_work(screen="test") as session:
        consent = session.scalars(select(Consent).where(Consent.person_id == cecilia)).one()
        consent.withdrawn_on = consent.given_on
    return world


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "brev"
    out.mkdir()
    return out


def _produced(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ProducedDocument)) or 0)


def open_from_need_window(
    qtbot: QtBot, world: LetterWorld, settings: Settings
) -> tuple[NeedEditor, LetterBatchDialog]:
    s = world.services
    editor = NeedEditor(
        s.vacancies, s.reference, need_id=world.need_id, referrals=s.referrals,
        documents=s.documents, settings=settings,
    )  # fmt: skip
    qtbot.addWidget(editor)
    editor.resize(1000, 700)
    show_active(qtbot, editor)
    qtbot.keySequence(editor, QKeySequence(QKeySequence.StandardKey.Print))
    dialog = editor.referrals.dialog
    assert isinstance(dialog, LetterBatchDialog)
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.wait())
    qtbot.waitUntil(lambda: dialog.plan is not None)
    return editor, dialog


def rows(dialog: LetterBatchDialog) -> list[tuple[str, str, str, bool]]:
    return [
        (
            item.text(0),
            item.text(1),
            item.text(2),
            item.checkState(0) == Qt.CheckState.Checked,
        )
        for item in dialog.items()
    ]


def test_ctrl_p_lists_each_letter_with_what_it_lacks_before_anything_is_written(
    qtbot: QtBot, world: LetterWorld, settings: Settings
) -> None:
    editor, dialog = open_from_need_window(qtbot, world, settings)
    assert editor.tabs is not None
    assert editor.tabs.currentIndex() == 1
    assert dialog.title.text() == f"Presentationsbrev: {NEED} – Lindängens Vård AB"
    listed = rows(dialog)
    assert [(r[0], r[1], r[3]) for r in listed] == [
        ("Cecilia Exempelsson", "Föreslagen", False),
        ("Bilal Provsson", "Föreslagen", True),
        ("Amira Testsson", "Föreslagen", True),
    ]
    assert listed[0][2] == "Kan inte skrivas: Inget gällande samtycke"
    # The chosen row's reason in full, with what to do about it.
    assert dialog.detail.text().startswith(
        "Cecilia Exempelsson: Cecilia Exempelsson har inget gällande samtycke"
    )
    assert "Registrera samtycket under Samtycken" in dialog.detail.text()
    assert listed[1][2] == "Utan raderna om: kandidatens körkort"
    assert listed[2][2] == "Klart att skriva"
    assert dialog.status.text() == (
        "2 av 3 brev är valda. 1 kan inte skrivas nu; skälet står på raden."
    )
    assert dialog.write_button.text() == "&Skriv 2 brev"
    dialog.resize(820, 480)
    dialog.grab().save("/tmp/letter_batch.png")
    dialog.list.setCurrentItem(dialog.items()[1])
    assert dialog.detail.text() == (
        "Bilal Provsson: Inga körkort är registrerade för Bilal Provsson. "
        "Raderna utelämnas i brevet."
    )
    # Without leaving lines out, Bilal's letter cannot be written.
    dialog.omit.setChecked(False)
    assert rows(dialog)[1][2:] == ("Saknas: kandidatens körkort", False)
    assert dialog.write_button.text() == "&Skriv 1 brev"
    # A letter can be left out by hand.
    dialog.omit.setChecked(True)
    dialog.items()[2].setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.chosen() == [dialog.items()[1].data(0, Qt.ItemDataRole.UserRole).referral_id]
    assert _produced(world.db) == 0


def test_the_letters_are_written_off_the_gui_thread_and_the_folder_opened(
    qtbot: QtBot,
    world: LetterWorld,
    settings: Settings,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []
    real = DocumentService.write_need_letters

    def spy(self: DocumentService, *args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DocumentService, "write_need_letters", spy)
    urls: list[QUrl] = []
    _, dialog = open_from_need_window(qtbot, world, settings)
    dialog._open_url = urls.append
    dialog.set_folder(folder)
    assert dialog.folder_field.text() == str(folder)
    with qtbot.waitSignal(dialog.written, timeout=20_000):
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        assert dialog.progress.isVisible()
        assert not dialog.write_button.isEnabled()
    assert threads
    assert threads[0] is not threading.main_thread()
    assert dialog.batch is not None
    assert sorted(p.name for p in folder.iterdir()) == [
        f"Presentationsbrev Amira Testsson – {NEED}.pdf",
        f"Presentationsbrev Bilal Provsson – {NEED}.pdf",
    ]
    assert "Körkort" not in text_of(folder / f"Presentationsbrev Bilal Provsson – {NEED}.pdf")
    assert dialog.outcome.text() == f"2 brev sparades i {folder}."
    assert dialog.progress.isHidden()
    assert settings.documents_folder == str(folder)
    assert _produced(world.db) == 2
    assert dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert urls == [QUrl.fromLocalFile(str(folder))]


def test_avbryt_stops_between_two_letters_and_keeps_those_written(
    qtbot: QtBot,
    world: LetterWorld,
    settings: Settings,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("Dawit", "Elin", "Fatma"):
        world.propose(world.person(name, "Fiktiv"))
    pressed = threading.Event()
    real = DocumentService.write_need_letters

    def slow_to_notice(self: DocumentService, ids: list[uuid.UUID], *args: object, **kw: object):  # type: ignore[no-untyped-def]
        progress = kw.pop("progress")

        def wait_for_avbryt(done: int, total: int) -> None:
            progress(done, total)  # type: ignore[operator]
            if done == 1:
                pressed.wait(10)  # the agent presses Avbryt after the first letter

        return real(self, ids, *args, progress=wait_for_avbryt, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(DocumentService, "write_need_letters", slow_to_notice)
    _, dialog = open_from_need_window(qtbot, world, settings)
    dialog.set_folder(folder)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() == 1, timeout=10_000)
    with qtbot.waitSignal(dialog.written, timeout=20_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc stops, like Avbryt
        assert dialog.cancel_requested
        pressed.set()
    assert dialog.batch is not None
    assert dialog.batch.cancelled
    written = len(dialog.batch.written)
    assert 1 <= written < 5
    assert len(list(folder.iterdir())) == written
    assert _produced(world.db) == written
    assert dialog.outcome.text() == f"Avbrutet. {written} brev sparades i {folder}."


def test_a_folder_that_cannot_be_written_is_said_beside_it_and_nothing_is_lost(
    qtbot: QtBot, world: LetterWorld, settings: Settings, tmp_path: Path
) -> None:
    _, dialog = open_from_need_window(qtbot, world, settings)
    gone = tmp_path / "borttagen"
    dialog.set_folder(gone)
    with qtbot.waitSignal(dialog._runner.failed, timeout=10_000):
        dialog.start()
    assert dialog.folder_error.isVisible()
    assert f"Mappen {gone} finns inte" in dialog.folder_error.text()
    assert _produced(world.db) == 0
    # The choices are as they were, and the batch can be run again.
    assert [r[3] for r in rows(dialog)] == [False, True, True]
    assert dialog.write_button.isEnabled()
    assert dialog.list.isEnabled()
    if os.geteuid() != 0:
        locked = tmp_path / "låst"
        locked.mkdir(mode=0o500)
        dialog.set_folder(locked)
        with qtbot.waitSignal(dialog._runner.failed, timeout=10_000):
            dialog.start()
        assert "Det går inte att skriva i mappen" in dialog.folder_error.text()


def test_a_need_without_current_referrals_says_so(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    world = letter_world(db)
    other = world.need("Kock")
    s = world.services
    dialog = LetterBatchDialog(s.documents, other, settings)
    qtbot.addWidget(dialog, before_close_func=lambda widget: widget.wait())
    qtbot.waitUntil(lambda: dialog.plan is not None)
    assert dialog.status.text() == (
        "Behovet har inga aktuella anvisningar. Föreslå kandidater från Matchning."
    )
    assert not dialog.write_button.isEnabled()
