"""Reading the PDFs the documents make, as a reader's software would."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

from pypdf import PdfReader


def text_of(path: Path) -> str:
    """All pages' text as pypdf extracts it (Arabic comes out in visual order, in
    presentation forms)."""
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def pages_of(path: Path) -> int:
    return len(PdfReader(path).pages)


def poppler_text(path: Path) -> str | None:
    """The text as poppler's pdftotext reads it (logical order), or None without it."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    done = subprocess.run(
        [program, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout.decode("utf-8")


def folded(text: str) -> str:
    """NFKC (presentation forms and ligatures to letters), spaces made plain, and the
    directional marks pdftotext adds removed."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def fonts_of(path: Path) -> dict[str, bool]:
    """Each font the pages use (base name without the subset tag) → whether its program
    is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources: Any = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for reference in fonts.values():
            font = reference.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            name = name.split("+", 1)[-1]
            descriptor = font.get("/FontDescriptor")
            embedded = False
            if descriptor is not None:
                descriptor = descriptor.get_object()
                programs = ("/FontFile", "/FontFile2", "/FontFile3")
                embedded = any(key in descriptor for key in programs)
            found[name] = found.get(name, True) and embedded
    return found


def word_boxes(path: Path) -> list[tuple[str, float, float]] | None:
    """Each word as drawn on the first page (glyphs in visual order, as pdftotext reads
    them with -bbox), with its left edge and top; None without pdftotext."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    done = subprocess.run(
        [program, "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>',
        done.stdout.decode("utf-8"),
    )
    return [(html.unescape(text), float(x), float(y)) for x, y, text in words]
