"""Municipality logos: checking an uploaded one, and drawing it (or the placeholder).

A logo is a PNG or an SVG kept in the database with the municipality's letterhead
settings (desktop/services/letterheads.py); without one, the placeholder in
resources/logos/<code>.svg is used (generic.svg for a municipality without its own; see
packaging/render_logos.py). A stored logo that cannot be read when a document is made is
replaced by the placeholder, with a warning in the log: a letter is never held up by a
damaged image.

SVGs are read with svglib, from bytes: entities are not expanded and references to other
files are refused, so a crafted SVG cannot pull in anything from the computer. Text in an
SVG set in "Noto Sans" or "sans-serif" (regular or bold) uses the bundled Noto Sans; other
fonts fall back to what svglib finds (often the PDF base font Helvetica, which is not
embedded), so a logo should have its text converted to outlines, as print shops deliver.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
from dataclasses import dataclass
from typing import Any

from desktop.assets import resource, resources_dir
from desktop.documents import fonts

log = logging.getLogger(__name__)

PNG = "image/png"
SVG = "image/svg+xml"
MEDIA_TYPES = {PNG: "PNG", SVG: "SVG"}
MAX_BYTES = 1024 * 1024
MAX_PIXELS_PER_SIDE = 6000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Logo:
    """A logo as stored: the file's bytes and its media type (PNG or SVG)."""

    data: bytes
    media_type: str


@dataclass(frozen=True)
class Artwork:
    """A logo ready to draw: `image` is a ReportLab ImageReader (PNG) or Drawing (SVG),
    `width` and `height` its natural size in points, `placeholder` whether it is the
    generated placeholder rather than the municipality's own logo."""

    image: Any
    width: float
    height: float
    placeholder: bool


def media_type_of(data: bytes) -> str | None:
    """PNG or SVG by the content (not the file name), or None."""
    if data.startswith(_PNG_SIGNATURE):
        return PNG
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--"):
        return SVG if b"<svg" in data[:65536].lower() else None
    return None


def problem(data: bytes, media_type: str | None = None) -> str | None:
    """Why `data` cannot be used as a logo (a Swedish reason for the settings form), or
    None. The image must be a PNG or SVG of at most 1 MB that really can be drawn."""
    if not data:
        return "Filen är tom."
    if len(data) > MAX_BYTES:
        size = len(data) / (1024 * 1024)
        return f"Logotypen får vara högst 1 MB (filen är {size:.1f} MB).".replace(".", ",", 1)
    kind = media_type_of(data)
    if kind is None:
        return "Logotypen ska vara en PNG- eller SVG-fil."
    if media_type is not None and media_type != kind:
        return f"Filen är en {MEDIA_TYPES[kind]}-fil men angavs som {media_type}."
    try:
        _decode(data, kind)
    except _UnreadableError as error:
        return str(error)
    return None


def artwork(logo: Logo | None, municipality_code: str) -> Artwork:
    """The municipality's logo, or its placeholder when there is none or it cannot be
    read (logged, without the data)."""
    if logo is not None:
        try:
            image, width, height = _decode_cached(logo.data, logo.media_type)
            return Artwork(image, width, height, placeholder=False)
        except _UnreadableError as error:
            log.warning("the stored logo of %s cannot be read (%s); using the placeholder",
                        municipality_code, error)  # fmt: skip
    return placeholder(municipality_code)


def placeholder_path(municipality_code: str) -> str:
    """The placeholder's file: the municipality's own, else the generic one."""
    own = resources_dir() / "logos" / f"{municipality_code}.svg"
    return str(own if own.is_file() else resource("logos", "generic.svg"))


def placeholder(municipality_code: str) -> Artwork:
    path = placeholder_path(municipality_code)
    with open(path, "rb") as handle:
        image, width, height = _decode_cached(handle.read(), SVG)
    return Artwork(image, width, height, placeholder=True)


class _UnreadableError(Exception):
    """A logo that cannot be drawn; the message is the Swedish reason."""


@functools.lru_cache(maxsize=16)
def _decode_cached(data: bytes, media_type: str) -> tuple[Any, float, float]:
    return _decode(data, media_type)


def _decode(data: bytes, media_type: str) -> tuple[Any, float, float]:
    if media_type == PNG:
        return _decode_png(data)
    if media_type == SVG:
        return _decode_svg(data)
    raise _UnreadableError("Logotypen ska vara en PNG- eller SVG-fil.")


def _decode_png(data: bytes) -> tuple[Any, float, float]:
    from PIL import Image, UnidentifiedImageError
    from reportlab.lib.utils import ImageReader

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG":
                raise _UnreadableError("Filen är ingen PNG-bild.")
            width, height = probe.size
            if not (0 < width <= MAX_PIXELS_PER_SIDE and 0 < height <= MAX_PIXELS_PER_SIDE):
                raise _UnreadableError(
                    f"Bilden är {width} × {height} bildpunkter; högst "
                    f"{MAX_PIXELS_PER_SIDE} på varje led."
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except _UnreadableError:
        raise
    except (OSError, ValueError, SyntaxError, UnidentifiedImageError) as error:
        raise _UnreadableError("PNG-filen är skadad och kan inte läsas.") from error
    dpi = image.info.get("dpi", (72, 72))[0] or 72
    # Natural size in points: only the proportions matter, the letterhead scales it.
    scale = 72 / float(dpi) if 30 <= float(dpi) <= 1200 else 1.0
    return ImageReader(image), width * scale, height * scale


_svg_lock = threading.Lock()


@functools.cache
def _svg_fonts() -> None:
    """Map the SVG font families Noto Sans and sans-serif to the bundled Noto Sans.

    svglib registers a font of its own for each face (named "Logo-NotoSans", ...):
    registering ours again under the same names would swap the font objects under a
    document being built in another thread."""
    from svglib import fonts as svg_fonts

    for family in ("Noto Sans", "sans-serif"):
        for weight, file in (("normal", fonts.BODY.regular), ("bold", fonts.BODY.bold)):
            svg_fonts.register_font(
                family,
                str(resource("fonts", file)),
                weight=weight,
                rlgFontName=f"Logo-{file.removesuffix('.ttf')}",
            )


def _well_formed_svg(data: bytes) -> None:
    """svglib reads leniently (it recovers what it can of a broken file); a logo must be
    a whole SVG document. No entities are expanded and nothing is fetched."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise _UnreadableError("SVG-filen är skadad och kan inte läsas.") from error
    if etree.QName(root).localname != "svg":
        raise _UnreadableError("Filen är ingen SVG-bild.")


def _use_body_fonts(node: Any) -> None:
    """Text svglib set in its own copies of Noto Sans is drawn with the documents' faces,
    so the PDF embeds one subset of each rather than two."""
    from reportlab.graphics.shapes import String

    faces = {
        f"Logo-{fonts.BODY.regular.removesuffix('.ttf')}": fonts.REGULAR,
        f"Logo-{fonts.BODY.bold.removesuffix('.ttf')}": fonts.BOLD,
    }
    for child in getattr(node, "contents", ()):
        if isinstance(child, String):
            child.fontName = faces.get(child.fontName, child.fontName)
        else:
            _use_body_fonts(child)


def _decode_svg(data: bytes) -> tuple[Any, float, float]:
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas
    from svglib.svglib import svg2rlg

    _well_formed_svg(data)
    fonts.register()
    with _svg_lock:  # svglib's font map is shared
        _svg_fonts()
        try:
            drawing = svg2rlg(io.BytesIO(data))
        except Exception as error:  # svglib raises what its parser and converters raise
            raise _UnreadableError("SVG-filen är skadad och kan inte läsas.") from error
    if drawing is None:
        raise _UnreadableError("SVG-filen är skadad och kan inte läsas.")
    # The drawing's initial font is set even where no text is drawn: keep it one that
    # is embedded, not the PDF base font Helvetica.
    drawing.initialFontName = fonts.REGULAR
    _use_body_fonts(drawing)
    width, height = float(drawing.width or 0), float(drawing.height or 0)
    if width <= 0 or height <= 0:
        raise _UnreadableError("SVG-filen saknar storlek (width och height eller viewBox).")
    try:
        with fonts.LAYOUT_LOCK:
            renderPDF.draw(drawing, Canvas(io.BytesIO()), 0, 0)
    except Exception as error:
        raise _UnreadableError("SVG-filen innehåller något som inte kan ritas.") from error
    return drawing, width, height
