"""The bundled Ethiopic and Arabic fonts on screen: registered with Qt at start-up, picked
by Qt's font fallback, so a name in Tigrinya or Arabic shows as letters, not boxes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QImage, QTextLayout
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.documents import fonts as document_fonts
from desktop.views import fonts

TIGRINYA = "ሰላም ብርሃን"  # made-up words, not anybody's name
ARABIC = "سلام نور"
# Adlam: a script no bundled font (and no font on a test machine) has, so drawn as boxes.
BOXES = "\U0001e900\U0001e901\U0001e902 \U0001e903\U0001e904\U0001e905"


@pytest.fixture(autouse=True)
def _registered(qapp: object) -> None:
    fonts.register()


def glyph_fonts(text: str, font: QFont) -> set[tuple[str, str]]:
    """The family and style Qt really draws the letters of `text` with in `font`, fallback
    included (spaces left out: the widget's own font has them). Fails if any letter is
    drawn as a font's "missing" glyph (index 0, the box)."""
    layout = QTextLayout(text.replace(" ", ""), font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert runs
    for run in runs:
        assert 0 not in run.glyphIndexes(), run.rawFont().familyName()
    return {(run.rawFont().familyName(), run.rawFont().styleName()) for run in runs}


def image(qtbot: QtBot, widget: QWidget) -> QImage:
    qtbot.addWidget(widget)
    widget.resize(300, 40)
    return widget.grab().toImage()


def test_the_files_are_the_documents_fonts() -> None:
    faces = {
        file
        for family in (document_fonts.ETHIOPIC, document_fonts.ARABIC)
        for file in family.faces.values()
    }
    assert set(fonts.FILES) == faces


def test_register_adds_the_families_once() -> None:
    assert fonts.register() == [fonts.ETHIOPIC_FAMILY, fonts.ARABIC_FAMILY]
    assert fonts.register() == [fonts.ETHIOPIC_FAMILY, fonts.ARABIC_FAMILY]
    families = QFontDatabase.families()
    assert fonts.ETHIOPIC_FAMILY in families
    assert fonts.ARABIC_FAMILY in families
    assert QFontDatabase.styles(fonts.ETHIOPIC_FAMILY) == ["Regular", "Bold"]
    assert fonts.ARABIC_FAMILY in QFontDatabase.families(QFontDatabase.WritingSystem.Arabic)


def test_a_label_draws_tigrinya_with_the_bundled_font(qtbot: QtBot) -> None:
    label = QLabel(TIGRINYA)
    metrics = QFontMetrics(label.font())
    assert all(metrics.inFontUcs4(ord(c)) for c in TIGRINYA)
    # The widget's own font stays the platform's; fallback takes the bundled one.
    assert fonts.ETHIOPIC_FAMILY not in label.font().families()
    assert glyph_fonts(TIGRINYA, label.font()) == {(fonts.ETHIOPIC_FAMILY, "Regular")}
    bold = QFont(label.font())
    bold.setBold(True)
    assert glyph_fonts(TIGRINYA, bold) == {(fonts.ETHIOPIC_FAMILY, "Bold")}
    # What the user sees: letters, not the boxes of a script no font has.
    assert not all(metrics.inFontUcs4(ord(c)) for c in BOXES.replace(" ", ""))
    assert image(qtbot, QLabel(TIGRINYA)) != image(qtbot, QLabel(BOXES))


def test_a_line_edit_shows_tigrinya_and_arabic(qtbot: QtBot) -> None:
    for text in (TIGRINYA, ARABIC):
        field = QLineEdit(text)
        metrics = QFontMetrics(field.font())
        assert all(metrics.inFontUcs4(ord(c)) for c in text), text
        assert glyph_fonts(text, field.font())
    field = QLineEdit(TIGRINYA)
    assert glyph_fonts(TIGRINYA, field.font()) == {(fonts.ETHIOPIC_FAMILY, "Regular")}
    assert image(qtbot, field) != image(qtbot, QLineEdit(BOXES))


def test_without_registering_this_machine_has_no_ethiopic_font() -> None:
    """The checks above can fail: before `register()` Qt has no font for Tigrinya here
    (skipped on a machine that has one of its own)."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtGui import QFont, QFontMetrics\n"
        "app = QApplication([])\n"
        f"before = QFontMetrics(QFont()).inFontUcs4({ord(TIGRINYA[0])})\n"
        "from desktop.views import fonts\n"
        "fonts.register()\n"
        f"after = QFontMetrics(QFont()).inFontUcs4({ord(TIGRINYA[0])})\n"
        "print(before, after)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    before, after = done.stdout.split()
    if before == "True":
        pytest.skip("this machine has an Ethiopic font of its own")
    assert after == "True"
