"""The bundled fonts on screen: names in Ethiopic (Tigrinya, Amharic) and Arabic script
show as letters, not boxes, also on a computer that has no font for them.

`register()` is called once from start-up, after the QApplication exists. It adds the
bundled Noto Sans Ethiopic and Noto Sans Arabic (regular and bold, resources/fonts/, the
same files the PDFs use) to Qt's font database. Widgets keep the platform's font; for a
character that font lacks, Qt's font fallback looks through every family in its database
that supports the character's writing system, application fonts included (Qt's default
QPlatformFontDatabase::fallbacksForFamily, which the Windows database appends to its own
list; with fontconfig the application fonts join fontconfig's set). tests/views/
test_fonts.py checks that the glyphs really come from the bundled font. (Qt 6.8's
addApplicationFallbackFontFamily would name the fallback outright, but PySide6 6.11 does
not bind it: it takes a QChar.Script, which PySide does not expose.)

Only these four files, not the four Noto Sans faces: the platform's UI font already covers
Latin, Greek and Cyrillic, so the body faces would cost start-up time and add nothing on
screen. Measured from source (offscreen, fontconfig, perf_counter and
`python -X importtime`): after Qt has read the system's fonts (about 4 ms, which the first
text on screen costs anyway), these four files take about 1.1 ms and all eight about
1.8 ms. Importing `desktop.documents.fonts` for its file names would cost about 50 ms (it
pulls in `xml.sax.saxutils` and with it `urllib`), so the names are listed here and a test
keeps them equal to the documents' families.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase

from desktop.assets import resource

__all__ = ["ARABIC_FAMILY", "ETHIOPIC_FAMILY", "FILES", "register"]

log = logging.getLogger(__name__)

ETHIOPIC_FAMILY = "Noto Sans Ethiopic"
ARABIC_FAMILY = "Noto Sans Arabic"

# File in resources/fonts/ → the family Qt reads from it; the documents' ETHIOPIC and
# ARABIC families in desktop/documents/fonts.py name the same files.
FILES: dict[str, str] = {
    "NotoSansEthiopic-Regular.ttf": ETHIOPIC_FAMILY,
    "NotoSansEthiopic-Bold.ttf": ETHIOPIC_FAMILY,
    "NotoSansArabic-Regular.ttf": ARABIC_FAMILY,
    "NotoSansArabic-Bold.ttf": ARABIC_FAMILY,
}

_registered: list[str] = []


def register() -> list[str]:
    """Add the bundled script fonts to Qt's font database, once per process. Returns the
    families Qt now has from them. A font that cannot be loaded is logged and left out:
    the app still starts, and that script shows as boxes where no other font has it."""
    if _registered:
        return list(_registered)
    for file, family in FILES.items():
        try:
            path = resource("fonts", file)
        except FileNotFoundError:
            log.warning("bundled font missing: %s", file)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0 or family not in QFontDatabase.applicationFontFamilies(font_id):
            log.warning("Qt could not load the bundled font %s", file)
            continue
        if family not in _registered:
            _registered.append(family)
    return list(_registered)
