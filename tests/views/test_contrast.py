"""Text contrast: every colour the screens draw text in reads at WCAG 2.1 AA (4.5:1 or
more) against the backgrounds it is drawn on, so that grey captions keep the dots of
å/ä/ö. The colours are taken from the code as it is (style.py and every colour written
in a screen), the backgrounds from the palette in use and Windows' window grey."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.views import style

VIEWS = Path(style.__file__).parent
AA = 4.5
# Stylesheet colours ("color: #555", not "background-color"), and QColor constants that
# colour text (a chart's bars and track are not text).
CSS_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b")
TEXT_QCOLOR = re.compile(
    r"(?:setForeground\(|QBrush\(|(?<!BAR)(?<!TRACK)_COLOUR = )QColor\(\"(#[0-9a-fA-F]{6})\"\)"
)


def luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour.red(), colour.green(), colour.blue()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(text: QColor, background: QColor) -> float:
    light, dark = sorted((luminance(text), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours_in_use() -> dict[str, set[str]]:
    """Colour → the files that draw text in it."""
    found: dict[str, set[str]] = {}
    for path in sorted(VIEWS.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for pattern in (CSS_COLOUR, TEXT_QCOLOR):
            for match in pattern.finditer(source):
                found.setdefault(match.group(1).lower(), set()).add(path.name)
    for name, value in style.TEXT_COLOURS.items():
        found.setdefault(value.lower(), set()).add(f"style.{name}")
    return found


def backgrounds(qapp: QApplication) -> dict[str, QColor]:
    palette = qapp.palette()
    return {
        "window": palette.color(QPalette.ColorRole.Window),
        "base": palette.color(QPalette.ColorRole.Base),
        "alternate rows": palette.color(QPalette.ColorRole.AlternateBase),
        "Windows window grey": QColor("#f0f0f0"),
    }


def test_the_scan_finds_the_colours(qapp: QApplication) -> None:
    found = colours_in_use()
    assert style.SECONDARY in found
    assert "#b3261e" in found  # the red of a field's problem
    # A light grey would be caught:
    assert contrast(QColor("#888888"), backgrounds(qapp)["window"]) < AA


def test_every_text_colour_reads_at_aa(qapp: QApplication) -> None:
    faint = [
        f"{colour} on {where}: {contrast(QColor(colour), bg):.2f} ({', '.join(sorted(files))})"
        for colour, files in colours_in_use().items()
        for where, bg in backgrounds(qapp).items()
        if contrast(QColor(colour), bg) < AA
    ]
    assert faint == []


@pytest.mark.parametrize("name", sorted(style.TEXT_COLOURS))
def test_the_shared_colours_read_at_aa_on_white_and_grey(name: str) -> None:
    colour = QColor(style.TEXT_COLOURS[name])
    assert contrast(colour, QColor("white")) >= AA
    assert contrast(colour, QColor("#f0f0f0")) >= AA


def test_grey_text_is_written_once_in_style() -> None:
    """Greys are named in style.py only, so a lighter one cannot slip into one screen."""

    def grey(value: str) -> bool:
        colour = QColor(value)
        spread = max(colour.red(), colour.green(), colour.blue()) - min(
            colour.red(), colour.green(), colour.blue()
        )
        return spread <= 12

    strays = sorted(
        f"{colour} in {name}"
        for colour, files in colours_in_use().items()
        if grey(colour)
        for name in files
        if not name.startswith("style")
    )
    assert strays == []
