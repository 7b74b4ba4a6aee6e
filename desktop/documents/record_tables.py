"""Building blocks for documents that list a person's records (the case summary and the
register extract): section headings, label–value facts, tables with a header row that
repeats on every page, and journal notes whose text wraps and flows on, never cut.

All text goes through desktop/documents/fonts.py, so Arabic and Ethiopic script is
shaped and a character no font has is named before anything is printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.documents import fonts
from desktop.documents.letterhead import RULE, TEXT_WIDTH, label_value_table, styles, table_style

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

MM = 72 / 25.4
LABEL_WIDTH = 42 * MM
HEADER_FILL = "#e9eef3"
ZEBRA_FILL = "#f6f8fa"
NONE = "–"
CELL_PADDING = 4
CELL_SIZE = 9
CELL_LEADING = 12
# Characters the body font (Noto Sans) has, which need neither another font nor shaping:
# Latin with its extensions and combining marks, and common punctuation.
_PLAIN_EXTRA = frozenset("–—·‘’“”…•€")


def _plain(text: str, width: float) -> bool:
    """A cell that can be drawn as a plain string: one line of Latin text that fits.
    Drawing a long table's cells this way, not as Paragraphs, makes a 1,000-row audit
    trail several times faster to lay out; anything else is a wrapping Paragraph."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if "\n" in text or not all(ord(c) < 0x0370 or c in _PLAIN_EXTRA for c in text):
        return False
    return bool(stringWidth(text, fonts.REGULAR, CELL_SIZE) <= width)


def _style(name: str, **changes: object) -> ParagraphStyle:
    from reportlab.lib.styles import ParagraphStyle

    s = styles()
    base = {"cell": s.body, "label": s.small, "head": s.small}[name]
    return ParagraphStyle(f"records-{name}", parent=base, spaceAfter=0, **changes)


def _cell_styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    return (
        _style("cell", fontSize=CELL_SIZE, leading=CELL_LEADING),
        _style("label"),
        _style("head", fontName=fonts.BOLD, textColor=styles().title.textColor),
    )


def section(title: str) -> list[Flowable]:
    """A numbered or plain section heading with a thin rule under it."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import HRFlowable

    heading = fonts.text_paragraph(title, _section_style(), what="Rubriken")
    rule = HRFlowable(
        width="100%", thickness=0.6, color=HexColor(RULE), spaceBefore=0, spaceAfter=5
    )
    rule.keepWithNext = 1  # a heading never stands alone at the foot of a page
    return [heading, rule]


def _section_style() -> ParagraphStyle:
    from reportlab.lib.styles import ParagraphStyle

    s = styles()
    return ParagraphStyle(
        "records-section", parent=s.heading, fontSize=12, leading=16, spaceBefore=12, spaceAfter=2
    )


def subheading(title: str) -> Flowable:
    from reportlab.lib.styles import ParagraphStyle

    s = styles()
    style = ParagraphStyle(
        "records-sub", parent=s.heading, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2
    )
    return fonts.text_paragraph(title, style, what="Rubriken")


def paragraph(text: str, *, what: str = "Texten", small: bool = False) -> Flowable:
    s = styles()
    return fonts.text_paragraph(text, s.small if small else s.body, what=what)


def empty(text: str = "Inga uppgifter finns.") -> Flowable:
    from reportlab.lib.styles import ParagraphStyle

    s = styles()
    style = ParagraphStyle("records-empty", parent=s.small, spaceAfter=6)
    return fonts.text_paragraph(text, style)


def facts(rows: Sequence[tuple[str, str | None]], *, what: str = "Uppgifterna") -> Flowable:
    """Label–value rows; a value of None or "" prints as a dash."""
    cell, label, _ = _cell_styles()
    data = [
        [
            fonts.text_paragraph(name, label, what=what),
            fonts.text_paragraph(value or NONE, cell, what=what),
        ]
        for name, value in rows
    ]
    return label_value_table(data, LABEL_WIDTH, space_after=6)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    widths: Sequence[float],
    *,
    what: str = "Uppgifterna",
) -> Flowable:
    """A table with a header row repeated on every page; `widths` are fractions of the
    text width. Every cell wraps, so a 200-character employer name is printed whole."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table

    cell, _, head = _cell_styles()
    columns = [w * TEXT_WIDTH for w in widths]
    room = [width - 2 * CELL_PADDING - 1 for width in columns]
    data: list[list[object]] = [[fonts.text_paragraph(h, head, what=what) for h in headers]]
    for row in rows:
        cells: list[object] = []
        for value, space in zip(row, room, strict=True):
            text = value or NONE
            plain = _plain(text, space)
            cells.append(text if plain else fonts.text_paragraph(text, cell, what=what))
        data.append(cells)
    table = Table(data, colWidths=columns, hAlign="LEFT", repeatRows=1)
    commands: list[tuple[object, ...]] = [
        # Plain cells (_plain) in the size and leading of the paragraph cells.
        ("FONTSIZE", (0, 1), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 1), (-1, -1), CELL_LEADING),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(HEADER_FILL)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, HexColor(RULE)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, HexColor(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [
        ("BACKGROUND", (0, i), (-1, i), HexColor(ZEBRA_FILL)) for i in range(2, len(data), 2)
    ]
    table.setStyle(table_style(*commands))
    table.spaceAfter = 8
    return table


def note(heading: str, text: str, *, what: str = "Journalanteckningen") -> list[Flowable]:
    """A journal note: a grey line (date, kind, author) and its whole text, paragraph by
    paragraph, wrapping and flowing over pages; nothing is cut."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether

    s = styles()
    head_style = ParagraphStyle(
        "records-note-head",
        parent=s.small,
        fontName=fonts.BOLD,
        spaceBefore=5,
        spaceAfter=1,
        keepWithNext=1,
    )
    body = ParagraphStyle("records-note", parent=s.body, leftIndent=8, spaceAfter=3)
    parts: list[Flowable] = [fonts.text_paragraph(heading, head_style, what=what)]
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    parts += [fonts.text_paragraph(block, body, what=what) for block in blocks or [NONE]]
    if len(parts) == 2 and len(text) < 600:
        return [KeepTogether(parts)]
    return parts
