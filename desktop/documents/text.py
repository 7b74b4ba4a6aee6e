"""A letter's plain text, as an agent or administrator writes it, laid out as flowables.

The text is printed as written, with a few line-start conventions (docs/documents.md):

- a blank line separates paragraphs; a single line break is kept as a line break;
- `# Rubrik` is the document's heading, `## Rubrik` a section heading;
- a line starting with `- `, `• ` or `– ` is a bullet;
- two or more lines in a row of the form `Etikett: värde` (a label of at most 30
  characters) are set as a table of facts, labels in grey, values wrapping beside them.

Nothing is cut: long paragraphs wrap and flow onto further pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.documents import fonts
from desktop.documents.letterhead import TEXT_WIDTH, styles, table_style

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_BULLET = re.compile(r"^\s*[-•–]\s+")
_FACT = re.compile(r"^([^\s:][^:]{0,29}):\s+(\S.*)$")
LABEL_WIDTH = 34 * 2.834645669  # 34 mm


@dataclass
class _Block:
    kind: str  # title, heading, bullet, facts, paragraph, space
    lines: list[str]


def _blocks(text: str) -> Iterator[_Block]:
    paragraph: list[str] = []

    def flush() -> Iterator[_Block]:
        if not paragraph:
            return
        lines = list(paragraph)
        paragraph.clear()
        if len(lines) >= 2 and all(_FACT.match(line) for line in lines):
            yield _Block("facts", lines)
        else:
            yield _Block("paragraph", lines)

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            yield from flush()
            continue
        if line.startswith("# "):
            yield from flush()
            yield _Block("title", [line[2:].strip()])
        elif line.startswith("## "):
            yield from flush()
            yield _Block("heading", [line[3:].strip()])
        elif _BULLET.match(line):
            yield from flush()
            yield _Block("bullet", [_BULLET.sub("", line, count=1)])
        else:
            paragraph.append(line)
    yield from flush()


def flowables(text: str, *, what: str = "Texten") -> list[Flowable]:
    """The text as paragraphs, headings, bullets and fact tables in the house styles.
    Raises UnprintableTextError (naming `what`) for characters no bundled font has."""
    s = styles()
    story: list[Flowable] = []
    for block in _blocks(text):
        if block.kind == "title":
            story.append(fonts.text_paragraph(block.lines[0], s.title, what=what))
        elif block.kind == "heading":
            story.append(fonts.text_paragraph(block.lines[0], s.heading, what=what))
        elif block.kind == "bullet":
            story.append(_bullet(block.lines[0], what))
        elif block.kind == "facts":
            story.append(_facts(block.lines, what))
        else:
            story.append(fonts.text_paragraph("\n".join(block.lines), s.body, what=what))
    return story


def _bullet(line: str, what: str) -> Flowable:
    paragraph = fonts.text_paragraph(line, styles().bullet, what=what)
    paragraph.bulletText = "•"
    return paragraph


def _facts(lines: list[str], what: str) -> Flowable:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Table

    s = styles()
    label_style = ParagraphStyle("fact-label", parent=s.body, textColor=s.small.textColor)
    value_style = ParagraphStyle("fact-value", parent=s.body, spaceAfter=0)
    label_style.spaceAfter = 0
    rows = []
    for line in lines:
        match = _FACT.match(line)
        assert match is not None
        rows.append(
            [
                fonts.text_paragraph(match.group(1), label_style, what=what),
                fonts.text_paragraph(match.group(2), value_style, what=what),
            ]
        )
    table = Table(rows, colWidths=[LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH], hAlign="LEFT")
    table.setStyle(
        table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        )
    )
    table.spaceAfter = 7
    return table
