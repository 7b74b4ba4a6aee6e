"""Building blocks of the meeting documents (candidate profile, employer meeting sheet):
a heading with a rule, a table of facts, a table with a header row, bullets. Every text
goes through desktop.documents.fonts (embedded fonts, Arabic shaped, characters no font
has refused by name); every table through letterhead.table_style; long values wrap.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.documents import fonts
from desktop.documents.letterhead import (
    MM,
    RULE,
    TEXT_WIDTH,
    label_value_table,
    styles,
    table_style,
)

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable

LABEL_WIDTH = 40 * MM


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    from reportlab.lib.styles import ParagraphStyle

    s = styles()
    cell = ParagraphStyle("cell", parent=s.body, fontSize=9.5, leading=13, spaceAfter=0)
    return {
        "section": ParagraphStyle(
            "section",
            parent=s.heading,
            fontSize=11,
            leading=15,
            spaceBefore=10,
            spaceAfter=2,
            keepWithNext=0,  # CondPageBreak instead: a long section may start on this page
        ),
        "cell": cell,
        "cell_head": ParagraphStyle(
            "cell_head", parent=cell, fontSize=7.5, leading=10, textColor=s.small.textColor
        ),
        "fact_label": ParagraphStyle(
            "fact_label", parent=cell, textColor=s.small.textColor, spaceAfter=0
        ),
        "lead": ParagraphStyle("lead", parent=s.body, textColor=s.small.textColor),
        "item_title": ParagraphStyle(
            "item_title",
            parent=s.body,
            fontName=fonts.BOLD,
            spaceBefore=4,
            spaceAfter=1,
        ),
    }


def para(text: str, style: str = "cell", *, what: str, bold: bool = False) -> Flowable:
    """Plain text in one of this module's styles ("cell", "lead", "item_title", …) or the
    letterhead's ("body", "title", "small")."""
    own = _styles()
    chosen = own[style] if style in own else getattr(styles(), style)
    return fonts.text_paragraph(text, chosen, what=what, bold=bold)


def section(title: str) -> list[Flowable]:
    """A section heading with a thin rule under it, on a new page when less than a few
    lines would follow it on this one."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import CondPageBreak, HRFlowable

    rule = HRFlowable(
        width="100%", thickness=0.6, color=HexColor(RULE), spaceBefore=0, spaceAfter=4
    )
    return [CondPageBreak(28 * MM), para(title, "section", what="Rubriken"), rule]


def item_title(text: str, *, what: str) -> list[Flowable]:
    """The bold title of an entry (a contact, a need), not left alone at a page's foot."""
    from reportlab.platypus import CondPageBreak

    return [CondPageBreak(18 * MM), para(text, "item_title", what=what)]


def facts(rows: Sequence[tuple[str, str]], *, what: str) -> Flowable:
    """Label and value side by side; the label grey, the value wrapping."""
    cells = [
        [para(label, "fact_label", what=what), para(value, what=what)] for label, value in rows
    ]
    # A value longer than a page (a 400-word summary) flows on, not off.
    return label_value_table(cells, LABEL_WIDTH, space_after=4, split_rows=True)


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    what: str,
) -> Flowable:
    """A table with a grey header row (repeated on a new page) and thin rules between
    rows; `widths` are fractions of the text width."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table

    cells = [[para(h, "cell_head", what="Rubriken") for h in header]]
    cells += [[para(value, what=what) for value in row] for row in rows]
    table = Table(cells, colWidths=[TEXT_WIDTH * w for w in widths], hAlign="LEFT", repeatRows=1)
    table.setStyle(
        table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor(RULE)),
            ("LINEBELOW", (0, 1), (-1, -2), 0.3, HexColor(RULE)),
        )
    )
    table.spaceAfter = 4
    return table


def bullets(items: Sequence[str], *, what: str) -> list[Flowable]:
    out = []
    for item in items:
        paragraph = fonts.text_paragraph(item, styles().bullet, what=what)
        paragraph.bulletText = "•"
        out.append(paragraph)
    return out


def none_recorded(text: str) -> Flowable:
    return para(text, "small", what="Texten")
