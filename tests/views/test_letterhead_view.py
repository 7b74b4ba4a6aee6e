"""Administration → Brevhuvud, as an administrator uses it: the municipality's settings
edited with reasons beside the fields (a bad e-mail refused beside it, nothing saved), a
PNG logo chosen through the file dialog and shown, a damaged one refused, the template
previewed on made-up data and a bad field named, the PDF preview opened in the viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.services.accounts import SETUP_MUNICIPALITIES
from desktop.store.database import Database
from desktop.views.documents.letterhead_view import LetterheadView
from tests.documents.pdf import text_of
from tests.documents.test_letterhead import png
from tests.views.conftest import services_for, show_active

PNG = png()


@pytest.fixture
def view(qtbot: QtBot, db: Database) -> LetterheadView:
    services = services_for(db)
    opened: list[QUrl] = []
    widget = LetterheadView(
        services.letterheads,
        SETUP_MUNICIPALITIES,
        default_municipality="0127",
        open_url=opened.append,
    )
    widget.opened = opened  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    show_active(qtbot, widget)
    return widget


def test_a_bad_email_is_refused_beside_the_field_and_a_good_one_saved(
    qtbot: QtBot, view: LetterheadView
) -> None:
    assert view.code() == "0127"
    email = view.edits["email"]
    email.setText("inte-en-adress")
    email.editingFinished.emit()
    assert view.error_text("email")
    assert not view.save()
    assert view.error_text("email")
    assert email.text() == "inte-en-adress"
    view.grab().save("/tmp/letterhead_bad_email.png")

    email.setText("arbetsmarknad@example.se")
    view.edits["unit"].setText("Jobbcentrum")
    assert view.save()
    assert view.notice.text() == "Brevhuvudet är sparat."
    stored = view._letterheads.get("0127")
    assert (stored.unit, stored.email) == ("Jobbcentrum", "arbetsmarknad@example.se")


def test_the_template_preview_uses_made_up_data_and_names_a_bad_field(
    view: LetterheadView,
) -> None:
    assert "{" not in view.preview.toPlainText()
    assert "Amira" in view.preview.toPlainText()
    view.template.setPlainText("Hej {kontaktperson_namn}! {finns_inte}")
    assert "{finns_inte}" in view.error_text("referral_template")
    assert not view.save()


def test_a_logo_is_chosen_shown_and_a_damaged_one_refused(
    qtbot: QtBot, view: LetterheadView, tmp_path: Path
) -> None:
    assert not view.remove_logo_button.isEnabled()
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    dialog = view.choose_logo()
    assert isinstance(dialog, QFileDialog)
    dialog.selectFile(str(logo))
    dialog.accept()
    qtbot.waitUntil(view.remove_logo_button.isEnabled)
    assert view.notice.text() == "Logotypen är sparad."
    stored = view._letterheads.get("0127").logo
    assert stored is not None
    assert stored.data == PNG
    pixmap = view.logo.pixmap()
    assert not pixmap.isNull()

    damaged = tmp_path / "trasig.png"
    damaged.write_bytes(PNG[:20])
    assert not view.set_logo(damaged)
    assert view.error_text("logo")
    stored = view._letterheads.get("0127").logo
    assert stored is not None
    assert stored.data == PNG


def test_the_pdf_preview_opens_in_the_viewer(view: LetterheadView) -> None:
    view.edits["unit"].setText("Förhandsenheten")
    path = view.preview_pdf()
    assert path is not None
    assert view.opened == [QUrl.fromLocalFile(str(path))]  # type: ignore[attr-defined]
    assert "Förhandsenheten" in text_of(path)
