"""The bundled fonts, and how any text reaches the right one: every document's text goes
through here so that nothing prints as boxes or loses letters.

- `register()` loads the fonts once per process (the documents call it for you).
- `uncovered(text)` / `check(what, text)` tell, before anything is printed, which
  characters no bundled font has (the agent is told; nothing is printed).
- `markup(text)` turns plain text into ReportLab paragraph markup: XML-escaped, line
  breaks as `<br/>`, runs of Arabic or Ethiopic script wrapped in their own font, and
  direction overrides, embeddings and isolates left out (they would print as marks).
- `paragraph(markup, style)` makes the Paragraph, switching shaping on when it holds
  right-to-left text; `text_paragraph(text, style)` does both steps.

The fonts (resources/fonts/, OFL.txt beside them; docs/decisions/0018): Noto Sans in four
faces for Swedish and every Latin, Greek and Cyrillic name; Noto Sans Arabic (Arabic,
Persian, Dari, Pashto, Urdu, Kurdish Sorani) and Noto Sans Ethiopic (Tigrinya, Amharic) in
regular and bold. A run in a script without italics is printed upright.

Right-to-left text: ReportLab 5 shapes a word with HarfBuzz (uharfbuzz), which joins
Arabic letters and lays a right-to-left buffer out in visual order; ReportLab's own
reordering of words needs `rlbidi`, which is not on PyPI. So `markup` makes each run of
right-to-left words one unbreakable word (joined by no-break spaces), which HarfBuzz then
lays out whole, words in the right order; numbers inside the run are pre-reversed so that
they read left to right. A run longer than `RTL_LINE_CHARS` is cut at spaces into pieces
each set on a line of its own, so the pieces never stand side by side in the wrong order.
Two changes to ReportLab's shaping, installed by `register()`: a word mixing fonts
("Namn:محمد") is shaped font by font (ReportLab shapes a word with its first font only,
which prints boxes for the rest), and only kerning is asked for (ReportLab's default adds
standard and discretionary ligatures: "fi" would be extracted as "ﬁ" and محمد drawn as a
decorative ligature with vowel marks the person never wrote).
"""

from __future__ import annotations

import itertools
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from desktop.assets import resource
from desktop.bidi import without_direction_controls
from desktop.documents.errors import UnprintableTextError

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

__all__ = [
    "ARABIC",
    "BODY",
    "BOLD",
    "BOLD_ITALIC",
    "ETHIOPIC",
    "FAMILIES",
    "ITALIC",
    "LAYOUT_LOCK",
    "REGULAR",
    "RTL_LINE_CHARS",
    "Family",
    "check",
    "describe",
    "markup",
    "needs_shaping",
    "paragraph",
    "register",
    "shaping_available",
    "text_paragraph",
    "uncovered",
]


@dataclass(frozen=True)
class Family:
    """A font family as ReportLab knows it: `name` is what `<font face="...">` takes and
    the regular face's name; the other faces are `name-Bold`, `name-Italic`, ..."""

    name: str
    regular: str  # file names in resources/fonts/
    bold: str
    italic: str | None = None
    bold_italic: str | None = None

    @property
    def faces(self) -> dict[str, str]:
        """Face name → file, for the faces this family really has."""
        faces = {self.name: self.regular, f"{self.name}-Bold": self.bold}
        if self.italic:
            faces[f"{self.name}-Italic"] = self.italic
        if self.bold_italic:
            faces[f"{self.name}-BoldItalic"] = self.bold_italic
        return faces


BODY = Family(
    "NotoSans",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSans-Italic.ttf",
    "NotoSans-BoldItalic.ttf",
)
ARABIC = Family("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
ETHIOPIC = Family("NotoSansEthiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf")
# In order of preference: a character goes to the first family that has it.
FAMILIES = (BODY, ARABIC, ETHIOPIC)

# The body faces, for paragraph styles and canvas text.
REGULAR = BODY.name
BOLD = f"{BODY.name}-Bold"
ITALIC = f"{BODY.name}-Italic"
BOLD_ITALIC = f"{BODY.name}-BoldItalic"

# A right-to-left run longer than this many characters is set as pieces on lines of
# their own (about 100 mm of Arabic at 10 pt), never as one word wider than the page.
RTL_LINE_CHARS = 60

# What HarfBuzz is asked to apply beyond what a script requires (joining, lam-alef).
SHAPING_FEATURES = {"kern": True, "liga": False, "dlig": False}

_NBSP = "\u00a0"
_LINE_BREAKS = {"\n", "\r"}
_IGNORED = {"\n", "\r", "\t"}
_STRONG_RTL = {"R", "AL"}
# Bidi classes that may sit inside a right-to-left run without ending it.
_RTL_INNER = {"R", "AL", "NSM", "WS", "ON", "CS", "ES", "ET", "EN", "AN", "BN"}
_NUMBER = {"EN", "AN"}
_NUMBER_INNER = {"EN", "AN", "CS", "ES", "ET"}
# Right-to-left marks Noto Sans has: invisible, but they make text right-to-left.
_BODY_RTL_MARKS = {"\u200f", "\u061c"}

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}

# ReportLab keeps each font's subsets per document in shared, unlocked dictionaries, and
# shaping adds glyphs to the shared font: two documents laid out at once in two threads
# could disturb each other. Whatever draws text into a PDF holds this lock (the
# letterhead's build, the logo check). Layout is pure Python, so taking turns costs nothing
# on the GIL; a batch on a worker thread and a preview on another simply wait for each other.
LAYOUT_LOCK = threading.RLock()


def register() -> None:
    """Register every bundled face and family with ReportLab, once per process; safe to
    call from several threads (a batch of letters runs off the GUI thread)."""
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        coverage: dict[str, frozenset[int]] = {}
        for family in FAMILIES:
            for face, file in family.faces.items():
                font = TTFont(face, str(resource("fonts", file)))
                pdfmetrics.registerFont(font)
                if face == family.name:
                    coverage[family.name] = frozenset(font.face.charToGlyph)
            bold = f"{family.name}-Bold"
            pdfmetrics.registerFontFamily(
                family.name,
                normal=family.name,
                bold=bold,
                italic=f"{family.name}-Italic" if family.italic else family.name,
                boldItalic=f"{family.name}-BoldItalic" if family.bold_italic else bold,
            )
        _install_shaping()
        _coverage.update(coverage)


def shaping_available() -> bool:
    """Whether right-to-left text can be shaped (uharfbuzz is a dependency; without it,
    Arabic letters count as unprintable rather than print unjoined and backwards)."""
    from reportlab.pdfbase import ttfonts

    return ttfonts.uharfbuzz is not None


def describe(character: str) -> str:
    """A character as an agent can look it up: "ༀ (U+0F00 TIBETAN SYLLABLE OM)"."""
    name = unicodedata.name(character, "okänt tecken")
    return f"{character} (U+{ord(character):04X} {name})"


def _family_of(character: str) -> Family | None:
    code = ord(character)
    for family in FAMILIES:
        if code in _coverage[family.name]:
            return family
    return None


def _printable(character: str, shaping: bool) -> bool:
    if character in _IGNORED:
        return True
    if unicodedata.bidirectional(character) in _STRONG_RTL and not shaping:
        return False
    return _family_of(character) is not None


def uncovered(text: str) -> list[str]:
    """The distinct characters of `text` that cannot be printed, in the order they first
    appear, each described (see `describe`). Empty when all of it can be printed."""
    register()
    covered = _coverage[BODY.name]
    if all((ord(c) in covered and c not in _BODY_RTL_MARKS) or c in _IGNORED for c in set(text)):
        return []  # the common case: Swedish and Latin text, all in the body font
    shaping = shaping_available()
    missing = dict.fromkeys(c for c in text if not _printable(c, shaping))
    return [describe(c) for c in missing]


def check(what: str, text: str) -> None:
    """Raise UnprintableTextError naming `what` ("Kandidatens namn") if any character of
    `text` cannot be printed."""
    missing = uncovered(text)
    if missing:
        raise UnprintableTextError(what, missing)


def needs_shaping(text: str) -> bool:
    """Whether text (plain or markup) holds right-to-left letters to be shaped."""
    if not text or max(text) < "\u0590":  # below Hebrew: no right-to-left letter
        return False
    return any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text)


# Markup -------------------------------------------------------------------------------------


@dataclass
class _Run:
    family: Family
    rtl: bool
    text: str


def _runs(text: str) -> Iterator[_Run]:
    """The text cut into runs of one font, right-to-left runs marked."""
    runs: list[_Run] = []
    i = 0
    while i < len(text):
        character = text[i]
        bidi = unicodedata.bidirectional(character)
        if bidi in _STRONG_RTL:
            end = _rtl_run_end(text, i)
            family = _family_of(character)
            assert family is not None  # checked before
            runs.append(_Run(family, True, text[i:end]))
            i = end
            continue
        family = _family_of(character) or BODY
        previous = runs[-1] if runs else None
        neutral = bidi not in ("L", "R", "AL") and character not in _LINE_BREAKS
        if (
            neutral
            and previous is not None
            and not previous.rtl
            and ord(character) in _coverage[previous.family.name]
        ):
            family = previous.family
        if previous is not None and not previous.rtl and previous.family == family:
            previous.text += character
        else:
            runs.append(_Run(family, False, character))
        i += 1
    return iter(runs)


def _rtl_run_end(text: str, start: int) -> int:
    """Where the right-to-left run starting at `start` ends: after its last strong
    right-to-left letter (or a mark on it), before anything its font does not have."""
    family = _family_of(text[start])
    assert family is not None
    covered = _coverage[family.name]
    end = start + 1
    i = start + 1
    while i < len(text):
        character = text[i]
        bidi = unicodedata.bidirectional(character)
        if character in _LINE_BREAKS or bidi not in _RTL_INNER or ord(character) not in covered:
            break
        i += 1
        if bidi in _STRONG_RTL or bidi == "NSM":
            end = i
    return end


def _visual_ready(run: str) -> str:
    """A right-to-left run as HarfBuzz should get it: words joined by no-break spaces
    (one ReportLab word, laid out whole) and each number reversed (HarfBuzz reverses the
    whole buffer, and a number must still read left to right)."""
    out: list[str] = []
    i = 0
    while i < len(run):
        if unicodedata.bidirectional(run[i]) in _NUMBER:
            # The number: digits, and separators (, . : / %) between or after digits.
            end = j = i + 1
            while j < len(run) and unicodedata.bidirectional(run[j]) in _NUMBER_INNER:
                j += 1
                if unicodedata.bidirectional(run[j - 1]) in _NUMBER:
                    end = j
            out.append(run[i:end][::-1])
            i = end
            continue
        out.append(_NBSP if run[i].isspace() else run[i])
        i += 1
    return "".join(out)


def _pieces(run: str) -> list[str]:
    """A long right-to-left run cut at spaces into pieces of at most RTL_LINE_CHARS
    (a single longer word stays whole)."""
    if len(run) <= RTL_LINE_CHARS:
        return [run]
    pieces: list[str] = []
    current = ""
    for word in run.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) > RTL_LINE_CHARS:
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def _face(family: Family, bold: bool) -> str:
    # Scripts without italics are set upright; ReportLab maps the face back to its family.
    return f"{family.name}-Bold" if bold else family.name


def _font(family: Family, text: str, bold: bool) -> str:
    if family == BODY:
        return text
    return f'<font face="{_face(family, bold)}">{text}</font>'


def markup(text: str, *, what: str = "Texten", bold: bool = False) -> str:
    """Plain text as paragraph markup: escaped, line breaks kept, every run in a font
    that has it. Raises UnprintableTextError (naming `what`) for characters no font has.

    Markup from here can be combined with tags of your own (`<i>`, `<font size=...>`,
    `<b>`). ReportLab lets a `<font face>` inside `<b>` reset the weight, so text meant to
    be bold is made with `bold=True` (and may then be wrapped in `<b>` for the Latin
    part); a paragraph style that is bold itself is handled by `paragraph()`.

    Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, which older
    records may hold) are left out: this layout orders right-to-left runs itself and
    never applies the bidi algorithm, so they cannot reorder a document, but Noto Sans
    draws the first five as visible marks and a reader copying text out of the PDF
    would get them back (desktop/bidi.py, docs/security.md)."""
    register()
    text = without_direction_controls(text)
    covered = _coverage[BODY.name]
    if all(ord(c) in covered and c not in _BODY_RTL_MARKS for c in text):
        # The common case, Swedish and Latin text only: nothing to look up per character.
        plain = escape(text.replace("\r\n", "\n").replace("\r", "\n"))
        return plain.replace("\n", "<br/>")
    check(what, text)
    out: list[str] = []
    for run in _runs(text):
        if run.rtl:
            pieces = [_font(run.family, escape(_visual_ready(p)), bold) for p in _pieces(run.text)]
            out.append(pieces[0] if len(pieces) == 1 else _own_lines(pieces))
        else:
            body = escape(run.text.replace("\r\n", "\n").replace("\r", "\n"))
            out.append(_font(run.family, body.replace("\n", "<br/>"), bold))
    return "".join(out)


def _own_lines(pieces: list[str]) -> str:
    return "<br/>" + "<br/>".join(pieces) + "<br/>"


def paragraph(markup_text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of markup made with `markup()` (and tags of your own), shaped when it
    holds right-to-left text. Shaping is left off otherwise: it costs time and nothing
    else needs it."""
    from reportlab.lib.fonts import ps2tt
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    register()
    if needs_shaping(markup_text) and not getattr(style, "shaping", 0):
        style = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
    if ps2tt(style.fontName)[1]:  # a bold style: its other scripts bold too
        for family in FAMILIES[1:]:
            markup_text = markup_text.replace(
                f'<font face="{family.name}">', f'<font face="{_face(family, True)}">'
            )
    return Paragraph(markup_text, style)


def text_paragraph(
    text: str, style: ParagraphStyle, *, what: str = "Texten", bold: bool = False
) -> Paragraph:
    """A Paragraph of plain text (see `markup` and `paragraph`), in bold if asked."""
    text_markup = markup(text, what=what, bold=bold)
    return paragraph(f"<b>{text_markup}</b>" if bold else text_markup, style)


# Shaping -------------------------------------------------------------------------------------


def _install_shaping() -> None:
    """Make ReportLab shape a word font by font, with SHAPING_FEATURES (module docstring)."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.platypus import paragraph as rl_paragraph

    if ttfonts.uharfbuzz is None or getattr(ttfonts.shapeFragWord, "by_font", False):
        return
    original = ttfonts.shapeFragWord

    def shape_by_font(word: Any, features: Any = None, force: bool = False) -> Any:
        if isinstance(word, ttfonts.ShapedFragWord):
            return word
        parts = word[1:]
        fonts = {frag.fontName for frag, _ in parts}
        if len(fonts) <= 1 or any(hasattr(frag, "cbDefn") for frag, _ in parts):
            return original(word, SHAPING_FEATURES, force)
        shaped: list[Any] = []
        changed = False
        for _, group in itertools.groupby(parts, key=lambda part: part[0].fontName):
            items = list(group)
            width = sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in items)
            piece = [width, *items]
            result = original(piece, SHAPING_FEATURES, force)
            changed = changed or result is not piece
            shaped.append(result)
        if not changed:
            return word
        combined = ttfonts.makeShapedFragWord(word)([])
        for result in shaped:
            combined.extend(result[1:])
        combined.insert(0, sum(result[0] for result in shaped))
        return combined

    shape_by_font.by_font = True  # type: ignore[attr-defined]
    ttfonts.shapeFragWord = shape_by_font
    rl_paragraph.shapeFragWord = shape_by_font  # imported by name there
