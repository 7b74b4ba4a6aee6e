"""The municipality's letterhead, shared by every document, and the one way to build one.

A document module makes its story (a list of platypus flowables, text through
`desktop.documents.fonts`, styles from `styles()`) and calls `build()`, which

- lays it out on A4 with the letterhead: the logo (or the placeholder) top left, the
  document's kind and the date in Swedish ("4 december 2026") top right, the agent's
  name, title, phone and e-mail, and for a letter the recipient's address where a
  Swedish window envelope shows it (right); on later pages a slim running head;
- puts a footer on every page: the municipality and unit, postal address, phone,
  e-mail, website, and "Sida 1 av 2";
- sets the PDF's metadata: title (shown by viewers instead of the file name), author =
  the municipality, subject, keywords, creator, and the language sv-SE;
- writes the file atomically (desktop/documents/files.py): whole or not at all.

What the PDF is and is not for accessibility is in docs/decisions/0018.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop import __version__
from desktop.bidi import without_direction_controls
from desktop.documents import fonts
from desktop.documents.errors import DocumentError
from desktop.documents.files import write_atomically
from desktop.documents.logos import Artwork, Logo, artwork

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, Paragraph

__all__ = [
    "LANGUAGE",
    "Agent",
    "DocumentInfo",
    "Letterhead",
    "Rendered",
    "Styles",
    "build",
    "render",
    "styles",
    "swedish_date",
    "table_style",
]

LANGUAGE = "sv-SE"
MM = 72 / 25.4

# The page: A4, margins as in Swedish municipal letters (a wider binding margin left).
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
LEFT = 25 * MM
RIGHT = 20 * MM
TOP = 14 * MM
BOTTOM = 11 * MM
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
# The right-hand column: the kind and date above, the recipient where the window of a
# Swedish (right-window) envelope is.
RIGHT_COLUMN = 118 * MM
RIGHT_COLUMN_WIDTH = PAGE_WIDTH - RIGHT - RIGHT_COLUMN
LOGO_BOX = (64 * MM, 21 * MM)
ADDRESS_TOP = 48 * MM  # from the top of the page: the envelope window's first line

INK = "#1d1f21"
MUTED = "#5a6470"
ACCENT = "#2b4a6b"
RULE = "#c5cdd6"


def swedish_date(day: dt.date) -> str:
    """A date as Swedish letters write it: "4 december 2026"."""
    from babel.dates import format_date

    return str(format_date(day, format="long", locale="sv"))


@dataclass(frozen=True)
class Letterhead:
    """A municipality's sender details (from its letterhead settings in the database)."""

    municipality_code: str
    municipality: str  # as printed: "Botkyrka kommun"
    unit: str = ""  # "Arbetsmarknadsenheten"
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: Logo | None = None  # None: the municipality's placeholder

    @property
    def postal_town(self) -> str:
        return " ".join(part for part in (self.postal_code, self.city) if part)


@dataclass(frozen=True)
class Agent:
    """Who the document comes from: the agent responsible, with direct contact details
    (the unit's own when the agent has none recorded)."""

    name: str
    title: str = "Matchningsagent"
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """What the document is: `title` for the PDF (viewers show it), `kind` printed top
    right ("Presentationsbrev"), `subject` and `keywords` for the PDF's properties."""

    title: str
    kind: str
    subject: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles every document uses, so that they look like one family."""

    body: ParagraphStyle  # running text, 10/14.5 pt
    title: ParagraphStyle  # the document's heading
    heading: ParagraphStyle  # a section heading
    bullet: ParagraphStyle  # a list item (give it bulletText="•")
    small: ParagraphStyle  # notes, captions
    label: ParagraphStyle  # the grey word above a value ("Datum", "Handläggare")
    header: ParagraphStyle  # letterhead text
    footer: ParagraphStyle  # footer text
    footer_strong: ParagraphStyle


@functools.cache
def styles() -> Styles:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    fonts.register()
    ink, muted, accent = HexColor(INK), HexColor(MUTED), HexColor(ACCENT)
    body = ParagraphStyle(
        "body",
        fontName=fonts.REGULAR,
        bulletFontName=fonts.REGULAR,  # ReportLab's default is Helvetica, not embedded
        fontSize=10,
        leading=14.5,
        textColor=ink,
        spaceAfter=7,
        # No paragraph leaves a single line behind at a page's foot or carries one over.
        allowWidows=0,
        allowOrphans=0,
    )
    return Styles(
        body=body,
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=14,
            leading=18,
            textColor=accent,
            spaceAfter=10,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=10.5,
            leading=14,
            textColor=accent,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2, spaceAfter=2),
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=12, textColor=muted),
        label=ParagraphStyle(
            "label", parent=body, fontSize=7.5, leading=10, textColor=muted, spaceAfter=0
        ),
        header=ParagraphStyle("header", parent=body, fontSize=9.5, leading=13, spaceAfter=0),
        footer=ParagraphStyle(
            "footer", parent=body, fontSize=7.5, leading=10, textColor=muted, spaceAfter=0
        ),
        footer_strong=ParagraphStyle(
            "footer_strong",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=7.5,
            leading=10,
            textColor=ink,
            spaceAfter=0,
        ),
    )


def label_value_table(
    cells: Sequence[Sequence[Flowable]],
    label_width: float,
    *,
    space_after: float,
    split_rows: bool = False,
) -> Flowable:
    """Rows of a label and its value across the text width, without a grid; with
    `split_rows`, a row taller than a page goes on over the next."""
    from reportlab.platypus import Table

    options = {"splitInRow": 1} if split_rows else {}
    table = Table(
        cells, colWidths=[label_width, TEXT_WIDTH - label_width], hAlign="LEFT", **options
    )
    table.setStyle(
        table_style(
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        )
    )
    table.spaceAfter = space_after
    return table


def table_style(*commands: tuple[Any, ...]) -> Any:
    """A TableStyle in the house style, then `commands`. Use it for every Table: a
    table's own default font is Helvetica, which is not embedded (and has no Arabic)."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import TableStyle

    fonts.register()
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
            ("FONTSIZE", (0, 0), (-1, -1), 10),
            ("TEXTCOLOR", (0, 0), (-1, -1), HexColor(INK)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *commands,
        ]
    )


# Laying out the letterhead -------------------------------------------------------------------


@dataclass
class _Block:
    """Paragraphs stacked in a column, measured once."""

    paragraphs: list[Paragraph]
    width: float
    height: float = 0.0

    def __post_init__(self) -> None:
        self.height = sum(p.wrap(self.width, PAGE_HEIGHT)[1] for p in self.paragraphs)

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        y = top
        for p in self.paragraphs:
            y -= p.height
            p.drawOn(canvas, x, y)


def _para(text: str, style: ParagraphStyle, what: str, *, bold: bool = False) -> Paragraph:
    return fonts.text_paragraph(text, style, what=what, bold=bold)


class _Layout:
    """Everything on the page but the story, measured before the frames are made."""

    def __init__(
        self,
        letterhead: Letterhead,
        agent: Agent,
        info: DocumentInfo,
        day: dt.date,
        recipient: Sequence[str],
    ) -> None:
        s = styles()
        self.letterhead = letterhead
        self.info = info
        self.logo: Artwork = artwork(letterhead.logo, letterhead.municipality_code)
        self.date = swedish_date(day)
        self.kind = _Block(
            [
                _para(info.kind, _kind_style(s.header), "Dokumentets typ"),
                _para(self.date, s.header, "Datumet"),
            ],
            RIGHT_COLUMN_WIDTH,
        )
        sender = [_para("Handläggare", s.label, "Rubriken")]
        sender.append(_para(agent.name, s.header, "Handläggarens namn", bold=True))
        role = ", ".join(part for part in (agent.title, letterhead.unit) if part)
        if role:
            sender.append(_para(role, s.header, "Handläggarens titel"))
        if agent.phone:
            sender.append(_para(f"Telefon {agent.phone}", s.header, "Handläggarens telefon"))
        if agent.email:
            sender.append(_para(f"E-post {agent.email}", s.header, "Handläggarens e-post"))
        self.sender = _Block(sender, RIGHT_COLUMN - LEFT - 8 * MM)
        self.recipient = _Block(
            [_para(line, s.header, "Mottagarens adress") for line in recipient if line],
            RIGHT_COLUMN_WIDTH,
        )
        self.footer = self._footer(letterhead)
        self.footer_top = BOTTOM + max(block.height for block in self.footer.values())
        band = max(self.sender.height, self.recipient.height)
        self.first_body_top = PAGE_HEIGHT - ADDRESS_TOP - band - 13 * MM
        self.later_body_top = PAGE_HEIGHT - TOP - 13 * MM
        self.body_bottom = self.footer_top + 9 * MM
        if self.first_body_top - self.body_bottom < 60 * MM:
            raise DocumentError(
                "Brevhuvudet tar för stor plats på sidan (mycket långa uppgifter om "
                "mottagare eller avsändare). Korta uppgifterna och försök igen."
            )

    def _footer(self, letterhead: Letterhead) -> dict[str, _Block]:
        s = styles()
        width = (TEXT_WIDTH - 24 * MM) / 3 - 4 * MM
        what = "Brevhuvudets uppgifter"
        name = [_para(letterhead.municipality, s.footer_strong, what)]
        if letterhead.unit:
            name.append(_para(letterhead.unit, s.footer, what))
        address = [
            _para(line, s.footer, what)
            for line in (letterhead.street_address, letterhead.postal_town)
            if line
        ]
        contact = [
            _para(f"{label} {value}", s.footer, what)
            for label, value in (("Telefon", letterhead.phone), ("E-post", letterhead.email))
            if value
        ]
        if letterhead.website:
            contact.append(_para(letterhead.website, s.footer, what))
        return {
            "name": _Block(name, width),
            "address": _Block(address, width),
            "contact": _Block(contact, width + 8 * MM),
        }

    # Drawing ---------------------------------------------------------------------------------

    def first_page(self, canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        self._draw_logo(canvas)
        top = PAGE_HEIGHT - TOP
        self.kind.draw(canvas, RIGHT_COLUMN, top)
        band = PAGE_HEIGHT - ADDRESS_TOP
        self.sender.draw(canvas, LEFT, band)
        self.recipient.draw(canvas, RIGHT_COLUMN, band)
        self._draw_footer(canvas)
        canvas.restoreState()

    def later_page(self, canvas: Canvas, _doc: Any) -> None:
        from reportlab.lib.colors import HexColor

        s = styles()
        canvas.saveState()
        head = _Block(
            [_para(f"{self.letterhead.municipality} · {self.info.kind}", s.footer, "Sidhuvudet")],
            TEXT_WIDTH - 50 * MM,
        )
        top = PAGE_HEIGHT - TOP
        head.draw(canvas, LEFT, top)
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        canvas.drawRightString(PAGE_WIDTH - RIGHT, top - 7.5, self.date)
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        rule = top - head.height - 2.5 * MM
        canvas.line(LEFT, rule, PAGE_WIDTH - RIGHT, rule)
        self._draw_footer(canvas)
        canvas.restoreState()

    def _draw_logo(self, canvas: Canvas) -> None:
        art = self.logo
        box_width, box_height = LOGO_BOX
        scale = min(box_width / art.width, box_height / art.height)
        width, height = art.width * scale, art.height * scale
        x, y = LEFT, PAGE_HEIGHT - TOP - height
        if hasattr(art.image, "getSize"):  # a raster image (PNG)
            canvas.drawImage(art.image, x, y, width, height, mask="auto")
        else:
            from reportlab.graphics import renderPDF

            canvas.saveState()
            canvas.translate(x, y)
            canvas.scale(scale, scale)
            renderPDF.draw(art.image, canvas, 0, 0)
            canvas.restoreState()

    def _draw_footer(self, canvas: Canvas) -> None:
        from reportlab.lib.colors import HexColor

        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        rule = self.footer_top + 3 * MM
        canvas.line(LEFT, rule, PAGE_WIDTH - RIGHT, rule)
        x = LEFT
        for key in ("name", "address", "contact"):
            block = self.footer[key]
            block.draw(canvas, x, self.footer_top)
            x += block.width + 4 * MM


def _kind_style(parent: ParagraphStyle) -> ParagraphStyle:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(
        f"{parent.name}-kind",
        parent=parent,
        fontName=fonts.BOLD,
        fontSize=11.5,
        leading=15.5,
        textColor=HexColor(ACCENT),
        spaceAfter=2,
    )


# Page numbers ------------------------------------------------------------------------------


def _numbered_canvas(footer_top: float) -> Callable[..., Canvas]:
    """A canvas that keeps its pages until the end, then writes "Sida n av N" on each."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self.setFont(fonts.REGULAR, 7.5)
                self.setFillColor(HexColor(MUTED))
                self.drawRightString(
                    PAGE_WIDTH - RIGHT, footer_top - 7.5, f"Sida {self._pageNumber} av {total}"
                )
                super().showPage()
            super().save()

    return NumberedCanvas


# Building ------------------------------------------------------------------------------------


def _write(
    handle: BinaryIO,
    story: Sequence[Flowable],
    **options: Any,
) -> int:
    with fonts.LAYOUT_LOCK:  # one layout at a time (fonts.py says why)
        return _write_unlocked(handle, story, **options)


def _write_unlocked(
    handle: BinaryIO,
    story: Sequence[Flowable],
    *,
    letterhead: Letterhead,
    agent: Agent,
    info: DocumentInfo,
    day: dt.date,
    recipient: Sequence[str],
) -> int:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
    from reportlab.platypus.doctemplate import LayoutError

    layout = _Layout(letterhead, agent, info, day, recipient)

    def body(top: float, name: str) -> Frame:
        return Frame(
            LEFT,
            layout.body_bottom,
            TEXT_WIDTH,
            top - layout.body_bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    first = body(layout.first_body_top, "first")
    later = body(layout.later_body_top, "later")
    doc = BaseDocTemplate(
        handle,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        # The viewer shows the title in its own title bar (displayDocTitle): a direction
        # override in a name there would reverse it, as on the page (fonts.markup).
        title=without_direction_controls(info.title),
        author=letterhead.municipality,
        subject=without_direction_controls(info.subject or info.title),
        creator=f"Matchning {__version__}",
        keywords=list(info.keywords),
        lang=LANGUAGE,
        displayDocTitle=True,
        initialFontName=fonts.REGULAR,
        pageTemplates=[
            PageTemplate("first", [first], onPage=layout.first_page, autoNextPageTemplate="later"),
            PageTemplate("later", [later], onPage=layout.later_page),
        ],
    )
    try:
        doc.build(list(story), canvasmaker=_numbered_canvas(layout.footer_top))
    except LayoutError as error:
        raise DocumentError(
            "Dokumentet kunde inte ställas upp: något i det är för stort för en sida "
            "(till exempel en mycket lång rad utan mellanslag)."
        ) from error
    return int(doc.page)


def build(
    path: Path,
    story: Sequence[Flowable],
    *,
    letterhead: Letterhead,
    agent: Agent,
    info: DocumentInfo,
    day: dt.date,
    recipient: Sequence[str] = (),
) -> int:
    """Write the document to `path` atomically; returns the number of pages. Raises
    DocumentError (Swedish message) when it cannot; an existing file is then unchanged."""
    pages = 0

    def write(handle: BinaryIO) -> None:
        nonlocal pages
        pages = _write(
            handle,
            story,
            letterhead=letterhead,
            agent=agent,
            info=info,
            day=day,
            recipient=recipient,
        )

    write_atomically(path, write)
    return pages


@dataclass(frozen=True)
class Rendered:
    """A document laid out in memory: the PDF and its number of pages."""

    data: bytes
    pages: int


def render(
    story: Sequence[Flowable],
    *,
    letterhead: Letterhead,
    agent: Agent,
    info: DocumentInfo,
    day: dt.date,
    recipient: Sequence[str] = (),
) -> Rendered:
    """The document as PDF bytes (a preview, or for the caller to write with
    `files.write_atomically` once it has recorded it)."""
    buffer = io.BytesIO()
    pages = _write(
        buffer,
        story,
        letterhead=letterhead,
        agent=agent,
        info=info,
        day=day,
        recipient=recipient,
    )
    return Rendered(buffer.getvalue(), pages)
