"""The letterhead on every document: logo or placeholder, the municipality's and the
agent's details, a Swedish date, "Sida n av N", a footer, and the PDF's metadata; an
uploaded logo is checked, and one that cannot be read falls back to the placeholder."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from desktop.documents import fonts, logos
from desktop.documents.letterhead import (
    Agent,
    DocumentInfo,
    Letterhead,
    build,
    render,
    styles,
    swedish_date,
)
from desktop.documents.logos import Logo
from tests.documents.pdf import fonts_of, text_of

DAY = dt.date(2026, 12, 4)
LETTERHEAD = Letterhead(
    municipality_code="0127",
    municipality="Botkyrka kommun",
    unit="Arbetsmarknadsenheten",
    street_address="Testgatan 1",
    postal_code="147 85",
    city="Tumba",
    phone="08-530 610 00",
    email="arbetsmarknad@example.se",
    website="www.example.se",
)
AGENT = Agent("Agnes Agentsson", phone="070-123 45 67", email="agnes@example.se")
INFO = DocumentInfo(
    title="Presentationsbrev – Undersköterska",
    kind="Presentationsbrev",
    subject="Kandidatförslag",
    keywords=("presentationsbrev",),
)


def png(width: int = 300, height: int = 100) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (43, 74, 107, 255)).save(buffer, "PNG")
    return buffer.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" viewBox="0 0 200 80">'
    b'<rect x="5" y="5" width="190" height="70" rx="10" fill="#2b4a6b"/></svg>'
)


def _story(paragraphs: int) -> list[object]:
    body = styles().body
    text = "Ett stycke brödtext som upprepas för att fylla sidan. " * 12
    return [fonts.text_paragraph(text, body) for _ in range(paragraphs)]


def _build(path: Path, paragraphs: int = 2, letterhead: Letterhead = LETTERHEAD) -> int:
    return build(
        path,
        _story(paragraphs),
        letterhead=letterhead,
        agent=AGENT,
        info=INFO,
        day=DAY,
        recipient=["Lindängens Vård AB", "Att: Berit Exempel", "Vårdvägen 3", "147 30 Tumba"],
    )


def test_swedish_dates() -> None:
    assert swedish_date(DAY) == "4 december 2026"
    assert swedish_date(dt.date(2027, 3, 1)) == "1 mars 2027"


def test_the_first_page_carries_the_letterhead_and_the_footer(tmp_path: Path) -> None:
    path = tmp_path / "ett.pdf"
    assert _build(path) == 1
    text = text_of(path)
    for expected in (
        "Presentationsbrev",
        "4 december 2026",
        "Handläggare",
        "Agnes Agentsson",
        "Matchningsagent, Arbetsmarknadsenheten",
        "Telefon 070-123 45 67",
        "E-post agnes@example.se",
        "Lindängens Vård AB",
        "Att: Berit Exempel",
        "147 30 Tumba",
        "Botkyrka kommun",
        "Testgatan 1",
        "147 85 Tumba",
        "Telefon 08-530 610 00",
        "E-post arbetsmarknad@example.se",
        "www.example.se",
        "Sida 1 av 1",
    ):
        assert expected in text, expected


def test_every_page_is_numbered_of_the_total(tmp_path: Path) -> None:
    path = tmp_path / "flera.pdf"
    assert _build(path, paragraphs=9) == 2
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "Sida 1 av 2" in first
    assert "Sida 2 av 2" in second
    # Later pages have a running head, not the first page's letterhead.
    assert "Botkyrka kommun · Presentationsbrev" in second
    assert "Handläggare" not in second


def test_the_pdf_says_what_it_is_and_who_made_it(tmp_path: Path) -> None:
    path = tmp_path / "meta.pdf"
    _build(path)
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Presentationsbrev – Undersköterska"
    assert meta.author == "Botkyrka kommun"
    assert meta.subject == "Kandidatförslag"
    assert meta.creator is not None
    assert meta.creator.startswith("Matchning ")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "sv-SE"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]


def test_only_embedded_fonts_are_used(tmp_path: Path) -> None:
    path = tmp_path / "typsnitt.pdf"
    _build(path)
    used = fonts_of(path)
    assert used
    assert all(used.values()), used
    assert not any(name.startswith("Helvetica") for name in used)


def test_without_a_logo_the_placeholder_is_drawn(tmp_path: Path) -> None:
    art = logos.artwork(None, "0127")
    assert art.placeholder
    path = tmp_path / "platshallare.pdf"
    _build(path)
    # The placeholder's text is drawn with the rest (its shield carries the initial).
    assert "Botkyrka" in text_of(path).split("Handläggare")[0]


def test_a_municipality_without_its_own_placeholder_gets_the_generic_one() -> None:
    assert logos.placeholder_path("0180").endswith("generic.svg")
    assert logos.artwork(None, "0180").placeholder


def test_an_uploaded_png_logo_is_drawn(tmp_path: Path) -> None:
    path = tmp_path / "png.pdf"
    _build(path, letterhead=_with_logo(Logo(png(), logos.PNG)))
    images = PdfReader(path).pages[0].images
    assert len(images) == 1


def test_an_uploaded_svg_logo_is_drawn(tmp_path: Path) -> None:
    art = logos.artwork(Logo(SVG, logos.SVG), "0127")
    assert not art.placeholder
    assert (art.width, art.height) == (150.0, 60.0)  # 200 x 80 px at 96 dpi
    path = tmp_path / "svg.pdf"
    _build(path, letterhead=_with_logo(Logo(SVG, logos.SVG)))
    # The municipality's own logo, not the placeholder with its name.
    assert "Botkyrka" not in text_of(path).split("Handläggare")[0]


@pytest.mark.parametrize(
    "logo",
    [
        Logo(png()[:200], logos.PNG),
        Logo(b"<svg", logos.SVG),
        Logo(b"not an image at all", logos.PNG),
        Logo(png(), "image/gif"),
    ],
    ids=["truncated-png", "broken-svg", "garbage", "unknown-type"],
)
def test_a_damaged_logo_falls_back_to_the_placeholder(
    tmp_path: Path, logo: Logo, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="desktop.documents.logos"):
        art = logos.artwork(logo, "0127")
    assert art.placeholder
    assert "using the placeholder" in caplog.text
    path = tmp_path / "skadad.pdf"
    assert _build(path, letterhead=_with_logo(logo)) == 1
    assert "Botkyrka" in text_of(path).split("Handläggare")[0]


def _with_logo(logo: Logo) -> Letterhead:
    fields = {**LETTERHEAD.__dict__, "logo": logo}
    return Letterhead(**fields)


def test_render_gives_the_same_document_as_bytes() -> None:
    rendered = render(_story(1), letterhead=LETTERHEAD, agent=AGENT, info=INFO, day=DAY)
    assert rendered.data.startswith(b"%PDF-")
    assert rendered.pages == 1
    assert "Sida 1 av 1" in PdfReader(io.BytesIO(rendered.data)).pages[0].extract_text()


# Checking an uploaded logo ------------------------------------------------------------------


def test_a_good_png_or_svg_passes() -> None:
    assert logos.problem(png()) is None
    assert logos.problem(png(), logos.PNG) is None
    assert logos.problem(SVG, logos.SVG) is None
    assert logos.media_type_of(png()) == logos.PNG
    assert logos.media_type_of(b'<?xml version="1.0"?>\n' + SVG) == logos.SVG


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "Filen är tom."),
        (b"GIF89a...", "Logotypen ska vara en PNG- eller SVG-fil."),
        (png()[:120], "PNG-filen är skadad och kan inte läsas."),
        (b"<svg><rect", "SVG-filen är skadad och kan inte läsas."),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>',
            "SVG-filen saknar storlek (width och height eller viewBox).",
        ),
        (png(7000, 10), "Bilden är 7000 × 10 bildpunkter; högst 6000 på varje led."),
    ],
    ids=["empty", "gif", "damaged-png", "damaged-svg", "svg-without-size", "huge"],
)
def test_a_logo_that_cannot_be_used_has_a_reason(data: bytes, reason: str) -> None:
    assert logos.problem(data) == reason


def test_a_logo_over_one_megabyte_is_refused() -> None:
    big = png() + b"\0" * logos.MAX_BYTES
    assert logos.problem(big) == "Logotypen får vara högst 1 MB (filen är 1,0 MB)."


def test_a_logo_declared_as_the_other_type_is_refused() -> None:
    assert logos.problem(png(), logos.SVG) == "Filen är en PNG-fil men angavs som image/svg+xml."


def test_an_svg_cannot_read_files_from_the_computer(tmp_path: Path) -> None:
    secret = tmp_path / "hemlig.png"
    secret.write_bytes(png())
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'width="100" height="50"><image xlink:href="' + str(secret).encode() + b'" '
        b'width="100" height="50"/></svg>'
    )
    art = logos.artwork(Logo(svg, logos.SVG), "0127")
    path = tmp_path / "xref.pdf"
    _build(path, letterhead=_with_logo(Logo(svg, logos.SVG)))
    assert not art.placeholder
    assert len(PdfReader(path).pages[0].images) == 0
